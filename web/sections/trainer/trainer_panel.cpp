// Section index: the library; small widgets; the tabs; the test API.
#include "ui/test_hooks.hpp"
#include "sections/trainer/trainer_panel.hpp"

#include "sections/drill_down/drill_down.hpp"
#include "sections/trainer/trainer_state.hpp"
#include "platform/platform.hpp"
#include "ui/theme.hpp"
#include "app/workbench.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/roleplay/scenario_library.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>

namespace touchpoint::web {

namespace {

constexpr std::array<const char*, 3> tab_keys{"play", "session", "author"};
constexpr std::string_view authored_format = "touchpoint.trainer_scenarios";

std::string authored_path() { return platform::persistent_folder() + "/trainer_scenarios.json"; }

}  // namespace

// ---- The library -------------------------------------------------------------------------------

void load_trainer_library(TrainerState& state) {
    if (state.loaded) return;
    state.loaded = true;
    try {
        for (auto& file : roleplay::load_scenario_library("/assets")) {
            if (!file.error.empty()) {
                state.library_errors.push_back(file.file + ": " + file.error);
                continue;
            }
            state.built_in.push_back({std::move(file.scenario), true, file.file, std::move(file.issues)});
        }
    } catch (const std::exception& error) {
        state.library_errors.push_back(std::string("The built-in scenarios could not be read: ") + error.what());
    }
    // Authored scenarios kept in this browser, beside the workspace.
    if (const auto bytes = data::read_file_bytes(authored_path())) {
        const auto json = nlohmann::json::parse(*bytes, nullptr, false);
        if (json.is_object() && json.value("format", "") == authored_format && json.contains("scenarios") && json["scenarios"].is_array()) {
            for (const auto& saved : json["scenarios"]) {
                try {
                    auto scenario = roleplay::scenario_from_json(saved);
                    auto issues = roleplay::validate_scenario(scenario);
                    state.authored.push_back({std::move(scenario), false, "", std::move(issues)});
                } catch (const std::exception& error) {
                    state.library_errors.push_back(std::string("A scenario kept in this browser could not be read: ") + error.what());
                }
            }
        } else {
            state.library_errors.push_back(authored_path() + " is not a list of scenarios; it is left as it is until the next save.");
        }
    }
    if (!state.player.conversation && state.player.error.empty()) {
        const auto* first = find_scenario(state, "late_delivery");
        if (!first && !state.built_in.empty()) first = &state.built_in.front();
        if (first) play_scenario(state, first->scenario, false);
    }
}

const ScenarioEntry* find_scenario(const TrainerState& state, const std::string& id) {
    for (const auto* list : {&state.built_in, &state.authored})
        for (const auto& entry : *list)
            if (entry.scenario.id == id) return &entry;
    return nullptr;
}

void save_authored_scenarios(TrainerState& state) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& entry : state.authored) list.push_back(roleplay::to_json(entry.scenario));
    const nlohmann::json json{{"format", authored_format}, {"version", 1}, {"scenarios", std::move(list)}};
    std::ofstream file(authored_path(), std::ios::binary | std::ios::trunc);
    file << json.dump(1);
    if (!file) state.editor.message = "The scenarios could not be kept in this browser (" + authored_path() + ").";
    else platform::persist_files();
}

// ---- Small widgets -----------------------------------------------------------------------------

namespace {

int resize_string(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* text = static_cast<std::string*>(data->UserData);
        text->resize(static_cast<std::size_t>(data->BufTextLen));
        data->Buf = text->data();
    }
    return 0;
}

bool is_dark_background() {
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    return 0.2126f * bg.x + 0.7152f * bg.y + 0.0722f * bg.z < 0.5f;
}

}  // namespace

bool trainer_input_string(const char* label, std::string& text, float height) {
    const ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackResize;
    if (height > 0.0f)
        return ImGui::InputTextMultiline(label, text.data(), text.capacity() + 1, ImVec2(-1.0f, height), flags, resize_string, &text);
    return ImGui::InputText(label, text.data(), text.capacity() + 1, flags, resize_string, &text);
}

ImU32 good_colour() { return is_dark_background() ? IM_COL32(96, 200, 120, 255) : IM_COL32(22, 128, 58, 255); }
ImU32 bad_colour() { return theme_colours().error_text; }
ImU32 warning_colour() { return is_dark_background() ? IM_COL32(240, 180, 80, 255) : IM_COL32(176, 108, 0, 255); }

void remember_rect(DrawnRect& rect) {
    rect.min = ImGui::GetItemRectMin();
    rect.max = ImGui::GetItemRectMax();
    rect.drawn = true;
}

// ---- The tabs ----------------------------------------------------------------------------------

