#pragma once
// The Experiments section's simulated experiment: arms that differ in when one step of a cadence
// goes out (the first arm is control), the outcome and its window, the customers per experiment
// and how many times to play it; run as a job on the simulator (sim::SimulatedExperimentJob),
// each experiment with customers of its own as a real test would have. Shown: how often a test
// of that size makes the right call, the wrong call or no call, and per arm its true value, how
// often it was called the winner, and the guardrails (opt-outs, cost).
#include "sections/experiments/experiments_controls.hpp"
#include "sections/experiments/experiments_inputs.hpp"
#include "sections/experiments/simulation_run.hpp"
#include "touchpoint/sim/simulated_experiment.hpp"

#include <imgui.h>
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

// The test the timing sweep suggests: the win-back nudge as soon as the usual repurchase time has
// passed (control) against a month and three months later.
struct DesignerControls {
    CadenceChoice cadence{"win_back.json", false};
    std::string step = "Past the usual time";
    DayText days = day_text("0,30,90");
    sim::ExperimentOutcome outcome = sim::ExperimentOutcome::RepeatWithin;
    int window = 180;
    int customers = 20000;
    int experiments = 200;
    double alpha = 0.05;
    std::uint64_t seed = 1;
};

// The tab's state, a member of the Experiments section.
struct DesignerState {
    DesignerControls controls;
    SimulationRun<sim::SimulatedExperimentJob, sim::SimulatedExperimentResult> run;
};

// Once per frame while the section is open: follows the job.
void follow_designer(DesignerState& state, Workbench& workbench);
// heading may be nullptr.
void draw_designer_tab(DesignerState& state, const ExperimentInputs& inputs, Workbench& workbench, ImFont* heading,
                       std::vector<DrawnChart>& drawn);

// Test API: {"state": "idle"|"running"|"done", "last_run", "error", "settings", "progress",
// "result" (sim::to_json of the simulated experiment), "seconds"}. Commands: "designer:{settings}"
// sets the controls and runs; "designer_set:{settings}" only sets; "designer_run";
// "designer_cancel". Settings: {"cadence", "step", "days" ("0,30,90": an arm each, the first is
// control), "outcome" ("repeat_within", "revenue_within", "active_at_end"), "window",
// "customers" (per experiment, all arms), "experiments", "alpha", "seed"}.
nlohmann::json designer_state_json(const DesignerState& state);
bool run_designer_command(DesignerState& state, ExperimentInputs& inputs, Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
