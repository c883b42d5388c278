// Section index: geometry and colours; the lanes, the axis and the calendar lines; the markers;
// the mouse (hover, click, drag); the test API.
#include "ui/test_hooks.hpp"
#include "sections/cadences/cadence_timeline_view.hpp"

#include "charts/palette.hpp"
#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>

namespace touchpoint::web {

namespace {

using cadence::Channel;

// ---- Geometry and colours ------------------------------------------------------------------

constexpr float lane_css = 42.0f;
constexpr float header_css = 22.0f;
constexpr float axis_css = 24.0f;
constexpr float lane_label_css = 86.0f;
constexpr float marker_radius_css = 10.0f;
constexpr float repeat_radius_css = 6.0f;

ImU32 step_colour(int step, float alpha = 1.0f) { return step_marker_colour(step, alpha); }

ImU32 faded(ImU32 colour, float alpha) {
    const auto a = static_cast<float>((colour >> IM_COL32_A_SHIFT) & 0xFF) * alpha;
    return (colour & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a) << IM_COL32_A_SHIFT);
}

constexpr ImU32 warning_colour = IM_COL32(224, 140, 20, 255);

float lane_centre(const TimelineLayout& shown, Channel channel) {
    const auto c = static_cast<std::size_t>(channel);
    return shown.lane_top[c] + shown.lane_height[c] * 0.5f;
}

// ---- Lanes, axis and calendar lines ---------------------------------------------------------

void dashed_vertical(ImDrawList* draw, float x, float top, float bottom, ImU32 colour) {
    for (float y = top; y < bottom; y += px(8.0f)) draw->AddLine(ImVec2(x, y), ImVec2(x, std::min(bottom, y + px(4.0f))), colour, px(1.0f));
}

void draw_background(ImDrawList* draw, const TimelineLayout& layout, const cadence::Cadence& cadence, const TimelineScale& scale, ImVec2 origin,
                     ImVec2 size) {
    const ImU32 muted = theme_colours().muted_text;
    const ImU32 grid = faded(ImGui::GetColorU32(ImGuiCol_Border), 0.6f);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), ImGui::GetColorU32(ImGuiCol_ChildBg), px(4.0f));
    for (std::size_t c = 0; c < cadence::channel_count; ++c) {
        const float top = layout.lane_top[c], lane = layout.lane_height[c];
        if (c % 2 == 1)
            draw->AddRectFilled(ImVec2(origin.x, top), ImVec2(layout.plot_max.x, top + lane), ImGui::GetColorU32(ImGuiCol_TableRowBgAlt));
        const auto label = cadence::channel_label(static_cast<Channel>(c));
        const float text_height = ImGui::GetTextLineHeight();
        draw->AddText(ImVec2(origin.x + px(8.0f), top + (lane - text_height) * 0.5f), muted, label.data(), label.data() + label.size());
    }
    draw->AddLine(ImVec2(layout.plot_min.x, layout.plot_min.y), ImVec2(layout.plot_min.x, layout.plot_max.y), grid, px(1.0f));
    draw->AddLine(ImVec2(origin.x, layout.plot_max.y), ImVec2(layout.plot_max.x, layout.plot_max.y), grid, px(1.0f));

    // The quiet days after the first purchase, when only transactional messages go out.
    const int quiet = cadence.caps.quiet_days_after_purchase;
    const float header_y = origin.y + px(3.0f);
    if (quiet > 0) {
        const float x_end = scale.x_of(std::min(quiet, scale.horizon_days));
        draw->AddRectFilled(ImVec2(scale.x0, layout.plot_min.y), ImVec2(x_end, layout.plot_max.y), faded(theme_colours().accent, 0.10f));
    }
    // Day ticks with gridlines; the axis says what the days count from.
    const auto ticks = day_ticks(scale.horizon_days, scale.pixels_per_day(), px(56.0f));
    for (const int day : ticks) {
        const float x = scale.x_of(day);
        if (day > 0) draw->AddLine(ImVec2(x, layout.plot_min.y), ImVec2(x, layout.plot_max.y), faded(grid, 0.5f), px(1.0f));
        const std::string label = std::to_string(day);
        const float width = ImGui::CalcTextSize(label.c_str()).x;
        draw->AddText(ImVec2(x - width * 0.5f, layout.plot_max.y + px(3.0f)), muted, label.c_str());
    }
    const char* axis_title = "days after the first purchase";
    const float title_width = ImGui::CalcTextSize(axis_title).x;
    draw->AddText(ImVec2(layout.plot_max.x - title_width, header_y), muted, axis_title);

    // Day 0 and the renewals: the moments the triggers count from.
    draw->AddLine(ImVec2(scale.x0, layout.plot_min.y), ImVec2(scale.x0, layout.plot_max.y), text, px(1.5f));
    std::string first_label = "first purchase";
    if (quiet > 0) first_label += ", then " + std::to_string(quiet) + " quiet day" + (quiet == 1 ? "" : "s");
    draw->AddText(ImVec2(scale.x0 - px(4.0f), header_y), text, first_label.c_str());
    const int period = cadence.timing.renewal_period_days;
    for (int renewal = period; period > 0 && renewal <= scale.horizon_days; renewal += period) {
        const float x = scale.x_of(renewal);
        dashed_vertical(draw, x, layout.plot_min.y, layout.plot_max.y, muted);
        const float width = ImGui::CalcTextSize("renewal").x;
        if (x - width * 0.5f > scale.x0 + ImGui::CalcTextSize(first_label.c_str()).x + px(8.0f) && x + width * 0.5f < layout.plot_max.x - title_width - px(8.0f))
            draw->AddText(ImVec2(x - width * 0.5f, header_y), muted, "renewal");
    }
}