std::optional<Section> draw_trainer_panel(TrainerState& state, Workbench& workbench, ImFont* heading) {
    load_trainer_library(state);
    state.transcript.drawn = state.debrief.drawn = state.results.drawn = state.issues_list.drawn = false;
    record_attempt_if_due(state);
    if (!ImGui::BeginTabBar("trainer_tabs")) return std::nullopt;
    const auto tab = [&](const char* label, TrainerTab which) {
        const bool selected = state.select_tab == which;
        const bool open = ImGui::BeginTabItem(label, nullptr, selected ? ImGuiTabItemFlags_SetSelected : 0);
        if (test_hooks::recording())
            test_hooks::record_click_target(std::string("trainer:tab:") + tab_keys[static_cast<std::size_t>(which)]);
        if (selected) state.select_tab.reset();
        if (open) state.shown_tab = which;
        return open;
    };
    if (tab("Play", TrainerTab::Play)) {
        draw_player_tab(state, workbench, heading);
        ImGui::EndTabItem();
    }
    if (tab("Trainer session", TrainerTab::Session)) {
        draw_session_tab(state, heading);
        ImGui::EndTabItem();
    }
    if (tab("Author a scenario", TrainerTab::Author)) {
        draw_editor_tab(state, heading);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
    return std::nullopt;
}

// ---- The test API ------------------------------------------------------------------------------

namespace {

nlohmann::json rect_json(const DrawnRect& rect) {
    return rect.drawn ? test_hooks::css_rect_json(rect.min, rect.max) : nlohmann::json(nullptr);
}

nlohmann::json issues_json(const std::vector<roleplay::ScenarioIssue>& issues) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& issue : issues)
        list.push_back({{"severity", issue.severity == roleplay::IssueSeverity::Error ? "error" : "warning"},
                        {"field", issue.field},
                        {"message", issue.message}});
    return list;
}

nlohmann::json session_json(const SessionState& session) {
    nlohmann::json attempts = nlohmann::json::array();
    nlohmann::json endings = nlohmann::json::object();
    if (session.session) {
        for (const auto& attempt : session.session->attempts) {
            nlohmann::json behaviours = nlohmann::json::object();
            for (const auto& score : attempt.debrief.behaviours) behaviours[std::string(roleplay::behaviour_key(score.behaviour))] = score.points;
            const auto& debrief = attempt.debrief;
            attempts.push_back({{"trainee", attempt.trainee},
                                {"ending", debrief.ending ? nlohmann::json(std::string(roleplay::ending_key(*debrief.ending))) : nlohmann::json(nullptr)},
                                {"final_trust", debrief.final_trust},
                                {"total_points", debrief.total_points},
                                {"behaviours", std::move(behaviours)}});
        }
        const auto counts = roleplay::ending_counts(*session.session);
        for (std::size_t i = 0; i < counts.size(); ++i)
            endings[std::string(roleplay::ending_key(static_cast<roleplay::Ending>(i)))] = counts[i];
    }
    return {{"active", session.session.has_value()},
            {"scenario_id", session.session ? session.session->scenario_id : ""},
            {"show_trust", session.session ? session.session->show_trust : session.show_trust},
            {"players", session.players},
            {"next", session.session && !session.players.empty() ? session.players[session.turn % session.players.size()] : ""},
            {"attempts", std::move(attempts)},
            {"endings", std::move(endings)},
            {"error", session.error},
            {"last_export", {{"file", session.last_export_name}, {"text", session.last_export_text}}}};
}

