#include "sections/cadences/cadence_inspector.hpp"

#include "ui/test_hooks.hpp"
#include "sections/cadences/cadence_timeline.hpp"
#include "ui/ui_scale.hpp"
#include "touchpoint/metrics/segments.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>

namespace touchpoint::web {

namespace {

using cadence::Trigger;

constexpr std::array<metrics::Segment, 4> target_segments{metrics::Segment::New, metrics::Segment::Returning, metrics::Segment::Loyal,
                                                          metrics::Segment::Lapsed};

int resize_callback(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* text = static_cast<std::string*>(data->UserData);
        text->resize(static_cast<std::size_t>(data->BufTextLen));
        data->Buf = text->data();
    }
    return 0;
}

void label_cell(const char* text, std::string_view tooltip = {}) {
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    if (!tooltip.empty() && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(px(360.0f));
        ImGui::TextUnformatted(tooltip.data(), tooltip.data() + tooltip.size());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    ImGui::TableNextColumn();
}

// The delay's label says what the days count for this trigger.
const char* delay_label(Trigger trigger) {
    switch (trigger) {
        case Trigger::BeforeRenewal: return "Days before";
        case Trigger::AfterSilence: return "Silent days";
        case Trigger::UsualRepurchaseTime: return "Days past usual";
        default: return "Delay (days)";
    }
}

// validate_cadence's range of delays for the trigger.
int clamp_delay(Trigger trigger, int delay, const cadence::CadenceTiming& timing) {
    switch (trigger) {
        case Trigger::BeforeRenewal: return std::clamp(delay, 0, std::max(0, timing.renewal_period_days - 1));
        case Trigger::AfterSilence: return std::clamp(delay, 1, 36500);
        case Trigger::UsualRepurchaseTime: return std::clamp(delay, -36500, 36500);
        default: return std::clamp(delay, 0, 36500);
    }
}

std::string segments_preview(const cadence::CadenceStep& step) {
    if (step.segments.empty()) return "Every customer";
    std::string text;
    for (const auto segment : step.segments) text += (text.empty() ? "" : ", ") + std::string(metrics::segment_label(segment));
    return text;
}

struct Edits {
    std::optional<StepEdit> made;
    const cadence::CadenceStep& step;
    int& edit_serial;

    void record(const cadence::CadenceStep& edited, const std::string& what, bool continuous) {
        made = StepEdit{edited, continuous ? what + ":" + std::to_string(edit_serial) : std::string(),
                        "change the " + what + " of '" + step.name + "'"};
    }
    // After a continuous control: when it lets go, the next edit of it is a new undo step.
    void end_of_stretch() {
        if (ImGui::IsItemDeactivatedAfterEdit()) ++edit_serial;
    }
};

void draw_left_column(Edits& edits, const cadence::CadenceTiming& timing) {
    const auto& step = edits.step;
    label_cell("Name");
    ImGui::SetNextItemWidth(-1.0f);
    if (auto name = step.name; input_string("##step_name", name)) {
        auto edited = step;
        edited.name = name;
        edits.record(edited, "name", true);
    }
    edits.end_of_stretch();

    label_cell("Kind");
    ImGui::SetNextItemWidth(-1.0f);
    const auto kind_label = cadence::touch_kind_label(step.kind);
    if (ImGui::BeginCombo("##kind", std::string(kind_label).c_str())) {
        for (std::size_t k = 0; k < cadence::touch_kind_count; ++k) {
            const auto kind = static_cast<cadence::TouchKind>(k);
            if (ImGui::Selectable(std::string(cadence::touch_kind_label(kind)).c_str(), kind == step.kind) && kind != step.kind) {
                auto edited = step;
                edited.kind = kind;
                edits.record(edited, "kind", false);
            }
        }
        ImGui::EndCombo();
    }

    label_cell("Trigger", cadence::trigger_delay_meaning(step.trigger));
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##trigger", std::string(cadence::trigger_label(step.trigger)).c_str())) {
        for (std::size_t t = 0; t < cadence::trigger_count; ++t) {
            const auto trigger = static_cast<Trigger>(t);
            if (ImGui::Selectable(std::string(cadence::trigger_label(trigger)).c_str(), trigger == step.trigger) && trigger != step.trigger) {
                auto edited = step;
                edited.trigger = trigger;
                edited.delay_days = clamp_delay(trigger, step.delay_days, timing);
                edits.record(edited, "trigger", false);
            }
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(px(360.0f));
                const auto meaning = cadence::trigger_delay_meaning(trigger);
                ImGui::TextUnformatted(meaning.data(), meaning.data() + meaning.size());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
        }
        ImGui::EndCombo();
    }

    label_cell(delay_label(step.trigger), cadence::trigger_delay_meaning(step.trigger));
    ImGui::SetNextItemWidth(px(110.0f));
    if (int delay = step.delay_days; ImGui::InputInt("##delay", &delay, 1, 7)) {
        auto edited = step;
        edited.delay_days = clamp_delay(step.trigger, delay, timing);
        if (edited.delay_days != step.delay_days) edits.record(edited, "delay", true);
    }
    edits.end_of_stretch();
    ImGui::SameLine();
    ImGui::TextDisabled(is_conditional(step.trigger) ? "day %d, if" : "day %d", first_day(step, timing));

    label_cell("Repeat every", "0: once for each time the trigger fires. Otherwise the touch goes out again every that many days "
                               "(for ever after the first purchase or the renewal, until the next purchase or segment change otherwise).");
    ImGui::SetNextItemWidth(px(110.0f));
    if (int repeat = step.repeat_every_days; ImGui::InputInt("##repeat", &repeat, 1, 30)) {
        auto edited = step;
        edited.repeat_every_days = std::clamp(repeat, 0, 36500);
        if (edited.repeat_every_days != step.repeat_every_days) edits.record(edited, "repeat interval", true);
    }
    edits.end_of_stretch();
    ImGui::SameLine();
    ImGui::TextDisabled(step.repeat_every_days == 0 ? "days: once" : "days");
}

void draw_right_column(Edits& edits) {
    const auto& step = edits.step;
    const auto defaults = cadence::channel_defaults(step.channel);
    label_cell("Channel");
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##channel", std::string(cadence::channel_label(step.channel)).c_str())) {
        for (std::size_t c = 0; c < cadence::channel_count; ++c) {
            const auto channel = static_cast<cadence::Channel>(c);
            if (ImGui::Selectable(std::string(cadence::channel_label(channel)).c_str(), channel == step.channel) && channel != step.channel) {
                auto edited = step;
                edited.channel = channel;
                // Reach and cost follow the channel unless the user set their own.
                const auto next = cadence::channel_defaults(channel);
                if (step.reach_rate == defaults.reach_rate) edited.reach_rate = next.reach_rate;
                if (step.cost == defaults.cost_per_touch) edited.cost = next.cost_per_touch;
                edits.record(edited, "channel", false);
            }
        }
        ImGui::EndCombo();
    }

