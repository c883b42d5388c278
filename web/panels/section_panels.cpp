#include "section_panels.hpp"

#include "../theme.hpp"
#include "../ui_scale.hpp"

#include <algorithm>

namespace touchpoint::web {

namespace {

constexpr const char* not_yet = "This section is not in this version yet; the step above is what it will start from.";

const EmptyStateText segments{
    "New, returning, loyal and lapsed customers, RFM scores, and how many customers move between "
    "the groups from month to month.",
    "Start with orders: import your shop's order export on the Data page. Until then, the "
    "built-in sample shop stands in for your data.",
    "Go to Data", Section::Data};
const EmptyStateText models{
    "Buy-till-you-die models (BG/NBD, Pareto/NBD, Gamma-Gamma) fitted to your orders: for each "
    "customer, the chance of still being active, the purchases to expect and the lifetime value.",
    "Load orders on the Data page. The models are fitted to each customer's purchase summary "
    "(repeat purchases x, last purchase t_x, time observed T).",
    "Go to Data", Section::Data};
const EmptyStateText cadences{
    "Outreach plans: a welcome within 24 hours, a check-in after delivery, quarterly check-ins, "
    "milestones, pre-renewal calls, win-back for drifting customers. Each step has a trigger, a "
    "delay, a channel, a cost and a target segment, with frequency caps.",
    "Look at who your customers are first (Dashboard), then plan the first step: whom it "
    "targets and when it fires.",
    "Go to Dashboard", Section::Dashboard};
const EmptyStateText simulate{
    "Monte Carlo runs of a cadence on a behaviour model calibrated from your data, to compare "
    "plans and follow-up timings before trying them on customers.",
    "A simulation needs a cadence (Cadences) and a fitted model (Models): load your orders on "
    "the Data page to calibrate it.",
    "Go to Data", Section::Data};
const EmptyStateText nothing{"", "", nullptr, Section::Data};

}  // namespace

const EmptyStateText& empty_state_text(Section section) {
    switch (section) {
        case Section::Segments: return segments;
        case Section::Models: return models;
        case Section::Cadences: return cadences;
        case Section::Simulate: return simulate;
        case Section::Data:
        case Section::Dashboard:
        case Section::Experiments:
        case Section::Trainer:
        case Section::Share: break;
    }
    return nothing;
}

std::optional<Section> draw_empty_state(Section section, ImFont* heading) {
    const auto& info = section_info(section);
    const auto& text = empty_state_text(section);
    const float width = std::min(ImGui::GetContentRegionAvail().x, px(560.0f));
    const float left = (ImGui::GetContentRegionAvail().x - width) * 0.5f;
    ImGui::Dummy(ImVec2(0.0f, std::max(px(24.0f), ImGui::GetContentRegionAvail().y * 0.18f)));

    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + left);
    ImGui::BeginGroup();
    if (heading) ImGui::PushFont(heading);
    ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().accent);
    ImGui::TextUnformatted(info.icon);
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextUnformatted(info.name);
    if (heading) ImGui::PopFont();
    ImGui::Spacing();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(text.what);
    ImGui::Spacing();
    ImGui::TextUnformatted("What to do first");
    ImGui::TextDisabled("%s", text.first_step);
    ImGui::Spacing();
    ImGui::TextDisabled("%s", not_yet);
    ImGui::PopTextWrapPos();
    std::optional<Section> go_to;
    if (text.action) {
        ImGui::Spacing();
        if (ImGui::Button(text.action)) go_to = text.action_goes_to;
    }
    ImGui::EndGroup();
    return go_to;
}

}  // namespace touchpoint::web
