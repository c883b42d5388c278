#pragma once
// From a store's experiment assignments and orders to one outcome per assigned customer.
// Metrics, with a = the customer's assignment day and N the metric's days:
//  - repeat:N   1 when the customer made a purchase on a day d with a < d <= a + N, else 0:
//               strictly after the assignment day (a purchase that day may have come before the
//               assignment) and at most N days later;
//  - revenue:N  the sum of the purchase amounts on those same days (0 without a purchase).
// Purchases are orders that are not returns or refunds, as everywhere in the product
// (data::load_dataset). Customers with assignments but no orders count, with outcome 0.
// Who is left out, and counted: assignments without a date (no window to measure); customers
// assigned to more than one arm of the experiment (contaminated); and customers whose window
// ends after the data does (a + N beyond the last purchase day in the store, or a given end
// day), whose outcome is not known yet. A customer assigned twice to the same arm counts once,
// from the earliest assignment day.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/store.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::experiments {

enum class OutcomeKind { Repeat, Revenue };

struct OutcomeMetric {
    OutcomeKind kind = OutcomeKind::Repeat;
    int days = 30;
};

// "repeat:30" or "revenue:30" (days 1 to 3650); nullopt for anything else.
std::optional<OutcomeMetric> parse_outcome_metric(std::string_view text);
std::string outcome_metric_name(const OutcomeMetric& metric);

// One row of the assignments table.
struct Assignment {
    std::string customer_id;
    std::string arm;
    std::optional<int> assigned_day;  // day number (days since 1970-01-01); empty when not recorded
};

// The assignments of one experiment, in the store's order. Throws data::StoreError if a stored
// date is not ISO 8601.
std::vector<Assignment> load_assignments(data::Store& store, std::string_view experiment);

struct ExperimentListing {
    std::string experiment;
    std::int64_t assignments = 0;
    std::vector<std::string> arms;  // sorted
};
// Every experiment in the store's assignments table, sorted by name.
std::vector<ExperimentListing> list_experiments(data::Store& store);

struct ArmOutcomes {
    std::string arm;
    std::vector<std::string> customer_ids;  // sorted
    std::vector<double> values;             // the outcome of each customer, same order
    std::vector<int> known_on_day;          // the day each outcome was known: assignment day + N, same order
};

struct OutcomeOptions {
    std::optional<int> data_end_day;  // the last day the data covers; default: the last purchase day
};

struct ExperimentOutcomes {
    OutcomeMetric metric;
    int data_end_day = 0;
    std::vector<ArmOutcomes> arms;     // every arm named in the assignments, sorted by name
    std::int64_t without_date = 0;     // customers left out: no assignment date
    std::int64_t in_several_arms = 0;  // customers left out: assigned to two or more arms
    std::int64_t too_recent = 0;       // customers left out: window not over by data_end_day
};

// Throws std::invalid_argument when there are no orders and no data_end_day to judge windows by.
ExperimentOutcomes compute_outcomes(std::span<const Assignment> assignments, const data::Dataset& dataset, const OutcomeMetric& metric,
                                    const OutcomeOptions& options = {});

}  // namespace touchpoint::experiments
