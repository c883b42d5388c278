#include "sections/experiments/experiments_controls.hpp"

#include "charts/palette.hpp"
#include "ui/help_window.hpp"
#include "ui/test_hooks.hpp"
#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace touchpoint::web {

void control_label(const char* text, const char* term) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    if (term) hover_definition(term);
    ImGui::SameLine();
}

void whole_number_field(const char* label, const char* id, int& value, int low, int high, float width, const char* hint) {
    control_label(label);
    ImGui::SetNextItemWidth(width);
    if (ImGui::InputInt(id, &value, 0, 0)) value = std::clamp(value, low, high);
    hover_hint(hint);
    ImGui::SameLine(0.0f, px(18.0f));
}

void hover_hint(const char* text) {
    if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(px(380.0f));
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

nlohmann::json drawn_charts_json(const std::vector<DrawnChart>& drawn) {
    nlohmann::json charts = nlohmann::json::object();
    for (const auto& chart : drawn) {
        auto rect = test_hooks::css_rect_json(chart.min, chart.max);
        rect["series"] = chart.series;
        charts[chart.name] = rect;
    }
    return charts;
}

void error_text(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().error_text);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

namespace {

ImU32 palette_colour(std::size_t index) {
    const auto colour = charts::series_colour(index);
    return IM_COL32(colour.r, colour.g, colour.b, colour.a);
}

}  // namespace

// The palette's blue, orange and green: the hues that read best on both themes.
ImU32 estimate_colour() { return palette_colour(0); }
ImU32 best_colour() { return palette_colour(1); }
ImU32 tied_colour() { return palette_colour(2); }

}  // namespace touchpoint::web