// ---- Markers ------------------------------------------------------------------------------

// The first markers of a lane, by day (then by step).
std::vector<const TimelineMarker*> first_markers_in(const TimelineLayout& layout, const cadence::Cadence& cadence, Channel channel) {
    std::vector<const TimelineMarker*> lane;
    for (const auto& marker : layout.markers)
        if (marker.first && cadence.steps[static_cast<std::size_t>(marker.step)].channel == channel) lane.push_back(&marker);
    std::stable_sort(lane.begin(), lane.end(), [](const auto* a, const auto* b) { return a->day < b->day; });
    return lane;
}

// Gives each step a row in its lane: the first row where its first marker does not cover
// another. A lane is as tall as its rows need, and at least lane_css; the lanes start at top.
void place_steps(TimelineLayout& layout, const cadence::Cadence& cadence, const TimelineScale& scale, float top) {
    const auto steps = cadence.steps.size();
    layout.step_row.assign(steps, 0);
    layout.step_offset.assign(steps, 0.0f);
    layout.lane_rows.assign(cadence::channel_count, 1);
    layout.lane_top.assign(cadence::channel_count, top);
    layout.lane_height.assign(cadence::channel_count, px(lane_css));
    const float r = px(marker_radius_css);
    const float spacing = 2.0f * r + px(2.0f);
    for (std::size_t c = 0; c < cadence::channel_count; ++c) {
        const auto lane = first_markers_in(layout, cadence, static_cast<Channel>(c));
        std::vector<float> row_end;  // the x of the last marker placed in each row
        for (const auto* marker : lane) {
            const float x = scale.x_of(marker->day);
            std::size_t row = 0;
            while (row < row_end.size() && x - row_end[row] < spacing) ++row;
            if (row == row_end.size()) row_end.push_back(x);
            row_end[row] = x;
            layout.step_row[static_cast<std::size_t>(marker->step)] = static_cast<int>(row);
        }
        const int rows = std::max<int>(1, static_cast<int>(row_end.size()));
        layout.lane_rows[c] = rows;
        layout.lane_top[c] = top;
        if (rows > 1) layout.lane_height[c] = std::max(px(lane_css), static_cast<float>(rows) * spacing + px(6.0f));
        top += layout.lane_height[c];
        for (const auto* marker : lane) {
            const auto s = static_cast<std::size_t>(marker->step);
            layout.step_offset[s] = (static_cast<float>(layout.step_row[s]) - static_cast<float>(rows - 1) * 0.5f) * spacing;
        }
    }
}

ImVec2 marker_centre(const TimelineLayout& layout, const cadence::Cadence& cadence, const TimelineScale& scale, const TimelineMarker& marker) {
    const auto s = static_cast<std::size_t>(marker.step);
    const float offset = s < layout.step_offset.size() ? layout.step_offset[s] : 0.0f;
    return ImVec2(scale.x_of(marker.day), lane_centre(layout, cadence.steps[s].channel) + offset);
}

