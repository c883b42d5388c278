#pragma once
// The Trainer section's state, shared by its files: the scenario library (built in and authored
// in this browser), the conversation being played with its debrief and what-if, the trainer's
// session, and the scenario being edited. The TrainerSection holds it.
#include "touchpoint/roleplay/conversation.hpp"
#include "touchpoint/roleplay/customer_outlook.hpp"
#include "touchpoint/roleplay/debrief.hpp"
#include "touchpoint/roleplay/scenario.hpp"
#include "touchpoint/roleplay/training_session.hpp"
#include "touchpoint/roleplay/validation.hpp"

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace touchpoint::web {

class Workbench;

enum class TrainerTab { Play, Session, Author };

// A scenario on offer: a built-in file of /assets, or one authored or imported in this browser.
struct ScenarioEntry {
    roleplay::Scenario scenario;
    bool built_in = true;
    std::string file;                           // built-in: "late_delivery.json"
    std::vector<roleplay::ScenarioIssue> issues;  // the validator's findings
    bool playable() const { return !roleplay::has_errors(issues); }
};

struct DrawnRect {
    ImVec2 min{}, max{};
    bool drawn = false;
};

struct PlayerState {
    roleplay::Scenario scenario;  // what is played (a copy: the editor's preview is not in the library)
    bool preview = false;         // the editor's scenario, not a library entry
    std::uint64_t seed = 1;
    std::optional<roleplay::Conversation> conversation;
    bool show_trust = true;
    std::optional<roleplay::Debrief> debrief;  // once finished
    std::optional<roleplay::WhatIfResult> what_if;
    std::string what_if_error;
    std::string error;  // why the scenario cannot be played
    std::size_t scrolled_turns = static_cast<std::size_t>(-1);  // the transcript follows new turns
    bool show_transcript_after_end = false;
};

struct SessionState {
    std::vector<std::string> trainees{"", ""};  // the names typed in the Session tab
    std::string scenario_id = "late_delivery";
    bool show_trust = true;
    std::optional<roleplay::TrainingSession> session;
    std::vector<std::string> players;  // the trainees of the running session, in turn order
    std::size_t turn = 0;              // index into players of who plays now
    bool recorded = false;             // the current conversation is in the session already
    bool playing = false;              // the player holds a session turn (not free play)
    std::string last_export_name, last_export_text;
    std::string error;
};

struct EditorState {
    std::optional<std::size_t> authored;  // index into TrainerState::authored being edited
    roleplay::Scenario scenario;          // the working copy
    std::vector<roleplay::ScenarioIssue> issues;
    std::size_t selected_node = 0;
    std::string import_error;  // a file that could not be read, with its field
    std::string message;       // "Imported broken_scenario.json"
    std::string start_from = "late_delivery";
    bool dirty = false;  // changed since last validated and saved
};

struct TrainerState {
    bool loaded = false;
    std::vector<ScenarioEntry> built_in;
    std::vector<ScenarioEntry> authored;
    std::vector<std::string> library_errors;  // built-in files that could not be read
    std::optional<TrainerTab> select_tab;
    TrainerTab shown_tab = TrainerTab::Play;
    PlayerState player;
    SessionState session;
    EditorState editor;
    DrawnRect transcript, debrief, results, issues_list;
};

// The library: built-ins from /assets, then the ones kept in this browser (read once).
void load_trainer_library(TrainerState& state);
const ScenarioEntry* find_scenario(const TrainerState& state, const std::string& id);
void save_authored_scenarios(TrainerState& state);

// The player.
void play_scenario(TrainerState& state, const roleplay::Scenario& scenario, bool preview);
void restart_conversation(TrainerState& state);
void choose_reply(TrainerState& state, std::size_t index);
void run_what_if(TrainerState& state, const Workbench& workbench);
void draw_player_tab(TrainerState& state, Workbench& workbench, ImFont* heading);

// The session.
bool start_training_session(TrainerState& state, const std::vector<std::string>& trainees, const std::string& scenario_id,
                            bool show_trust);
void next_trainee(TrainerState& state);
void record_attempt_if_due(TrainerState& state);
void export_session(TrainerState& state, bool csv);
void draw_session_tab(TrainerState& state, ImFont* heading);

// The editor.
void edit_scenario(TrainerState& state, const roleplay::Scenario& scenario, std::optional<std::size_t> authored);
void edit_copy_of(TrainerState& state, const std::string& id);
void edit_blank(TrainerState& state);
void import_scenario_text(TrainerState& state, const std::string& file_name, std::string_view text);
void export_edited_scenario(TrainerState& state);
void preview_edited_scenario(TrainerState& state);
void select_issue(TrainerState& state, std::size_t index);
void draw_editor_tab(TrainerState& state, ImFont* heading);

// Small shared widgets.
bool trainer_input_string(const char* label, std::string& text, float height = 0.0f);
ImU32 good_colour();
ImU32 bad_colour();
ImU32 warning_colour();
void remember_rect(DrawnRect& rect);  // the last item's rectangle

}  // namespace touchpoint::web
