#include "touchpoint/roleplay/scenario.hpp"

#include "touchpoint/data/json_text.hpp"
#include "touchpoint/limits.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <array>

// Section index: names; scenario look-ups; JSON out; JSON in.
namespace touchpoint::roleplay {

namespace {

struct BehaviourName {
    std::string_view key;
    std::string_view label;
    int points;
};

constexpr std::array<BehaviourName, behaviour_count> behaviour_names{{
    {"clarifies_expectations", "Clarifies expectations", 2},
    {"proactive", "Proactive", 2},
    {"open_question", "Open question (active listening)", 2},
    {"acknowledges", "Acknowledges", 1},
    {"offers_relevant_value", "Offers relevant value", 2},
    {"pushy", "Pushy", -3},
    {"vague", "Vague", -2},
    {"defensive", "Defensive", -3},
    {"makes_customer_repeat", "Makes the customer repeat", -2},
}};

struct EndingName {
    std::string_view key;
    std::string_view label;
};

constexpr std::array<EndingName, ending_count> ending_names{{
    {"renewed", "Renewed"},
    {"second_purchase", "Second purchase"},
    {"referral", "Referral"},
    {"churned", "Churned"},
    {"escalated", "Escalated"},
    {"bought_but_resentful", "Bought, but resentful"},
}};

}  // namespace

std::string_view behaviour_key(Behaviour behaviour) { return behaviour_names[static_cast<std::size_t>(behaviour)].key; }
std::string_view behaviour_label(Behaviour behaviour) { return behaviour_names[static_cast<std::size_t>(behaviour)].label; }
int behaviour_points(Behaviour behaviour) { return behaviour_names[static_cast<std::size_t>(behaviour)].points; }
bool is_good_behaviour(Behaviour behaviour) { return behaviour_points(behaviour) > 0; }

std::optional<Behaviour> behaviour_from_key(std::string_view key) {
    for (std::size_t i = 0; i < behaviour_count; ++i)
        if (behaviour_names[i].key == key) return static_cast<Behaviour>(i);
    return std::nullopt;
}

std::string_view ending_key(Ending ending) { return ending_names[static_cast<std::size_t>(ending)].key; }
std::string_view ending_label(Ending ending) { return ending_names[static_cast<std::size_t>(ending)].label; }

std::optional<Ending> ending_from_key(std::string_view key) {
    for (std::size_t i = 0; i < ending_count; ++i)
        if (ending_names[i].key == key) return static_cast<Ending>(i);
    return std::nullopt;
}

bool is_kept_customer(Ending ending) {
    return ending == Ending::Renewed || ending == Ending::SecondPurchase || ending == Ending::Referral;
}

// ---- Scenario look-ups -------------------------------------------------------------------------

std::optional<std::size_t> Scenario::node_index(std::string_view node_id) const {
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].id == node_id) return i;
    return std::nullopt;
}

const Signal* Scenario::find_signal(std::string_view key) const {
    for (const auto& signal : signals)
        if (signal.key == key) return &signal;
    return nullptr;
}

std::string_view Scenario::start_id() const {
    if (!start.empty() || nodes.empty()) return start;
    return nodes.front().id;
}

ScenarioError::ScenarioError(std::string field, const std::string& message)
    : std::invalid_argument(field.empty() ? message : field + ": " + message), field_(std::move(field)) {}

// ---- JSON out ----------------------------------------------------------------------------------

namespace {

nlohmann::json condition_json(const Condition& condition) {
    auto json = nlohmann::json::object();
    if (condition.trust_at_least) json["trust_at_least"] = *condition.trust_at_least;
    if (condition.trust_below) json["trust_below"] = *condition.trust_below;
    if (!condition.caught.empty()) json["caught"] = condition.caught;
    if (!condition.missed.empty()) json["missed"] = condition.missed;
    return json;
}

nlohmann::json choice_json(const Choice& choice) {
    nlohmann::json json{{"text", choice.text}, {"trust", choice.trust}, {"next", choice.next}};
    auto behaviours = nlohmann::json::array();
    for (const auto behaviour : choice.behaviours) behaviours.push_back(behaviour_key(behaviour));
    json["behaviours"] = behaviours;
    if (!choice.catches.empty()) json["catches"] = choice.catches;
    if (!choice.misses.empty()) json["misses"] = choice.misses;
    if (!choice.routes.empty()) {
        auto routes = nlohmann::json::array();
        for (const auto& route : choice.routes) routes.push_back({{"when", condition_json(route.when)}, {"next", route.next}});
        json["routes"] = routes;
    }
    if (!choice.stronger_reply.empty()) json["stronger_reply"] = choice.stronger_reply;
    return json;
}

}  // namespace