void draw_marker(ImDrawList* draw, const TimelineLayout& layout, const cadence::Cadence& cadence, const TimelineScale& scale,
                 const TimelineMarker& marker, int selected_step, const std::vector<bool>& warned) {
    const ImVec2 centre = marker_centre(layout, cadence, scale, marker);
    const ImU32 colour = step_colour(marker.step);
    if (!marker.first) {
        // A repeat: a fainter dot of the step's colour (hollow when it waits for a condition).
        const float r = px(repeat_radius_css);
        if (marker.conditional) draw->AddCircle(centre, r, step_colour(marker.step, 0.45f), 16, px(1.5f));
        else draw->AddCircleFilled(centre, r, step_colour(marker.step, 0.35f), 16);
        return;
    }
    const float r = px(marker_radius_css);
    if (marker.step == selected_step) draw->AddCircle(centre, r + px(4.0f), theme_colours().accent, 24, px(2.5f));
    if (marker.conditional) {
        draw->AddCircleFilled(centre, r, ImGui::GetColorU32(ImGuiCol_ChildBg), 24);
        draw->AddCircle(centre, r - px(1.0f), colour, 24, px(2.0f));
    } else {
        draw->AddCircleFilled(centre, r, colour, 24);
    }
    const std::string number = std::to_string(marker.step + 1);
    const ImVec2 number_size = ImGui::CalcTextSize(number.c_str());
    draw->AddText(ImVec2(centre.x - number_size.x * 0.5f, centre.y - number_size.y * 0.5f),
                  marker.conditional ? colour : IM_COL32(255, 255, 255, 255), number.c_str());
    if (static_cast<std::size_t>(marker.step) < warned.size() && warned[static_cast<std::size_t>(marker.step)]) {
        const ImVec2 badge(centre.x + r * 0.75f, centre.y - r * 0.75f);
        draw->AddCircleFilled(badge, px(4.5f), warning_colour, 12);
        draw->AddCircle(badge, px(4.5f), ImGui::GetColorU32(ImGuiCol_ChildBg), 12, px(1.0f));
    }
}

// The text, cut to `width` with "..." when it is wider.
std::string fitted(const std::string& text, ImFont* font, float size, float width) {
    const auto measure = [&](const std::string& candidate) { return font->CalcTextSizeA(size, FLT_MAX, 0.0f, candidate.c_str()).x; };
    if (measure(text) <= width) return text;
    std::string cut = text;
    while (!cut.empty() && measure(cut + "...") > width) cut.pop_back();
    while (!cut.empty() && cut.back() == ' ') cut.pop_back();
    return cut.empty() ? std::string() : cut + "...";
}

// The names of the steps beside their first markers, lane by lane: to the right when there is
// room before the next marker, else to the left when there is room there, else cut at the next
// marker. A conditional step says under its name what it waits for, in smaller type.
void draw_labels(ImDrawList* draw, const TimelineLayout& layout, const cadence::Cadence& cadence, const TimelineScale& scale) {
    ImFont* font = ImGui::GetFont();
    const float small = ImGui::GetFontSize() * 0.8f;
    const float line = ImGui::GetTextLineHeight();
    const float r = px(marker_radius_css);
    for (std::size_t c = 0; c < cadence::channel_count; ++c) {
        const auto lane_markers = first_markers_in(layout, cadence, static_cast<Channel>(c));
        const int rows = layout.lane_rows[c];
        // In a lane with rows the labels have one line each: the condition is left to the tooltip.
        const float row_height = rows > 1 ? line : px(lane_css);
        for (int row = 0; row < rows; ++row) {
            std::vector<const TimelineMarker*> lane;
            for (const auto* marker : lane_markers)
                if (layout.step_row[static_cast<std::size_t>(marker->step)] == row) lane.push_back(marker);
            float occupied = layout.plot_min.x;
            for (std::size_t i = 0; i < lane.size(); ++i) {
                const auto& marker = *lane[i];
                const auto& step = cadence.steps[static_cast<std::size_t>(marker.step)];
                const ImVec2 centre = marker_centre(layout, cadence, scale, marker);
                const float next = i + 1 < lane.size() ? scale.x_of(lane[i + 1]->day) - r - px(4.0f) : layout.plot_max.x - px(4.0f);
                const std::string condition = marker.conditional && rows == 1 ? condition_text(step) : std::string();
                const float width = std::max(ImGui::CalcTextSize(step.name.c_str()).x,
                                             condition.empty() ? 0.0f : font->CalcTextSizeA(small, FLT_MAX, 0.0f, condition.c_str()).x);
                float x = centre.x + r + px(5.0f);
                float end = next;
                if (x + width > next && centre.x - r - px(5.0f) - width >= occupied + px(6.0f)) {
                    x = centre.x - r - px(5.0f) - width;
                    end = x + width;
                }
                occupied = std::max(centre.x + r, std::min(end, x + width));
                if (end - x < px(24.0f)) continue;
                const float top = condition.empty() ? centre.y - line * 0.5f : centre.y - (line + small) * 0.5f;
                draw->PushClipRect(ImVec2(x, centre.y - row_height * 0.5f), ImVec2(end, centre.y + row_height * 0.5f), true);
                const std::string name = fitted(step.name, font, ImGui::GetFontSize(), end - x);
                draw->AddText(ImVec2(x, top), ImGui::GetColorU32(ImGuiCol_Text), name.c_str());
                if (!condition.empty())
                    draw->AddText(font, small, ImVec2(x, top + line - px(1.0f)), theme_colours().muted_text, fitted(condition, font, small, end - x).c_str());
                draw->PopClipRect();
            }
        }
    }
}

