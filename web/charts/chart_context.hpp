#pragma once
// Internal to the chart layer: what the series calls record between begin_chart and end_chart,
// and the pieces end_chart's drawing files share. Not for panels: use chart.hpp.
#include "charts/chart.hpp"
#include "charts/colour_scale.hpp"
#include "charts/view_range.hpp"

#include <imgui.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace touchpoint::charts::detail {

enum class SeriesKind { Line, Band, Step, Scatter, Bars, StackedBars, Histogram };

struct Series {
    SeriesKind kind = SeriesKind::Line;
    std::string label;     // as given, "Shown##id" or "##hidden"
    ImU32 colour = 0;
    std::vector<double> xs;
    std::vector<double> ys;     // Band: the lows; Histogram: the counts
    std::vector<double> highs;  // Band only
    double bar_width = 0;       // Bars (x units); Histogram and StackedBars draw from their own widths
    bool visible = true;        // from the legend, read in end_chart
};

struct Heatmap {
    std::string label;
    int rows = 0, columns = 0;
    std::vector<double> values;  // row-major
    std::vector<std::string> row_labels, column_labels;
    ColourScale scale;
};

struct ChartContext {
    bool active = false;
    std::string id;
    ImGuiID imgui_id = 0;
    ChartOptions options;
    FormatOptions format;
    ImVec2 min, max;
    std::vector<Series> series;
    std::vector<std::string> categories;  // set by stacked_bars: the x axis counts categories
    std::optional<Heatmap> heatmap;
    std::size_t next_colour = 0;
    ImDrawList* draw = nullptr;
    std::optional<ChartClick> click;  // set by the drawing when the plot was clicked
};

// A chart's x view and export, kept across frames by the ImGui id of window and chart. Plain C++
// state rather than ImGui storage, which holds only ints, floats and pointers, and x views need
// doubles (day numbers, money).
struct ViewState {
    bool zoomed = false;
    Range view;
    bool png_pending = false;
};

struct LayerState {
    ChartContext chart;  // the chart being recorded, between begin_chart and end_chart
    std::unordered_map<ImGuiID, ViewState> views;
    ChartRect last_rect;                  // of the last chart begun
    std::optional<ChartClick> last_click;  // of the last chart ended
};

// The current layer (set_layer); there must be one.
ChartLayer& layer();
inline ChartContext& current_chart() { return layer().state().chart; }

// The part of a label shown to people: before "##"; empty for "##hidden".
std::string display_label(const std::string& label);
// The legend and read-out list series whose display label is not empty.
inline bool is_listed(const Series& series) { return !display_label(series.label).empty(); }

inline ImU32 to_imgui_colour(Rgba colour) { return IM_COL32(colour.r, colour.g, colour.b, colour.a); }
ImU32 with_alpha(ImU32 colour, float alpha);

// --- chart_interaction.cpp ---------------------------------------------------------------
struct PlotInput {
    bool hovered = false;        // the mouse is over the plot and the read-out may show
    bool clicked = false;        // a left click ended on the plot this frame, without a drag
    ImVec2 mouse;
};

// The x view of this chart (the whole extent until the user zooms or pans), kept across frames.
Range current_view(const ChartContext& chart, Range extent);

// The plot rectangle as an item: wheel zoom around the cursor, drag to pan, double-click to
// reset (all when zoomable), and the right-click menu with the exports.
PlotInput handle_plot_input(ChartContext& chart, ImVec2 plot_min, ImVec2 plot_max, Range extent, bool zoomable);

// True once, on the frame after "Save as PNG" was chosen (when the menu is gone): the caller
// leaves out the read-out and end_chart hands the rectangle to the hook.
bool png_export_due(const ChartContext& chart);
void finish_png_export(const ChartContext& chart);

// Hands the CSV to the app's hook (chart.cpp owns the hooks and the file name).
void save_csv_through_hook(const ChartContext& chart, const std::string& csv);

// Over a clickable item of a chart with a click hint: the hand cursor, and the hint as the
// read-out's last line (call inside the read-out's tooltip).
void show_click_hint(const ChartContext& chart);

// --- chart_xy.cpp and chart_heatmap.cpp ---------------------------------------------------
void draw_xy_chart(ChartContext& chart, ImVec2 area_min, ImVec2 area_max, bool quiet);
void draw_heatmap_chart(ChartContext& chart, ImVec2 area_min, ImVec2 area_max, bool quiet);

}  // namespace touchpoint::charts::detail
