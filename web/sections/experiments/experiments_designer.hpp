#pragma once
// The Experiments section's simulated experiment: arms that differ in when one step of a cadence
// goes out (the first arm is control), the outcome and its window, the customers per experiment
// and how many times to play it; run as a job on the simulator (sim::SimulatedExperimentJob),
// each experiment with customers of its own as a real test would have. Shown: how often a test
// of that size makes the right call, the wrong call or no call, and per arm its true value, how
// often it was called the winner, and the guardrails (opt-outs, cost).
#include "sections/experiments/experiments_controls.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

// Once per frame while the section is open: follows the job.
void follow_designer(Workbench& workbench);
// heading may be nullptr.
void draw_designer_tab(Workbench& workbench, ImFont* heading, std::vector<DrawnChart>& drawn);

// Test API: {"state": "idle"|"running"|"done", "last_run", "error", "settings", "progress",
// "result" (sim::to_json of the simulated experiment), "seconds"}. Commands: "designer:{settings}"
// sets the controls and runs; "designer_set:{settings}" only sets; "designer_run";
// "designer_cancel". Settings: {"cadence", "step", "days" ("0,30,90": an arm each, the first is
// control), "outcome" ("repeat_within", "revenue_within", "active_at_end"), "window",
// "customers" (per experiment, all arms), "experiments", "alpha", "seed"}.
nlohmann::json designer_state_json();
bool run_designer_command(Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