// ---- The mouse ---------------------------------------------------------------------------

// The marker under the mouse: first markers over repeats, later steps over earlier ones.
const TimelineMarker* marker_at(const TimelineLayout& layout, const cadence::Cadence& cadence, const TimelineScale& scale, ImVec2 mouse) {
    const TimelineMarker* found = nullptr;
    for (const bool first : {false, true})
        for (const auto& marker : layout.markers) {
            if (marker.first != first) continue;
            const ImVec2 centre = marker_centre(layout, cadence, scale, marker);
            const float reach = px((first ? marker_radius_css : repeat_radius_css) + 3.0f);
            const float dx = mouse.x - centre.x, dy = mouse.y - centre.y;
            if (dx * dx + dy * dy <= reach * reach) found = &marker;
        }
    return found;
}

void step_tooltip(const cadence::Cadence& cadence, const TimelineMarker& marker) {
    const auto& step = cadence.steps[static_cast<std::size_t>(marker.step)];
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(px(380.0f));
    ImGui::Text("%d. %s", marker.step + 1, step.name.c_str());
    const auto kind = cadence::touch_kind_label(step.kind);
    const auto channel = cadence::channel_label(step.channel);
    const auto trigger = cadence::trigger_label(step.trigger);
    ImGui::TextDisabled("%.*s by %.*s", static_cast<int>(kind.size()), kind.data(), static_cast<int>(channel.size()), channel.data());
    ImGui::Text("%.*s, delay %d days: day %d%s", static_cast<int>(trigger.size()), trigger.data(), step.delay_days, marker.day,
                marker.first ? "" : " (a repeat)");
    if (step.repeat_every_days > 0 && step.trigger != cadence::Trigger::BeforeRenewal) ImGui::Text("Repeats every %d days", step.repeat_every_days);
    if (marker.conditional) ImGui::Text("Conditional: %s", condition_text(step).c_str());
    ImGui::Text("Reaches %.0f%% of customers, %.2f per touch", step.reach_rate * 100.0, step.cost);
    ImGui::TextDisabled("Click to edit; drag along the days to change the delay.");
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

}  // namespace

ImU32 step_marker_colour(int step, float alpha) {
    const auto colour = charts::series_colour(static_cast<std::size_t>(step));
    return IM_COL32(colour.r, colour.g, colour.b, static_cast<int>(255.0f * alpha));
}

