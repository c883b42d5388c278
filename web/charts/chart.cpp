// The chart API: begin_chart records where the chart goes, the series calls copy their data,
// end_chart lays out the title and legend and hands the rest to the xy or heatmap drawing.
#include "charts/chart.hpp"

#include "charts/chart_context.hpp"
#include "charts/histogram.hpp"
#include "charts/palette.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace touchpoint::charts {

namespace detail {

namespace {
// The layer chart calls work on: one pointer, set once by the app, as ImGui keeps its context.
ChartLayer* current_layer = nullptr;
}  // namespace

ChartLayer& layer() {
    IM_ASSERT(current_layer && "charts::set_layer() comes before the first chart");
    return *current_layer;
}

std::string display_label(const std::string& label) { return label.substr(0, label.find("##")); }

ImU32 with_alpha(ImU32 colour, float alpha) {
    ImVec4 value = ImGui::ColorConvertU32ToFloat4(colour);
    value.w *= alpha;
    return ImGui::ColorConvertFloat4ToU32(value);
}

}  // namespace detail

using namespace detail;

namespace {

constexpr float legend_row_height = 22.0f;
constexpr float legend_swatch = 10.0f;

ChartContext& recording_chart() {
    ChartContext& chart = current_chart();
    IM_ASSERT(chart.active && "chart series calls belong between begin_chart() and end_chart()");
    return chart;
}

ImU32 pick_colour(ChartContext& chart, ImU32 colour) {
    const ImU32 palette_colour = to_imgui_colour(series_colour(chart.next_colour++));
    return colour != 0 ? colour : palette_colour;
}

std::vector<double> copy_of(std::span<const double> values) { return {values.begin(), values.end()}; }

Series& add_series(SeriesKind kind, const char* label, ImU32 colour) {
    ChartContext& chart = recording_chart();
    Series& series = chart.series.emplace_back();
    series.kind = kind;
    series.label = label ? label : "";
    series.colour = pick_colour(chart, colour);
    return series;
}

void add_xy(SeriesKind kind, const char* label, std::span<const double> xs, std::span<const double> ys, ImU32 colour) {
    Series& series = add_series(kind, label, colour);
    const std::size_t count = std::min(xs.size(), ys.size());
    series.xs = copy_of(xs.first(count));
    series.ys = copy_of(ys.first(count));
}

// Visibility lives in the window's ImGui storage under the chart id and the series label, so
// it lasts across frames without the caller keeping state.
bool* visibility_of(const std::string& label) {
    return ImGui::GetStateStorage()->GetBoolRef(ImGui::GetID(label.c_str()), true);
}

// The legend: one clickable entry per listed series, wrapping onto more rows when needed.
// Returns the y under it.
float draw_legend(ChartContext& chart, float top) {
    float x = chart.min.x;
    float y = top;
    bool any = false;
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 disabled = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
        Series& series = chart.series[i];
        if (!is_listed(series)) continue;
        const std::string shown = display_label(series.label);
        const float width = legend_swatch + 6.0f + ImGui::CalcTextSize(shown.c_str()).x;
        if (any && x + width > chart.max.x) {
            x = chart.min.x;
            y += legend_row_height;
        }
        any = true;
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        bool* visible = visibility_of(series.label);
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::InvisibleButton("legend", ImVec2(width, legend_row_height))) *visible = !*visible;
        const bool hovered = ImGui::IsItemHovered();
        ImGui::PopID();
        if (hovered) ImGui::SetTooltip("%s", *visible ? "Click to hide" : "Click to show");
        series.visible = *visible;
        const float swatch_y = y + (legend_row_height - legend_swatch) * 0.5f;
        const ImVec2 swatch_min{x, swatch_y};
        const ImVec2 swatch_max{x + legend_swatch, swatch_y + legend_swatch};
        if (series.visible)
            chart.draw->AddRectFilled(swatch_min, swatch_max, series.colour, 2.0f);
        else
            chart.draw->AddRect(swatch_min, swatch_max, disabled, 2.0f);
        const float text_y = y + (legend_row_height - ImGui::GetTextLineHeight()) * 0.5f;
        chart.draw->AddText(ImVec2(x + legend_swatch + 6.0f, text_y), series.visible ? text : disabled, shown.c_str());
        x += width + 16.0f;
    }
    return any ? y + legend_row_height : top;
}

std::string file_stem(const ChartContext& chart) {
    std::string stem = chart.options.export_name ? chart.options.export_name : chart.id;
    for (char& c : stem)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) c = '_';
    return stem.empty() ? "chart" : stem;
}

}  // namespace

bool begin_chart(const char* id, ImVec2 size, const ChartOptions& options) {
    ChartContext& chart = current_chart();
    IM_ASSERT(!chart.active && "begin_chart() called again before end_chart()");
    const ImVec2 available = ImGui::GetContentRegionAvail();
    if (size.x <= 0) size.x = std::max(available.x, 120.0f);
    if (size.y <= 0) size.y = std::max(available.y, 120.0f);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    auto& last_rect = layer().state().last_rect;
    last_rect = {origin, ImVec2(origin.x + size.x, origin.y + size.y)};
    layer().state().last_click.reset();
    if (!ImGui::IsRectVisible(last_rect.min, last_rect.max)) {
        ImGui::Dummy(size);  // keep the layout as if drawn
        return false;
    }
    chart = ChartContext{};
    chart.active = true;
    chart.id = id;
    chart.options = options;
    chart.format.money_symbol = options.money_symbol ? options.money_symbol : "";
    chart.min = last_rect.min;
    chart.max = last_rect.max;
    chart.draw = ImGui::GetWindowDrawList();
    chart.imgui_id = ImGui::GetID(id);
    // One group: the legend buttons placed inside must not carry the height of an item before
    // the chart on the same line (SameLine) into the window's content size.
    ImGui::BeginGroup();
    ImGui::PushID(id);
    return true;
}