nlohmann::json to_json(const Scenario& scenario) {
    nlohmann::json json{{"format", scenario_format},
                        {"version", scenario_format_version},
                        {"id", scenario.id},
                        {"title", scenario.title},
                        {"description", scenario.description},
                        {"persona",
                         {{"name", scenario.persona.name},
                          {"segment", scenario.persona.segment},
                          {"situation", scenario.persona.situation},
                          {"mood", scenario.persona.mood}}},
                        {"initial_trust", scenario.initial_trust},
                        {"start", scenario.start}};
    auto signals = nlohmann::json::array();
    for (const auto& signal : scenario.signals) signals.push_back({{"key", signal.key}, {"label", signal.label}});
    json["signals"] = signals;
    auto nodes = nlohmann::json::array();
    for (const auto& node : scenario.nodes) {
        nlohmann::json entry{{"id", node.id}};
        auto lines = nlohmann::json::array();
        for (const auto& line : node.lines) {
            nlohmann::json line_json{{"text", line.text}};
            if (!line.when.empty()) line_json["when"] = condition_json(line.when);
            lines.push_back(line_json);
        }
        entry["lines"] = lines;
        // Everything the node holds, even what only an ending may hold: an author's mistake
        // (an effect on a node that is not an ending) survives export for the validator to name.
        if (node.ending) entry["ending"] = ending_key(*node.ending);
        if (!node.outcome.empty()) entry["outcome"] = node.outcome;
        if (node.effect) entry["effect"] = {{"purchase_rate", node.effect->purchase_rate}, {"dropout", node.effect->dropout}};
        if (!node.ending || !node.choices.empty()) {
            auto choices = nlohmann::json::array();
            for (const auto& choice : node.choices) choices.push_back(choice_json(choice));
            entry["choices"] = choices;
        }
        nodes.push_back(entry);
    }
    json["nodes"] = nodes;
    return json;
}

// ---- JSON in -----------------------------------------------------------------------------------