TimelineInput draw_cadence_timeline(TimelineView& view, const cadence::Cadence& cadence, int selected_step, const std::vector<bool>& warned) {
    auto& drag = view.drag;
    auto& layout = view.layout;
    TimelineInput input;
    if (drag.step >= static_cast<int>(cadence.steps.size())) drag.step = -1;  // an undo took the step away
    const float width = ImGui::GetContentRegionAvail().x;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    layout.horizon = drag.step >= 0 ? drag.horizon : timeline_horizon(cadence);
    layout.plot_min = ImVec2(origin.x + px(lane_label_css), origin.y + px(header_css));
    layout.plot_max.x = origin.x + width - px(8.0f);
    // Room for a marker on day 0 and for the labels of the last ones.
    const TimelineScale scale{layout.plot_min.x + px(marker_radius_css + 8.0f), layout.plot_max.x - px(marker_radius_css + 24.0f),
                              std::max(1, layout.horizon)};
    layout.x0 = scale.x0;
    layout.x1 = scale.x1;
    layout.markers = timeline_markers(cadence, layout.horizon);
    place_steps(layout, cadence, scale, layout.plot_min.y);
    layout.plot_max.y = layout.lane_top.back() + layout.lane_height.back();
    const ImVec2 size(width, layout.plot_max.y + px(axis_css) - origin.y);

    draw->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
    draw_background(draw, layout, cadence, scale, origin, size);
    for (const bool first : {false, true})
        for (const auto& marker : layout.markers)
            if (marker.first == first) draw_marker(draw, layout, cadence, scale, marker, selected_step, warned);
    draw_labels(draw, layout, cadence, scale);
    if (cadence.steps.empty()) {
        const char* hint = "No steps yet: add one below.";
        const ImVec2 hint_size = ImGui::CalcTextSize(hint);
        draw->AddText(ImVec2((layout.plot_min.x + layout.plot_max.x - hint_size.x) * 0.5f, (layout.plot_min.y + layout.plot_max.y - hint_size.y) * 0.5f),
                      theme_colours().muted_text, hint);
    }
    draw->PopClipRect();
    for (const auto& marker : layout.markers) {
        if (!marker.first) continue;
        const ImVec2 centre = marker_centre(layout, cadence, scale, marker);
        const float r = px(marker_radius_css);
        if (test_hooks::recording()) test_hooks::record_click_target("cadence_step:" + std::to_string(marker.step), ImVec2(centre.x - r, centre.y - r), ImVec2(centre.x + r, centre.y + r));
    }

    // One invisible button over the whole timeline: it owns the mouse from press to release.
    ImGui::SetCursorScreenPos(origin);
    ImGui::InvisibleButton("##cadence_timeline", size);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (ImGui::IsItemActivated()) {
        if (const auto* pressed = marker_at(layout, cadence, scale, mouse)) {
            input.clicked_step = pressed->step;
            drag.step = pressed->step;
            drag.start_x = mouse.x;
            drag.start_day = first_day(cadence.steps[static_cast<std::size_t>(pressed->step)], cadence.timing);
            drag.horizon = layout.horizon;
            ++drag.serial;
        }
    }
    if (drag.step >= 0 && !ImGui::IsItemActive()) drag.step = -1;
    if (drag.step >= 0) {
        const auto& step = cadence.steps[static_cast<std::size_t>(drag.step)];
        const int day = std::clamp(drag.start_day + scale.days_moved(mouse.x - drag.start_x), 0, layout.horizon);
        const int delay = delay_for_first_day(step, cadence.timing, day);
        if (delay != step.delay_days) input.drag = TimelineDrag{drag.step, delay, drag.serial};
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
        auto moved = step;
        moved.delay_days = delay;
        ImGui::SetTooltip("%s: day %d, delay %d days", step.name.c_str(), first_day(moved, cadence.timing), delay);
    } else if (ImGui::IsItemHovered()) {
        if (const auto* hovered = marker_at(layout, cadence, scale, mouse)) {
            ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            step_tooltip(cadence, *hovered);
        }
    }
    layout.dragging = drag.step;
    return input;
}

nlohmann::json timeline_state_json(const TimelineView& view) {
    const auto& layout = view.layout;
    const float s = ui_scale();
    nlohmann::json markers = nlohmann::json::array();
    for (const auto& marker : layout.markers)
        markers.push_back({{"step", marker.step}, {"day", marker.day}, {"first", marker.first}, {"conditional", marker.conditional}});
    return {{"horizon_days", layout.horizon},
            {"day0_x", layout.x0 / s},
            {"last_day_x", layout.x1 / s},
            {"pixels_per_day", layout.horizon > 0 ? (layout.x1 - layout.x0) / s / static_cast<float>(layout.horizon) : 0.0f},
            {"rect", test_hooks::css_rect_json(layout.plot_min, layout.plot_max)},
            {"markers", std::move(markers)},
            {"dragging", layout.dragging >= 0 ? nlohmann::json(layout.dragging) : nlohmann::json(nullptr)}};
}

}  // namespace touchpoint::web
