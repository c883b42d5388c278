#pragma once
// The Models section: BG/NBD or Pareto/NBD with Gamma-Gamma spend, fitted to the orders up to a
// calibration end as a job; the parameters with standard errors, a comparison of the fits made,
// the holdout diagnostics, each customer's P(alive), expected purchases and CLV in a table that
// sorts and exports, and "Use in simulator".
#include "app/sections.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace touchpoint::web {

class Workbench;

// Returns the section to show next: Simulate after "Use in simulator" (the fit is then the
// workbench's simulator_models), Data from the empty state's "Go to Data".
std::optional<Section> draw_models_panel(Workbench& workbench, ImFont* heading);

// Hands the last fit to the simulator; false when there is none.
bool use_fit_in_simulator(Workbench& workbench);

// Test API: the controls, the job and the fit shown; and commands that act as the controls do:
// "fit:{json}" with any of "model" ("bgnbd" | "pnbd"), "calibration_end" (YYYY-MM-DD), "unit"
// ("week" | "day"), "horizon" (time units), "annual_discount" (0.1 for 10%), then Fit;
// "tab:<tracking|conditional|distribution|customers>"; "cumulative:<true|false>"; "export".
nlohmann::json models_state_json();
bool run_models_command(Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
