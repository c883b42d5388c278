#pragma once
// Customer segments (new, returning, loyal, lapsed) under editable rules, evaluated "as of" a
// day: only purchases on or before it count. The work is split so that editing a rule is cheap:
//   1. build_purchase_history(dataset)        once per Dataset: distinct purchase days, running
//                                             revenue and running median gap (no rules involved);
//   2. customer_stats_as_of(history, day)     once per as-of day: each customer's first and last
//                                             purchase day, purchase days, median gap, revenue;
//   3. apply_rules(stats, rules)              per rule edit: one cheap pass, no sorting.
// segment_trend and segment_migration reuse the history the same way.
//
// A purchase is a day with at least one order (same-day orders are one purchase); returns and
// refunds are not purchases (they are not in the Dataset). Words: help/glossary, group "Segments".
#include "touchpoint/data/dataset.hpp"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::metrics {

// The four segments, then the state of a customer whose first purchase is after the as-of day.
enum class Segment : std::uint8_t { New, Returning, Loyal, Lapsed, NotYetCustomer };
inline constexpr std::size_t segment_count = 4;  // New..Lapsed: the segments a customer can be in

std::string_view segment_key(Segment segment);    // "new", "returning", "loyal", "lapsed", "not_yet_customer"
std::string_view segment_label(Segment segment);  // "New", ..., "Not yet a customer"

// The editable rules; defaults are the ones the glossary states. Precedence, first match wins:
//   new       the first purchase is within the last new_within_days days (as_of - first < N);
//   lapsed    days since the last purchase > lapse_gap_multiple x the customer's median gap
//             between purchase days, or, with a single purchase day, > one_time_lapse_days;
//   loyal     at least loyal_min_purchase_days purchase days;
//   returning two or more purchase days;
//   new       otherwise: one purchase day, still inside the window to come back.
struct SegmentRules {
    int new_within_days = 30;          // N
    int loyal_min_purchase_days = 4;   // M
    double lapse_gap_multiple = 2.0;   // k
    int one_time_lapse_days = 90;      // W

    bool operator==(const SegmentRules&) const = default;
};

// A rule that does not hold; field() is the JSON key ("lapse_gap_multiple").
class SegmentRulesError : public std::invalid_argument {
public:
    SegmentRulesError(std::string field, const std::string& message);
    const std::string& field() const { return field_; }

private:
    std::string field_;
};

// Throws SegmentRulesError naming the first field out of range.
void validate(const SegmentRules& rules);
// {"new_within_days": 30, "loyal_min_purchase_days": 4, "lapse_gap_multiple": 2.0, "one_time_lapse_days": 90}
nlohmann::json to_json(const SegmentRules& rules);
// Missing keys keep their defaults; an unknown key, a wrong type or a value out of range throws
// SegmentRulesError naming the field.
SegmentRules segment_rules_from_json(const nlohmann::json& json);

// Per customer, purchase days without duplicates and what each purchase day adds up to so far.
struct PurchaseHistory {
    std::vector<std::size_t> offsets;         // customer c owns entries [offsets[c], offsets[c + 1])
    std::vector<int> days;                    // distinct purchase days, ascending
    std::vector<double> revenue_to_date;      // purchases up to and including this day
    std::vector<int> twice_median_gap;        // 2 x median gap among days so far (0 on the first day): exact in an int
    std::size_t customer_count() const { return offsets.empty() ? 0 : offsets.size() - 1; }
};

PurchaseHistory build_purchase_history(const data::Dataset& dataset);

// One customer as of a day.
struct CustomerSnapshot {
    int first_purchase_day = 0;
    int last_purchase_day = 0;
    int purchase_days = 0;         // 0: not yet a customer on the as-of day
    int twice_median_gap = 0;      // 2 x median days between consecutive purchase days; 0 with one day
    double revenue = 0.0;          // purchases to date

    double median_gap_days() const { return twice_median_gap / 2.0; }
};

struct CustomerStats {
    int as_of_day = 0;
    std::vector<CustomerSnapshot> customers;  // aligned with the Dataset's customers
};

CustomerStats customer_stats_as_of(const PurchaseHistory& history, int as_of_day);

// The rules applied to one customer (NotYetCustomer when purchase_days is 0).
Segment segment_of(const CustomerSnapshot& customer, int as_of_day, const SegmentRules& rules);
// Per customer, aligned with the Dataset. Throws SegmentRulesError for invalid rules.
std::vector<Segment> apply_rules(const CustomerStats& stats, const SegmentRules& rules);

struct SegmentTotals {
    std::array<std::int64_t, segment_count> customers{};  // indexed by Segment
    std::array<double, segment_count> revenue{};          // purchases to date of the segment's customers
    std::int64_t total_customers = 0;                     // customers acquired by the as-of day
};

SegmentTotals segment_totals(const CustomerStats& stats, const std::vector<Segment>& segments);

struct SegmentTrendPoint {
    int day = 0;  // a month's last day, or the as-of day for the last point
    std::array<std::int64_t, segment_count> customers{};
};

// Segment sizes at each month end from the first purchase month up to last_day, plus last_day
// itself when it is not a month end; each point equals apply_rules at that day.
std::vector<SegmentTrendPoint> segment_trend(const PurchaseHistory& history, const SegmentRules& rules, int last_day);

// Customers by segment on from_day (rows, NotYetCustomer included) and on to_day (columns):
// counts[row][column], indexed by Segment. Customers not acquired by to_day are not counted.
struct SegmentMigration {
    int from_day = 0;
    int to_day = 0;
    std::array<std::array<std::int64_t, segment_count>, segment_count + 1> counts{};
};

// Throws std::invalid_argument when from_day is after to_day.
SegmentMigration segment_migration(const PurchaseHistory& history, const SegmentRules& rules, int from_day, int to_day);

// Everything the Segments view and `touchpoint segments` show, from one call.
struct SegmentOptions {
    SegmentRules rules;
    std::optional<int> as_of_day;           // default: the last purchase day in the data
    std::optional<int> migration_from_day;  // no migration matrix when empty
};

struct SegmentReport {
    SegmentRules rules;
    int as_of_day = 0;
    std::vector<Segment> customer_segments;  // aligned with the Dataset's customers
    SegmentTotals totals;
    std::vector<SegmentTrendPoint> trend;
    std::optional<SegmentMigration> migration;
};

// With the history already built (the workbench keeps it while only rules or dates change).
SegmentReport compute_segments(const PurchaseHistory& history, const SegmentOptions& options);
SegmentReport compute_segments(const data::Dataset& dataset, const SegmentOptions& options);

// Sizes, revenue, trend and migration; per-customer segments only with include_customers (ids
// from the Dataset), since a million rows are rarely wanted in a report.
nlohmann::json to_json(const SegmentReport& report, const data::Dataset& dataset, bool include_customers = false);

}  // namespace touchpoint::metrics
