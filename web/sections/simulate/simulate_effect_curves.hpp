#pragma once
// What the effect model does to one simulated customer, for the Simulate section's effect-model
// chart: the purchase-rate multiplier m(t) after touches of one kind on one channel, the chance
// that a touch makes the customer opt out, and the share a silent customer keeps. The customer is
// alive, reached by every touch and makes no purchase meanwhile, so the curves show the model's
// parameters at work and nothing else. The arithmetic follows effect_model.hpp (and the
// simulator's engine) step for step; UI-free so unit tests check it.
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/sim/effect_model.hpp"

#include <string>
#include <vector>

namespace touchpoint::web {

struct TouchScenario {
    std::vector<double> touch_days;  // days of the touches, ascending, all of the same kind and channel
    bool discount = false;           // every touch carries a discount
};

// m(t) at t = 0, 1/samples_per_day, ..., horizon_days: 1 with no touch, each touch at or before t
// counted. Each reached touch adds kind lift x channel lift multiplier - fatigue lift penalty x
// extra touches (reached touches in the fatigue window, this one included, beyond the free ones)
// to the lift, which halves every half-life; a discount adds its own lift and lowers the
// full-price rate by (1 - dependence) for good. m = full-price share x (1 + lift), floored at 0 and
// capped at max_rate_multiplier.
struct MultiplierCurve {
    std::vector<double> days;
    std::vector<double> multiplier;
};
MultiplierCurve purchase_rate_multiplier(const sim::EffectModel& model, cadence::TouchKind kind, cadence::Channel channel,
                                         const TouchScenario& scenario, double horizon_days, int samples_per_day = 4);

// The lift a touch adds when it is the touch_in_window-th reached touch in the fatigue window
// (1: the first), before decay.
double touch_lift(const sim::EffectModel& model, cadence::TouchKind kind, cadence::Channel channel, int touch_in_window);

// The chance that a touch makes the customer opt out when it is the touch_in_window-th reached
// touch in the fatigue window, capped at 1.
double opt_out_chance(const sim::EffectModel& model, cadence::TouchKind kind, cadence::Channel channel, int touch_in_window);

// The share of customers that silence alone has not made drop out after `days` without a
// meaningful contact: exp(-slope x max(0, days - grace)² / 2).
double silence_survival(const sim::EffectModel& model, double days);

// The scenarios the chart compares for a kind: one touch on day 0; a burst of touches three days
// apart, enough to pass the free touches of the fatigue window (at most ten); and one touch with a
// discount. Each with the label the legend shows.
struct NamedScenario {
    std::string label;
    TouchScenario scenario;
};
std::vector<NamedScenario> effect_scenarios(const sim::EffectModel& model);

}  // namespace touchpoint::web