namespace {

std::string at(const std::string& path, std::string_view key) { return path.empty() ? std::string(key) : path + "." + std::string(key); }
std::string item(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

const nlohmann::json& object_at(const nlohmann::json& json, const std::string& path) {
    if (!json.is_object()) throw ScenarioError(path, "expected an object");
    return json;
}

std::string text_of(const nlohmann::json& json, std::string_view key, const std::string& path, bool required) {
    const auto found = json.find(std::string(key));
    if (found == json.end() || found->is_null()) {
        if (required) throw ScenarioError(at(path, key), "is required");
        return {};
    }
    if (!found->is_string()) throw ScenarioError(at(path, key), "expected text");
    const auto& text = found->get_ref<const std::string&>();
    // Characters, not bytes: UTF-8 continuation bytes (10xxxxxx) do not start one.
    const auto characters = std::count_if(text.begin(), text.end(), [](char byte) { return (byte & 0xC0) != 0x80; });
    if (characters > static_cast<std::ptrdiff_t>(limits::max_scenario_text_chars))
        throw ScenarioError(at(path, key), "is " + std::to_string(characters) + " characters long; a scenario's texts are at most " +
                                               std::to_string(limits::max_scenario_text_chars));
    return text;
}

std::optional<int> whole_number_of(const nlohmann::json& json, std::string_view key, const std::string& path) {
    const auto found = json.find(std::string(key));
    if (found == json.end() || found->is_null()) return std::nullopt;
    if (!found->is_number_integer()) throw ScenarioError(at(path, key), "expected a whole number");
    return found->get<int>();
}

// An optional positive multiplier; 1 when absent.
double multiplier_of(const nlohmann::json& json, std::string_view key, const std::string& path) {
    const auto found = json.find(std::string(key));
    if (found == json.end() || found->is_null()) return 1.0;
    if (!found->is_number()) throw ScenarioError(at(path, key), "expected a number");
    const auto value = found->get<double>();
    if (!(value > 0.0) || value > max_effect_multiplier)
        throw ScenarioError(at(path, key), "must be above 0 and at most " + std::to_string(static_cast<int>(max_effect_multiplier)));
    return value;
}

// An optional array of the key; empty when absent.
const nlohmann::json& array_of(const nlohmann::json& json, std::string_view key, const std::string& path) {
    static const nlohmann::json empty = nlohmann::json::array();
    const auto found = json.find(std::string(key));
    if (found == json.end() || found->is_null()) return empty;
    if (!found->is_array()) throw ScenarioError(at(path, key), "expected a list");
    return *found;
}

std::vector<std::string> texts_of(const nlohmann::json& json, std::string_view key, const std::string& path) {
    std::vector<std::string> texts;
    const auto& list = array_of(json, key, path);
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (!list[i].is_string()) throw ScenarioError(item(at(path, key), i), "expected text");
        texts.push_back(list[i].get<std::string>());
    }
    return texts;
}

Condition condition_from(const nlohmann::json& json, const std::string& path) {
    object_at(json, path);
    for (const auto& [key, value] : json.items()) {
        (void)value;
        if (key != "trust_at_least" && key != "trust_below" && key != "caught" && key != "missed")
            throw ScenarioError(at(path, key), "unknown condition (use trust_at_least, trust_below, caught or missed)");
    }
    Condition condition;
    condition.trust_at_least = whole_number_of(json, "trust_at_least", path);
    condition.trust_below = whole_number_of(json, "trust_below", path);
    condition.caught = texts_of(json, "caught", path);
    condition.missed = texts_of(json, "missed", path);
    return condition;
}

Condition optional_condition(const nlohmann::json& json, const std::string& path) {
    const auto found = json.find("when");
    if (found == json.end() || found->is_null()) return {};
    return condition_from(*found, at(path, "when"));
}

std::string behaviour_list() {
    std::string list;
    for (const auto& name : behaviour_names) list += (list.empty() ? "" : ", ") + std::string(name.key);
    return list;
}

std::string ending_list() {
    std::string list;
    for (const auto& name : ending_names) list += (list.empty() ? "" : ", ") + std::string(name.key);
    return list;
}

Choice choice_from(const nlohmann::json& json, const std::string& path) {
    object_at(json, path);
    Choice choice;
    choice.text = text_of(json, "text", path, true);
    const auto& behaviours = array_of(json, "behaviours", path);
    for (std::size_t i = 0; i < behaviours.size(); ++i) {
        const auto field = item(at(path, "behaviours"), i);
        if (!behaviours[i].is_string()) throw ScenarioError(field, "expected a behaviour name");
        const auto behaviour = behaviour_from_key(behaviours[i].get<std::string>());
        if (!behaviour)
            throw ScenarioError(field, "unknown behaviour '" + behaviours[i].get<std::string>() + "' (use " + behaviour_list() + ")");
        choice.behaviours.push_back(*behaviour);
    }
    choice.trust = whole_number_of(json, "trust", path).value_or(0);
    choice.catches = texts_of(json, "catches", path);
    choice.misses = texts_of(json, "misses", path);
    choice.next = text_of(json, "next", path, false);  // a missing next is the validator's to report
    const auto& routes = array_of(json, "routes", path);
    for (std::size_t i = 0; i < routes.size(); ++i) {
        const auto route_path = item(at(path, "routes"), i);
        object_at(routes[i], route_path);
        choice.routes.push_back({optional_condition(routes[i], route_path), text_of(routes[i], "next", route_path, true)});
    }
    choice.stronger_reply = text_of(json, "stronger_reply", path, false);
    return choice;
}

Node node_from(const nlohmann::json& json, const std::string& path) {
    object_at(json, path);
    Node node;
    node.id = text_of(json, "id", path, true);
    const auto& lines = array_of(json, "lines", path);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto line_path = item(at(path, "lines"), i);
        if (lines[i].is_string()) {
            node.lines.push_back({lines[i].get<std::string>(), {}});
            continue;
        }
        object_at(lines[i], line_path);
        node.lines.push_back({text_of(lines[i], "text", line_path, true), optional_condition(lines[i], line_path)});
    }
    const auto ending = text_of(json, "ending", path, false);
    if (!ending.empty()) {
        node.ending = ending_from_key(ending);
        if (!node.ending) throw ScenarioError(at(path, "ending"), "unknown ending '" + ending + "' (use " + ending_list() + ")");
    }
    node.outcome = text_of(json, "outcome", path, false);
    if (const auto effect = json.find("effect"); effect != json.end() && !effect->is_null()) {
        const auto effect_path = at(path, "effect");
        object_at(*effect, effect_path);
        node.effect = EndingEffect{multiplier_of(*effect, "purchase_rate", effect_path), multiplier_of(*effect, "dropout", effect_path)};
    }
    const auto& choices = array_of(json, "choices", path);
    if (choices.size() > limits::max_scenario_choices_per_node)
        throw ScenarioError(at(path, "choices"), "has " + std::to_string(choices.size()) + " replies; a node offers at most " +
                                                     std::to_string(limits::max_scenario_choices_per_node));
    for (std::size_t i = 0; i < choices.size(); ++i) node.choices.push_back(choice_from(choices[i], item(at(path, "choices"), i)));
    return node;
}

}  // namespace

