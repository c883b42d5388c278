#pragma once
// The Experiments section's analysis of a real experiment: the store's assignments (customer,
// experiment, arm, assigned date) and the orders after each assignment give every customer an
// outcome (repeat:N or revenue:N); per arm the customers and the outcome, and each arm against
// control: the difference with its interval and p-value (z-test, or Welch's t-test with
// Mann-Whitney and a bootstrap interval for revenue), Holm's correction across arms, the relative
// lift, the Bayesian probability to beat control and expected loss, the always-valid interval of
// sequential monitoring look by look (as if the test had been watched every week), and the
// sample-ratio check. Without assignments: how to import them.
#include "sections/experiments/experiments_controls.hpp"
#include "app/sections.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

// Returns the section the user asked to go to (Data, to import assignments), if any.
std::optional<Section> draw_analysis_tab(Workbench& workbench, std::vector<DrawnChart>& drawn);

// Test API, as of the last frame or command: {"experiments": [{"experiment", "assignments",
// "arms"}], "settings", "result" (experiments::to_json of the analysis, as `touchpoint abtest
// analyze --json` prints it), "error"}. Command "analysis:{json}": {"experiment", "metric"
// ("repeat:30" or "revenue:30"), "control" ("" for the default), "alpha", "mixture_sd" (0 lets
// the analysis choose)}.
nlohmann::json analysis_state_json();
bool run_analysis_command(Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
