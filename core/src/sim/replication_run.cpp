#include "replication_run.hpp"

namespace touchpoint::sim::detail {

ReplicationFigures figures_of(const RunTotals& totals, bool with_curves) {
    ReplicationFigures figures;
    const double n = static_cast<double>(totals.customers);
    figures.repeat_rate = static_cast<double>(totals.repeaters) / n;
    figures.purchases = static_cast<double>(totals.purchases) / n;
    figures.revenue = totals.revenue / n;
    figures.revenue_squares = totals.revenue_squares / n;
    figures.cost = totals.cost / n;
    figures.touches = static_cast<double>(totals.sent) / n;
    figures.reached = static_cast<double>(totals.reached) / n;
    figures.opt_outs = static_cast<double>(totals.opt_outs) / n;
    std::int64_t deaths = 0, active = 0, purchases = 0;
    for (std::size_t d = 0; d < totals.deaths_by_day.size(); ++d) {
        deaths += totals.deaths_by_day[d];
        active += totals.active_change[d];
        purchases += totals.purchases_on_day[d];
        if (!with_curves && d + 1 < totals.deaths_by_day.size()) continue;
        figures.alive.push_back(1.0 - static_cast<double>(deaths) / n);
        figures.active.push_back(static_cast<double>(active) / n);
        if (with_curves) figures.purchases_by_day.push_back(static_cast<double>(purchases) / n);
    }
    if (with_curves)
        for (const auto count : totals.touches_by_week) figures.touches_by_week.push_back(static_cast<double>(count) / n);
    for (std::size_t s = 0; s < metrics::segment_count; ++s) {
        figures.segment_share[s] = static_cast<double>(totals.segment_at_end[s]) / n;
        figures.segment_touches[s] = static_cast<double>(totals.touches_by_segment[s]) / n;
    }
    for (std::size_t s = 0; s < totals.step_sent.size(); ++s) {
        figures.step_sent.push_back(static_cast<double>(totals.step_sent[s]) / n);
        figures.step_reached.push_back(static_cast<double>(totals.step_reached[s]) / n);
        figures.step_blocked.push_back(static_cast<double>(totals.step_blocked[s]) / n);
    }
    return figures;
}

}  // namespace touchpoint::sim::detail