    const std::string source = "The share of touches that reach the customer (opened, answered, met). The channel's default is " +
                               std::to_string(static_cast<int>(std::lround(defaults.reach_rate * 100.0))) + "%: " + std::string(defaults.source);
    label_cell("Reach rate", source);
    ImGui::SetNextItemWidth(-1.0f);
    if (float percent = static_cast<float>(step.reach_rate * 100.0); ImGui::SliderFloat("##reach", &percent, 0.0f, 100.0f, "%.0f%%")) {
        auto edited = step;
        edited.reach_rate = std::clamp(std::round(static_cast<double>(percent)) / 100.0, 0.0, 1.0);
        if (edited.reach_rate != step.reach_rate) edits.record(edited, "reach rate", true);
    }
    edits.end_of_stretch();

    label_cell("Cost per touch", "In the currency of the orders, for every touch sent, whether it reaches the customer or not.");
    ImGui::SetNextItemWidth(-1.0f);
    if (double cost = step.cost; ImGui::InputDouble("##cost", &cost, 0.01, 1.0, "%.2f")) {
        auto edited = step;
        edited.cost = std::clamp(cost, 0.0, 1e9);
        if (edited.cost != step.cost) edits.record(edited, "cost", true);
    }
    edits.end_of_stretch();

    label_cell("Segments", "The segments the step goes to (as the Segments section defines them); none ticked: every customer.");
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##segments", segments_preview(step).c_str())) {
        for (const auto segment : target_segments) {
            bool chosen = std::find(step.segments.begin(), step.segments.end(), segment) != step.segments.end();
            if (ImGui::Checkbox(std::string(metrics::segment_label(segment)).c_str(), &chosen)) {
                auto edited = step;
                edited.segments.clear();
                for (const auto kept : target_segments) {
                    const bool was = std::find(step.segments.begin(), step.segments.end(), kept) != step.segments.end();
                    if (kept == segment ? chosen : was) edited.segments.push_back(kept);
                }
                edits.record(edited, "segments", false);
            }
        }
        ImGui::EndCombo();
    }

    label_cell("Discount", "A price cut: a short lift in purchases at the cost of later full-price ones.");
    if (bool discount = step.discount; ImGui::Checkbox("carries a price cut", &discount)) {
        auto edited = step;
        edited.discount = discount;
        edits.record(edited, "discount", false);
    }
    label_cell("Transactional", "A service message (order status, returns): exempt from the caps and the quiet days.");
    if (bool transactional = step.transactional; ImGui::Checkbox("exempt from the caps", &transactional)) {
        auto edited = step;
        edited.transactional = transactional;
        edits.record(edited, "transactional flag", false);
    }
}

