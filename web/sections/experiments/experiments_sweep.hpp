#pragma once
// The Experiments section's timing sweep: a cadence (a template or one of the workspace's), the
// step whose delay varies over a grid of days (and optionally a second step and grid), the
// metric, and the simulation's size; run as a job in the simulation workers with progress and
// Cancel, on the population the Simulate section uses (the fit handed over from Models, else the
// sample shop's defaults) and the default effect model, as `touchpoint sweep` does.
#include "sections/experiments/experiments_controls.hpp"

#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

// Once per frame while the section is open: loads the templates (and the simulation workers)
// the first time, follows the workspace's cadences and the job.
void follow_sweep(Workbench& workbench);
void draw_sweep_tab(Workbench& workbench, std::vector<DrawnChart>& drawn);

// Test API: {"state": "idle"|"running"|"done", "last_run", "error", "settings", "templates",
// "steps" (of the cadence chosen), "progress", "result" (sim::to_json of the sweep), "seconds",
// "workers"}. Commands: "sweep:{settings}" sets the controls and runs; "sweep_set:{settings}"
// only sets; "sweep_run"; "sweep_cancel". Settings: {"cadence" (template file or workspace
// cadence's name), "step", "days", "second_step" (null or "" for 1-D), "second_days", "metric",
// "customers", "horizon", "replications", "seed", "margin" (0.3 for 30%)}.
nlohmann::json sweep_state_json();
bool run_sweep_command(Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