std::optional<std::uint64_t> parse_number(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

nlohmann::json trainer_state_json(const TrainerState& state) {
    const auto& player = state.player;
    nlohmann::json scenarios = nlohmann::json::array();
    for (const auto* list : {&state.built_in, &state.authored})
        for (const auto& entry : *list)
            scenarios.push_back({{"id", entry.scenario.id}, {"title", entry.scenario.title}, {"built_in", entry.built_in}, {"playable", entry.playable()}});
    nlohmann::json json{
        {"tab", tab_keys[static_cast<std::size_t>(state.shown_tab)]},
        {"scenarios", std::move(scenarios)},
        {"library_errors", state.library_errors},
        {"scenario_id", player.scenario.id},
        {"scenario_title", player.scenario.title},
        {"preview", player.preview},
        {"seed", player.seed},
        {"error", player.error},
        {"trust_shown", player.show_trust},
        {"trainee", state.session.playing && !state.session.players.empty()
                        ? state.session.players[state.session.turn % state.session.players.size()]
                        : ""},
    };
    if (player.conversation) {
        const auto& conversation = *player.conversation;
        nlohmann::json choices = nlohmann::json::array();
        for (const auto& choice : conversation.choices()) choices.push_back(choice.text);
        json["node_id"] = conversation.current_node().id;
        json["customer_line"] = conversation.customer_line();
        json["choices"] = std::move(choices);  // in the scenario's order; shown_order is how the player lists them
        json["shown_order"] = conversation.shown_order();
        json["trust"] = conversation.state().trust;
        json["finished"] = conversation.finished();
        json["turns"] = conversation.state().transcript.size();
    } else {
        json["node_id"] = nullptr;
        json["customer_line"] = "";
        json["choices"] = nlohmann::json::array();
        json["trust"] = nullptr;
        json["finished"] = false;
        json["turns"] = 0;
    }
    json["debrief"] = player.debrief ? roleplay::to_json(*player.debrief) : nlohmann::json(nullptr);
    json["what_if"] = player.what_if ? roleplay::to_json(*player.what_if) : nlohmann::json(nullptr);
    json["what_if_error"] = player.what_if_error;
    json["session"] = session_json(state.session);
    nlohmann::json node_ids = nlohmann::json::array();
    for (const auto& node : state.editor.scenario.nodes) node_ids.push_back(node.id);
    json["editor"] = {{"scenario_id", state.editor.scenario.id},
                      {"title", state.editor.scenario.title},
                      {"authored", state.editor.authored ? nlohmann::json(*state.editor.authored) : nlohmann::json(nullptr)},
                      {"selected_node", state.editor.selected_node},
                      {"node_ids", std::move(node_ids)},
                      {"issues", issues_json(state.editor.issues)},
                      {"import_error", state.editor.import_error},
                      {"message", state.editor.message}};
    json["rects"] = {{"transcript", rect_json(state.transcript)},
                     {"debrief", rect_json(state.debrief)},
                     {"results", rect_json(state.results)},
                     {"issues", rect_json(state.issues_list)}};
    return json;
}

bool run_trainer_command(TrainerState& state, Workbench& workbench, std::string_view arguments) {
    load_trainer_library(state);
    const auto argument = [&](std::string_view prefix) -> std::optional<std::string_view> {
        if (arguments.substr(0, prefix.size()) != prefix) return std::nullopt;
        return arguments.substr(prefix.size());
    };
    if (const auto which = argument("tab:")) {
        const auto found = std::find(tab_keys.begin(), tab_keys.end(), *which);
        if (found == tab_keys.end()) return false;
        state.select_tab = static_cast<TrainerTab>(found - tab_keys.begin());
        return true;
    }
    if (const auto id = argument("scenario:")) {
        const auto* entry = find_scenario(state, std::string(*id));
        if (!entry || !entry->playable()) return false;
        state.session.playing = false;
        play_scenario(state, entry->scenario, false);
        state.select_tab = TrainerTab::Play;
        return true;
    }
    if (const auto seed = argument("seed:")) {
        const auto value = parse_number(*seed);
        if (!value) return false;
        state.player.seed = *value;
        restart_conversation(state);
        return true;
    }
    if (const auto index = argument("choose:")) {
        const auto value = parse_number(*index);
        if (!value || !state.player.conversation || *value >= state.player.conversation->choices().size()) return false;
        choose_reply(state, static_cast<std::size_t>(*value));
        return true;
    }
    if (arguments == "restart") {
        restart_conversation(state);
        return true;
    }
    if (const auto shown = argument("show_trust:")) {
        if (*shown != "0" && *shown != "1") return false;
        state.player.show_trust = *shown == "1";
        return true;
    }
    if (arguments == "what_if") {
        if (!state.player.debrief || !state.player.debrief->ending) return false;
        run_what_if(state, workbench);
        return state.player.what_if.has_value();
    }
    if (const auto text = argument("session:")) {
        const auto json = nlohmann::json::parse(*text, nullptr, false);
        if (!json.is_object() || !json.contains("trainees") || !json["trainees"].is_array()) return false;
        std::vector<std::string> trainees;
        for (const auto& name : json["trainees"]) {
            if (!name.is_string()) return false;
            trainees.push_back(name.get<std::string>());
        }
        const std::string id = json.value("scenario", state.session.scenario_id);
        const bool show_trust = json.value("show_trust", true);
        state.session.trainees = trainees;
        state.session.scenario_id = id;
        state.session.show_trust = show_trust;
        return start_training_session(state, trainees, id, show_trust);
    }
    if (arguments == "next") {
        if (!state.session.session) return false;
        next_trainee(state);
        return true;
    }
    if (const auto format = argument("export:")) {
        if (*format == "csv" || *format == "json") {
            if (!state.session.session) return false;
            export_session(state, *format == "csv");
            return true;
        }
        if (*format == "scenario") {
            export_edited_scenario(state);
            return true;
        }
        return false;
    }
    if (const auto id = argument("edit:")) {
        if (*id == "blank") edit_blank(state);
        else if (find_scenario(state, std::string(*id))) edit_copy_of(state, std::string(*id));
        else return false;
        state.select_tab = TrainerTab::Author;
        return true;
    }
    if (arguments == "preview") {
        if (roleplay::has_errors(state.editor.issues)) return false;
        preview_edited_scenario(state);
        return true;
    }
    if (const auto index = argument("issue:")) {
        const auto value = parse_number(*index);
        if (!value || *value >= state.editor.issues.size()) return false;
        select_issue(state, static_cast<std::size_t>(*value));
        state.select_tab = TrainerTab::Author;
        return true;
    }
    if (const auto text = argument("scenario_json:")) {
        import_scenario_text(state, "scenario.json", *text);
        state.select_tab = TrainerTab::Author;
        return true;
    }
    return false;
}

}  // namespace touchpoint::web
