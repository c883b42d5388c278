#pragma once
// The Experiments section's power and sample size: a conversion rate or a mean, its baseline
// (and standard deviation), the smallest effect worth finding (absolute or relative), alpha,
// power, one- or two-sided, the allocation ratio; the customers each arm needs, worked out as
// the controls change, and the power curve (power against customers per arm) with the answer
// marked. The numbers are those of `touchpoint power`.
#include "sections/experiments/experiments_controls.hpp"

#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

namespace touchpoint::web {

// heading may be nullptr (the answer is then in the body font).
void draw_power_tab(ImFont* heading, std::vector<DrawnChart>& drawn);

// Test API: {"design": {...as set}, "result": (experiments::to_json of the design and the sample
// size, with n_per_arm) or null, "error", "curve": {"points", "n_min", "n_max"}}. Command:
// "power:{json}" sets the design, all or nothing: {"metric": "proportion"|"mean", "baseline",
// "sd", "mde", "relative", "alpha", "power", "ratio", "one_sided"}; false when a key or value is
// not admissible (a design the formulas reject is admitted, and "error" says why).
nlohmann::json power_state_json();
bool run_power_command(std::string_view arguments);

}  // namespace touchpoint::web
