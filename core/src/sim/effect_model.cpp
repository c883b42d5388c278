#include "touchpoint/sim/effect_model.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

// Section index: the defaults and where they come from; the parameter list; validation; JSON.
namespace touchpoint::sim {

namespace {

using cadence::TouchKind;

std::string number_text(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

struct KindDefaults {
    TouchKind kind;
    double lift, half_life_days, dropout_reduction, active_days, opt_out;
    bool meaningful;
    const char* lift_reason;     // completes "assumption, chosen so that ..."
    const char* dropout_reason;  // the same
};

// Lifts are relative to the customer's own purchase rate; a lift of 0.3 with a 14-day half-life
// adds 0.3 x 14 / ln 2, about 6 days' worth of purchases, to a customer who is reached and alive.
const KindDefaults kind_defaults[cadence::touch_kind_count] = {
    {TouchKind::Welcome, 0.20, 7, 0.05, 30, 0.002, true,
     "a thank-you with clear next steps brings a few first-month repeat orders forward without being an offer",
     "a clear start (what happens next, whom to ask) lowers early regret a little"},
    {TouchKind::OrderStatus, 0.0, 7, 0.02, 14, 0.0005, false,
     "status messages inform; they are not meant to sell",
     "knowing where the order is avoids a bad first experience, a small effect"},
    {TouchKind::DeliveryCheckIn, 0.10, 7, 0.10, 30, 0.002, true,
     "a check-in after delivery mostly catches problems; a small lift covers the customers it prompts to reorder",
     "problems caught early do not turn into lost customers"},
    {TouchKind::UsefulGuide, 0.15, 10, 0.10, 45, 0.003, true,
     "a guide that helps customers use what they bought makes coming back for more a little likelier",
     "customers who get more out of a purchase have less reason to leave"},
    {TouchKind::SecondPurchaseNudge, 0.50, 7, 0.0, 0, 0.004, true,
     "a reminder timed to the customer's rhythm is the strongest single prompt here, and short-lived",
     "a reminder sells; it does not build the relationship"},
    {TouchKind::FollowUpCall, 0.30, 14, 0.20, 60, 0.001, true,
     "a personal call after a purchase is remembered longer than a message (the phone's multiplier adds to it)",
     "personal attention counts for more against leaving than a message does"},
    {TouchKind::QuarterlyCheckIn, 0.15, 14, 0.20, 90, 0.002, true,
     "a regular check-in keeps the business in mind more than it prompts an order",
     "a quarterly rhythm keeps the relationship active from one check-in to the next"},
    {TouchKind::Milestone, 0.20, 10, 0.10, 60, 0.001, true,
     "marking an anniversary or a tenth order is welcome and prompts some orders",
     "recognition strengthens the relationship a little"},
    {TouchKind::PreRenewal, 0.30, 21, 0.30, 60, 0.001, true,
     "a conversation before renewal brings renewal orders forward",
     "a conversation before renewal catches customers about to leave while there is time to act"},
    {TouchKind::BusinessReview, 0.25, 30, 0.30, 90, 0.0005, true,
     "a review with the customer's own results prompts follow-on orders over the next month",
     "customers who see what they got are the least likely to leave"},
    {TouchKind::WinBack, 0.60, 14, 0.0, 0, 0.006, true,
     "drifting customers who are still alive respond strongly to a reminder (those who have left do not respond at all, "
     "which the model handles by itself)",
     "a win-back message prompts an order; it does not make the relationship any stronger"},
    {TouchKind::LoyaltyReward, 0.30, 14, 0.15, 60, 0.002, true,
     "a reward for coming back reinforces the habit of coming back",
     "recognised regulars have one more reason to stay"},
    {TouchKind::CrossSell, 0.35, 7, 0.0, 0, 0.004, true,
     "a relevant suggestion after delivery prompts some add-on orders in the following week",
     "a sales message does not change whether the customer stays"},
    {TouchKind::ReturnsInfo, 0.0, 7, 0.05, 30, 0.001, false,
     "information on returns and exchanges reassures rather than prompts an order",
     "knowing that a wrong purchase can be fixed takes some risk out of buying again"},
    {TouchKind::Survey, 0.0, 7, 0.05, 30, 0.003, true,
     "being asked for feedback does not itself prompt orders",
     "being asked signals attention, a small effect"},
    {TouchKind::CourtesyCheckIn, 0.10, 10, 0.10, 45, 0.002, true,
     "a \"how is everything going?\" note prompts a few orders from customers who meant to come back",
     "asking after the customer without selling keeps the relationship warm"},
};

TouchEffect kind_effect(const KindDefaults& d) {
    const std::string label(cadence::touch_kind_label(d.kind));
    TouchEffect effect;
    effect.lift = {d.lift, std::string("assumption, chosen so that ") + d.lift_reason};
    effect.half_life_days = {d.half_life_days, "assumption: most of a touch's pull is gone after three half-lives, " +
                                                   number_text(3 * d.half_life_days) + " days for a " + label + " touch"};
    effect.dropout_reduction = {d.dropout_reduction, std::string("assumption, chosen so that ") + d.dropout_reason};
    effect.active_days = {d.active_days, d.dropout_reduction > 0
                                             ? "assumption: the relationship counts as active for about as long as the customer "
                                               "remembers the touch, " + number_text(d.active_days) + " days"
                                             : std::string("not used: this kind does not reduce dropout")};
    effect.opt_out = {d.opt_out, "assumption near the 0.1-0.5% unsubscribe rate per marketing e-mail that e-mail benchmarks "
                                 "commonly report: higher for promotional kinds, lower for service and personal contact"};
    effect.meaningful_contact = {d.meaningful ? 1.0 : 0.0,
                                 d.meaningful ? "assumption: a touch with content of its own counts as hearing from the business"
                                              : "assumption: automatic service messages do not count as hearing from the business"};
    return effect;
}

EffectParameter edited(double value) { return {value, "edited"}; }

}  // namespace

EffectModel default_effect_model() {
    EffectModel model;
    for (const auto& defaults : kind_defaults) model.kinds[static_cast<std::size_t>(defaults.kind)] = kind_effect(defaults);

    using cadence::Channel;
    const auto channel = [&](Channel c, double lift, double opt_out, const char* why) {
        model.channels[static_cast<std::size_t>(c)] = {{lift, why}, {opt_out, why}};
    };
    channel(Channel::Email, 1.0, 1.0, "the reference channel: the kinds' lifts and opt-outs are stated for e-mail");
    channel(Channel::Phone, 1.5, 1.5,
            "assumption: a conversation does more than a message (lift x1.5), and an unwanted call annoys more (opt-out x1.5)");
    channel(Channel::Sms, 0.8, 2.0,
            "assumption: a short text carries less than an e-mail (lift x0.8) and feels more intrusive (opt-out x2)");
    channel(Channel::Chat, 1.1, 0.5,
            "assumption: a chat answers questions on the spot (lift x1.1) and is easy to ignore without opting out (x0.5)");
    channel(Channel::InPerson, 2.0, 0.2,
            "assumption: a meeting is the strongest contact (lift x2) and people rarely ask not to be met again (opt-out x0.2)");

    model.fatigue.window_days = {30, "assumption: the same 30-day window as a cadence's frequency cap"};
    model.fatigue.free_touches = {4, "assumption: about one touch a week tires nobody"};
    model.fatigue.lift_penalty = {0.1, "assumption, chosen so that three extra touches cancel a typical e-mail's lift (0.2-0.3) "
                                       "and more turn it negative"};
    model.fatigue.opt_out_penalty = {0.005, "assumption: each extra touch adds about as much opt-out risk as a promotional "
                                            "e-mail carries on its own"};

    model.silence.grace_days = {60, "assumption: two months without hearing from the business go unnoticed"};
    model.silence.hazard_slope = {5e-6, "assumption, chosen so that 90 silent days past the grace period add about 2% "
                                        "dropout and 300 days about 20% (cumulative hazard slope x days² / 2)"};

    model.discount.extra_lift = {0.5, "assumption: a price cut pulls purchases forward strongly, for a short time"};
    model.discount.half_life_days = {5, "assumption: the pull of an offer is mostly gone within two weeks"};
    model.discount.price_cut = {0.15, "assumption: a typical 15% off"};
    model.discount.valid_days = {14, "assumption: a two-week offer"};
    model.discount.dependence = {0.03, "assumption; the direction follows reference-price research (customers who see "
                                       "frequent discounts come to expect them and buy less at full price)"};

    model.max_rate_multiplier = {4, "assumption: however many touches land together, a customer buys at most four times "
                                    "as often as usual; larger values cost simulation time"};
    return model;
}

EffectModel no_effect_model() {
    EffectModel model = default_effect_model();
    const EffectParameter zero{0, "set to zero: no effect"};
    for (auto& kind : model.kinds) {
        kind.lift = zero;
        kind.dropout_reduction = zero;
        kind.opt_out = zero;
    }
    model.fatigue.lift_penalty = zero;
    model.fatigue.opt_out_penalty = zero;
    model.silence.hazard_slope = zero;
    model.discount.extra_lift = zero;
    model.discount.price_cut = zero;
    model.discount.dependence = zero;
    return model;
}

// ---- The parameter list ------------------------------------------------------------------------

std::vector<EffectParameterInfo> effect_parameters(EffectModel& model) {
    std::vector<EffectParameterInfo> list;
    const auto add = [&](std::string path, std::string label, std::string unit, double minimum, double maximum,
                         EffectParameter& parameter) {
        list.push_back({std::move(path), std::move(label), std::move(unit), minimum, maximum, &parameter});
    };
    for (std::size_t k = 0; k < cadence::touch_kind_count; ++k) {
        const auto kind = static_cast<TouchKind>(k);
        const std::string path = "kinds." + std::string(cadence::touch_kind_key(kind)) + ".";
        const std::string label = std::string(cadence::touch_kind_label(kind)) + ": ";
        auto& effect = model.kinds[k];
        add(path + "lift", label + "lift", "share", -1, 10, effect.lift);
        add(path + "half_life_days", label + "lift half-life", "days", 0.1, 3650, effect.half_life_days);
        add(path + "dropout_reduction", label + "dropout reduction while active", "share", 0, 1, effect.dropout_reduction);
        add(path + "active_days", label + "days active", "days", 0, 3650, effect.active_days);
        add(path + "opt_out", label + "opt-out chance", "share", 0, 1, effect.opt_out);
        add(path + "meaningful_contact", label + "resets the silence clock", "0 or 1", 0, 1, effect.meaningful_contact);
    }
    for (std::size_t c = 0; c < cadence::channel_count; ++c) {
        const auto channel = static_cast<cadence::Channel>(c);
        const std::string path = "channels." + std::string(cadence::channel_key(channel)) + ".";
        const std::string label = std::string(cadence::channel_label(channel)) + ": ";
        add(path + "lift_multiplier", label + "lift multiplier", "x", 0, 10, model.channels[c].lift_multiplier);
        add(path + "opt_out_multiplier", label + "opt-out multiplier", "x", 0, 10, model.channels[c].opt_out_multiplier);
    }
    add("fatigue.window_days", "Fatigue: window", "days", 1, 365, model.fatigue.window_days);
    add("fatigue.free_touches", "Fatigue: touches in the window that tire nobody", "touches", 0, 100, model.fatigue.free_touches);
    add("fatigue.lift_penalty", "Fatigue: lift lost per extra touch", "share", 0, 10, model.fatigue.lift_penalty);
    add("fatigue.opt_out_penalty", "Fatigue: opt-out chance added per extra touch", "share", 0, 1, model.fatigue.opt_out_penalty);
    add("silence.grace_days", "Silence: days before it costs", "days", 0, 3650, model.silence.grace_days);
    add("silence.hazard_slope", "Silence: dropout hazard added per day past the grace period", "per day²", 0, 1,
        model.silence.hazard_slope);
    add("discount.extra_lift", "Discount: extra lift", "share", 0, 10, model.discount.extra_lift);
    add("discount.half_life_days", "Discount: extra lift half-life", "days", 0.1, 3650, model.discount.half_life_days);
    add("discount.price_cut", "Discount: price cut", "share", 0, 1, model.discount.price_cut);
    add("discount.valid_days", "Discount: days valid", "days", 0, 3650, model.discount.valid_days);
    add("discount.dependence", "Discount: full-price purchase rate lost per discount", "share", 0, 0.99, model.discount.dependence);
    add("max_rate_multiplier", "Most the purchase rate can be multiplied by", "x", 1, 100, model.max_rate_multiplier);
    return list;
}

// ---- Validation --------------------------------------------------------------------------------

EffectModelError::EffectModelError(std::string field, const std::string& message)
    : std::invalid_argument(field + ": " + message), field_(std::move(field)) {}

void validate(const EffectModel& model) {
    EffectModel copy = model;  // effect_parameters hands out pointers for editing
    for (const auto& info : effect_parameters(copy)) {
        const double value = info.parameter->value;
        if (!(value >= info.minimum && value <= info.maximum))
            throw EffectModelError(info.path, "must be from " + number_text(info.minimum) + " to " + number_text(info.maximum) +
                                                  " (" + info.unit + "), got " + number_text(value));
        if (info.unit == "0 or 1" && value != 0 && value != 1)
            throw EffectModelError(info.path, "must be 0 or 1, got " + number_text(value));
        if (info.path == "fatigue.free_touches" && value != std::floor(value))
            throw EffectModelError(info.path, "must be a whole number of touches, got " + number_text(value));
    }
}

// ---- JSON --------------------------------------------------------------------------------------

nlohmann::json to_json(const EffectModel& model) {
    EffectModel copy = model;
    nlohmann::json json = nlohmann::json::object();
    for (const auto& info : effect_parameters(copy)) {
        std::string pointer = "/" + info.path;
        for (auto& c : pointer)
            if (c == '.') c = '/';
        json[nlohmann::json::json_pointer(pointer)] = {{"value", info.parameter->value}, {"source", info.parameter->source}};
    }
    return json;
}

namespace {

void read_leaves(const nlohmann::json& json, const std::string& path, const std::map<std::string, EffectParameter*>& parameters) {
    const auto found = parameters.find(path);
    if (found != parameters.end()) {
        EffectParameter& parameter = *found->second;
        if (json.is_number()) {
            parameter = edited(json.get<double>());
            return;
        }
        if (!json.is_object() || !json.contains("value"))
            throw EffectModelError(path, "must be a number or {\"value\": number, \"source\": text}, got " + json.dump());
        for (const auto& item : json.items()) {
            if (item.key() == "value") {
                if (!item.value().is_number()) throw EffectModelError(path + ".value", "must be a number, got " + item.value().dump());
                parameter.value = item.value().get<double>();
            } else if (item.key() == "source") {
                if (!item.value().is_string()) throw EffectModelError(path + ".source", "must be text, got " + item.value().dump());
                parameter.source = item.value().get<std::string>();
            } else {
                throw EffectModelError(path + "." + item.key(), "is not part of a parameter (use value and source)");
            }
        }
        if (!json.contains("source")) parameter.source = "edited";
        return;
    }
    if (!json.is_object())
        throw EffectModelError(path.empty() ? "effects" : path, "is not an effect parameter or group of them");
    for (const auto& item : json.items()) {
        const std::string child = path.empty() ? item.key() : path + "." + item.key();
        const bool is_prefix = std::any_of(parameters.begin(), parameters.end(), [&](const auto& entry) {
            return entry.first == child || entry.first.rfind(child + ".", 0) == 0;
        });
        if (!is_prefix) throw EffectModelError(child, "is not an effect parameter or group (see the defaults' JSON for the names)");
        read_leaves(item.value(), child, parameters);
    }
}

}  // namespace

EffectModel effect_model_from_json(const nlohmann::json& json) {
    EffectModel model = default_effect_model();
    std::map<std::string, EffectParameter*> parameters;
    for (const auto& info : effect_parameters(model)) parameters[info.path] = info.parameter;
    if (!json.is_object()) throw EffectModelError("effects", "must be a JSON object, got " + std::string(json.type_name()));
    read_leaves(json, "", parameters);
    validate(model);
    return model;
}

}  // namespace touchpoint::sim
