// The Play tab: the scenario and seed, the persona with the trust meter, the transcript as chat
// bubbles and the replies as buttons; the debrief (trainer_debrief.cpp) once the conversation ends.
// Section index: playing; the bubbles and buttons; the tab.
#include "ui/test_hooks.hpp"
#include "sections/drill_down/drill_down.hpp"
#include "sections/trainer/trainer_state.hpp"
#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"
#include "app/workbench.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace touchpoint::web {

void draw_debrief(TrainerState& state, Workbench& workbench, ImFont* heading);

// ---- Playing -----------------------------------------------------------------------------------

void play_scenario(TrainerState& state, const roleplay::Scenario& scenario, bool preview) {
    state.player.scenario = scenario;
    state.player.preview = preview;
    restart_conversation(state);
}

void restart_conversation(TrainerState& state) {
    auto& player = state.player;
    player.debrief.reset();
    player.what_if.reset();
    player.what_if_error.clear();
    player.scrolled_turns = static_cast<std::size_t>(-1);
    player.show_transcript_after_end = false;
    state.session.recorded = false;
    try {
        player.conversation.emplace(player.scenario, player.seed);
        player.error.clear();
    } catch (const std::exception& error) {
        player.conversation.reset();
        player.error = error.what();
    }
}

void choose_reply(TrainerState& state, std::size_t index) {
    auto& player = state.player;
    if (!player.conversation || player.conversation->finished() || index >= player.conversation->choices().size()) return;
    player.conversation->choose(index);
    if (player.conversation->finished()) {
        player.debrief = roleplay::make_debrief(*player.conversation);
        record_attempt_if_due(state);
    }
}

// ---- The bubbles and buttons -------------------------------------------------------------------

namespace {

ImU32 with_alpha(ImU32 colour, int alpha) { return (colour & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT); }

// A line of the conversation: the customer's on the left, the trainee's on the right.
void bubble(const std::string& who, const std::string& text, bool right) {
    const float pad = px(10.0f);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float wrap = std::max(px(120.0f), avail * 0.74f - 2.0f * pad);
    const ImVec2 size = ImGui::CalcTextSize(text.data(), text.data() + text.size(), false, wrap);
    const float width = size.x + 2.0f * pad;
    const ImVec2 origin = ImGui::GetCursorScreenPos();

    const ImVec2 who_size = ImGui::CalcTextSize(who.c_str());
    ImGui::SetCursorScreenPos(ImVec2(right ? origin.x + avail - who_size.x - px(4.0f) : origin.x + px(4.0f), origin.y));
    ImGui::TextDisabled("%s", who.c_str());
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const ImVec2 min(right ? origin.x + avail - width : origin.x, top.y);
    const ImVec2 max(min.x + width, min.y + size.y + 2.0f * pad);
    auto* draw = ImGui::GetWindowDrawList();
    const ImU32 fill = right ? with_alpha(theme_colours().accent, 56) : ImGui::GetColorU32(ImGuiCol_FrameBg);
    draw->AddRectFilled(min, max, fill, px(10.0f));
    draw->AddRect(min, max, right ? with_alpha(theme_colours().accent, 140) : ImGui::GetColorU32(ImGuiCol_Border), px(10.0f));
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + pad, min.y + pad), ImGui::GetColorU32(ImGuiCol_Text), text.data(),
                  text.data() + text.size(), wrap);
    ImGui::SetCursorScreenPos(ImVec2(origin.x, top.y));
    ImGui::Dummy(ImVec2(avail, max.y - min.y));
    ImGui::Spacing();
}

float choice_height(const std::string& text, float width) {
    const float pad = ImGui::GetStyle().FramePadding.y * 2.0f + px(8.0f);
    return ImGui::CalcTextSize(text.c_str(), nullptr, false, width - px(24.0f)).y + pad;
}

