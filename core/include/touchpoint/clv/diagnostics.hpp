#pragma once
// How well a fitted purchase model (BG/NBD or Pareto/NBD) describes the data, with a holdout
// period that follows the calibration period (Fader, Hardie & Lee 2005):
//  - the tracking plot: repeat purchases per time unit, actual against predicted, incremental
//    and cumulative, from the first purchase in the data to the end of the holdout;
//  - conditional expectations: by number of calibration purchases x, the mean of the holdout
//    purchases, actual against predicted;
//  - the distribution of calibration repeat purchases, actual against predicted;
//  - the holdout error per customer.
// A purchase is a day with orders, as in the summary; the modelled customers are those whose
// first purchase is on or before the calibration end.
#include "touchpoint/clv/models.hpp"
#include "touchpoint/clv/summary.hpp"
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/dataset.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace touchpoint::clv {

struct HoldoutOptions {
    data::Day calibration_end;  // included in calibration
    data::Day holdout_end;      // included in the holdout, which starts the day after calibration_end
    TimeUnit unit = TimeUnit::Week;
};

// Throws std::invalid_argument when the holdout ends before it starts.
double holdout_length(const HoldoutOptions& options);  // in time units

struct HoldoutCustomer {
    CustomerSummary calibration;
    int holdout_purchases = 0;  // purchase days in the holdout
};

// The summary of summarise_customers (same customers, same order) with each customer's holdout
// purchases. split_calibration_holdout and tracking throw std::invalid_argument as holdout_length does.
std::vector<HoldoutCustomer> split_calibration_holdout(const data::Dataset& dataset, const HoldoutOptions& options);

struct TrackingPoint {
    int last_day = 0;  // the period's last day (day number); periods are whole time units from the first purchase
    double actual = 0, predicted = 0;                        // repeat purchases in the period
    double actual_cumulative = 0, predicted_cumulative = 0;  // up to the period's last day
};

// Predicted: for each modelled customer, the expected repeat purchases of a new customer over
// the time since their first purchase (the model knows nothing of their later purchases).
std::vector<TrackingPoint> tracking(const FitResult& purchase_model, const data::Dataset& dataset, const HoldoutOptions& options);

struct ConditionalExpectation {
    int x = 0;              // calibration repeat purchases; the last group is x and more
    bool and_more = false;
    std::int64_t customers = 0;
    double actual_mean = 0;     // holdout purchases
    double predicted_mean = 0;  // E[X(T, T + holdout) | x, t_x, T]
};
// Groups x = 0 .. largest_x - 1 and "largest_x and more"; empty groups are left out.
std::vector<ConditionalExpectation> conditional_expectations(const FitResult& purchase_model, const std::vector<HoldoutCustomer>& customers,
                                                             double holdout_units, int largest_x = 7);

struct FrequencyCount {
    int x = 0;
    bool and_more = false;
    std::int64_t actual = 0;            // customers with x calibration repeat purchases
    std::optional<double> predicted;    // expected customers
};
std::vector<FrequencyCount> calibration_frequencies(const FitResult& purchase_model, const std::vector<CustomerSummary>& customers,
                                                    int largest_x = 7);

struct HoldoutError {
    std::int64_t customers = 0;
    double actual_total = 0, predicted_total = 0;  // holdout purchases
    double mean_absolute_error = 0, root_mean_squared_error = 0;  // per customer
};
HoldoutError holdout_error(const FitResult& purchase_model, const std::vector<HoldoutCustomer>& customers, double holdout_units);

}  // namespace touchpoint::clv
