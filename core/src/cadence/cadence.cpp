#include "touchpoint/cadence/cadence.hpp"

#include "touchpoint/cadence/validation.hpp"
#include "touchpoint/data/json_text.hpp"
#include "touchpoint/limits.hpp"

#include <nlohmann/json.hpp>
#include <array>
#include <cmath>

// Section index: names; channel defaults; JSON out; JSON in.
namespace touchpoint::cadence {

namespace {

struct Names {
    std::string_view key;
    std::string_view label;
};

constexpr std::array<Names, touch_kind_count> kind_names{{
    {"welcome", "Welcome"},
    {"order_status", "Order-status update"},
    {"delivery_check_in", "Delivery check-in"},
    {"useful_guide", "Useful guide"},
    {"second_purchase_nudge", "Second-purchase nudge"},
    {"follow_up_call", "Follow-up call"},
    {"quarterly_check_in", "Quarterly check-in"},
    {"milestone", "Milestone"},
    {"pre_renewal", "Pre-renewal conversation"},
    {"business_review", "Business review"},
    {"win_back", "Win-back"},
    {"loyalty_reward", "Loyalty reward"},
    {"cross_sell", "Cross-sell"},
    {"returns_info", "Returns and exchanges information"},
    {"survey", "Survey"},
    {"courtesy_check_in", "Courtesy check-in"},
}};

constexpr std::array<Names, trigger_count> trigger_names{{
    {"days_after_first_purchase", "Days after the first purchase"},
    {"after_each_purchase", "After each purchase"},
    {"after_delivery", "After delivery"},
    {"before_renewal", "Before renewal"},
    {"after_silence", "After N days of silence"},
    {"usual_repurchase_time", "At the usual repurchase time"},
    {"on_segment_change", "On segment change"},
}};

constexpr std::array<std::string_view, trigger_count> trigger_meanings{{
    "The touch goes out on day delay_days after the first purchase (day 0).",
    "The touch goes out delay_days after every purchase, the first included.",
    "The touch goes out delay_days after every delivery; a delivery comes delivery_days after its purchase.",
    "The touch goes out delay_days before every renewal; contracts renew every renewal_period_days from the first purchase.",
    "The touch goes out once delay_days have passed without a purchase.",
    "The touch goes out delay_days after the customer's usual repurchase time has passed without a purchase (negative: "
    "before it). The usual time is the customer's median gap between purchase days once they have two, and "
    "usual_repurchase_days before that.",
    "The touch goes out delay_days after the customer moves into one of the step's segments (any segment when none is listed).",
}};

constexpr std::array<Names, channel_count> channel_names{{
    {"email", "Email"}, {"phone", "Phone"}, {"sms", "SMS"}, {"chat", "Chat"}, {"in_person", "In person"}}};

template <typename Enum, std::size_t N>
std::optional<Enum> from_key(const std::array<Names, N>& names, std::string_view key) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i].key == key) return static_cast<Enum>(i);
    return std::nullopt;
}

template <std::size_t N>
std::string key_list(const std::array<Names, N>& names) {
    std::string list;
    for (const auto& name : names) list += (list.empty() ? "" : ", ") + std::string(name.key);
    return list;
}

}  // namespace

std::string_view touch_kind_key(TouchKind kind) { return kind_names[static_cast<std::size_t>(kind)].key; }
std::string_view touch_kind_label(TouchKind kind) { return kind_names[static_cast<std::size_t>(kind)].label; }
std::optional<TouchKind> touch_kind_from_key(std::string_view key) { return from_key<TouchKind>(kind_names, key); }
std::string_view trigger_key(Trigger trigger) { return trigger_names[static_cast<std::size_t>(trigger)].key; }
std::string_view trigger_label(Trigger trigger) { return trigger_names[static_cast<std::size_t>(trigger)].label; }
std::string_view trigger_delay_meaning(Trigger trigger) { return trigger_meanings[static_cast<std::size_t>(trigger)]; }
std::optional<Trigger> trigger_from_key(std::string_view key) { return from_key<Trigger>(trigger_names, key); }
std::string_view channel_key(Channel channel) { return channel_names[static_cast<std::size_t>(channel)].key; }
std::string_view channel_label(Channel channel) { return channel_names[static_cast<std::size_t>(channel)].label; }
std::optional<Channel> channel_from_key(std::string_view key) { return from_key<Channel>(channel_names, key); }

std::optional<metrics::Segment> target_segment_from_key(std::string_view key) {
    for (std::size_t i = 0; i < metrics::segment_count; ++i) {
        const auto segment = static_cast<metrics::Segment>(i);
        if (metrics::segment_key(segment) == key) return segment;
    }
    return std::nullopt;
}

// ---- Channel defaults --------------------------------------------------------------------------

