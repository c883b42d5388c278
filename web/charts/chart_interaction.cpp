// The mouse on a chart's plot: zoom, pan, reset, the right-click menu and the exports it starts.
#include "charts/chart_context.hpp"
#include "charts/chart_csv.hpp"

#include <imgui_internal.h>  // SetItemUsingMouseWheel: the wheel zooms the chart, not the window

#include <cmath>
#include <unordered_map>

namespace touchpoint::charts::detail {

namespace {

std::unordered_map<ImGuiID, ViewState>& view_states() { return layer().state().views; }

constexpr float wheel_zoom_base = 0.85f;  // one wheel notch shows 85% of the range
constexpr float click_slop_pixels = 2.0f;  // a press that moves further is a pan, not a click

std::string csv_name(const std::string& label) {
    const std::string shown = display_label(label);
    if (!shown.empty()) return shown;
    return label.size() > 2 ? label.substr(2) : "series";
}

std::string chart_data_csv(const ChartContext& chart) {
    const std::string x_name = chart.options.x_label ? chart.options.x_label : "x";
    std::vector<CsvSeries> columns;
    if (chart.heatmap) {
        const Heatmap& map = *chart.heatmap;
        for (int c = 0; c < map.columns; ++c) {
            CsvSeries column{map.column_labels[static_cast<std::size_t>(c)], {}, {}};
            for (int r = 0; r < map.rows; ++r)
                column.ys.push_back(map.values[static_cast<std::size_t>(r * map.columns + c)]);
            columns.push_back(std::move(column));
        }
        return category_csv(map.label.empty() ? "row" : display_label(map.label), map.row_labels, columns);
    }
    if (!chart.categories.empty()) {
        for (const auto& series : chart.series)
            if (series.kind == SeriesKind::StackedBars) columns.push_back({csv_name(series.label), {}, series.ys});
        return category_csv(x_name, chart.categories, columns);
    }
    for (const auto& series : chart.series) {
        const std::string name = csv_name(series.label);
        switch (series.kind) {
            case SeriesKind::Band:
                columns.push_back({name + " (low)", series.xs, series.ys});
                columns.push_back({name + " (high)", series.xs, series.highs});
                break;
            case SeriesKind::Histogram: {
                // Rows by bin start; the bin's end and count alongside.
                if (series.xs.size() < 2) break;
                const std::vector<double> starts(series.xs.begin(), series.xs.end() - 1);
                const std::vector<double> ends(series.xs.begin() + 1, series.xs.end());
                columns.push_back({name + " (bin end)", starts, ends});
                columns.push_back({name + " (count)", starts, series.ys});
                break;
            }
            default: columns.push_back({name, series.xs, series.ys}); break;
        }
    }
    return chart_csv(x_name, columns, chart.options.x_format);
}

void context_menu(ChartContext& chart, ViewState& state) {
    if (!ImGui::BeginPopup("chart_menu")) return;
    if (ImGui::MenuItem("Save as PNG")) state.png_pending = true;  // next frame, once the menu is gone
    if (ImGui::MenuItem("Save data as CSV")) save_csv_through_hook(chart, chart_data_csv(chart));
    if (state.zoomed) {
        ImGui::Separator();
        if (ImGui::MenuItem("Reset zoom")) state.zoomed = false;
    }
    ImGui::EndPopup();
}

}  // namespace

Range current_view(const ChartContext& chart, Range extent) {
    const auto found = view_states().find(chart.imgui_id);
    if (found == view_states().end() || !found->second.zoomed) return extent;
    // The data may have changed since the zoom: keep the view inside what is there now.
    return clamp_range(found->second.view, extent);
}

PlotInput handle_plot_input(ChartContext& chart, ImVec2 plot_min, ImVec2 plot_max, Range extent, bool zoomable) {
    PlotInput input;
    const ImVec2 size{plot_max.x - plot_min.x, plot_max.y - plot_min.y};
    if (size.x < 1 || size.y < 1) return input;
    ViewState& state = view_states()[chart.imgui_id];
    ImGui::SetCursorScreenPos(plot_min);
    const bool released = ImGui::InvisibleButton("plot", size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    if (zoomable) ImGui::SetItemUsingMouseWheel();
    const bool hovered = ImGui::IsItemHovered();
    const ImGuiIO& io = ImGui::GetIO();
    input.mouse = io.MousePos;

    if (zoomable) {
        Range view = current_view(chart, extent);
        const double units_per_pixel = view.width() / size.x;
        if (hovered && io.MouseWheel != 0.0f) {
            const double anchor = view.low + (io.MousePos.x - plot_min.x) * units_per_pixel;
            view = zoom_range(view, std::pow(wheel_zoom_base, io.MouseWheel), anchor, extent);
            state = {true, view, state.png_pending};
        }
        if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f) && io.MouseDelta.x != 0.0f) {
            view = pan_range(view, -io.MouseDelta.x * units_per_pixel, extent);
            state = {true, view, state.png_pending};
        }
        if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) state.zoomed = false;
    }
    ImGui::OpenPopupOnItemClick("chart_menu", ImGuiPopupFlags_MouseButtonRight);
    context_menu(chart, state);
    input.hovered = hovered && !ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f);
    // A click is a left release on the plot that never moved as far as a pan starts (2 px).
    input.clicked = released && hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
                    io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < click_slop_pixels * click_slop_pixels;
    return input;
}

void show_click_hint(const ChartContext& chart) {
    if (!chart.options.click_hint) return;
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImGui::Separator();
    ImGui::TextDisabled("%s", chart.options.click_hint);
}

bool png_export_due(const ChartContext& chart) {
    const auto found = view_states().find(chart.imgui_id);
    return found != view_states().end() && found->second.png_pending;
}

void finish_png_export(const ChartContext& chart) { view_states()[chart.imgui_id].png_pending = false; }

}  // namespace touchpoint::charts::detail
