#pragma once
// Immediate-mode charts on the window's ImDrawList, in the manner of ImPlot:
//
//   if (charts::begin_chart("retention", size, options)) {
//       charts::band("95% interval", days, lows, highs);
//       charts::line("Retained", days, shares);
//       charts::end_chart();
//   }
//
// Series calls copy their data, so spans only need to live until the call returns. Every chart
// has axes with readable ticks and gridlines, a hover read-out, a legend whose entries hide and
// show series, x zoom (wheel) and pan (drag) with double-click to reset, and a right-click menu
// that saves a PNG or the data as CSV through hooks the app sets. Callers keep no state: it
// lives in ImGui storage keyed by the chart id and in the current ChartLayer (below).
#include "charts/colour_scale.hpp"
#include "charts/scales.hpp"

#include <imgui.h>

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace touchpoint::charts {

struct ChartOptions {
    const char* title = nullptr;    // drawn above the chart
    const char* x_label = nullptr;  // under the x ticks
    const char* y_label = nullptr;  // above the y ticks
    AxisFormat x_format = AxisFormat::Number;  // Date: x values are day numbers
    AxisFormat y_format = AxisFormat::Number;
    const char* money_symbol = "";   // before Money values, e.g. "$"
    bool y_includes_zero = true;     // keep 0 on the y axis (counts, shares); bars always do
    const char* export_name = nullptr;  // file name stem for exports; the id by default
    // When set, the chart's items (bars, heatmap cells) are clickable: a hand cursor and this
    // hint in the read-out over them ("Click to list the customers"). Clicks are reported by
    // last_chart_click() either way.
    const char* click_hint = nullptr;
};

// Starts a chart of the given size (a non-positive component takes the available space).
// Returns false when the chart is scrolled out of view: then do not call end_chart.
bool begin_chart(const char* id, ImVec2 size, const ChartOptions& options = {});

// Series. A label starting with "##" is drawn but left out of the legend and read-out.
// colour 0 takes the next palette colour.
void line(const char* label, std::span<const double> xs, std::span<const double> ys, ImU32 colour = 0);
// An interval band between lows and highs, drawn under the lines.
void band(const char* label, std::span<const double> xs, std::span<const double> lows,
          std::span<const double> highs, ImU32 colour = 0);
// A post step: each value holds until the next x (survival curves).
void step(const char* label, std::span<const double> xs, std::span<const double> ys, ImU32 colour = 0);
void scatter(const char* label, std::span<const double> xs, std::span<const double> ys, ImU32 colour = 0);
// Bars from 0 centred on xs; width in x units, 0 for 70% of the closest spacing.
void bars(const char* label, std::span<const double> xs, std::span<const double> heights, double width = 0,
          ImU32 colour = 0);

struct BarSeries {
    const char* label;
    std::span<const double> values;  // one per category
    ImU32 colour = 0;
};
// Bars over categories (months, segments), the visible series stacked. Makes the x axis a
// category axis.
void stacked_bars(std::span<const std::string> categories, std::span<const BarSeries> series);

// Counts of values in nice bins (at most max_bins); NaN is left out.
void histogram(const char* label, std::span<const double> values, int max_bins = 20, ImU32 colour = 0);

// A rows x columns grid of values (row-major), coloured by scale, with a colour legend bar.
// A chart with a heatmap shows only the heatmap.
void heatmap(const char* label, int rows, int columns, std::span<const double> values,
             std::span<const std::string> row_labels, std::span<const std::string> column_labels,
             const ColourScale& scale);

// Draws what the series calls described and handles the mouse.
void end_chart();

// The screen rectangle of the last chart begun (drawn or not), for tests and layout.
struct ChartRect {
    ImVec2 min, max;
};
ChartRect last_chart_rect();

// A left click without a drag (a drag pans) on the plot of the last chart ended, this frame.
struct ChartClick {
    int category = -1;  // stacked bars: the category under the click
    int series = -1;    // stacked bars: which series' segment was clicked, as given to stacked_bars; -1 above the stack
    int row = -1;       // heatmap: the cell clicked
    int column = -1;
    double x = 0;       // other xy charts: the x value under the click
};
// Call after end_chart(); nullopt when the chart was not clicked this frame.
std::optional<ChartClick> last_chart_click();

// How exports leave the chart layer, which knows nothing of the browser.
struct ChartExportHooks {
    std::function<void(const std::string& file_name, const std::string& csv)> save_csv;
    // The app reads the pixels of [min, max) back from the frame once it is drawn.
    std::function<void(const std::string& file_name, ImVec2 min, ImVec2 max)> save_png;
};

namespace detail {
struct LayerState;  // chart_context.hpp
}

// The chart layer's state between calls and frames: the chart being recorded, each chart's zoom,
// pan and pending PNG export, the last chart's rectangle and click, and the export hooks. Charts
// are drawn from many sections, so the app owns one layer and makes it current once at start-up
// with set_layer(); every chart call works on the current layer, as ImGui's calls work on its
// current context.
class ChartLayer {
public:
    ChartLayer();
    ~ChartLayer();
    ChartLayer(const ChartLayer&) = delete;
    ChartLayer& operator=(const ChartLayer&) = delete;

    ChartExportHooks export_hooks;
    detail::LayerState& state() { return *state_; }

private:
    std::unique_ptr<detail::LayerState> state_;
};

// Makes `layer` the one the chart calls work on (one pointer, like ImGui's context).
void set_layer(ChartLayer* layer);

}  // namespace touchpoint::charts
