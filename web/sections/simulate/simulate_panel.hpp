#pragma once
// The Simulate section: the population the customers are drawn from (the behaviour model Models
// handed over with "Use in simulator", or the sample shop's defaults), up to six cadences side by
// side (templates and the workspace's own), the options, Run as a job with progress and Cancel;
// then the results table, the charts, the breakdown by segment and step, and the effect model.
#include "app/cadence_catalogue.hpp"
#include "app/sections.hpp"
#include "sections/simulate/simulate_effects.hpp"
#include "sections/simulate/simulate_results.hpp"
#include "touchpoint/metrics/segments.hpp"
#include "touchpoint/sim/simulator.hpp"
#include "ui/job_slot.hpp"
#include "workers/background_simulation.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

enum class SimulateTab { Results, Charts, Segments, Effects };

struct SimulateControls {
    int customers = 5000;
    int days = 365;
    int replications = 10;
    std::uint64_t seed = 1;
    double margin_percent = 30.0;
};

// What the section keeps between frames (a member of SimulateSection).
struct SimulateState {
    bool opened = false;  // the workers warmed up, the first cadences chosen
    std::optional<std::uint64_t> workspace_revision;  // edits().revision() when the workspace was last read
    std::vector<cadence::Cadence> workspace;           // the workspace's cadences
    metrics::SegmentRules segment_rules;               // the workspace's, as the Segments section edits them

    std::vector<CadenceChoice> chosen;  // looked up again when Run is pressed
    SimulateControls controls;
    sim::EffectModel effects = sim::default_effect_model();
    EffectEditorView effects_view;
    ResultsView results_view;

    JobSlot<BackgroundSimulation> run;
    std::chrono::steady_clock::time_point run_start;
    std::optional<jobs::JobState> last_end;  // how the last run ended
    std::string last_error;
    std::shared_ptr<const sim::SimulationResult> result;
    double result_seconds = 0;
    nlohmann::json result_json, table_json;  // made once per run for the test API

    std::optional<SimulateTab> select_tab;
    SimulateTab shown_tab = SimulateTab::Results;
    std::vector<DrawnChart> drawn;  // this frame's charts
};

// Returns the section the user asked to go to, if any. heading may be nullptr. First takes the
// workspace cadences the Cadences section handed over (workbench.handoffs.cadences_to_simulate):
// each joins the cadences of the next run unless six are chosen already or a run is going;
// choosing one again changes nothing.
std::optional<Section> draw_simulate_panel(SimulateState& state, Workbench& workbench, ImFont* heading);

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
nlohmann::json simulate_state_json(const SimulateState& state, const Workbench& workbench);
bool run_simulate_command(SimulateState& state, Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
