#pragma once
// What a fitted purchase model (BG/NBD or Pareto/NBD) and, optionally, the Gamma-Gamma spend
// model say about each customer over a horizon after the calibration period.
//
// CLV is a discrete discounted sum over whole periods of one time unit (a week or a day):
//   CLV = E[spend per transaction] * sum_{k=1..K} (E[X(T, T+k)] - E[X(T, T+k-1)]) / (1+d)^k
// where E[X(T, T+k)] is the expected number of purchases in the k units after the end of
// calibration, K = ceil(horizon) (the last period ends at the horizon) and d the discount
// rate per time unit. With d = 0 it is expected purchases times expected spend.
#include "touchpoint/clv/models.hpp"
#include "touchpoint/clv/summary.hpp"

#include <optional>
#include <string>
#include <vector>

namespace touchpoint::clv {

// Dispatch on a fitted purchase model (kind BgNbd or ParetoNbd; throws std::invalid_argument
// for Gamma-Gamma).
double probability_alive(const FitResult& purchase_model, double x, double t_x, double T);
double expected_purchases(const FitResult& purchase_model, double x, double t_x, double T, double horizon);
double expected_purchases_new_customer(const FitResult& purchase_model, double horizon);
// P(k repeat purchases in (0, t]) for a new customer.
double probability_of_purchases(const FitResult& purchase_model, double t, int k);

// The discounted sum above, for one customer, given their expected spend per transaction.
double discounted_value(const FitResult& purchase_model, double x, double t_x, double T, double horizon,
                        double discount_rate, double spend_per_transaction);

struct PredictionOptions {
    double horizon = 0;        // in the summary's time unit
    double discount_rate = 0;  // per time unit, for CLV
};

struct CustomerPrediction {
    std::string customer_id;
    double probability_alive = 0;
    double expected_purchases = 0;         // in the horizon
    std::optional<double> expected_spend;  // per transaction, with a spend model
    std::optional<double> clv;             // with a spend model whose mean is finite (q > 1)
};

// One row per customer, in the summary's order. The spend model may be null.
std::vector<CustomerPrediction> predict_customers(const FitResult& purchase_model, const FitResult* spend_model,
                                                  const std::vector<CustomerSummary>& customers, const PredictionOptions& options);

}  // namespace touchpoint::clv