ChannelDefaults channel_defaults(Channel channel) {
    switch (channel) {
        case Channel::Email:
            return {0.25, 0.01,
                    "Reach: assumption in line with the 20-25% open rates that e-mail benchmarks commonly report; an open "
                    "counts as reaching the customer. Cost: assumption, a sending platform's price per message."};
        case Channel::Phone:
            return {0.40, 5.0,
                    "Reach: assumption, about 4 in 10 calls to existing customers answered or returned. Cost: assumption, "
                    "about six minutes of an agent's time at 50 an hour."};
        case Channel::Sms:
            return {0.60, 0.05,
                    "Reach: assumption; most text messages are seen, but fewer are read with attention than are "
                    "delivered. Cost: assumption, a bulk SMS price per message."};
        case Channel::Chat:
            return {0.50, 1.5,
                    "Reach: assumption, half of proactive chat or messaging invitations answered. Cost: assumption, "
                    "about two minutes of an agent's time."};
        case Channel::InPerson:
            return {0.85, 60.0,
                    "Reach: assumption, a booked meeting mostly takes place. Cost: assumption, an hour of an account "
                    "manager's time with travel."};
    }
    return {};
}

CadenceStep make_step(std::string name, TouchKind kind, Trigger trigger, int delay_days, Channel channel) {
    CadenceStep step;
    step.name = std::move(name);
    step.kind = kind;
    step.trigger = trigger;
    step.delay_days = delay_days;
    step.channel = channel;
    const auto defaults = channel_defaults(channel);
    step.reach_rate = defaults.reach_rate;
    step.cost = defaults.cost_per_touch;
    return step;
}

// ---- JSON out ----------------------------------------------------------------------------------

CadenceError::CadenceError(std::string field, const std::string& message)
    : std::invalid_argument(field.empty() ? message : field + ": " + message), field_(std::move(field)) {}

nlohmann::json to_json(const Cadence& cadence) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& step : cadence.steps) {
        nlohmann::json segments = nlohmann::json::array();
        for (const auto segment : step.segments) segments.push_back(std::string(metrics::segment_key(segment)));
        steps.push_back({{"name", step.name},
                         {"kind", std::string(touch_kind_key(step.kind))},
                         {"trigger", std::string(trigger_key(step.trigger))},
                         {"delay_days", step.delay_days},
                         {"channel", std::string(channel_key(step.channel))},
                         {"reach_rate", step.reach_rate},
                         {"cost", step.cost},
                         {"segments", std::move(segments)},
                         {"intent", step.intent},
                         {"repeat_every_days", step.repeat_every_days},
                         {"discount", step.discount},
                         {"transactional", step.transactional}});
    }
    return {{"format", std::string(cadence_format)},
            {"version", cadence_format_version},
            {"name", cadence.name},
            {"description", cadence.description},
            {"caps",
             {{"max_touches_per_30_days", cadence.caps.max_touches_per_30_days},
              {"quiet_days_after_purchase", cadence.caps.quiet_days_after_purchase}}},
            {"timing",
             {{"delivery_days", cadence.timing.delivery_days},
              {"renewal_period_days", cadence.timing.renewal_period_days},
              {"usual_repurchase_days", cadence.timing.usual_repurchase_days}}},
            {"steps", std::move(steps)}};
}

std::string cadence_json_text(const Cadence& cadence) { return to_json(cadence).dump(2) + "\n"; }

// ---- JSON in -----------------------------------------------------------------------------------