void line(const char* label, std::span<const double> xs, std::span<const double> ys, ImU32 colour) {
    add_xy(SeriesKind::Line, label, xs, ys, colour);
}

void step(const char* label, std::span<const double> xs, std::span<const double> ys, ImU32 colour) {
    add_xy(SeriesKind::Step, label, xs, ys, colour);
}

void scatter(const char* label, std::span<const double> xs, std::span<const double> ys, ImU32 colour) {
    add_xy(SeriesKind::Scatter, label, xs, ys, colour);
}

void band(const char* label, std::span<const double> xs, std::span<const double> lows, std::span<const double> highs,
          ImU32 colour) {
    Series& series = add_series(SeriesKind::Band, label, colour);
    const std::size_t count = std::min({xs.size(), lows.size(), highs.size()});
    series.xs = copy_of(xs.first(count));
    series.ys = copy_of(lows.first(count));
    series.highs = copy_of(highs.first(count));
}

void bars(const char* label, std::span<const double> xs, std::span<const double> heights, double width, ImU32 colour) {
    add_xy(SeriesKind::Bars, label, xs, heights, colour);
    Series& series = current_chart().series.back();
    if (width <= 0) {
        // 70% of the closest spacing between bars, so neighbours never touch.
        std::vector<double> sorted = series.xs;
        std::sort(sorted.begin(), sorted.end());
        double closest = 0;
        for (std::size_t i = 1; i < sorted.size(); ++i)
            if (sorted[i] > sorted[i - 1] && (closest == 0 || sorted[i] - sorted[i - 1] < closest))
                closest = sorted[i] - sorted[i - 1];
        width = 0.7 * (closest > 0 ? closest : 1.0);
    }
    series.bar_width = width;
}

void stacked_bars(std::span<const std::string> categories, std::span<const BarSeries> series) {
    ChartContext& chart = recording_chart();
    chart.categories.assign(categories.begin(), categories.end());
    for (const auto& entry : series) {
        Series& added = add_series(SeriesKind::StackedBars, entry.label, entry.colour);
        added.ys = copy_of(entry.values.first(std::min(entry.values.size(), categories.size())));
        added.ys.resize(categories.size(), 0.0);
        for (std::size_t c = 0; c < categories.size(); ++c) added.xs.push_back(static_cast<double>(c));
    }
}

void histogram(const char* label, std::span<const double> values, int max_bins, ImU32 colour) {
    Series& series = add_series(SeriesKind::Histogram, label, colour);
    const Histogram bins = histogram_bins(values, max_bins);
    // xs hold the edges (one more than the counts); ys the counts.
    series.xs = bins.edges;
    for (std::size_t count : bins.counts) series.ys.push_back(static_cast<double>(count));
}

void heatmap(const char* label, int rows, int columns, std::span<const double> values,
             std::span<const std::string> row_labels, std::span<const std::string> column_labels,
             const ColourScale& scale) {
    ChartContext& chart = recording_chart();
    Heatmap map;
    map.label = label ? label : "";
    map.rows = std::max(0, rows);
    map.columns = std::max(0, columns);
    map.values = copy_of(values);
    map.values.resize(static_cast<std::size_t>(map.rows) * static_cast<std::size_t>(map.columns),
                      std::numeric_limits<double>::quiet_NaN());
    map.row_labels.assign(row_labels.begin(), row_labels.end());
    map.column_labels.assign(column_labels.begin(), column_labels.end());
    map.row_labels.resize(static_cast<std::size_t>(map.rows));
    map.column_labels.resize(static_cast<std::size_t>(map.columns));
    map.scale = scale;
    chart.heatmap = std::move(map);
}

void end_chart() {
    ChartContext& chart = recording_chart();
    float top = chart.min.y;
    if (chart.options.title) {
        chart.draw->AddText(ImVec2(chart.min.x, top), ImGui::GetColorU32(ImGuiCol_Text), chart.options.title);
        top += ImGui::GetTextLineHeight() + 4.0f;
    }
    if (!chart.heatmap) top = draw_legend(chart, top);

    const bool png_due = png_export_due(chart);
    if (chart.heatmap)
        draw_heatmap_chart(chart, ImVec2(chart.min.x, top), chart.max, png_due);
    else
        draw_xy_chart(chart, ImVec2(chart.min.x, top), chart.max, png_due);
    if (png_due) {
        finish_png_export(chart);
        if (const auto& save_png = layer().export_hooks.save_png) save_png(file_stem(chart) + ".png", chart.min, chart.max);
    }

    // Reserve the chart's space in the window's layout, as one item.
    ImGui::SetCursorScreenPos(chart.min);
    ImGui::Dummy(ImVec2(chart.max.x - chart.min.x, chart.max.y - chart.min.y));
    ImGui::PopID();
    ImGui::EndGroup();
    layer().state().last_click = chart.click;
    chart.active = false;
}

ChartRect last_chart_rect() { return layer().state().last_rect; }

std::optional<ChartClick> last_chart_click() { return layer().state().last_click; }

ChartLayer::ChartLayer() : state_(std::make_unique<LayerState>()) {}
ChartLayer::~ChartLayer() = default;

void set_layer(ChartLayer* chosen) { current_layer = chosen; }

namespace detail {
void save_csv_through_hook(const ChartContext& chart, const std::string& csv) {
    if (const auto& save_csv = layer().export_hooks.save_csv) save_csv(file_stem(chart) + ".csv", csv);
}
}  // namespace detail

}  // namespace touchpoint::charts
