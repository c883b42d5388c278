#pragma once
// The per-customer summary buy-till-you-die models are fitted on (Fader, Hardie & Lee 2005):
// for the calibration period, x repeat transactions, the time t_x of the last one and the
// length T of observation, both counted from the customer's first purchase, and the mean
// value of the repeat transactions. Several orders on one day are one transaction.
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/dataset.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace touchpoint::clv {

enum class TimeUnit { Day, Week };

const char* time_unit_name(TimeUnit unit);  // "day", "week"

struct SummaryOptions {
    data::Day calibration_end;  // the last day of the calibration period, included
    TimeUnit unit = TimeUnit::Week;
};

struct CustomerSummary {
    std::string customer_id;
    int x = 0;             // repeat transactions in the calibration period
    double t_x = 0;        // time of the last transaction since the first (0 when x = 0)
    double T = 0;          // time from the first purchase to the end of calibration
    double monetary = 0;   // mean value of the repeat transactions (0 when x = 0)
};

// Customers whose first purchase falls after the calibration end are left out.
std::vector<CustomerSummary> summarise_customers(const data::Dataset& dataset, const SummaryOptions& options);

nlohmann::json to_json(const std::vector<CustomerSummary>& summary);

}  // namespace touchpoint::clv
