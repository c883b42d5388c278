// The heatmap of a 2-D timing sweep: a row per day of the first step, a column per day of the
// second, each cell coloured by the metric's mean (the better end of the ramp bright), the best
// cell outlined, the cells tied with it dotted, a colour legend and a read-out on hover. Drawn
// here rather than with charts::heatmap, which has no way to mark cells.
#include "sections/experiments/experiments_sweep_results.hpp"

#include "charts/colour_scale.hpp"
#include "sections/experiments/experiment_figures.hpp"
#include "ui/ui_scale.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace touchpoint::web {

namespace {

constexpr int legend_steps = 32;

ImU32 to_colour(charts::Rgba rgba) { return IM_COL32(rgba.r, rgba.g, rgba.b, rgba.a); }

// Dark marks on light cells, light marks on dark ones.
ImU32 mark_colour_on(charts::Rgba cell) {
    const double luminance = 0.299 * cell.r + 0.587 * cell.g + 0.114 * cell.b;
    return luminance > 140 ? IM_COL32(20, 20, 20, 255) : IM_COL32(250, 250, 250, 255);
}

// Every how many labels to write so that labels of `label_size` fit in cells of `cell_size`.
int label_stride(float label_size, float cell_size) {
    return std::max(1, static_cast<int>(std::ceil(label_size / std::max(cell_size, 1e-3f))));
}

void draw_legend_bar(ImDrawList* draw, const SweepHeatmap& map, charts::AxisFormat format, ImVec2 bar_min, ImVec2 bar_max) {
    const float height = bar_max.y - bar_min.y;
    for (int i = 0; i < legend_steps; ++i) {
        // The bright (better) end at the top.
        const ImU32 top = to_colour(charts::ramp_colour(map.scale.ramp, 1.0 - static_cast<double>(i) / legend_steps));
        const ImU32 bottom = to_colour(charts::ramp_colour(map.scale.ramp, 1.0 - static_cast<double>(i + 1) / legend_steps));
        const float y0 = bar_min.y + height * static_cast<float>(i) / legend_steps;
        const float y1 = bar_min.y + height * static_cast<float>(i + 1) / legend_steps;
        draw->AddRectFilledMultiColor(ImVec2(bar_min.x, y0), ImVec2(bar_max.x, y1), top, top, bottom, bottom);
    }
    draw->AddRect(bar_min, bar_max, ImGui::GetColorU32(ImGuiCol_Border));
    const ImU32 tick_colour = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const int wanted = std::max(3, static_cast<int>(height / px(40.0f)));
    for (const auto& tick : charts::colour_legend_ticks(map.scale, wanted, format)) {
        const float y = bar_max.y - static_cast<float>(heatmap_legend_position(map, tick.value)) * height;
        draw->AddLine(ImVec2(bar_max.x, y), ImVec2(bar_max.x + px(4.0f), y), tick_colour);
        draw->AddText(ImVec2(bar_max.x + px(6.0f), y - ImGui::GetTextLineHeight() * 0.5f), tick_colour, tick.label.c_str());
    }
}

const sim::SweepPoint* point_at(const sim::SweepResult& result, int first_day, int second_day) {
    for (const auto& point : result.points)
        if (point.days.first_day == first_day && point.days.second_day == second_day) return &point;
    return nullptr;
}

void cell_read_out(const sim::SweepResult& result, const sim::SweepPoint& point, bool best) {
    const auto metric = result.spec.metric;
    const auto estimate = [&](const sim::Estimate& value, bool difference) {
        return sweep_value_text(value.mean, metric, difference) + " (" + sweep_value_text(value.ci_low, metric, difference) + " to " +
               sweep_value_text(value.ci_high, metric, difference) + ")";
    };
    ImGui::BeginTooltip();
    ImGui::Text("Day %d of \"%s\", day %d of \"%s\"", point.days.first_day, result.spec.first.step.c_str(), point.days.second_day,
                result.spec.second->step.c_str());
    ImGui::Text("%s: %s", std::string(sim::sweep_metric_label(result.spec.metric)).c_str(), estimate(point.metric, false).c_str());
    if (best) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(best_colour()), "The best pair");
    else {
        ImGui::TextDisabled("vs best (paired): %s", estimate(point.difference_from_best, true).c_str());
        if (point.tied_with_best) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tied_colour()), "Tied with the best");
    }
    ImGui::EndTooltip();
}

}  // namespace

