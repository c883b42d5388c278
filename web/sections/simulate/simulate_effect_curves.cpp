#include "sections/simulate/simulate_effect_curves.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace touchpoint::web {

namespace {

const sim::TouchEffect& kind_effect(const sim::EffectModel& model, cadence::TouchKind kind) {
    return model.kinds[static_cast<std::size_t>(kind)];
}

const sim::ChannelEffect& channel_effect(const sim::EffectModel& model, cadence::Channel channel) {
    return model.channels[static_cast<std::size_t>(channel)];
}

double extra_touches(const sim::EffectModel& model, int touch_in_window) {
    return std::max(0.0, static_cast<double>(touch_in_window) - model.fatigue.free_touches.value);
}

// A lift that halves every half_life days; a half-life of 0 (not allowed by validate, but
// typed in on the way to another value) makes the lift vanish at once.
double decay(double half_life, double elapsed) {
    if (!(half_life > 0)) return elapsed > 0 ? 0.0 : 1.0;
    return std::exp(-std::log(2.0) / half_life * elapsed);
}

// An amplitude that decays from `since`; a new touch adds to what is left of it, as the engine does.
struct LiftGroup {
    double amplitude = 0, since = 0, half_life = 1;
    void add(double time, double lift) {
        amplitude = amplitude * decay(half_life, time - since) + lift;
        since = time;
    }
    double at(double time) const { return amplitude * decay(half_life, time - since); }
};

}  // namespace

double touch_lift(const sim::EffectModel& model, cadence::TouchKind kind, cadence::Channel channel, int touch_in_window) {
    return kind_effect(model, kind).lift.value * channel_effect(model, channel).lift_multiplier.value -
           extra_touches(model, touch_in_window) * model.fatigue.lift_penalty.value;
}

double opt_out_chance(const sim::EffectModel& model, cadence::TouchKind kind, cadence::Channel channel, int touch_in_window) {
    const double chance = kind_effect(model, kind).opt_out.value * channel_effect(model, channel).opt_out_multiplier.value +
                          extra_touches(model, touch_in_window) * model.fatigue.opt_out_penalty.value;
    return std::clamp(chance, 0.0, 1.0);
}

double silence_survival(const sim::EffectModel& model, double days) {
    const double past_grace = std::max(0.0, days - model.silence.grace_days.value);
    return std::exp(-0.5 * model.silence.hazard_slope.value * past_grace * past_grace);
}

MultiplierCurve purchase_rate_multiplier(const sim::EffectModel& model, cadence::TouchKind kind, cadence::Channel channel,
                                         const TouchScenario& scenario, double horizon_days, int samples_per_day) {
    MultiplierCurve curve;
    samples_per_day = std::max(1, samples_per_day);
    const auto samples = static_cast<std::size_t>(std::max(0.0, std::floor(horizon_days * samples_per_day))) + 1;
    curve.days.reserve(samples);
    curve.multiplier.reserve(samples);

    LiftGroup touch_group, discount_group;
    touch_group.half_life = kind_effect(model, kind).half_life_days.value;
    discount_group.half_life = model.discount.half_life_days.value;
    double full_price = 1.0;
    std::vector<double> reached;  // times of the touches so far, for fatigue
    std::size_t next = 0;
    const double window = model.fatigue.window_days.value;
    const double cap = model.max_rate_multiplier.value;

    for (std::size_t i = 0; i < samples; ++i) {
        const double t = static_cast<double>(i) / samples_per_day;
        // Touches at or before t take effect, in order.
        while (next < scenario.touch_days.size() && scenario.touch_days[next] <= t) {
            const double time = scenario.touch_days[next++];
            reached.push_back(time);
            const auto in_window = std::count_if(reached.begin(), reached.end(), [&](double when) { return when > time - window; });
            const double lift = touch_lift(model, kind, channel, static_cast<int>(in_window));
            if (lift != 0) touch_group.add(time, lift);
            if (scenario.discount) {
                if (model.discount.extra_lift.value != 0) discount_group.add(time, model.discount.extra_lift.value);
                full_price *= 1.0 - model.discount.dependence.value;
            }
        }
        const double multiplier = full_price * (1.0 + touch_group.at(t) + discount_group.at(t));
        curve.days.push_back(t);
        curve.multiplier.push_back(std::clamp(multiplier, 0.0, std::max(cap, 0.0)));
    }
    return curve;
}

std::vector<NamedScenario> effect_scenarios(const sim::EffectModel& model) {
    std::vector<NamedScenario> scenarios;
    scenarios.push_back({"One touch on day 0", {{0.0}, false}});
    const int free_touches = static_cast<int>(std::max(0.0, model.fatigue.free_touches.value));
    const int burst = std::clamp(free_touches + 3, 2, 10);
    TouchScenario close;
    for (int k = 0; k < burst; ++k) close.touch_days.push_back(3.0 * k);
    scenarios.push_back({std::to_string(burst) + " touches 3 days apart (fatigue past " + std::to_string(free_touches) + ")", close});
    scenarios.push_back({"One touch with a discount", {{0.0}, true}});
    return scenarios;
}

}  // namespace touchpoint::web
