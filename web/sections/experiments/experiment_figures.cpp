#include "sections/experiments/experiment_figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace touchpoint::web {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

int first_day_of(const sim::SweepResult& result, std::size_t index) { return result.points[index].days.first_day; }

std::string run_text(const sim::SweepResult& result, const PointRun& run) {
    const std::string first = std::to_string(first_day_of(result, run.first));
    if (run.first == run.last) return first;
    return first + " to " + std::to_string(first_day_of(result, run.last));
}

}  // namespace

charts::AxisFormat sweep_axis_format(sim::SweepMetric metric) {
    switch (metric) {
        case sim::SweepMetric::RepeatRate:
        case sim::SweepMetric::ActiveAtEnd:
        case sim::SweepMetric::OptOuts: return charts::AxisFormat::Percent;
        case sim::SweepMetric::Revenue:
        case sim::SweepMetric::IncrementalProfit: return charts::AxisFormat::Money;
        case sim::SweepMetric::Purchases: break;
    }
    return charts::AxisFormat::Number;
}

FigureFormat sweep_figure_format(sim::SweepMetric metric) {
    switch (metric) {
        case sim::SweepMetric::RepeatRate:
        case sim::SweepMetric::ActiveAtEnd: return FigureFormat::Percent;
        case sim::SweepMetric::OptOuts: return FigureFormat::FinePercent;
        case sim::SweepMetric::Revenue: return FigureFormat::Amount;
        case sim::SweepMetric::IncrementalProfit: return FigureFormat::SignedAmount;
        case sim::SweepMetric::Purchases: break;
    }
    return FigureFormat::Decimal;
}

std::string sweep_value_text(double value, sim::SweepMetric metric, bool signed_difference) {
    if (!std::isfinite(value)) return "n/a";
    char text[48];
    const bool share = sweep_axis_format(metric) == charts::AxisFormat::Percent;
    const int decimals = metric == sim::SweepMetric::OptOuts ? 3 : share ? 2 : metric == sim::SweepMetric::Purchases ? 4 : 3;
    const double shown = share ? value * 100.0 : value;
    if (signed_difference) std::snprintf(text, sizeof text, share ? "%+.*f pts" : "%+.*f", decimals, shown);
    else std::snprintf(text, sizeof text, share ? "%.*f%%" : "%.*f", decimals, shown);
    return text;
}

std::vector<PointRun> tied_runs(const sim::SweepResult& result) {
    std::vector<PointRun> runs;
    for (std::size_t i = 0; i < result.points.size(); ++i) {
        if (!result.points[i].tied_with_best) continue;
        if (!runs.empty() && runs.back().last + 1 == i) runs.back().last = i;
        else runs.push_back({i, i});
    }
    return runs;
}

std::vector<DaySpan> tied_spans(const sim::SweepResult& result) {
    std::vector<DaySpan> spans;
    if (result.spec.second || result.points.empty()) return spans;
    const std::size_t last = result.points.size() - 1;
    const auto day = [&](std::size_t i) { return static_cast<double>(first_day_of(result, i)); };
    for (const auto& run : tied_runs(result)) {
        const double from = run.first == 0 ? day(0) : (day(run.first - 1) + day(run.first)) / 2;
        const double to = run.last == last ? day(last) : (day(run.last) + day(run.last + 1)) / 2;
        spans.push_back({from, to});
    }
    return spans;
}

StripBand strip_band(std::span<const DaySpan> spans, double low, double high) {
    StripBand band;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        if (i > 0) {
            // A point between the strips with no values: the band is not drawn across the gap.
            band.xs.push_back((spans[i - 1].to + spans[i].from) / 2);
            band.lows.push_back(nan);
            band.highs.push_back(nan);
        }
        band.xs.push_back(spans[i].from);
        band.xs.push_back(spans[i].to);
        band.lows.insert(band.lows.end(), {low, low});
        band.highs.insert(band.highs.end(), {high, high});
    }
    return band;
}

