#pragma once
// The Cadences section: the workspace's cadences, made from templates, duplicated, renamed and
// deleted; each on a timeline of days with one lane per channel, where a step's marker drags to
// a new delay; a step inspector; frequency caps and timing; validate_cadence's warnings, each of
// which selects its step; undo and redo through the workbench's edit history, where the
// cadences live (see cadence_workspace.hpp), so they are saved with the workspace.
#include "app/sections.hpp"
#include "touchpoint/cadence/cadence.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

// Returns the section the user asked to go to (e.g. Simulate), if any. heading may be nullptr.
std::optional<Section> draw_cadences_panel(Workbench& workbench, ImFont* heading);

// The workspace's cadences that can be simulated, in the order the section lists them (a new
// workspace has the Second-sale welcome template).
std::vector<cadence::Cadence> workspace_cadences(Workbench& workbench);

// Test API: what the section shows (the cadences, the one shown as JSON, the step selected, the
// warnings, the timeline's axis and markers; marker rectangles are published as click targets
// "cadence_step:<i>", warnings as "cadence_issue:<k>"), and commands that act as its controls do:
// "new:<template file>", "select:<i>", "select_step:<i>", "set_step:{fields as in the cadence
// JSON}", "add_step", "delete_step", "caps:{json}", "timing:{json}", "rename:<name>",
// "duplicate", "delete", "simulate" (goes to Simulate on the next frame). Edits that would make
// the cadence invalid are refused (false) and "refusal" says why.
nlohmann::json cadences_state_json(const Workbench& workbench);
bool run_cadences_command(Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
