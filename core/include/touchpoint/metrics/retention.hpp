#pragma once
// The full retention report for any date window: repeat purchase rate, churn, purchase
// frequency, inter-purchase time, customers lost after their first purchase, per-period
// customers and revenue, revenue stability and historical CLV; and two windows side by side.
//
// Counting rules, shared with the headline metrics (glossary "date_window"):
//  - a purchase is a day with at least one order of the customer: same-day orders are one purchase;
//  - returns and refunds are not purchases (the Dataset holds purchases only) and revenue is the
//    sum of purchase amounts, each rounded to the cent and added in whole cents, so totals do not
//    depend on summation order;
//  - a customer's history before the window counts only where a definition says so (gaps that end
//    in the window, "returning" and "new"); nothing after the window's last day is looked at.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/metrics/date_window.hpp"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::metrics {

struct RetentionOptions {
    int churn_window_days = 90;  // N: churn and "lost after first purchase" look at the window's last N days
    Period period = Period::Month;
};

// Fixed bins of days between consecutive purchase days: 1-7, 8-14, 15-30, 31-60, 61-90, 91-180,
// 181-365, 366 and more.
inline constexpr std::array<int, 7> inter_purchase_bin_upper_days{7, 14, 30, 60, 90, 180, 365};
inline constexpr std::size_t inter_purchase_bin_count = inter_purchase_bin_upper_days.size() + 1;

struct InterPurchaseTime {
    std::int64_t gaps = 0;  // repeat purchases in the window
    std::array<std::int64_t, inter_purchase_bin_count> bin_counts{};
    std::optional<double> median_days;
    std::optional<double> mean_days;
};

struct PeriodFigures {
    std::string label;            // "2024-03" or "2025-W01"
    int first_day = 0;            // the calendar period, which may reach outside the window
    int last_day = 0;
    bool within_window = false;   // the whole period lies inside the window
    std::int64_t active_customers = 0;     // bought on a day of the period inside the window
    std::int64_t new_customers = 0;        // ... and made their first purchase ever in this period
    std::int64_t returning_customers = 0;  // ... and made their first purchase in an earlier period
    std::int64_t orders = 0;
    double revenue = 0;
};

struct RetentionReport {
    DateWindow window;
    RetentionOptions options;

    std::int64_t active_customers = 0;  // bought in the window
    std::int64_t new_customers = 0;     // first purchase ever in the window
    std::int64_t orders = 0;            // purchase orders in the window
    std::int64_t purchases = 0;         // distinct (customer, day) in the window
    double revenue = 0;

    std::optional<double> repeat_purchase_rate;  // among active customers: 2+ purchase days in the window
    std::optional<double> purchase_frequency;    // purchases / active customers
    // Base: customers who bought in the window before its last N days; churned: no purchase in the last N days.
    std::int64_t churn_base = 0;
    std::int64_t churned_customers = 0;
    std::optional<double> churn_rate;
    // Base: first purchase ever in the window, at least N days before its end; lost: no other purchase day by the end.
    std::int64_t first_purchase_base = 0;
    std::int64_t lost_after_first_purchase_customers = 0;
    std::optional<double> lost_after_first_purchase;

    InterPurchaseTime inter_purchase_time;  // gaps ending in the window
    std::optional<double> revenue_per_customer;   // revenue / active customers
    std::optional<double> historical_clv;         // revenue to the window end of customers acquired in it, per customer
    std::optional<double> revenue_stability_cv;   // over periods wholly inside the window
    std::vector<PeriodFigures> per_period;        // every period the window touches
};

// Throws std::invalid_argument when the window is empty (last day before first) or the churn window is not positive.
RetentionReport compute_retention_report(const data::Dataset& dataset, DateWindow window, const RetentionOptions& options = {});

// One scalar figure of two reports; difference is b - a, none when either side has no value.
struct FigureDifference {
    std::string key;
    std::optional<double> a, b, difference;
};

struct RetentionComparison {
    RetentionReport a, b;
    std::vector<FigureDifference> differences;  // every scalar figure, in to_json order
};

RetentionComparison compare_windows(const data::Dataset& dataset, DateWindow window_a, DateWindow window_b,
                                    const RetentionOptions& options = {});

// Keys are glossary keys ("window" holds the settings: from, to, churn_window_days, period).
nlohmann::json to_json(const RetentionReport& report);
nlohmann::json to_json(const RetentionComparison& comparison);

// One scalar figure of the report by its glossary key ("churn_rate", "median_days_between_orders",
// ...); none when the figure has no value or the key is not a scalar figure of the report.
std::optional<double> report_figure(const RetentionReport& report, std::string_view key);

// The glossary keys of the report's figures, in the order to_json writes them.
const std::vector<const char*>& retention_report_keys();

}  // namespace touchpoint::metrics
