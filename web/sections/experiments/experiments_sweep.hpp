#pragma once
// The Experiments section's timing sweep: a cadence (a template or one of the workspace's), the
// step whose delay varies over a grid of days (and optionally a second step and grid), the
// metric, and the simulation's size; run as a job in the simulation workers with progress and
// Cancel, on the population the Simulate section uses (the fit handed over from Models, else the
// sample shop's defaults) and the default effect model, as `touchpoint sweep` does.
#include "sections/experiments/experiments_controls.hpp"
#include "sections/experiments/experiments_inputs.hpp"
#include "sections/experiments/simulation_run.hpp"
#include "workers/background_sweep.hpp"
#include "touchpoint/sim/timing_sweep.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

// The first sweep on offer: when should the win-back nudge go out after a customer's usual
// repurchase time has passed? Its profit has a clear best day and a plateau tied with it.
struct SweepControls {
    CadenceChoice cadence{"win_back.json", false};
    std::string step = "Past the usual time";
    DayText days = day_text("0..60");
    bool two_steps = false;
    std::string second_step = "We have not heard from you";
    DayText second_days = day_text("30..120/10");
    sim::SweepMetric metric = sim::SweepMetric::IncrementalProfit;
    int customers = 20000;
    int horizon = 365;
    int replications = 10;
    std::uint64_t seed = 1;
    double margin_percent = 30.0;
};

// The tab's state, a member of the Experiments section.
struct SweepState {
    SweepControls controls;
    SimulationRun<BackgroundSweep, sim::SweepResult> run;
    int result_workers = 0;              // that the last result was worked out in; 0: in the page
    std::string population_description;  // of the population the next run draws from
};

// Once per frame while the section is open (after the inputs): follows the population and the job.
void follow_sweep(SweepState& state, Workbench& workbench);
void draw_sweep_tab(SweepState& state, const ExperimentInputs& inputs, Workbench& workbench, std::vector<DrawnChart>& drawn);

// The controls as the test API shows them and a workspace keeps them.
nlohmann::json sweep_settings_json(const SweepControls& controls);
// Test API: {"state": "idle"|"running"|"done", "last_run", "error", "settings", "templates",
// "steps" (of the cadence chosen), "progress", "result" (sim::to_json of the sweep), "seconds",
// "workers"}. Commands: "sweep:{settings}" sets the controls and runs; "sweep_set:{settings}"
// only sets; "sweep_run"; "sweep_cancel". Settings: {"cadence" (template file or workspace
// cadence's name), "step", "days", "second_step" (null or "" for 1-D), "second_days", "metric",
// "customers", "horizon", "replications", "seed", "margin" (0.3 for 30%)}.
nlohmann::json sweep_state_json(const SweepState& state, const CadenceOffer& offer);
bool run_sweep_command(SweepState& state, ExperimentInputs& inputs, Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