// A button whose label wraps: the replies are whole sentences. position is where it is shown
// (numbered from 1); index is the reply's place in the scenario, which names its click target.
bool choice_button(std::size_t position, std::size_t index, const std::string& text, float width) {
    const std::string label = std::to_string(position + 1) + ".  " + text;
    const float height = choice_height(label, width);
    ImGui::PushID(static_cast<int>(index));
    const bool clicked = ImGui::InvisibleButton("choice", ImVec2(width, height));
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    if (test_hooks::recording()) test_hooks::record_click_target("trainer:choice:" + std::to_string(index), min, max);
    const ImGuiCol colour = ImGui::IsItemActive() ? ImGuiCol_ButtonActive : ImGui::IsItemHovered() ? ImGuiCol_ButtonHovered : ImGuiCol_Button;
    auto* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(min, max, ImGui::GetColorU32(colour), ImGui::GetStyle().FrameRounding);
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + px(12.0f), min.y + ImGui::GetStyle().FramePadding.y + px(4.0f)),
                  ImGui::GetColorU32(ImGuiCol_Text), label.c_str(), nullptr, width - px(24.0f));
    ImGui::PopID();
    return clicked;
}

void trust_meter(int trust) {
    const float share = static_cast<float>(trust) / static_cast<float>(roleplay::max_trust);
    const ImU32 colour = trust >= 60 ? good_colour() : trust >= 35 ? warning_colour() : bad_colour();
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, colour);
    char label[48];
    std::snprintf(label, sizeof label, "Trust %d / %d", trust, roleplay::max_trust);
    ImGui::ProgressBar(share, ImVec2(-1.0f, px(22.0f)), label);
    ImGui::PopStyleColor();
}

void draw_persona(TrainerState& state, ImFont* heading) {
    const auto& player = state.player;
    const auto& scenario = player.scenario;
    const auto& persona = scenario.persona;
    ImGui::PushTextWrapPos(0.0f);
    if (heading) ImGui::PushFont(heading);
    ImGui::TextUnformatted(persona.name.c_str());
    if (heading) ImGui::PopFont();
    ImGui::TextDisabled("%s", persona.segment.c_str());
    ImGui::Spacing();
    ImGui::TextUnformatted("Mood");
    ImGui::TextDisabled("%s", persona.mood.c_str());
    ImGui::Spacing();
    ImGui::TextUnformatted("Situation");
    ImGui::TextDisabled("%s", persona.situation.c_str());
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted(scenario.title.c_str());
    if (!scenario.description.empty()) ImGui::TextDisabled("%s", scenario.description.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::Separator();
    if (player.conversation) {
        if (player.show_trust) trust_meter(player.conversation->state().trust);
        else ImGui::TextDisabled("Trust meter hidden by the trainer");
        ImGui::TextDisabled("Replies so far: %zu", player.conversation->state().transcript.size());
    }
}

void draw_transcript(TrainerState& state, float height) {
    auto& player = state.player;
    const auto& conversation = *player.conversation;
    const std::string customer = player.scenario.persona.name.empty() ? "Customer" : player.scenario.persona.name;
    const std::string trainee = state.session.playing && !state.session.players.empty()
                                    ? state.session.players[state.session.turn % state.session.players.size()]
                                    : "You";
    ImGui::BeginChild("transcript", ImVec2(0.0f, height), true);
    for (const auto& turn : conversation.state().transcript) {
        bubble(customer, turn.customer_line, false);
        bubble(trainee, turn.reply, true);
    }
    bubble(customer, conversation.customer_line(), false);
    const auto turns = conversation.state().transcript.size();
    if (player.scrolled_turns != turns) {
        ImGui::SetScrollHereY(1.0f);
        player.scrolled_turns = turns;
    }
    ImGui::EndChild();
    remember_rect(state.transcript);
}

void draw_toolbar(TrainerState& state) {
    auto& player = state.player;
    auto& session = state.session;
    const bool in_session = session.playing && session.session;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Scenario");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(320.0f));
    ImGui::BeginDisabled(in_session);
    const std::string shown = player.scenario.title + (player.preview ? " (preview)" : "");
    if (ImGui::BeginCombo("##scenario", shown.c_str())) {
        for (const auto* list : {&state.built_in, &state.authored}) {
            for (const auto& entry : *list) {
                const std::string label = entry.scenario.title + (entry.built_in ? "" : "  (yours)") + (entry.playable() ? "" : "  (has errors)") +
                                          "##" + entry.scenario.id + (entry.built_in ? "b" : "a");
                ImGui::BeginDisabled(!entry.playable());
                if (ImGui::Selectable(label.c_str(), !player.preview && entry.scenario.id == player.scenario.id))
                    play_scenario(state, entry.scenario, false);
                ImGui::EndDisabled();
            }
        }
        ImGui::EndCombo();
    }
    ImGui::EndDisabled();
    ImGui::SameLine(0.0f, px(16.0f));
    ImGui::TextUnformatted("Seed");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(90.0f));
    if (ImGui::InputScalar("##seed", ImGuiDataType_U64, &player.seed, nullptr, nullptr, "%llu", ImGuiInputTextFlags_EnterReturnsTrue))
        restart_conversation(state);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The same seed and the same replies always give the same conversation (press Enter)");
    ImGui::SameLine();
    if (ImGui::Button("Restart")) restart_conversation(state);
    ImGui::SameLine(0.0f, px(16.0f));
    ImGui::Checkbox("Show the trust meter", &player.show_trust);
    if (in_session) {
        ImGui::SameLine(0.0f, px(16.0f));
        ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().accent);
        ImGui::Text("Trainee: %s", session.players[session.turn % session.players.size()].c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        if (ImGui::SmallButton("Leave the session")) {
            session.playing = false;
            restart_conversation(state);
        }
    }
}

}  // namespace

