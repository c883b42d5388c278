#pragma once
// The headline retention numbers shown on the dashboard and printed by `touchpoint metrics`.
// Definitions come from the glossary (help/glossary.hpp) so the UI and the CLI help show the same words.
#include "touchpoint/data/dataset.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace touchpoint::metrics {

struct MonthlyCustomers {
    std::string month;           // "YYYY-MM"
    std::int64_t returning = 0;  // bought this month, first purchase in an earlier month
    std::int64_t new_customers = 0;  // first purchase this month
};

struct HeadlineMetrics {
    std::int64_t customers = 0;
    std::int64_t orders = 0;
    std::optional<double> repeat_purchase_rate;        // none when there are no customers
    std::optional<double> median_days_between_orders;  // none when nobody has bought twice
    std::vector<MonthlyCustomers> returning_by_month;  // every month from the first order to the last
};

// Null-terminated views of the glossary entries, for C-style callers (ImGui).
struct MetricDefinition {
    const char* key;
    const char* label;
    const char* definition;
};

// The headline metrics' glossary entries, in the order the dashboard shows them.
const std::vector<MetricDefinition>& metric_definitions();

HeadlineMetrics compute_headline_metrics(const data::Dataset& dataset);

// The JSON shared by the CLI and the browser test API; keys as in metric_definitions().
nlohmann::json to_json(const HeadlineMetrics& metrics);

}  // namespace touchpoint::metrics
