#include "touchpoint/metrics/segments.hpp"

#include "touchpoint/data/calendar.hpp"

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
    history.offsets.reserve(customers + 1);
    history.days.reserve(dataset.order_count());
    history.revenue_to_date.reserve(dataset.order_count());
    history.twice_median_gap.reserve(dataset.order_count());
    std::vector<int> sorted_gaps;  // the customer's gaps so far, kept sorted for the running median
    for (std::size_t c = 0; c < customers; ++c) {
        history.offsets.push_back(history.days.size());
        sorted_gaps.clear();
        double revenue = 0.0;
        const std::size_t begin = dataset.order_offsets[c], end = dataset.order_offsets[c + 1];
        for (std::size_t i = begin; i < end; ++i) {
            revenue += dataset.order_amounts[i];
            const int day = dataset.order_days[i];
            if (i > begin && day == dataset.order_days[i - 1]) {  // same day: one purchase, more revenue
                history.revenue_to_date.back() = revenue;
                continue;
            }
            if (i > begin) {
                const int gap = day - history.days.back();
                sorted_gaps.insert(std::upper_bound(sorted_gaps.begin(), sorted_gaps.end(), gap), gap);
            }
            history.days.push_back(day);
            history.revenue_to_date.push_back(revenue);
            history.twice_median_gap.push_back(twice_median(sorted_gaps));
        }
    }
    history.offsets.push_back(history.days.size());
    return history;
}

CustomerStats customer_stats_as_of(const PurchaseHistory& history, int as_of_day) {
    CustomerStats stats;
    stats.as_of_day = as_of_day;
    stats.customers.resize(history.customer_count());
    for (std::size_t c = 0; c < history.customer_count(); ++c) {
        const auto begin = history.days.begin() + static_cast<std::ptrdiff_t>(history.offsets[c]);
        const auto end = history.days.begin() + static_cast<std::ptrdiff_t>(history.offsets[c + 1]);
        if (begin == end) continue;  // a customer id without purchases: never a customer
        // Usually the as-of day is the end of the data: no search needed.
        const auto past_last = end[-1] <= as_of_day ? end : std::upper_bound(begin, end, as_of_day);
        if (past_last == begin) continue;  // not yet a customer
        const auto last = static_cast<std::size_t>(past_last - history.days.begin()) - 1;
        auto& customer = stats.customers[c];
        customer.first_purchase_day = *begin;
        customer.last_purchase_day = history.days[last];
        customer.purchase_days = static_cast<int>(past_last - begin);
        customer.twice_median_gap = history.twice_median_gap[last];
        customer.revenue = history.revenue_to_date[last];
    }
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
    const int first_day = *std::min_element(history.days.begin(), history.days.end());
    if (first_day > last_day) return {};
    const std::vector<int> point_days = trend_days(first_day, last_day);
    const std::size_t point_count = point_days.size();

    // first_point_from[d - first_day]: index of the first point on or after day d.
    std::vector<std::uint32_t> first_point_from(static_cast<std::size_t>(last_day - first_day) + 2);
    for (std::size_t d = 0, p = 0; d < first_point_from.size(); ++d) {
        while (p < point_count && point_days[p] < first_day + static_cast<int>(d)) ++p;
        first_point_from[d] = static_cast<std::uint32_t>(p);
    }
    const auto point_index_from = [&](int day) -> std::size_t {
        if (day <= first_day) return 0;
        if (day > last_day) return point_count;
        return first_point_from[static_cast<std::size_t>(day - first_day)];
    };

    // Between two purchases a customer's stats are fixed, so the segment changes at most twice:
    // New ends at first + N, lapsed starts after the allowance. Each stretch adds its customers to
    // the points it covers through difference arrays, in time linear in the purchase days.
    std::array<std::vector<std::int64_t>, segment_count> change;
    for (auto& counts : change) counts.assign(point_count + 1, 0);
    const auto add_stretch = [&](Segment segment, int from, int to) {
        if (from > to) return;
        const std::size_t begin = point_index_from(from), end = point_index_from(to + 1);
        if (begin >= end) return;
        auto& counts = change[static_cast<std::size_t>(segment)];
        ++counts[begin];
        --counts[end];
    };
    for (std::size_t c = 0; c < history.customer_count(); ++c) {
        const std::size_t begin = history.offsets[c], end = history.offsets[c + 1];
        if (begin == end) continue;  // a customer id without purchases (build_dataset allows it)
        const int new_until = history.days[begin] + rules.new_within_days;  // first day no longer new by recency
        for (std::size_t i = begin; i < end && history.days[i] <= last_day; ++i) {
            const int from = history.days[i];
            const int to = i + 1 < end ? std::min(history.days[i + 1] - 1, last_day) : last_day;
            if (point_index_from(from) == point_index_from(to + 1)) continue;  // no point falls in this stretch
            const int purchase_days = static_cast<int>(i - begin) + 1;
            const int lapsed_from = from + lapse_allowance(purchase_days, history.twice_median_gap[i], rules) + 1;
            add_stretch(Segment::New, from, std::min(to, new_until - 1));
            add_stretch(active_segment(purchase_days, rules), std::max(from, new_until), std::min(to, lapsed_from - 1));
            add_stretch(Segment::Lapsed, std::max({from, new_until, lapsed_from}), to);
        }
    }

    std::vector<SegmentTrendPoint> trend(point_count);
    std::array<std::int64_t, segment_count> running{};
    for (std::size_t p = 0; p < point_count; ++p) {
        trend[p].day = point_days[p];
        for (std::size_t s = 0; s < segment_count; ++s) trend[p].customers[s] = running[s] += change[s][p];
    }
    return trend;
}

// ---- Migration ---------------------------------------------------------------------------------

namespace {

// `after` are the segments on to_day (the report has them already).
SegmentMigration migration_to(const PurchaseHistory& history, const SegmentRules& rules, int from_day, int to_day,
                              const std::vector<Segment>& after) {
    if (from_day > to_day)
        throw std::invalid_argument("segment migration: the first date (" + iso_date(from_day) +
                                    ") is after the second (" + iso_date(to_day) + ")");
    const auto before = apply_rules(customer_stats_as_of(history, from_day), rules);
    SegmentMigration migration;
    migration.from_day = from_day;
    migration.to_day = to_day;
    for (std::size_t c = 0; c < before.size(); ++c) {
        if (after[c] == Segment::NotYetCustomer) continue;
        ++migration.counts[static_cast<std::size_t>(before[c])][static_cast<std::size_t>(after[c])];
    }
    return migration;
}

}  // namespace

SegmentMigration segment_migration(const PurchaseHistory& history, const SegmentRules& rules, int from_day, int to_day) {
    if (from_day > to_day) return migration_to(history, rules, from_day, to_day, {});  // throws, naming the dates
    return migration_to(history, rules, from_day, to_day, apply_rules(customer_stats_as_of(history, to_day), rules));
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