void draw_sweep_heatmap(const sim::SweepResult& result, ImVec2 size, std::vector<DrawnChart>& drawn) {
    const SweepHeatmap map = sweep_heatmap(result);
    const auto axis_format = sweep_axis_format(result.spec.metric);
    const ImVec2 available = ImGui::GetContentRegionAvail();
    if (size.x <= 0) size.x = available.x;
    if (size.y <= 0) size.y = available.y;
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + size.x, min.y + size.y);
    ImGui::InvisibleButton("##sweep_heatmap", size);
    const bool hovered = ImGui::IsItemHovered();
    drawn.push_back({"sweep_heatmap", min, max, static_cast<std::size_t>(map.rows * map.columns)});
    if (map.rows == 0 || map.columns == 0) return;

    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float line = ImGui::GetTextLineHeight();
    const ImU32 text_colour = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 tick_colour = ImGui::GetColorU32(ImGuiCol_TextDisabled);

    // Title, and over the row labels the first step's name (its days run down the side).
    const std::string title = std::string(sim::sweep_metric_label(result.spec.metric)) + " by the days of both steps (mean)";
    draw->AddText(min, text_colour, title.c_str());
    const std::string rows_title = "\"" + result.spec.first.step + "\" day";
    draw->AddText(ImVec2(min.x, min.y + line + px(6.0f)), tick_colour, rows_title.c_str());
    const std::string columns_title = "\"" + result.spec.second->step + "\" day";

    float row_label_width = 0;
    for (int day : map.row_days) row_label_width = std::max(row_label_width, ImGui::CalcTextSize(std::to_string(day).c_str()).x);
    float legend_label_width = 0;
    for (const auto& tick : charts::colour_legend_ticks(map.scale, 6, axis_format))
        legend_label_width = std::max(legend_label_width, ImGui::CalcTextSize(tick.label.c_str()).x);
    const float legend_bar = px(12.0f);

    const ImVec2 grid_min(min.x + std::max(row_label_width + px(10.0f), px(28.0f)), min.y + 2.0f * line + px(12.0f));
    const ImVec2 grid_max(max.x - legend_bar - legend_label_width - px(28.0f), max.y - 2.0f * line - px(12.0f));
    if (grid_max.x - grid_min.x < 20.0f || grid_max.y - grid_min.y < 20.0f) return;
    const float cell_width = (grid_max.x - grid_min.x) / static_cast<float>(map.columns);
    const float cell_height = (grid_max.y - grid_min.y) / static_cast<float>(map.rows);
    const float gap = cell_width > 8.0f && cell_height > 8.0f ? 1.0f : 0.0f;
    const auto cell_min = [&](int row, int column) {
        return ImVec2(grid_min.x + cell_width * static_cast<float>(column), grid_min.y + cell_height * static_cast<float>(row));
    };

    for (int row = 0; row < map.rows; ++row)
        for (int column = 0; column < map.columns; ++column) {
            const auto cell = static_cast<std::size_t>(row * map.columns + column);
            const double value = map.means[cell];
            const charts::Rgba colour = heatmap_cell_colour(map, value);
            const ImVec2 low = cell_min(row, column);
            const ImVec2 high(low.x + cell_width - gap, low.y + cell_height - gap);
            draw->AddRectFilled(low, high, to_colour(colour));
            if (std::isnan(value)) continue;
            const std::string text = sweep_value_text(value, result.spec.metric);
            const ImVec2 text_size = ImGui::CalcTextSize(text.c_str());
            if (text_size.x + px(8.0f) <= cell_width && text_size.y + px(2.0f) <= cell_height)
                draw->AddText(ImVec2((low.x + high.x - text_size.x) * 0.5f, (low.y + high.y - text_size.y) * 0.5f), mark_colour_on(colour),
                              text.c_str());
            if (map.tied[cell] && !(row == map.best_row && column == map.best_column)) {
                const float radius = std::clamp(std::min(cell_width, cell_height) * 0.12f, 2.0f, px(4.0f));
                draw->AddCircleFilled(ImVec2(high.x - radius - px(2.0f), low.y + radius + px(2.0f)), radius, mark_colour_on(colour), 12);
            }
        }
    // The best cell: a thick outline in the best colour with a thin contrasting edge.
    {
        const ImVec2 low = cell_min(map.best_row, map.best_column);
        const ImVec2 high(low.x + cell_width - gap, low.y + cell_height - gap);
        draw->AddRect(low, high, best_colour(), 0.0f, ImDrawFlags_None, px(3.0f));
        draw->AddRect(ImVec2(low.x - px(2.0f), low.y - px(2.0f)), ImVec2(high.x + px(2.0f), high.y + px(2.0f)), text_colour, 0.0f,
                      ImDrawFlags_None, 1.0f);
    }

    // Day labels: rows on the left, columns under the grid, thinned so they never overlap.
    const int row_every = label_stride(line + 2.0f, cell_height);
    for (int row = 0; row < map.rows; row += row_every) {
        const std::string label = std::to_string(map.row_days[static_cast<std::size_t>(row)]);
        const ImVec2 label_size = ImGui::CalcTextSize(label.c_str());
        draw->AddText(ImVec2(grid_min.x - px(6.0f) - label_size.x, cell_min(row, 0).y + (cell_height - label_size.y) * 0.5f), tick_colour,
                      label.c_str());
    }
    float column_label_width = 0;
    for (int day : map.column_days) column_label_width = std::max(column_label_width, ImGui::CalcTextSize(std::to_string(day).c_str()).x);
    const int column_every = label_stride(column_label_width + px(8.0f), cell_width);
    for (int column = 0; column < map.columns; column += column_every) {
        const std::string label = std::to_string(map.column_days[static_cast<std::size_t>(column)]);
        const ImVec2 label_size = ImGui::CalcTextSize(label.c_str());
        draw->AddText(ImVec2(cell_min(0, column).x + (cell_width - label_size.x) * 0.5f, grid_max.y + px(4.0f)), tick_colour, label.c_str());
    }
    const ImVec2 columns_title_size = ImGui::CalcTextSize(columns_title.c_str());
    draw->AddText(ImVec2((grid_min.x + grid_max.x - columns_title_size.x) * 0.5f, grid_max.y + line + px(8.0f)), tick_colour,
                  columns_title.c_str());

    const float legend_x = grid_max.x + px(14.0f);
    draw_legend_bar(draw, map, axis_format, ImVec2(legend_x, grid_min.y), ImVec2(legend_x + legend_bar, grid_max.y));

    if (!hovered) return;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (mouse.x < grid_min.x || mouse.x >= grid_max.x || mouse.y < grid_min.y || mouse.y >= grid_max.y) return;
    const int column = std::clamp(static_cast<int>((mouse.x - grid_min.x) / cell_width), 0, map.columns - 1);
    const int row = std::clamp(static_cast<int>((mouse.y - grid_min.y) / cell_height), 0, map.rows - 1);
    const ImVec2 low = cell_min(row, column);
    draw->AddRect(low, ImVec2(low.x + cell_width - gap, low.y + cell_height - gap), text_colour, 0.0f, ImDrawFlags_None, 2.0f);
    if (const auto* point = point_at(result, map.row_days[static_cast<std::size_t>(row)], map.column_days[static_cast<std::size_t>(column)]))
        cell_read_out(result, *point, row == map.best_row && column == map.best_column);
}

}  // namespace touchpoint::web
