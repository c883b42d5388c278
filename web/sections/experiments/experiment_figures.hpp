#pragma once
// The Experiments section's figures without the UI: how a sweep metric is written, the runs of
// days tied with the best day and the shaded strips that show them, the value range of a
// response curve, the grid of a 2-D sweep with its colours, the power curve's span, and the
// text of p-values and lifts. UI-free, so unit tests check the arithmetic and the wording.
#include "charts/colour_scale.hpp"
#include "charts/scales.hpp"
#include "sections/simulate/simulate_figures.hpp"
#include "touchpoint/experiments/power.hpp"
#include "touchpoint/sim/timing_sweep.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace touchpoint::web {

// Shares (repeat rate, active at the horizon, opt-outs) as percentages, money as amounts,
// purchases as a plain number.
charts::AxisFormat sweep_axis_format(sim::SweepMetric metric);
FigureFormat sweep_figure_format(sim::SweepMetric metric);

// A sweep's value with the precision that tells neighbouring days apart (they differ by little):
// "44.12%", "0.0312%" (opt-outs), "0.9469" (purchases), "0.381" (money); with `signed`, a sign
// always and shares in points: "-0.19 pts", "+0.004".
std::string sweep_value_text(double value, sim::SweepMetric metric, bool signed_difference = false);

// Consecutive grid points tied with the best (in grid order), as [first, last] indices.
struct PointRun {
    std::size_t first = 0, last = 0;
};
std::vector<PointRun> tied_runs(const sim::SweepResult& result);

// A strip of days on the x axis.
struct DaySpan {
    double from = 0, to = 0;
};
// The tied runs of a 1-D sweep as strips: each widened halfway to the neighbouring grid days, so
// a lone tied day still shows, and never past the grid's first or last day.
std::vector<DaySpan> tied_spans(const sim::SweepResult& result);

// Strips as one band series from `low` to `high`: two x values per strip, NaN between strips
// (the chart breaks a band where a value is missing).
struct StripBand {
    std::vector<double> xs, lows, highs;
};
StripBand strip_band(std::span<const DaySpan> spans, double low, double high);

struct ValueRange {
    double low = 0, high = 0;
};
// The lowest interval bound and the highest over the points of the sweep, and the no-touch
// baseline's mean when `with_baseline`; non-finite values are skipped.
ValueRange sweep_value_range(const sim::SweepResult& result, bool with_baseline);

// "day 9", "days 0 to 17", "days 0 to 17 and 20", "days 3, 9 to 12 and 30" (1-D sweeps; a 2-D
// sweep counts its tied pairs: "12 of 90 pairs").
std::string tied_days_text(const sim::SweepResult& result);

// A 2-D sweep as a grid: a row per day of the first step, a column per day of the second.
struct SweepHeatmap {
    int rows = 0, columns = 0;
    std::vector<int> row_days, column_days;
    std::vector<double> means;  // row-major; NaN where the grid has no point
    std::vector<bool> tied;     // row-major
    int best_row = 0, best_column = 0;
    charts::ColourScale scale;  // over the means
    bool better_is_lower = false;
};
// Throws std::invalid_argument for a 1-D sweep.
SweepHeatmap sweep_heatmap(const sim::SweepResult& result);
// The cell colour: the better end of the ramp (bright yellow) for the better values, so for
// opt-outs the lowest rate is the brightest.
charts::Rgba heatmap_cell_colour(const SweepHeatmap& map, double value);
// Where on the colour legend (0 bottom, 1 top) a value sits, with the same flip.
double heatmap_legend_position(const SweepHeatmap& map, double value);

// The customers per arm the power curve spans: from 2 to twice the required control arm (at
// least 4), as `touchpoint power --curve` draws it.
struct PowerCurveSpan {
    double n_min = 2, n_max = 4;
};
PowerCurveSpan power_curve_span(const experiments::SampleSize& size);

// "0.034", "< 0.001"; "n/a" when not finite.
std::string p_value_text(double p);
// "+12.3%", "-4.0%"; "n/a" when not finite.
std::string signed_percent_text(double share);

}  // namespace touchpoint::web
