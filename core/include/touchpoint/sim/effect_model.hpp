#pragma once
// How a touch changes what a customer does: the simulator's effect model (DESIGN.md §7). Every
// number is an editable parameter that carries a short note on where its default comes from;
// where no published figure exists the note says "assumption" and why the value was chosen.
//
// A touch that reaches a customer who is still alive (has not dropped out) can:
//   - lift the purchase rate: the rate is multiplied by 1 + L(t), where each reached touch adds
//       lift x channel lift multiplier - fatigue lift penalty x extra touches
//     to L, decaying with the kind's half-life. The multiplier is floored at 0 (fatigue can turn
//     the lift negative) and capped at max_rate_multiplier;
//   - lower the dropout chance at a purchase (BG/NBD's p) by dropout_reduction while the
//     relationship is active, active_days after the touch (the strongest active reduction
//     counts, until the latest active window ends);
//   - reset the silence clock (kinds with meaningful_contact = 1; a purchase always does): a
//     customer who hears nothing meaningful gains an extra dropout hazard that rises linearly,
//     silence.hazard_slope per day for every day past silence.grace_days;
//   - make the customer opt out of further touches, with the kind's opt_out x the channel's
//     opt-out multiplier + fatigue opt-out penalty x extra touches. Extra touches are the
//     reached touches in the last fatigue.window_days beyond fatigue.free_touches;
//   - with a discount: add discount.extra_lift (its own half-life), cut the value of purchases
//     in the next discount.valid_days by discount.price_cut, and lower the customer's
//     full-price purchase rate for good by the factor (1 - discount.dependence).
// With every effect at zero (no_effect_model) the simulation is exactly the BG/NBD process.
#include "touchpoint/cadence/cadence.hpp"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

namespace touchpoint::sim {

struct EffectParameter {
    double value = 0;
    std::string source;  // "assumption, chosen so that ..." or the published figure it follows

    bool operator==(const EffectParameter&) const = default;
};

// Per kind of touch.
struct TouchEffect {
    EffectParameter lift;               // relative rise of the purchase rate right after the touch (0.3: +30%)
    EffectParameter half_life_days;     // days for the lift to halve
    EffectParameter dropout_reduction;  // share taken off the dropout chance at a purchase while active (0 to 1)
    EffectParameter active_days;        // days the touch keeps the relationship active
    EffectParameter opt_out;            // chance that a reached customer opts out of further touches
    EffectParameter meaningful_contact; // 1: resets the silence clock; 0: does not (order-status e-mails)

    bool operator==(const TouchEffect&) const = default;
};

// Per channel: how much more (or less) a touch does there than by e-mail.
struct ChannelEffect {
    EffectParameter lift_multiplier;
    EffectParameter opt_out_multiplier;

    bool operator==(const ChannelEffect&) const = default;
};

struct FatigueEffect {
    EffectParameter window_days;      // reached touches are counted over this many days
    EffectParameter free_touches;     // touches in the window that tire nobody
    EffectParameter lift_penalty;     // lift taken off per extra touch (can make the lift negative)
    EffectParameter opt_out_penalty;  // opt-out chance added per extra touch

    bool operator==(const FatigueEffect&) const = default;
};

struct SilenceEffect {
    EffectParameter grace_days;    // days without meaningful contact before silence starts to cost
    EffectParameter hazard_slope;  // extra dropout hazard per day, per day past the grace period

    bool operator==(const SilenceEffect&) const = default;
};

struct DiscountEffect {
    EffectParameter extra_lift;      // added to the touch's own lift
    EffectParameter half_life_days;  // of the extra lift
    EffectParameter price_cut;       // share taken off purchases while the discount is valid
    EffectParameter valid_days;      // how long the discount is valid
    EffectParameter dependence;      // share of the full-price purchase rate lost for good per discount

    bool operator==(const DiscountEffect&) const = default;
};

struct EffectModel {
    std::array<TouchEffect, cadence::touch_kind_count> kinds;       // indexed by cadence::TouchKind
    std::array<ChannelEffect, cadence::channel_count> channels;     // indexed by cadence::Channel
    FatigueEffect fatigue;
    SilenceEffect silence;
    DiscountEffect discount;
    // The purchase rate never exceeds this multiple of the customer's own rate, however many
    // touches land together. The simulator draws candidate purchase times at this multiple of
    // the rate and keeps each with probability (actual rate) / (this multiple) (see
    // simulator.hpp), so a larger value costs simulation time.
    EffectParameter max_rate_multiplier;

    bool operator==(const EffectModel&) const = default;
};

EffectModel default_effect_model();
// The defaults with every effect at zero: lifts, dropout reductions, opt-outs, fatigue and
// silence penalties and discount effects are 0. Simulating any cadence under it gives exactly
// the BG/NBD process (the same purchases as with no touches).
EffectModel no_effect_model();

// One editable parameter, for the editor and for JSON: path is "kinds.welcome.lift",
// "channels.phone.lift_multiplier", "fatigue.window_days", "max_rate_multiplier".
struct EffectParameterInfo {
    std::string path;
    std::string label;       // "Welcome: lift"
    std::string unit;        // "share", "days", "per day²", "x", "0 or 1"
    double minimum = 0;
    double maximum = 0;
    EffectParameter* parameter = nullptr;
};
std::vector<EffectParameterInfo> effect_parameters(EffectModel& model);

// A parameter out of range or a JSON value that cannot be read; field() is its path.
class EffectModelError : public std::invalid_argument {
public:
    EffectModelError(std::string field, const std::string& message);
    const std::string& field() const { return field_; }

private:
    std::string field_;
};

// Throws EffectModelError naming the first parameter outside its range.
void validate(const EffectModel& model);
// {"kinds": {"welcome": {"lift": {"value": 0.2, "source": "..."}, ...}, ...}, "channels": {...},
//  "fatigue": {...}, "silence": {...}, "discount": {...}, "max_rate_multiplier": {...}}
nlohmann::json to_json(const EffectModel& model);
// Starts from the defaults: missing parameters keep them. A parameter may be given as a number
// (the value; the source becomes "edited") or as {"value": ..., "source": ...}. Unknown keys,
// wrong types and values out of range throw EffectModelError naming the path.
EffectModel effect_model_from_json(const nlohmann::json& json);

}  // namespace touchpoint::sim
