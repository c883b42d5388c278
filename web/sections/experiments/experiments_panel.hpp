#pragma once
// The Experiments section, for the question "should the check-in go out on day 3, 7 or 14?":
// a timing sweep over follow-up days on simulated customers, power and sample size for the
// experiment that would settle it, the analysis of a real experiment from the store, and the
// experiment played many times on the simulator before it is run on customers.
#include "app/sections.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace touchpoint::web {

class Workbench;

// Returns the section the user asked to go to, if any. heading may be nullptr.
std::optional<Section> draw_experiments_panel(Workbench& workbench, ImFont* heading);

// Test API: {"tab": "sweep"|"power"|"analysis"|"designer", "charts": {name: rect}, "sweep":
// experiments_sweep.hpp's state, "power": experiments_power.hpp's, "analysis":
// experiments_analysis.hpp's, "designer": experiments_designer.hpp's}. Commands:
// "tab:<sweep|power|analysis|designer>", and those of the tabs ("sweep:{...}", "sweep_set:{...}",
// "sweep_run", "sweep_cancel", "power:{...}", "analysis:{...}", "designer:{...}",
// "designer_set:{...}", "designer_run", "designer_cancel"), each of which also brings its tab forward. Tabs publish click targets
// "experiments:tab:<name>".
nlohmann::json experiments_state_json();
bool run_experiments_command(Workbench& workbench, std::string_view arguments);

// The section's designs and results as a workspace carries them: {"designs": [{"kind": "sweep" |
// "power" | "simulated_experiment", "settings": as the tab's test API}], "results": [{"kind",
// "result"}] (the tabs' last results)}.
nlohmann::json experiments_workspace_json();
// Sets the tabs' controls from a workspace's designs; a design this build cannot take is skipped.
void apply_experiments_workspace(Workbench& workbench, const nlohmann::json& experiments);

}  // namespace touchpoint::web