void draw_intent(StepInspector& inspector, Edits& edits, int index) {
    const auto& step = edits.step;
    if (inspector.intent_step == index) {
        if (std::exchange(inspector.focus_intent, false)) ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(-1.0f);
        if (auto intent = step.intent; input_string("##intent", intent)) {
            auto edited = step;
            edited.intent = intent;
            edits.record(edited, "intent", true);
        }
        if (ImGui::IsItemDeactivated()) {
            inspector.intent_step = -1;
            ++inspector.edit_serial;
        }
        return;
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    const float width = ImGui::GetContentRegionAvail().x;
    const char* shown = step.intent.empty() ? "What is this touch for? Click to write it." : step.intent.c_str();
    const float text_height = ImGui::CalcTextSize(shown, nullptr, false, width - style.FramePadding.x * 2.0f).y;
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 size(width, text_height + style.FramePadding.y * 2.0f);
    const bool clicked = ImGui::InvisibleButton("##intent_text", size);
    test_hooks::record_click_target("cadences:intent", min, ImVec2(min.x + size.x, min.y + size.y));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(min, ImVec2(min.x + size.x, min.y + size.y), ImGui::GetColorU32(hovered ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg),
                        style.FrameRounding);
    if (style.FrameBorderSize > 0.0f)
        draw->AddRect(min, ImVec2(min.x + size.x, min.y + size.y), ImGui::GetColorU32(ImGuiCol_Border), style.FrameRounding, 0, style.FrameBorderSize);
    draw->AddText(nullptr, 0.0f, ImVec2(min.x + style.FramePadding.x, min.y + style.FramePadding.y),
                  ImGui::GetColorU32(step.intent.empty() ? ImGuiCol_TextDisabled : ImGuiCol_Text), shown, nullptr,
                  width - style.FramePadding.x * 2.0f);
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_TextInput);
    if (clicked) {
        inspector.intent_step = index;
        inspector.focus_intent = true;
    }
}

}  // namespace

bool input_string(const char* label, std::string& text, float height, ImGuiInputTextFlags flags) {
    flags |= ImGuiInputTextFlags_CallbackResize;
    if (height > 0.0f)
        return ImGui::InputTextMultiline(label, text.data(), text.capacity() + 1, ImVec2(-1.0f, height), flags, resize_callback, &text);
    return ImGui::InputText(label, text.data(), text.capacity() + 1, flags, resize_callback, &text);
}

std::optional<StepEdit> draw_step_inspector(StepInspector& inspector, const cadence::CadenceStep& step, int index,
                                            const cadence::CadenceTiming& timing) {
    Edits edits{std::nullopt, step, inspector.edit_serial};
    ImGui::PushID(index);
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX;
    // Two tables side by side, so each group of fields keeps its own label width.
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    const float left_labels = ImGui::CalcTextSize("Days past usual").x + px(8.0f);
    const float right_labels = ImGui::CalcTextSize("Transactional").x + px(8.0f);
    if (ImGui::BeginTable("left_fields", 2, flags, ImVec2(half, 0.0f))) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, left_labels);
        ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthStretch);
        draw_left_column(edits, timing);
        ImGui::EndTable();
    }
    ImGui::SameLine();
    if (ImGui::BeginTable("right_fields", 2, flags, ImVec2(half, 0.0f))) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, right_labels);
        ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthStretch);
        draw_right_column(edits);
        ImGui::EndTable();
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Intent");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("What the touch is for, in a sentence: clarify expectations, proactive outreach, offer relevant value.");
    ImGui::SameLine(left_labels + ImGui::GetStyle().CellPadding.x * 2.0f);
    draw_intent(inspector, edits, index);
    ImGui::PopID();
    return edits.made;
}

}  // namespace touchpoint::web
