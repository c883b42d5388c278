#pragma once
// The Experiments section's power and sample size: a conversion rate or a mean, its baseline
// (and standard deviation), the smallest effect worth finding (absolute or relative), alpha,
// power, one- or two-sided, the allocation ratio; the customers each arm needs, worked out as
// the controls change, and the power curve (power against customers per arm) with the answer
// marked. The numbers are those of `touchpoint power`.
#include "sections/experiments/experiments_controls.hpp"
#include "touchpoint/experiments/power.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

// What a design needs: the sample size and the power curve, or why there is none.
struct PowerAnswer {
    std::optional<experiments::PowerDesign> worked_out_for;
    std::optional<experiments::SampleSize> size;
    std::vector<experiments::PowerCurvePoint> curve;
    std::string error;
};

// A repeat-purchase rate of 10% and a check-in worth two points more: the example of the
// section's question.
experiments::PowerDesign example_power_design();

// The tab's state, a member of the Experiments section.
struct PowerState {
    experiments::PowerDesign design = example_power_design();
    // Worked out only when the design changed (the t-test's power takes a noncentral t, too slow
    // for every frame); the test API and a workspace read it too, so it is a cache.
    mutable PowerAnswer answer;
};

// heading may be nullptr (the answer is then in the body font).
void draw_power_tab(PowerState& state, ImFont* heading, std::vector<DrawnChart>& drawn);

// Test API: {"design": {...as set}, "result": (experiments::to_json of the design and the sample
// size, with n_per_arm) or null, "error", "curve": {"points", "n_min", "n_max"}}. Command:
// "power:{json}" sets the design, all or nothing: {"metric": "proportion"|"mean", "baseline",
// "sd", "mde", "relative", "alpha", "power", "ratio", "one_sided"}; false when a key or value is
// not admissible (a design the formulas reject is admitted, and "error" says why).
nlohmann::json power_state_json(const PowerState& state);
bool run_power_command(PowerState& state, std::string_view arguments);

}  // namespace touchpoint::web
