#pragma once
// The Experiments section, for the question "should the check-in go out on day 3, 7 or 14?":
// a timing sweep over follow-up days on simulated customers, power and sample size for the
// experiment that would settle it, the analysis of a real experiment from the store, and the
// experiment played many times on the simulator before it is run on customers.
#include "app/sections.hpp"
#include "sections/experiments/experiments_analysis.hpp"
#include "sections/experiments/experiments_designer.hpp"
#include "sections/experiments/experiments_inputs.hpp"
#include "sections/experiments/experiments_power.hpp"
#include "sections/experiments/experiments_sweep.hpp"

#include <imgui.h>
#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

enum class ExperimentsTab { Sweep, Power, Analysis, Designer };

// What the section keeps between frames (a member of ExperimentsSection): the inputs the
// simulations share, each tab's state, and the tab shown.
struct ExperimentsState {
    ExperimentInputs inputs;
    SweepState sweep;
    PowerState power;
    AnalysisState analysis;
    DesignerState designer;
    std::optional<ExperimentsTab> select_tab;
    ExperimentsTab shown_tab = ExperimentsTab::Sweep;
    std::vector<DrawnChart> drawn;  // this frame's charts
};

// Returns the section the user asked to go to, if any. heading may be nullptr.
std::optional<Section> draw_experiments_panel(ExperimentsState& state, Workbench& workbench, ImFont* heading);

// Test API: {"tab": "sweep"|"power"|"analysis"|"designer", "charts": {name: rect}, "sweep":
// experiments_sweep.hpp's state, "power": experiments_power.hpp's, "analysis":
// experiments_analysis.hpp's, "designer": experiments_designer.hpp's}. Commands:
// "tab:<sweep|power|analysis|designer>", and those of the tabs ("sweep:{...}", "sweep_set:{...}",
// "sweep_run", "sweep_cancel", "power:{...}", "analysis:{...}", "designer:{...}",
// "designer_set:{...}", "designer_run", "designer_cancel"), each of which also brings its tab forward. Tabs publish click targets
// "experiments:tab:<name>".
nlohmann::json experiments_state_json(const ExperimentsState& state, const Workbench& workbench);
bool run_experiments_command(ExperimentsState& state, Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
