#pragma once
// The Trainer section (DESIGN.md §9): a trainee plays a role-play scenario (persona, a chat-like
// transcript, the replies as buttons, a trust meter the trainer can hide) and reads the debrief,
// with "what if 1,000 customers like this" on the simulator; a trainer runs a session for named
// trainees and exports the results; authors edit scenarios with the validator running live.
// Everything stays in this browser.
#include "app/sections.hpp"

#include <imgui.h>
#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace touchpoint::web {

class Workbench;
struct TrainerState;

// Returns the section the user asked to go to, if any. heading may be nullptr.
std::optional<Section> draw_trainer_panel(TrainerState& state, Workbench& workbench, ImFont* heading);

// Test API: {"tab", "scenario_id", "scenario_title", "scenarios": [{id, title, built_in,
// playable}], "seed", "node_id", "customer_line", "choices": [text], "trust", "trust_shown",
// "finished", "turns", "trainee", "debrief": roleplay::to_json(Debrief) or null, "what_if":
// roleplay::to_json(WhatIfResult) or null, "what_if_error", "session": {active, scenario_id,
// show_trust, players, next, attempts: [{trainee, ending, final_trust, total_points, behaviours:
// {key: points}}], endings: {key: count}, last_export: {file, text}}, "editor": {scenario_id,
// authored, selected_node, node_ids, issues: [{severity, field, message}], import_error,
// message}, "rects": {transcript, debrief, results, issues: rect or null}}.
// Commands ("trainer:" stripped): "tab:play|session|author", "scenario:<id>", "seed:<n>",
// "choose:<i>" (0-based), "restart", "show_trust:0|1", "what_if", "session:{"trainees": [...],
// "scenario": id, "show_trust": bool}", "next", "export:csv|json", "edit:<id>" (a copy),
// "edit:blank", "preview", "issue:<i>" (select the node), "scenario_json:<json>" (import
// text as a file would be).
nlohmann::json trainer_state_json(const TrainerState& state);
bool run_trainer_command(TrainerState& state, Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
