// A heatmap: a grid of cells coloured by a colour scale (cohort tables, segment x month), with
// row and column labels, values written in cells that have room, and a colour legend bar.
#include "charts/chart_context.hpp"

#include <algorithm>
#include <cmath>

namespace touchpoint::charts::detail {

namespace {

constexpr float legend_bar_width = 12.0f;
constexpr int legend_gradient_steps = 32;
constexpr float missing_cell_alpha = 0.25f;

// Dark text on light cells, light text on dark ones.
ImU32 text_colour_on(Rgba cell) {
    const double luminance = 0.299 * cell.r + 0.587 * cell.g + 0.114 * cell.b;
    return luminance > 150 ? IM_COL32(20, 20, 20, 255) : IM_COL32(250, 250, 250, 255);
}

// Every how many labels to write so that labels of extent `label_size` fit in cells of `cell_size`.
int label_stride(float label_size, float cell_size) {
    return std::max(1, static_cast<int>(std::ceil(label_size / std::max(cell_size, 1e-3f))));
}

void draw_colour_legend(const ChartContext& chart, const Heatmap& map, ImVec2 bar_min, ImVec2 bar_max) {
    ImDrawList* draw = chart.draw;
    const float height = bar_max.y - bar_min.y;
    // High values at the top, as on the y axis.
    for (int i = 0; i < legend_gradient_steps; ++i) {
        const double t_top = 1.0 - static_cast<double>(i) / legend_gradient_steps;
        const double t_bottom = 1.0 - static_cast<double>(i + 1) / legend_gradient_steps;
        const ImU32 top = to_imgui_colour(ramp_colour(map.scale.ramp, t_top));
        const ImU32 bottom = to_imgui_colour(ramp_colour(map.scale.ramp, t_bottom));
        const float y0 = bar_min.y + height * static_cast<float>(i) / legend_gradient_steps;
        const float y1 = bar_min.y + height * static_cast<float>(i + 1) / legend_gradient_steps;
        draw->AddRectFilledMultiColor(ImVec2(bar_min.x, y0), ImVec2(bar_max.x, y1), top, top, bottom, bottom);
    }
    draw->AddRect(bar_min, bar_max, ImGui::GetColorU32(ImGuiCol_Border));
    const ImU32 tick_colour = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    // At least three intervals, so a symmetric diverging scale shows more than its centre.
    const int wanted = std::max(3, static_cast<int>(height / 40.0f));
    for (const auto& tick : colour_legend_ticks(map.scale, wanted, chart.options.y_format, chart.format)) {
        const float y = bar_max.y - static_cast<float>(tick.position) * height;
        draw->AddLine(ImVec2(bar_max.x, y), ImVec2(bar_max.x + 4.0f, y), tick_colour);
        draw->AddText(ImVec2(bar_max.x + 6.0f, y - ImGui::GetTextLineHeight() * 0.5f), tick_colour, tick.label.c_str());
    }
}

}  // namespace

void draw_heatmap_chart(ChartContext& chart, ImVec2 area_min, ImVec2 area_max, bool quiet) {
    const Heatmap& map = *chart.heatmap;
    ImDrawList* draw = chart.draw;
    const float line_height = ImGui::GetTextLineHeight();
    const ImU32 tick_colour = ImGui::GetColorU32(ImGuiCol_TextDisabled);

    float row_label_width = 0;
    for (const auto& label : map.row_labels) row_label_width = std::max(row_label_width, ImGui::CalcTextSize(label.c_str()).x);
    float legend_label_width = 0;
    for (const auto& tick : colour_legend_ticks(map.scale, 6, chart.options.y_format, chart.format))
        legend_label_width = std::max(legend_label_width, ImGui::CalcTextSize(tick.label.c_str()).x);

    const ImVec2 grid_min{area_min.x + row_label_width + 8.0f, area_min.y + line_height * 0.5f};
    const ImVec2 grid_max{area_max.x - legend_bar_width - legend_label_width - 24.0f, area_max.y - line_height - 6.0f};
    if (map.rows == 0 || map.columns == 0 || grid_max.x - grid_min.x < 10.0f || grid_max.y - grid_min.y < 10.0f) return;

    const PlotInput input = handle_plot_input(chart, grid_min, grid_max, {0, 1}, false);
    const float cell_width = (grid_max.x - grid_min.x) / static_cast<float>(map.columns);
    const float cell_height = (grid_max.y - grid_min.y) / static_cast<float>(map.rows);
    const float gap = cell_width > 6.0f && cell_height > 6.0f ? 1.0f : 0.0f;
    auto cell_min = [&](int row, int column) {
        return ImVec2(grid_min.x + cell_width * static_cast<float>(column), grid_min.y + cell_height * static_cast<float>(row));
    };

    for (int row = 0; row < map.rows; ++row)
        for (int column = 0; column < map.columns; ++column) {
            const double value = map.values[static_cast<std::size_t>(row * map.columns + column)];
            const Rgba colour = colour_at(map.scale, value);
            const ImVec2 low = cell_min(row, column);
            const ImVec2 high{low.x + cell_width - gap, low.y + cell_height - gap};
            const ImU32 fill = to_imgui_colour(colour);
            draw->AddRectFilled(low, high, std::isnan(value) ? with_alpha(fill, missing_cell_alpha) : fill);
            if (std::isnan(value)) continue;
            const std::string text = value_label(value, chart.options.y_format, chart.format);
            const ImVec2 size = ImGui::CalcTextSize(text.c_str());
            if (size.x + 6.0f <= cell_width && size.y + 2.0f <= cell_height)
                draw->AddText(ImVec2((low.x + high.x - size.x) * 0.5f, (low.y + high.y - size.y) * 0.5f), text_colour_on(colour),
                              text.c_str());
        }

    const int row_every = label_stride(line_height + 2.0f, cell_height);
    for (int row = 0; row < map.rows; row += row_every) {
        const std::string& label = map.row_labels[static_cast<std::size_t>(row)];
        const ImVec2 size = ImGui::CalcTextSize(label.c_str());
        draw->AddText(ImVec2(grid_min.x - 6.0f - size.x, cell_min(row, 0).y + (cell_height - size.y) * 0.5f), tick_colour,
                      label.c_str());
    }
    float column_label_width = 0;
    for (const auto& label : map.column_labels) column_label_width = std::max(column_label_width, ImGui::CalcTextSize(label.c_str()).x);
    const int column_every = label_stride(column_label_width + 8.0f, cell_width);
    for (int column = 0; column < map.columns; column += column_every) {
        const std::string& label = map.column_labels[static_cast<std::size_t>(column)];
        const ImVec2 size = ImGui::CalcTextSize(label.c_str());
        draw->AddText(ImVec2(cell_min(0, column).x + (cell_width - size.x) * 0.5f, grid_max.y + 4.0f), tick_colour, label.c_str());
    }

    const float legend_x = grid_max.x + 12.0f;
    draw_colour_legend(chart, map, ImVec2(legend_x, grid_min.y), ImVec2(legend_x + legend_bar_width, grid_max.y));

    if (!input.hovered && !input.clicked) return;
    const int column = std::clamp(static_cast<int>((input.mouse.x - grid_min.x) / cell_width), 0, map.columns - 1);
    const int row = std::clamp(static_cast<int>((input.mouse.y - grid_min.y) / cell_height), 0, map.rows - 1);
    if (input.clicked) {
        ChartClick click;
        click.row = row;
        click.column = column;
        chart.click = click;
    }
    if (!input.hovered || quiet) return;
    const ImVec2 low = cell_min(row, column);
    draw->AddRect(low, ImVec2(low.x + cell_width - gap, low.y + cell_height - gap), ImGui::GetColorU32(ImGuiCol_Text), 0.0f,
                  ImDrawFlags_None, 2.0f);
    const double value = map.values[static_cast<std::size_t>(row * map.columns + column)];
    ImGui::BeginTooltip();
    ImGui::Text("%s, %s", map.row_labels[static_cast<std::size_t>(row)].c_str(),
                map.column_labels[static_cast<std::size_t>(column)].c_str());
    if (!display_label(map.label).empty()) ImGui::TextDisabled("%s", display_label(map.label).c_str());
    ImGui::TextUnformatted(value_label(value, chart.options.y_format, chart.format).c_str());
    if (!std::isnan(value)) show_click_hint(chart);  // an empty cell lists nobody
    ImGui::EndTooltip();
}

}  // namespace touchpoint::charts::detail