Scenario scenario_from_json(const nlohmann::json& json) {
    object_at(json, "");
    const auto format = text_of(json, "format", "", true);
    if (format != scenario_format)
        throw ScenarioError("format", "expected \"" + std::string(scenario_format) + "\", found \"" + format + "\"");
    const auto version = whole_number_of(json, "version", "");
    if (!version) throw ScenarioError("version", "is required");
    if (*version != scenario_format_version)
        throw ScenarioError("version", "version " + std::to_string(*version) + " is not supported (this build reads version " +
                                           std::to_string(scenario_format_version) + ")");
    Scenario scenario;
    scenario.id = text_of(json, "id", "", true);
    scenario.title = text_of(json, "title", "", true);
    scenario.description = text_of(json, "description", "", false);
    if (const auto persona = json.find("persona"); persona != json.end()) {
        object_at(*persona, "persona");
        scenario.persona = {text_of(*persona, "name", "persona", false), text_of(*persona, "segment", "persona", false),
                            text_of(*persona, "situation", "persona", false), text_of(*persona, "mood", "persona", false)};
    }
    scenario.initial_trust = whole_number_of(json, "initial_trust", "").value_or(50);
    if (scenario.initial_trust < min_trust || scenario.initial_trust > max_trust)
        throw ScenarioError("initial_trust", "must be between 0 and 100");
    const auto& signals = array_of(json, "signals", "");
    for (std::size_t i = 0; i < signals.size(); ++i) {
        const auto path = item("signals", i);
        object_at(signals[i], path);
        scenario.signals.push_back({text_of(signals[i], "key", path, true), text_of(signals[i], "label", path, true)});
    }
    scenario.start = text_of(json, "start", "", false);
    const auto& nodes = array_of(json, "nodes", "");
    if (nodes.size() > limits::max_scenario_nodes)
        throw ScenarioError("nodes", "has " + std::to_string(nodes.size()) + " nodes; a scenario has at most " +
                                         std::to_string(limits::max_scenario_nodes));
    for (std::size_t i = 0; i < nodes.size(); ++i) scenario.nodes.push_back(node_from(nodes[i], item("nodes", i)));
    return scenario;
}

Scenario scenario_from_json_text(std::string_view text) {
    nlohmann::json json;
    try {
        json = data::parse_json_text(text, limits::max_scenario_json_bytes, "a scenario");
    } catch (const data::JsonTextError& problem) {
        throw ScenarioError("", problem.located());
    }
    return scenario_from_json(json);
}

bool is_scenario_json(std::string_view text) {
    const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) return false;
    const auto format = json.find("format");
    return format != json.end() && format->is_string() && format->get<std::string>() == scenario_format;
}

}  // namespace touchpoint::roleplay