ValueRange sweep_value_range(const sim::SweepResult& result, bool with_baseline) {
    double low = std::numeric_limits<double>::infinity(), high = -low;
    const auto take = [&](double value) {
        if (!std::isfinite(value)) return;
        low = std::min(low, value);
        high = std::max(high, value);
    };
    for (const auto& point : result.points) {
        take(point.metric.mean);
        take(point.metric.ci_low);
        take(point.metric.ci_high);
    }
    if (with_baseline) take(result.baseline_metric.mean);
    if (!(low <= high)) return {0, 1};
    return {low, high};
}

std::string tied_days_text(const sim::SweepResult& result) {
    if (result.spec.second) {
        const auto tied = std::count_if(result.points.begin(), result.points.end(), [](const auto& p) { return p.tied_with_best; });
        return std::to_string(tied) + " of " + std::to_string(result.points.size()) + " pairs";
    }
    const auto runs = tied_runs(result);
    if (runs.empty()) return "none";
    if (runs.size() == 1 && runs[0].first == runs[0].last) return "day " + run_text(result, runs[0]);
    std::string text = "days ";
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (i > 0) text += i + 1 == runs.size() ? " and " : ", ";
        text += run_text(result, runs[i]);
    }
    return text;
}

SweepHeatmap sweep_heatmap(const sim::SweepResult& result) {
    if (!result.spec.second) throw std::invalid_argument("a heatmap needs a 2-D sweep");
    SweepHeatmap map;
    map.row_days = result.spec.first.days;
    map.column_days = result.spec.second->days;
    map.rows = static_cast<int>(map.row_days.size());
    map.columns = static_cast<int>(map.column_days.size());
    const auto cells = static_cast<std::size_t>(map.rows * map.columns);
    map.means.assign(cells, nan);
    map.tied.assign(cells, false);
    const auto index_of = [](const std::vector<int>& days, int day) {
        return static_cast<int>(std::find(days.begin(), days.end(), day) - days.begin());
    };
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (std::size_t i = 0; i < result.points.size(); ++i) {
        const auto& point = result.points[i];
        const int row = index_of(map.row_days, point.days.first_day);
        const int column = index_of(map.column_days, point.days.second_day);
        if (row >= map.rows || column >= map.columns) continue;
        const auto cell = static_cast<std::size_t>(row * map.columns + column);
        map.means[cell] = point.metric.mean;
        map.tied[cell] = point.tied_with_best;
        if (i == result.best) {
            map.best_row = row;
            map.best_column = column;
        }
        if (std::isfinite(point.metric.mean)) {
            low = std::min(low, point.metric.mean);
            high = std::max(high, point.metric.mean);
        }
    }
    map.scale.ramp = charts::ColourRamp::Viridis;
    map.scale.low = low <= high ? low : 0;
    map.scale.high = low <= high ? high : 1;
    map.better_is_lower = sim::lower_is_better(result.spec.metric);
    return map;
}

double heatmap_legend_position(const SweepHeatmap& map, double value) {
    const double position = charts::ramp_position(map.scale, value);
    return map.better_is_lower && !std::isnan(position) ? 1.0 - position : position;
}

charts::Rgba heatmap_cell_colour(const SweepHeatmap& map, double value) {
    if (std::isnan(value)) return charts::missing_value_colour;
    return charts::ramp_colour(map.scale.ramp, heatmap_legend_position(map, value));
}

PowerCurveSpan power_curve_span(const experiments::SampleSize& size) {
    return {2.0, std::max(4.0, 2.0 * static_cast<double>(size.n_control))};
}

std::string p_value_text(double p) {
    if (!std::isfinite(p)) return "n/a";
    if (p < 0.001) return "< 0.001";
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", p);
    return text;
}

std::string signed_percent_text(double share) {
    if (!std::isfinite(share)) return "n/a";
    char text[32];
    std::snprintf(text, sizeof text, "%+.1f%%", share * 100.0);
    return text;
}

}  // namespace touchpoint::web
