#pragma once
// The Simulate section: the population the customers are drawn from (the behaviour model Models
// handed over with "Use in simulator", or the sample shop's defaults), up to six cadences side by
// side (templates and the workspace's own), the options, Run as a job with progress and Cancel;
// then the results table, the charts, the breakdown by segment and step, and the effect model.
#include "app/sections.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace touchpoint::web {

class Workbench;

// Returns the section the user asked to go to, if any. heading may be nullptr.
std::optional<Section> draw_simulate_panel(Workbench& workbench, ImFont* heading);

// Adds a cadence of the workspace, by name, to the cadences of the next run (for the Cadences
// section's Simulate button); false when six are chosen already. Choosing it again changes nothing.
bool choose_workspace_cadence_for_simulation(std::string_view name);

// Test API: the models the simulator will draw from (null when none was handed over).
nlohmann::json simulator_models_json(const Workbench& workbench);
// Test API: what the section shows (the state idle, running or done; the cadences and options
// chosen; the population; the effect model's edits; the charts drawn; after a run its figures,
// as the simulator's JSON without curves, and the results table as shown), and commands that act
// as its controls do:
//   "run:{json}" sets the controls, then Run: {"cadences": ["silence.json", "My cadence", ...]
//       (template files, workspace cadences' names or templates' names), "customers", "days",
//       "replications", "seed", "margin" (0.3 for 30%)}; "run" runs as set; "set:{json}" only sets;
//   "cancel"; "tab:<results|charts|segments|effects>"; "retention:<alive|active>";
//   "effect:{"kinds.welcome.lift": 0.4, ...}"; "effects:defaults"; "effects:off";
//   "effects_group:<kinds.welcome|channels|global>".
nlohmann::json simulate_state_json(const Workbench& workbench);
bool run_simulate_command(Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
