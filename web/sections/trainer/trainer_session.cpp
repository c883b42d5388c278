// The Trainer session tab: the trainer names the trainees, picks the scenario and whether the
// trust meter is shown; trainees take turns in the player and every finished conversation is
// an attempt; the results table (a row per attempt, points per behaviour), the ending counts and
// the CSV and JSON exports, downloaded in the browser (nothing is sent anywhere).
// Section index: running the session; the tab.
#include "ui/test_hooks.hpp"
#include "sections/drill_down/drill_down.hpp"
#include "sections/trainer/trainer_state.hpp"
#include "platform/platform.hpp"
#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace touchpoint::web {

// ---- Running the session -----------------------------------------------------------------------

namespace {

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

void start_turn(TrainerState& state) {
    auto& session = state.session;
    session.playing = true;
    state.player.show_trust = session.session->show_trust;
    const auto* entry = find_scenario(state, session.session->scenario_id);
    if (entry) play_scenario(state, entry->scenario, false);
    else restart_conversation(state);
    state.select_tab = TrainerTab::Play;
}

}  // namespace

bool start_training_session(TrainerState& state, const std::vector<std::string>& trainees, const std::string& scenario_id,
                            bool show_trust) {
    auto& session = state.session;
    session.error.clear();
    std::vector<std::string> players;
    for (const auto& name : trainees)
        if (!trimmed(name).empty()) players.push_back(trimmed(name));
    const auto* entry = find_scenario(state, scenario_id);
    if (players.empty()) session.error = "Name at least one trainee.";
    else if (!entry) session.error = "There is no scenario '" + scenario_id + "'.";
    else if (!entry->playable()) session.error = "'" + entry->scenario.title + "' has errors: fix it in the Author tab first.";
    if (!session.error.empty()) return false;
    session.session = roleplay::start_session(entry->scenario, show_trust);
    session.players = std::move(players);
    session.turn = 0;
    session.last_export_name.clear();
    session.last_export_text.clear();
    start_turn(state);
    return true;
}

void next_trainee(TrainerState& state) {
    auto& session = state.session;
    if (!session.session || session.players.empty()) return;
    // Someone who finished keeps their attempt; an unfinished turn is simply passed on.
    session.turn = (session.turn + 1) % session.players.size();
    start_turn(state);
}

void record_attempt_if_due(TrainerState& state) {
    auto& session = state.session;
    const auto& conversation = state.player.conversation;
    if (!session.playing || !session.session || session.recorded || !conversation || !conversation->finished() || state.player.preview) return;
    session.recorded = true;
    try {
        roleplay::add_attempt(*session.session, session.players[session.turn % session.players.size()], *conversation);
    } catch (const std::exception& error) {
        session.error = std::string("The attempt was not recorded: ") + error.what();
    }
}

void export_session(TrainerState& state, bool csv) {
    auto& session = state.session;
    if (!session.session) return;
    const std::string base = "training-session-" + (session.session->scenario_id.empty() ? std::string("scenario") : session.session->scenario_id);
    session.last_export_name = base + (csv ? ".csv" : ".json");
    session.last_export_text = csv ? roleplay::results_csv(*session.session) : roleplay::to_json(*session.session).dump(2);
    platform::download(session.last_export_name, session.last_export_text, csv ? "text/csv" : "application/json");
}

// ---- The tab -----------------------------------------------------------------------------------