// ---- The tab -----------------------------------------------------------------------------------

void draw_player_tab(TrainerState& state, Workbench& workbench, ImFont* heading) {
    auto& player = state.player;
    draw_toolbar(state);
    for (const auto& error : state.library_errors) {
        ImGui::PushStyleColor(ImGuiCol_Text, warning_colour());
        ImGui::TextWrapped("%s", error.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    if (!player.error.empty() || !player.conversation) {
        ImGui::PushStyleColor(ImGuiCol_Text, bad_colour());
        ImGui::TextWrapped("This scenario cannot be played: %s", player.error.empty() ? "no scenario is loaded" : player.error.c_str());
        ImGui::PopStyleColor();
        return;
    }
    ImGui::BeginChild("persona", ImVec2(px(250.0f), 0.0f), true);
    draw_persona(state, heading);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("conversation", ImVec2(0.0f, 0.0f), false);
    const auto& conversation = *player.conversation;
    if (conversation.finished()) {
        if (ImGui::RadioButton("Debrief", !player.show_transcript_after_end)) player.show_transcript_after_end = false;
        ImGui::SameLine();
        if (ImGui::RadioButton("The conversation", player.show_transcript_after_end)) player.show_transcript_after_end = true;
        if (player.show_transcript_after_end) draw_transcript(state, 0.0f);
        else draw_debrief(state, workbench, heading);
    } else {
        const float width = ImGui::GetContentRegionAvail().x;
        float choices_height = ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
        for (std::size_t i = 0; i < conversation.choices().size(); ++i)
            choices_height += choice_height(std::to_string(i + 1) + ".  " + conversation.choices()[i].text, width) + ImGui::GetStyle().ItemSpacing.y;
        draw_transcript(state, std::max(px(160.0f), ImGui::GetContentRegionAvail().y - choices_height));
        ImGui::TextDisabled("Your reply:");
        std::optional<std::size_t> chosen;
        // In an order drawn from the seed: the author's first reply is often the best one.
        const auto order = conversation.shown_order();
        for (std::size_t position = 0; position < order.size(); ++position)
            if (choice_button(position, order[position], conversation.choices()[order[position]].text, width)) chosen = order[position];
        if (chosen) choose_reply(state, *chosen);
    }
    ImGui::EndChild();
}

}  // namespace touchpoint::web
