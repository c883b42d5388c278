#include "bar_chart.hpp"

#include "../format.hpp"
#include "scales.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace touchpoint::charts {

namespace {

constexpr float legend_height = 24.0f;
constexpr float y_axis_width = 48.0f;
constexpr float x_axis_height = 22.0f;

// Series visibility lives in ImGui's per-window storage, keyed by the chart and series label,
// so it survives frames without the caller keeping state.
bool* series_visible(ImGuiID chart_id, const char* label) {
    ImGui::PushID(static_cast<int>(chart_id));
    const ImGuiID key = ImGui::GetID(label);
    ImGui::PopID();
    return ImGui::GetStateStorage()->GetBoolRef(key, true);
}

void draw_legend(ImDrawList* draw, ImGuiID chart_id, std::span<const BarSeries> series, ImVec2 origin) {
    float x = origin.x;
    for (const auto& entry : series) {
        bool* visible = series_visible(chart_id, entry.label);
        const ImVec2 text_size = ImGui::CalcTextSize(entry.label);
        const ImVec2 item_min{x, origin.y};
        const ImVec2 item_max{x + 18.0f + text_size.x, origin.y + legend_height};
        ImGui::SetCursorScreenPos(item_min);
        ImGui::PushID(entry.label);
        if (ImGui::InvisibleButton("legend", ImVec2(item_max.x - item_min.x, item_max.y - item_min.y))) *visible = !*visible;
        ImGui::PopID();
        const float box_y = origin.y + (legend_height - 10.0f) * 0.5f;
        const ImU32 swatch = *visible ? entry.color : ImGui::GetColorU32(ImGuiCol_TextDisabled);
        draw->AddRectFilled(ImVec2(x, box_y), ImVec2(x + 10.0f, box_y + 10.0f), swatch, 2.0f);
        draw->AddText(ImVec2(x + 16.0f, origin.y + (legend_height - text_size.y) * 0.5f),
                      ImGui::GetColorU32(*visible ? ImGuiCol_Text : ImGuiCol_TextDisabled), entry.label);
        x = item_max.x + 16.0f;
    }
}

}  // namespace

BarChartResult stacked_bar_chart(const char* id, std::span<const std::string> categories,
                                 std::span<const BarSeries> series, ImVec2 size) {
    BarChartResult result;
    ImGui::PushID(id);
    const ImGuiID chart_id = ImGui::GetID("chart");
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    result.min = origin;
    result.max = ImVec2(origin.x + size.x, origin.y + size.y);

    draw_legend(draw, chart_id, series, origin);
    const ImVec2 plot_min{origin.x + y_axis_width, origin.y + legend_height + 8.0f};
    const ImVec2 plot_max{result.max.x - 8.0f, result.max.y - x_axis_height};
    const std::size_t count = categories.size();

    // Stack heights of the visible series decide the y range.
    std::vector<bool> visible;
    for (const auto& entry : series) visible.push_back(*series_visible(chart_id, entry.label));
    double highest = 0;
    for (std::size_t c = 0; c < count; ++c) {
        double stack = 0;
        for (std::size_t s = 0; s < series.size(); ++s)
            if (visible[s]) stack += series[s].values[c];
        highest = std::max(highest, stack);
    }
    const Ticks ticks = nice_ticks(0.0, highest, 5);
    auto y_of = [&](double value) {
        return plot_max.y - static_cast<float>((value - ticks.low) / (ticks.high - ticks.low)) * (plot_max.y - plot_min.y);
    };

    const ImU32 grid = ImGui::GetColorU32(ImGuiCol_Border);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    for (double value : ticks.values) {
        const float y = y_of(value);
        draw->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y), grid);
        const std::string label = web::format_tick(value);
        const ImVec2 label_size = ImGui::CalcTextSize(label.c_str());
        draw->AddText(ImVec2(plot_min.x - 6.0f - label_size.x, y - label_size.y * 0.5f), text, label.c_str());
    }

    if (count > 0) {
        const float slot = (plot_max.x - plot_min.x) / static_cast<float>(count);
        const float bar_width = std::max(1.0f, slot * 0.72f);

        // Hover: the category under the mouse gets a band and a read-out.
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        if (ImGui::IsWindowHovered() && mouse.x >= plot_min.x && mouse.x < plot_max.x && mouse.y >= plot_min.y &&
            mouse.y <= plot_max.y)
            result.hovered_category = std::clamp(static_cast<int>((mouse.x - plot_min.x) / slot), 0, static_cast<int>(count) - 1);
        if (result.hovered_category >= 0) {
            const float x0 = plot_min.x + slot * static_cast<float>(result.hovered_category);
            draw->AddRectFilled(ImVec2(x0, plot_min.y), ImVec2(x0 + slot, plot_max.y), ImGui::GetColorU32(ImGuiCol_FrameBgHovered));
        }

        for (std::size_t c = 0; c < count; ++c) {
            const float x0 = plot_min.x + slot * static_cast<float>(c) + (slot - bar_width) * 0.5f;
            double stack = 0;
            for (std::size_t s = 0; s < series.size(); ++s) {
                if (!visible[s]) continue;
                const double top = stack + series[s].values[c];
                draw->AddRectFilled(ImVec2(x0, y_of(top)), ImVec2(x0 + bar_width, y_of(stack)), series[s].color);
                stack = top;
            }
        }

        // Category labels, thinned so they never overlap.
        const float label_width = ImGui::CalcTextSize(categories[0].c_str()).x + 12.0f;
        const std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(label_width / slot) + 1);
        for (std::size_t c = 0; c < count; c += every) {
            const ImVec2 label_size = ImGui::CalcTextSize(categories[c].c_str());
            const float center = plot_min.x + slot * (static_cast<float>(c) + 0.5f);
            draw->AddText(ImVec2(center - label_size.x * 0.5f, plot_max.y + 4.0f), text, categories[c].c_str());
        }

        if (result.hovered_category >= 0) {
            const auto hovered = static_cast<std::size_t>(result.hovered_category);
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(categories[hovered].c_str());
            for (const auto& entry : series)
                ImGui::Text("%s: %s", entry.label, web::format_count(std::llround(entry.values[hovered])).c_str());
            ImGui::EndTooltip();
        }
    }
    draw->AddLine(ImVec2(plot_min.x, plot_max.y), ImVec2(plot_max.x, plot_max.y), ImGui::GetColorU32(ImGuiCol_Text));

    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(size);
    ImGui::PopID();
    return result;
}

}  // namespace touchpoint::charts