namespace {

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

const nlohmann::json& require_object(const nlohmann::json& json, const std::string& path) {
    if (!json.is_object()) throw CadenceError(path, "must be a JSON object, got " + std::string(json.type_name()));
    return json;
}

std::string read_string(const nlohmann::json& value, const std::string& path) {
    if (!value.is_string()) throw CadenceError(path, "must be text, got " + value.dump());
    return value.get<std::string>();
}

int read_whole(const nlohmann::json& value, const std::string& path) {
    // 30.0 is accepted as 30; 30.5 is not a number of days.
    if (!value.is_number() || std::trunc(value.get<double>()) != value.get<double>() || std::abs(value.get<double>()) > 1e9)
        throw CadenceError(path, "must be a whole number, got " + value.dump());
    return static_cast<int>(value.get<double>());
}

double read_number(const nlohmann::json& value, const std::string& path) {
    if (!value.is_number()) throw CadenceError(path, "must be a number, got " + value.dump());
    return value.get<double>();
}

bool read_bool(const nlohmann::json& value, const std::string& path) {
    if (!value.is_boolean()) throw CadenceError(path, "must be true or false, got " + value.dump());
    return value.get<bool>();
}

template <typename Enum>
Enum read_name(const nlohmann::json& value, const std::string& path, std::optional<Enum> (*parse)(std::string_view),
               const char* what, const std::string& allowed) {
    const auto text = read_string(value, path);
    const auto parsed = parse(text);
    if (!parsed) throw CadenceError(path, "'" + text + "' is not " + what + " (use one of: " + allowed + ")");
    return *parsed;
}

CadenceStep read_step(const nlohmann::json& json, const std::string& path) {
    require_object(json, path);
    for (const char* required : {"name", "kind", "trigger", "channel"})
        if (!json.contains(required)) throw CadenceError(join(path, required), "is missing (a step needs name, kind, trigger and channel)");
    CadenceStep step;
    step.channel = read_name<Channel>(json["channel"], join(path, "channel"), &channel_from_key, "a channel", key_list(channel_names));
    const auto defaults = channel_defaults(step.channel);
    step.reach_rate = defaults.reach_rate;
    step.cost = defaults.cost_per_touch;
    for (const auto& item : json.items()) {
        const std::string key = item.key();
        const std::string field = join(path, key);
        const auto& value = item.value();
        if (key == "name") step.name = read_string(value, field);
        else if (key == "kind")
            step.kind = read_name<TouchKind>(value, field, &touch_kind_from_key, "a kind of touch", key_list(kind_names));
        else if (key == "trigger")
            step.trigger = read_name<Trigger>(value, field, &trigger_from_key, "a trigger", key_list(trigger_names));
        else if (key == "channel") continue;  // read first: it sets the defaults
        else if (key == "delay_days") step.delay_days = read_whole(value, field);
        else if (key == "reach_rate") step.reach_rate = read_number(value, field);
        else if (key == "cost") step.cost = read_number(value, field);
        else if (key == "intent") step.intent = read_string(value, field);
        else if (key == "repeat_every_days") step.repeat_every_days = read_whole(value, field);
        else if (key == "discount") step.discount = read_bool(value, field);
        else if (key == "transactional") step.transactional = read_bool(value, field);
        else if (key == "segments") {
            if (!value.is_array()) throw CadenceError(field, "must be a list of segments, got " + value.dump());
            for (std::size_t i = 0; i < value.size(); ++i) {
                const std::string element = field + "[" + std::to_string(i) + "]";
                const auto text = read_string(value[i], element);
                const auto segment = target_segment_from_key(text);
                if (!segment) throw CadenceError(element, "'" + text + "' is not a segment (use new, returning, loyal or lapsed)");
                step.segments.push_back(*segment);
            }
        } else
            throw CadenceError(field, "is not a step field (the fields are name, kind, trigger, delay_days, channel, "
                                      "reach_rate, cost, segments, intent, repeat_every_days, discount, transactional)");
    }
    return step;
}

}  // namespace

Cadence cadence_from_json(const nlohmann::json& json) {
    require_object(json, "");
    if (!json.contains("name")) throw CadenceError("name", "is missing (a cadence needs a name)");
    Cadence cadence;
    for (const auto& item : json.items()) {
        const std::string key = item.key();
        const auto& value = item.value();
        if (key == "format") {
            if (read_string(value, key) != cadence_format)
                throw CadenceError(key, "must be \"" + std::string(cadence_format) + "\", got " + value.dump());
        } else if (key == "version") {
            const int version = read_whole(value, key);
            if (version < 1 || version > cadence_format_version)
                throw CadenceError(key, "version " + std::to_string(version) + " is not one this build reads (up to " +
                                            std::to_string(cadence_format_version) + ")");
        } else if (key == "name") cadence.name = read_string(value, key);
        else if (key == "description") cadence.description = read_string(value, key);
        else if (key == "caps") {
            require_object(value, key);
            for (const auto& cap : value.items()) {
                const std::string field = join(key, cap.key());
                if (cap.key() == "max_touches_per_30_days") cadence.caps.max_touches_per_30_days = read_whole(cap.value(), field);
                else if (cap.key() == "quiet_days_after_purchase") cadence.caps.quiet_days_after_purchase = read_whole(cap.value(), field);
                else throw CadenceError(field, "is not a cap (the caps are max_touches_per_30_days, quiet_days_after_purchase)");
            }
        } else if (key == "timing") {
            require_object(value, key);
            for (const auto& timing : value.items()) {
                const std::string field = join(key, timing.key());
                if (timing.key() == "delivery_days") cadence.timing.delivery_days = read_whole(timing.value(), field);
                else if (timing.key() == "renewal_period_days") cadence.timing.renewal_period_days = read_whole(timing.value(), field);
                else if (timing.key() == "usual_repurchase_days") cadence.timing.usual_repurchase_days = read_whole(timing.value(), field);
                else
                    throw CadenceError(field, "is not a timing (the timings are delivery_days, renewal_period_days, "
                                              "usual_repurchase_days)");
            }
        } else if (key == "steps") {
            if (!value.is_array()) throw CadenceError(key, "must be a list of steps, got " + std::string(value.type_name()));
            for (std::size_t i = 0; i < value.size(); ++i)
                cadence.steps.push_back(read_step(value[i], "steps[" + std::to_string(i) + "]"));
        } else
            throw CadenceError(key, "is not a cadence field (the fields are format, version, name, description, caps, "
                                    "timing, steps)");
    }
    for (const auto& issue : validate_cadence(cadence))
        if (issue.severity == IssueSeverity::Error) throw CadenceError(issue.field, issue.message);
    return cadence;
}

Cadence cadence_from_json_text(std::string_view text) {
    nlohmann::json json;
    try {
        json = data::parse_json_text(text, limits::max_workspace_json_bytes, "a cadence");
    } catch (const data::JsonTextError& problem) {
        throw CadenceError("", problem.located());
    }
    return cadence_from_json(json);
}

}  // namespace touchpoint::cadence