namespace {

constexpr std::array<const char*, roleplay::behaviour_count> short_names{
    "Clarif.", "Proact.", "Open q.", "Ackn.", "Value", "Pushy", "Vague", "Defens.", "Repeat"};

void draw_setup(TrainerState& state) {
    auto& session = state.session;
    ImGui::TextUnformatted("Trainees");
    int remove = -1;
    for (std::size_t i = 0; i < session.trainees.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetNextItemWidth(px(200.0f));
        trainer_input_string("##name", session.trainees[i]);
        ImGui::SameLine();
        if (ImGui::SmallButton("Remove")) remove = static_cast<int>(i);
        ImGui::PopID();
    }
    if (remove >= 0) session.trainees.erase(session.trainees.begin() + remove);
    if (ImGui::SmallButton("Add a trainee")) session.trainees.emplace_back();
    ImGui::Spacing();
    ImGui::TextUnformatted("Scenario");
    ImGui::SetNextItemWidth(-1.0f);
    const auto* chosen = find_scenario(state, session.scenario_id);
    if (ImGui::BeginCombo("##session_scenario", chosen ? chosen->scenario.title.c_str() : session.scenario_id.c_str())) {
        for (const auto* list : {&state.built_in, &state.authored})
            for (const auto& entry : *list) {
                ImGui::BeginDisabled(!entry.playable());
                const std::string label = entry.scenario.title + (entry.built_in ? "" : "  (yours)") + "##" + entry.scenario.id;
                if (ImGui::Selectable(label.c_str(), entry.scenario.id == session.scenario_id)) session.scenario_id = entry.scenario.id;
                ImGui::EndDisabled();
            }
        ImGui::EndCombo();
    }
    ImGui::Checkbox("Trainees see the trust meter", &session.show_trust);
    ImGui::Spacing();
    if (ImGui::Button(session.session ? "Start a new session" : "Start the session"))
        start_training_session(state, session.trainees, session.scenario_id, session.show_trust);
    if (session.session) {
        ImGui::SameLine();
        // Whose turn it is: the next trainee once the current one has finished.
        const bool finished = session.playing && state.player.conversation && state.player.conversation->finished();
        const std::string who = session.players[(session.turn + (finished ? 1 : 0)) % session.players.size()];
        if (ImGui::Button(("Play: " + who).c_str())) {
            if (finished) next_trainee(state);
            else if (!session.playing) start_turn(state);
            else state.select_tab = TrainerTab::Play;
        }
    }
    if (!session.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, bad_colour());
        ImGui::TextWrapped("%s", session.error.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Nothing leaves this browser: results are kept here and exported as files you download.");
    ImGui::PopTextWrapPos();
}

void draw_results(TrainerState& state) {
    auto& session = state.session;
    if (!session.session) {
        ImGui::TextDisabled("Start a session: each trainee plays the scenario in turn and every finished conversation is a row here.");
        return;
    }
    const auto& run = *session.session;
    ImGui::Text("%s  |  %zu attempt(s)  |  trust meter %s", run.scenario_title.c_str(), run.attempts.size(), run.show_trust ? "shown" : "hidden");
    // Many attempts scroll inside the table; a few take only the rows they need.
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    const float rows = static_cast<float>(run.attempts.size() + 1);
    const float row_height = ImGui::GetTextLineHeight() + 2.0f * ImGui::GetStyle().CellPadding.y;
    const float height = std::min(ImGui::GetContentRegionAvail().y * 0.6f, rows * row_height + px(4.0f));
    if (ImGui::BeginTable("results", 4 + static_cast<int>(roleplay::behaviour_count), flags, ImVec2(0.0f, height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Trainee", ImGuiTableColumnFlags_WidthStretch, 1.1f);
        ImGui::TableSetupColumn("Ending", ImGuiTableColumnFlags_WidthStretch, 2.8f);
        ImGui::TableSetupColumn("Trust", ImGuiTableColumnFlags_WidthStretch, 0.6f);
        ImGui::TableSetupColumn("Points", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        for (const auto* name : short_names) ImGui::TableSetupColumn(name, ImGuiTableColumnFlags_WidthStretch, 0.72f);
        ImGui::TableHeadersRow();
        for (const auto& attempt : run.attempts) {
            const auto& debrief = attempt.debrief;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(attempt.trainee.c_str());
            ImGui::TableNextColumn();
            const bool kept = debrief.ending && roleplay::is_kept_customer(*debrief.ending);
            ImGui::PushStyleColor(ImGuiCol_Text, kept ? good_colour() : bad_colour());
            ImGui::TextUnformatted(debrief.ending ? std::string(roleplay::ending_label(*debrief.ending)).c_str() : "-");
            ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            ImGui::Text("%d", debrief.final_trust);
            ImGui::TableNextColumn();
            ImGui::Text("%d", debrief.total_points);
            for (const auto& score : debrief.behaviours) {
                ImGui::TableNextColumn();
                if (score.points == 0) ImGui::TextDisabled("0");
                else {
                    ImGui::PushStyleColor(ImGuiCol_Text, score.points > 0 ? good_colour() : bad_colour());
                    ImGui::Text("%+d", score.points);
                    ImGui::PopStyleColor();
                }
            }
        }
        ImGui::EndTable();
        remember_rect(state.results);
    }
    // The ending counts.
    const auto counts = roleplay::ending_counts(run);
    std::string line;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (counts[i] == 0) continue;
        line += (line.empty() ? "" : ",  ") + std::string(roleplay::ending_label(static_cast<roleplay::Ending>(i))) + ": " + std::to_string(counts[i]);
    }
    ImGui::Text("Endings: %s", line.empty() ? "none yet" : line.c_str());
    ImGui::TextDisabled("Columns after Points: the points per behaviour (clarifies expectations, proactive, open question, acknowledges,\n"
                        "offers relevant value; pushy, vague, defensive, makes the customer repeat).");
    ImGui::BeginDisabled(run.attempts.empty());
    if (ImGui::Button("Export CSV")) export_session(state, true);
    test_hooks::record_click_target("trainer:export:csv");
    ImGui::SameLine();
    if (ImGui::Button("Export JSON")) export_session(state, false);
    test_hooks::record_click_target("trainer:export:json");
    ImGui::EndDisabled();
}

}  // namespace

void draw_session_tab(TrainerState& state, ImFont* heading) {
    (void)heading;
    ImGui::BeginChild("session_setup", ImVec2(px(300.0f), 0.0f), true);
    draw_setup(state);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("session_results", ImVec2(0.0f, 0.0f), false);
    draw_results(state);
    ImGui::EndChild();
}

}  // namespace touchpoint::web
