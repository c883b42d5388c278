#pragma once
// The retention recomputation benchmark's one measurement, shared by the native and node-wasm
// benchmark (bench/bench_recompute.cpp) and the page (web/benchmarks.cpp), so all three time
// exactly the same work.
//
// A full recomputation is everything the workbench derives from a Dataset: the headline
// metrics, the retention report over the whole history (by month), the cohort matrix by month,
// the purchase history and customer stats as of the last purchase day, RFM, and the segments
// under the current rules (what the Segments panel's `prepare` does, headline and retention
// added). A rule change is what the panel's `apply` does after a rule edit: apply the rules,
// add up the segments, the month-end trend with its labels, and a year of migration.
//
// UI-free and exception-free in its timed parts; includes only the core.
#include "timing.hpp"
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/metrics/cohorts.hpp"
#include "touchpoint/metrics/date_window.hpp"
#include "touchpoint/metrics/headline.hpp"
#include "touchpoint/metrics/retention.hpp"
#include "touchpoint/metrics/rfm.hpp"
#include "touchpoint/metrics/segments.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace touchpoint::bench {

// The goals.
inline constexpr double recompute_goal_ms = 150.0;
inline constexpr double rule_change_goal_ms = 50.0;

// Parts of a full recomputation, in the order they run. "segments" is a rule change's work.
inline constexpr std::array<const char*, 7> recompute_part_keys{"headline",       "retention", "cohorts", "purchase_history",
                                                                "customer_stats", "rfm",       "segments"};
// Parts of a rule change, in the order they run.
inline constexpr std::array<const char*, 4> rule_change_part_keys{"apply_rules", "totals", "trend", "migration"};

// Everything a recomputation leaves behind, as the dashboard and Segments panel keep it.
struct RecomputeState {
    metrics::HeadlineMetrics headline;
    metrics::RetentionReport retention;
    metrics::CohortMatrix cohorts;
    metrics::PurchaseHistory history;
    metrics::CustomerStats stats;
    metrics::RfmResult rfm;
    int as_of_day = 0;
    metrics::SegmentRules rules;
    std::vector<metrics::Segment> segments;
    metrics::SegmentTotals totals;
    std::vector<metrics::SegmentTrendPoint> trend;
    std::vector<std::string> trend_labels;
    metrics::SegmentMigration migration;
};

// Two rule sets a rule change alternates between, so every change really changes something.
inline metrics::SegmentRules alternate_rules(int change) {
    metrics::SegmentRules rules;
    if (change % 2 == 0) {
        rules.new_within_days = 60;
        rules.loyal_min_purchase_days = 3;
        rules.lapse_gap_multiple = 3.0;
        rules.one_time_lapse_days = 120;
    }
    return rules;
}

namespace detail {

// Wall time, and the process's CPU time beside it: on a shared machine the difference shows how
// much of a wall time was spent waiting for a core. (In wasm, clock() follows the wall clock.)
struct Stamp {
    std::chrono::steady_clock::time_point wall;
    std::clock_t cpu;
};

inline Stamp now() { return {std::chrono::steady_clock::now(), std::clock()}; }

}  // namespace detail

// Milliseconds between consecutive stamps, wall and CPU.
template <std::size_t Parts>
struct PartTimes {
    std::array<double, Parts> wall_ms{}, cpu_ms{};

    void set(const std::array<detail::Stamp, Parts + 1>& stamps) {
        for (std::size_t p = 0; p < Parts; ++p) {
            wall_ms[p] = std::chrono::duration<double, std::milli>(stamps[p + 1].wall - stamps[p].wall).count();
            cpu_ms[p] = 1000.0 * static_cast<double>(stamps[p + 1].cpu - stamps[p].cpu) / CLOCKS_PER_SEC;
        }
    }
};

// A rule change as the Segments panel's `apply` makes it; times each part (rule_change_part_keys order).
inline void run_rule_change(RecomputeState& state, const metrics::SegmentRules& rules, PartTimes<rule_change_part_keys.size()>& times) {
    std::array<detail::Stamp, rule_change_part_keys.size() + 1> stamps{};
    state.rules = rules;
    stamps[0] = detail::now();
    state.segments = metrics::apply_rules(state.stats, state.rules);
    stamps[1] = detail::now();
    state.totals = metrics::segment_totals(state.stats, state.segments);
    stamps[2] = detail::now();
    state.trend = metrics::segment_trend(state.history, state.rules, state.as_of_day);
    state.trend_labels.clear();
    for (const auto& point : state.trend)
        state.trend_labels.push_back(data::format_iso_date(data::day_from_number(point.day)).substr(0, 7));
    stamps[3] = detail::now();
    // A year of movement, or the whole history when it is shorter.
    const int first_day = state.trend.empty() ? state.as_of_day : state.trend.front().day;
    state.migration = metrics::segment_migration(state.history, state.rules, std::max(first_day, state.as_of_day - 365), state.as_of_day);
    stamps[4] = detail::now();
    times.set(stamps);
}

