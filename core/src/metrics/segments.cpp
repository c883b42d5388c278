#include "touchpoint/metrics/segments.hpp"

#include "touchpoint/data/calendar.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <limits>

// Section index: names; rules and their JSON; purchase history and stats; applying the rules;
// trend; migration; the report.
namespace touchpoint::metrics {

namespace {

constexpr std::array<std::string_view, segment_count + 1> segment_keys{"new", "returning", "loyal", "lapsed",
                                                                      "not_yet_customer"};
constexpr std::array<std::string_view, segment_count + 1> segment_labels{"New", "Returning", "Loyal", "Lapsed",
                                                                        "Not yet a customer"};

// Bounds that keep every day sum far from int overflow; no real rule comes near them.
constexpr int max_rule_days = 36500;
constexpr double max_lapse_gap_multiple = 1000.0;

std::string iso_date(int day) { return data::format_iso_date(data::day_from_number(day)); }

}  // namespace

std::string_view segment_key(Segment segment) { return segment_keys[static_cast<std::size_t>(segment)]; }
std::string_view segment_label(Segment segment) { return segment_labels[static_cast<std::size_t>(segment)]; }

// ---- Rules -------------------------------------------------------------------------------------

SegmentRulesError::SegmentRulesError(std::string field, const std::string& message)
    : std::invalid_argument(field + ": " + message), field_(std::move(field)) {}

void validate(const SegmentRules& rules) {
    const auto check_days = [](const char* field, int value, int minimum) {
        if (value < minimum || value > max_rule_days)
            throw SegmentRulesError(field, "must be a whole number of days from " + std::to_string(minimum) + " to " +
                                               std::to_string(max_rule_days) + ", got " + std::to_string(value));
    };
    check_days("new_within_days", rules.new_within_days, 1);
    if (rules.loyal_min_purchase_days < 2 || rules.loyal_min_purchase_days > max_rule_days)
        throw SegmentRulesError("loyal_min_purchase_days", "must be a whole number of purchase days from 2 to " +
                                                               std::to_string(max_rule_days) + ", got " +
                                                               std::to_string(rules.loyal_min_purchase_days));
    if (!(rules.lapse_gap_multiple > 0.0 && rules.lapse_gap_multiple <= max_lapse_gap_multiple))
        throw SegmentRulesError("lapse_gap_multiple", "must be a number above 0 and at most 1000, got " +
                                                          nlohmann::json(rules.lapse_gap_multiple).dump());
    check_days("one_time_lapse_days", rules.one_time_lapse_days, 1);
}

nlohmann::json to_json(const SegmentRules& rules) {
    return {{"new_within_days", rules.new_within_days},
            {"loyal_min_purchase_days", rules.loyal_min_purchase_days},
            {"lapse_gap_multiple", rules.lapse_gap_multiple},
            {"one_time_lapse_days", rules.one_time_lapse_days}};
}

SegmentRules segment_rules_from_json(const nlohmann::json& json) {
    if (!json.is_object()) throw SegmentRulesError("rules", "must be a JSON object, got " + std::string(json.type_name()));
    SegmentRules rules;
    const auto read_whole = [](const std::string& field, const nlohmann::json& value, int& target) {
        // 30.0 is accepted as 30; 30.5 is not a number of days.
        if (!value.is_number() || std::trunc(value.get<double>()) != value.get<double>() ||
            std::abs(value.get<double>()) > 1e9)
            throw SegmentRulesError(field, "must be a whole number, got " + value.dump());
        target = static_cast<int>(value.get<double>());
    };
    for (const auto& item : json.items()) {
        const std::string field = item.key();
        const auto& value = item.value();
        if (field == "new_within_days")
            read_whole(field, value, rules.new_within_days);
        else if (field == "loyal_min_purchase_days")
            read_whole(field, value, rules.loyal_min_purchase_days);
        else if (field == "one_time_lapse_days")
            read_whole(field, value, rules.one_time_lapse_days);
        else if (field == "lapse_gap_multiple") {
            if (!value.is_number()) throw SegmentRulesError(field, "must be a number, got " + value.dump());
            rules.lapse_gap_multiple = value.get<double>();
        } else
            throw SegmentRulesError(field, "is not a segment rule (the rules are new_within_days, "
                                           "loyal_min_purchase_days, lapse_gap_multiple, one_time_lapse_days)");
    }
    validate(rules);
    return rules;
}

// ---- Purchase history and stats ----------------------------------------------------------------

namespace {

int twice_median(const std::vector<int>& sorted) {
    const std::size_t n = sorted.size();
    if (n == 0) return 0;
    return n % 2 == 1 ? 2 * sorted[n / 2] : sorted[n / 2 - 1] + sorted[n / 2];
}

}  // namespace

PurchaseHistory build_purchase_history(const data::Dataset& dataset) {
    PurchaseHistory history;
    const std::size_t customers = dataset.customer_count();
    // At most one entry per order: sized for that, written through plain pointers, trimmed at the end.
    history.offsets.resize(customers + 1);
    history.days.resize(dataset.order_count());
    history.revenue_to_date.resize(dataset.order_count());
    history.twice_median_gap.resize(dataset.order_count());
    const int* order_days = dataset.order_days.data();
    const double* order_amounts = dataset.order_amounts.data();
    std::size_t* offsets = history.offsets.data();
    int* days = history.days.data();
    double* revenue_to_date = history.revenue_to_date.data();
    int* twice_median_gap = history.twice_median_gap.data();
    std::size_t entries = 0;
    std::vector<int> sorted_gaps;  // the customer's gaps so far, kept sorted for the running median
    for (std::size_t c = 0; c < customers; ++c) {
        offsets[c] = entries;
        sorted_gaps.clear();
        double revenue = 0.0;
        const std::size_t begin = dataset.order_offsets[c], end = dataset.order_offsets[c + 1];
        for (std::size_t i = begin; i < end; ++i) {
            revenue += order_amounts[i];
            const int day = order_days[i];
            if (i > begin && day == order_days[i - 1]) {  // same day: one purchase, more revenue
                revenue_to_date[entries - 1] = revenue;
                continue;
            }
            if (i > begin) {
                // Insertion into the sorted gaps: customers have few, so shifting beats a search.
                const int gap = day - days[entries - 1];
                sorted_gaps.push_back(gap);
                std::size_t at = sorted_gaps.size() - 1;
                for (; at > 0 && sorted_gaps[at - 1] > gap; --at) sorted_gaps[at] = sorted_gaps[at - 1];
                sorted_gaps[at] = gap;
            }
            days[entries] = day;
            revenue_to_date[entries] = revenue;
            twice_median_gap[entries] = twice_median(sorted_gaps);
            ++entries;
        }
    }
    offsets[customers] = entries;
    history.days.resize(entries);
    history.revenue_to_date.resize(entries);
    history.twice_median_gap.resize(entries);
    return history;
}

namespace {

// Customer c as of a day; purchase_days stays 0 for a customer id without purchases (never a
// customer) or one whose first purchase is later (not yet a customer).
CustomerSnapshot snapshot_as_of(const PurchaseHistory& history, std::size_t c, int as_of_day) {
    CustomerSnapshot customer;
    const int* days = history.days.data();
    const int* begin = days + history.offsets[c];
    const int* end = days + history.offsets[c + 1];
    if (begin == end) return customer;
    // Usually the as-of day is the end of the data: no search needed.
    const int* past_last = end[-1] <= as_of_day ? end : std::upper_bound(begin, end, as_of_day);
    if (past_last == begin) return customer;
    const auto last = static_cast<std::size_t>(past_last - days) - 1;
    customer.first_purchase_day = *begin;
    customer.last_purchase_day = days[last];
    customer.purchase_days = static_cast<int>(past_last - begin);
    customer.twice_median_gap = history.twice_median_gap[last];
    customer.revenue = history.revenue_to_date[last];
    return customer;
}

}  // namespace

CustomerStats customer_stats_as_of(const PurchaseHistory& history, int as_of_day) {
    CustomerStats stats;
    stats.as_of_day = as_of_day;
    stats.customers.resize(history.customer_count());
    for (std::size_t c = 0; c < history.customer_count(); ++c) stats.customers[c] = snapshot_as_of(history, c, as_of_day);
    return stats;
}

// ---- Applying the rules ------------------------------------------------------------------------

namespace {

// The most days since the last purchase that do not yet make the customer lapsed. Days are whole,
// so "days > k x median" is "days > floor(k x median)".
int lapse_allowance(int purchase_days, int twice_median_gap, const SegmentRules& rules) {
    if (purchase_days < 2) return rules.one_time_lapse_days;
    const double allowance = std::floor(rules.lapse_gap_multiple * (twice_median_gap / 2.0));
    return static_cast<int>(std::min(allowance, 1e8));  // bounded: gaps within a century, k <= 1000
}

// The segment of a customer who is past the "new" window and not lapsed.
Segment active_segment(int purchase_days, const SegmentRules& rules) {
    if (purchase_days >= rules.loyal_min_purchase_days) return Segment::Loyal;
    if (purchase_days >= 2) return Segment::Returning;
    return Segment::New;  // one purchase day, still inside the window to come back
}

}  // namespace

Segment segment_of(const CustomerSnapshot& customer, int as_of_day, const SegmentRules& rules) {
    if (customer.purchase_days == 0) return Segment::NotYetCustomer;
    if (as_of_day - customer.first_purchase_day < rules.new_within_days) return Segment::New;
    if (as_of_day - customer.last_purchase_day > lapse_allowance(customer.purchase_days, customer.twice_median_gap, rules))
        return Segment::Lapsed;
    return active_segment(customer.purchase_days, rules);
}

std::vector<Segment> apply_rules(const CustomerStats& stats, const SegmentRules& rules) {
    validate(rules);
    std::vector<Segment> segments(stats.customers.size());
    for (std::size_t c = 0; c < stats.customers.size(); ++c) segments[c] = segment_of(stats.customers[c], stats.as_of_day, rules);
    return segments;
}

SegmentTotals segment_totals(const CustomerStats& stats, const std::vector<Segment>& segments) {
    SegmentTotals totals;
    for (std::size_t c = 0; c < segments.size(); ++c) {
        if (segments[c] == Segment::NotYetCustomer) continue;
        const auto index = static_cast<std::size_t>(segments[c]);
        ++totals.customers[index];
        totals.revenue[index] += stats.customers[c].revenue;
        ++totals.total_customers;
    }
    return totals;
}

// ---- Trend -------------------------------------------------------------------------------------

namespace {

// Month ends from the month of first_day, then last_day itself (it ends the list).
std::vector<int> trend_days(int first_day, int last_day) {
    std::vector<int> days;
    const date::year_month_day first{data::day_from_number(first_day)};
    for (auto month = first.year() / first.month();; month += date::months{1}) {
        const int month_end = data::day_number(date::sys_days{month / date::last});
        if (month_end >= last_day) break;
        days.push_back(month_end);
    }
    days.push_back(last_day);
    return days;
}

}  // namespace

std::vector<SegmentTrendPoint> segment_trend(const PurchaseHistory& history, const SegmentRules& rules, int last_day) {
    validate(rules);
    if (history.days.empty()) return {};
    // Days ascend within a customer, so the earliest day is the earliest of the first days.
    int first_day = std::numeric_limits<int>::max();
    for (std::size_t c = 0; c < history.customer_count(); ++c)
        if (history.offsets[c] != history.offsets[c + 1]) first_day = std::min(first_day, history.days[history.offsets[c]]);
    if (first_day > last_day) return {};
    const std::vector<int> point_days = trend_days(first_day, last_day);
    const std::size_t point_count = point_days.size();

    // first_point_from[d - first_day]: index of the first point on or after day d.
    std::vector<std::uint32_t> first_point_from(static_cast<std::size_t>(last_day - first_day) + 2);
    for (std::size_t d = 0, p = 0; d < first_point_from.size(); ++d) {
        while (p < point_count && point_days[p] < first_day + static_cast<int>(d)) ++p;
        first_point_from[d] = static_cast<std::uint32_t>(p);
    }

    // Between two purchases a customer's stats are fixed, so the segment changes at most twice:
    // New ends at first + N, lapsed starts after the allowance. Each stretch adds its customers to
    // the points it covers through difference arrays, in time linear in the purchase days.
    // change[p * segment_count + s]: one row per point, so a stretch touches one or two cache lines.
    std::vector<std::int64_t> change((point_count + 1) * segment_count, 0);
    const std::uint32_t* point_from = first_point_from.data();  // indexed by day - first_day, up to last_day + 1
    const int* days = history.days.data();
    for (std::size_t c = 0; c < history.customer_count(); ++c) {
        const std::size_t begin = history.offsets[c], end = history.offsets[c + 1];
        if (begin == end) continue;  // a customer id without purchases (build_dataset allows it)
        const int new_until = days[begin] + rules.new_within_days;  // first day no longer new by recency
        for (std::size_t i = begin; i < end && days[i] <= last_day; ++i) {
            const int from = days[i];
            const int past_to = i + 1 < end ? std::min(days[i + 1], last_day + 1) : last_day + 1;  // the stretch is [from, past_to)
            const std::uint32_t first_point = point_from[from - first_day], past_point = point_from[past_to - first_day];
            if (first_point == past_point) continue;  // no point falls in this stretch
            const int purchase_days = static_cast<int>(i - begin) + 1;
            const int lapsed_from = from + lapse_allowance(purchase_days, history.twice_median_gap[i], rules) + 1;
            // New on [from, active_from), the active segment on [active_from, lapsed_start), lapsed on [lapsed_start, past_to).
            const int active_from = std::clamp(new_until, from, past_to);
            const int lapsed_start = std::clamp(lapsed_from, active_from, past_to);
            const std::uint32_t active_point = point_from[active_from - first_day], lapsed_point = point_from[lapsed_start - first_day];
            const auto active = static_cast<std::size_t>(active_segment(purchase_days, rules));
            constexpr auto new_index = static_cast<std::size_t>(Segment::New), lapsed_index = static_cast<std::size_t>(Segment::Lapsed);
            ++change[first_point * segment_count + new_index];
            --change[active_point * segment_count + new_index];
            ++change[active_point * segment_count + active];
            --change[lapsed_point * segment_count + active];
            ++change[lapsed_point * segment_count + lapsed_index];
            --change[past_point * segment_count + lapsed_index];
        }
    }

    std::vector<SegmentTrendPoint> trend(point_count);
    std::array<std::int64_t, segment_count> running{};
    for (std::size_t p = 0; p < point_count; ++p) {
        trend[p].day = point_days[p];
        for (std::size_t s = 0; s < segment_count; ++s) trend[p].customers[s] = running[s] += change[p * segment_count + s];
    }
    return trend;
}

// ---- Migration ---------------------------------------------------------------------------------

namespace {

void check_migration_days(int from_day, int to_day) {
    if (from_day > to_day)
        throw std::invalid_argument("segment migration: the first date (" + iso_date(from_day) +
                                    ") is after the second (" + iso_date(to_day) + ")");
}

// `after` are the segments on to_day (the report has them already). Each customer's state on
// from_day is looked up on its own, so no stats for the whole base are built.
SegmentMigration migration_to(const PurchaseHistory& history, const SegmentRules& rules, int from_day, int to_day,
                              const std::vector<Segment>& after) {
    check_migration_days(from_day, to_day);
    validate(rules);
    SegmentMigration migration;
    migration.from_day = from_day;
    migration.to_day = to_day;
    for (std::size_t c = 0; c < history.customer_count() && c < after.size(); ++c) {
        if (after[c] == Segment::NotYetCustomer) continue;
        const Segment before = segment_of(snapshot_as_of(history, c, from_day), from_day, rules);
        ++migration.counts[static_cast<std::size_t>(before)][static_cast<std::size_t>(after[c])];
    }
    return migration;
}

}  // namespace

SegmentMigration segment_migration(const PurchaseHistory& history, const SegmentRules& rules, int from_day, int to_day) {
    check_migration_days(from_day, to_day);
    validate(rules);
    // Both days per customer in one pass: no stats or segment lists for the whole base.
    SegmentMigration migration;
    migration.from_day = from_day;
    migration.to_day = to_day;
    for (std::size_t c = 0; c < history.customer_count(); ++c) {
        const Segment after = segment_of(snapshot_as_of(history, c, to_day), to_day, rules);
        if (after == Segment::NotYetCustomer) continue;
        const Segment before = segment_of(snapshot_as_of(history, c, from_day), from_day, rules);
        ++migration.counts[static_cast<std::size_t>(before)][static_cast<std::size_t>(after)];
    }
    return migration;
}

// ---- The report --------------------------------------------------------------------------------

SegmentReport compute_segments(const PurchaseHistory& history, const SegmentOptions& options) {
    validate(options.rules);
    SegmentReport report;
    report.rules = options.rules;
    if (options.as_of_day)
        report.as_of_day = *options.as_of_day;
    else if (!history.days.empty())
        report.as_of_day = *std::max_element(history.days.begin(), history.days.end());
    const auto stats = customer_stats_as_of(history, report.as_of_day);
    report.customer_segments = apply_rules(stats, options.rules);
    report.totals = segment_totals(stats, report.customer_segments);
    report.trend = segment_trend(history, options.rules, report.as_of_day);
    if (options.migration_from_day)
        report.migration =
            migration_to(history, options.rules, *options.migration_from_day, report.as_of_day, report.customer_segments);
    return report;
}

SegmentReport compute_segments(const data::Dataset& dataset, const SegmentOptions& options) {
    return compute_segments(build_purchase_history(dataset), options);
}

nlohmann::json to_json(const SegmentReport& report, const data::Dataset& dataset, bool include_customers) {
    const auto share = [](std::int64_t part, std::int64_t whole) {
        return whole > 0 ? nlohmann::json(static_cast<double>(part) / static_cast<double>(whole)) : nlohmann::json(nullptr);
    };
    nlohmann::json segments = nlohmann::json::array();
    for (std::size_t s = 0; s < segment_count; ++s) {
        const auto segment = static_cast<Segment>(s);
        segments.push_back({{"key", segment_key(segment)},
                            {"label", segment_label(segment)},
                            {"customers", report.totals.customers[s]},
                            {"share", share(report.totals.customers[s], report.totals.total_customers)},
                            {"revenue", report.totals.revenue[s]}});
    }
    nlohmann::json trend = nlohmann::json::array();
    for (const auto& point : report.trend) {
        nlohmann::json row{{"date", iso_date(point.day)}};
        for (std::size_t s = 0; s < segment_count; ++s) row[std::string(segment_key(static_cast<Segment>(s)))] = point.customers[s];
        trend.push_back(std::move(row));
    }
    nlohmann::json json{{"as_of", iso_date(report.as_of_day)},
                        {"rules", to_json(report.rules)},
                        {"customers", report.totals.total_customers},
                        {"segments", std::move(segments)},
                        {"trend", std::move(trend)},
                        {"migration", nullptr}};
    if (report.migration) {
        nlohmann::json rows = nlohmann::json::array(), columns = nlohmann::json::array(), counts = nlohmann::json::array();
        for (std::size_t s = 0; s <= segment_count; ++s) rows.push_back(segment_key(static_cast<Segment>(s)));
        for (std::size_t s = 0; s < segment_count; ++s) columns.push_back(segment_key(static_cast<Segment>(s)));
        for (const auto& row : report.migration->counts) counts.push_back(row);
        json["migration"] = {{"from", iso_date(report.migration->from_day)},
                             {"to", iso_date(report.migration->to_day)},
                             {"rows", std::move(rows)},
                             {"columns", std::move(columns)},
                             {"counts", std::move(counts)}};
    }
    if (include_customers) {
        nlohmann::json customers = nlohmann::json::array();
        for (std::size_t c = 0; c < report.customer_segments.size() && c < dataset.customer_count(); ++c)
            customers.push_back({{"customer_id", dataset.customer_ids[c]}, {"segment", segment_key(report.customer_segments[c])}});
        json["customer_segments"] = std::move(customers);
    }
    return json;
}

}  // namespace touchpoint::metrics