// One full recomputation; times each part (recompute_part_keys order).
inline void run_full_recompute(const data::Dataset& dataset, RecomputeState& state, PartTimes<recompute_part_keys.size()>& times) {
    std::array<detail::Stamp, recompute_part_keys.size() + 1> stamps{};
    stamps[0] = detail::now();
    state.headline = metrics::compute_headline_metrics(dataset);
    stamps[1] = detail::now();
    const auto window = metrics::whole_history(dataset);
    state.as_of_day = window ? window->last_day : 0;
    if (window) state.retention = metrics::compute_retention_report(dataset, *window, {});
    stamps[2] = detail::now();
    state.cohorts = metrics::compute_cohorts(dataset, {metrics::Period::Month, std::nullopt});
    stamps[3] = detail::now();
    state.history = metrics::build_purchase_history(dataset);
    stamps[4] = detail::now();
    state.stats = metrics::customer_stats_as_of(state.history, state.as_of_day);
    stamps[5] = detail::now();
    state.rfm = metrics::compute_rfm(state.stats);
    stamps[6] = detail::now();
    PartTimes<rule_change_part_keys.size()> rule_times;
    run_rule_change(state, state.rules, rule_times);
    stamps[7] = detail::now();
    times.set(stamps);
}

template <std::size_t Parts>
struct TimedRuns {
    std::vector<double> total_ms, total_cpu_ms;     // one per run
    std::array<std::vector<double>, Parts> part_ms, part_cpu_ms;  // one list per part
    void add(const PartTimes<Parts>& times) {
        double total = 0, cpu = 0;
        for (std::size_t p = 0; p < Parts; ++p) {
            part_ms[p].push_back(times.wall_ms[p]);
            part_cpu_ms[p].push_back(times.cpu_ms[p]);
            total += times.wall_ms[p];
            cpu += times.cpu_ms[p];
        }
        total_ms.push_back(total);
        total_cpu_ms.push_back(cpu);
    }
};

struct RecomputeMeasurement {
    std::size_t customers = 0, orders = 0, purchase_days = 0;
    int warmups = 0;
    TimedRuns<recompute_part_keys.size()> full;
    TimedRuns<rule_change_part_keys.size()> rule_change;
};

// `warmups` untimed full runs first (the page's first run executes on the baseline wasm
// compiler), then `repeats` timed full recomputations, then `rule_changes` timed rule changes
// that alternate between two rule sets. `state` keeps the last results.
inline RecomputeMeasurement measure_recompute(const data::Dataset& dataset, RecomputeState& state, int warmups, int repeats,
                                              int rule_changes) {
    RecomputeMeasurement measurement;
    measurement.customers = dataset.customer_count();
    measurement.orders = dataset.order_count();
    measurement.warmups = warmups;
    PartTimes<recompute_part_keys.size()> full_times;
    for (int i = 0; i < warmups; ++i) run_full_recompute(dataset, state, full_times);
    for (int i = 0; i < repeats; ++i) {
        state.rules = {};
        run_full_recompute(dataset, state, full_times);
        measurement.full.add(full_times);
    }
    PartTimes<rule_change_part_keys.size()> rule_times;
    for (int i = 0; i < rule_changes; ++i) {
        run_rule_change(state, alternate_rules(i), rule_times);
        measurement.rule_change.add(rule_times);
    }
    measurement.purchase_days = state.history.days.size();
    return measurement;
}

template <std::size_t Parts>
nlohmann::json runs_json(const TimedRuns<Parts>& runs, const std::array<const char*, Parts>& keys) {
    const auto spread_json = [](const std::vector<double>& values) {
        const Spread s = spread_of(values);
        return nlohmann::json{{"median_ms", s.median}, {"min_ms", s.min}};
    };
    nlohmann::json parts = nlohmann::json::object();
    for (std::size_t p = 0; p < Parts; ++p) {
        parts[keys[p]] = spread_json(runs.part_ms[p]);
        parts[keys[p]]["cpu_median_ms"] = spread_of(runs.part_cpu_ms[p]).median;
    }
    nlohmann::json json = spread_json(runs.total_ms);
    json["runs"] = runs.total_ms.size();
    json["all_ms"] = runs.total_ms;
    json["cpu"] = spread_json(runs.total_cpu_ms);
    json["parts"] = std::move(parts);
    return json;
}

// The customers of each cohort cell, for checking against another engine's cohort matrix.
inline nlohmann::json cohort_customers_json(const metrics::CohortMatrix& matrix) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : matrix.rows) {
        nlohmann::json customers = nlohmann::json::array();
        for (const auto& cell : row.cells) customers.push_back(cell.customers);
        rows.push_back({{"cohort", row.label}, {"size", row.size}, {"customers", std::move(customers)}});
    }
    return rows;
}

inline nlohmann::json to_json(const RecomputeMeasurement& measurement, const RecomputeState& state, bool with_cohorts) {
    nlohmann::json json{
        {"customers", measurement.customers},
        {"orders", measurement.orders},
        {"purchase_days", measurement.purchase_days},
        {"warmups", measurement.warmups},
        {"goals_ms", {{"full", recompute_goal_ms}, {"rule_change", rule_change_goal_ms}}},
        {"full", runs_json(measurement.full, recompute_part_keys)},
        {"rule_change", runs_json(measurement.rule_change, rule_change_part_keys)},
        // A few results, so a run that computed nothing shows.
        {"results",
         {{"active_customers", state.retention.active_customers},
          {"repeat_purchase_rate", state.retention.repeat_purchase_rate ? nlohmann::json(*state.retention.repeat_purchase_rate) : nlohmann::json(nullptr)},
          {"cohort_rows", state.cohorts.rows.size()},
          {"segment_customers", state.totals.customers},
          {"rfm_customers", state.rfm.total_customers},
          {"trend_points", state.trend.size()}}},
    };
    if (with_cohorts) json["cohort_customers"] = cohort_customers_json(state.cohorts);
    return json;
}

}  // namespace touchpoint::bench
