#include "touchpoint/roleplay/validation.hpp"

#include <algorithm>
#include <set>

namespace touchpoint::roleplay {

namespace {

std::string node_path(std::size_t node) { return "nodes[" + std::to_string(node) + "]"; }
std::string choice_path(std::size_t node, std::size_t choice) {
    return node_path(node) + ".choices[" + std::to_string(choice) + "]";
}
std::string named(const Node& node) { return "Node '" + node.id + "'"; }

// The node indexes a reply can lead to; unknown ids are left out (reported elsewhere).
std::vector<std::size_t> targets(const Scenario& scenario, const Choice& choice) {
    std::vector<std::size_t> found;
    if (const auto next = scenario.node_index(choice.next)) found.push_back(*next);
    for (const auto& route : choice.routes)
        if (const auto next = scenario.node_index(route.next)) found.push_back(*next);
    return found;
}

void check_signals(const Scenario& scenario, const std::vector<std::string>& keys, const std::string& field,
                   std::vector<ScenarioIssue>& errors) {
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (!scenario.find_signal(keys[i]))
            errors.push_back({IssueSeverity::Error, field + "[" + std::to_string(i) + "]",
                              "Unknown signal '" + keys[i] + "': declare it in \"signals\"."});
}

void check_condition(const Scenario& scenario, const Condition& condition, const std::string& field,
                     std::vector<ScenarioIssue>& errors) {
    check_signals(scenario, condition.caught, field + ".caught", errors);
    check_signals(scenario, condition.missed, field + ".missed", errors);
}

// Nodes from which some ending can be reached, walking the replies backwards from the endings.
std::vector<bool> can_reach_an_ending(const Scenario& scenario) {
    std::vector<bool> reaches(scenario.nodes.size(), false);
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i) reaches[i] = scenario.nodes[i].is_ending();
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t i = 0; i < scenario.nodes.size(); ++i) {
            if (reaches[i]) continue;
            for (const auto& choice : scenario.nodes[i].choices) {
                const auto next = targets(scenario, choice);
                if (std::any_of(next.begin(), next.end(), [&](std::size_t target) { return reaches[target]; })) {
                    reaches[i] = changed = true;
                    break;
                }
            }
        }
    }
    return reaches;
}

}  // namespace

std::vector<bool> reachable_nodes(const Scenario& scenario) {
    std::vector<bool> reached(scenario.nodes.size(), false);
    const auto start = scenario.node_index(scenario.start_id());
    if (!start) return reached;
    std::vector<std::size_t> pending{*start};
    reached[*start] = true;
    while (!pending.empty()) {
        const auto node = pending.back();
        pending.pop_back();
        for (const auto& choice : scenario.nodes[node].choices)
            for (const auto target : targets(scenario, choice))
                if (!reached[target]) {
                    reached[target] = true;
                    pending.push_back(target);
                }
    }
    return reached;
}

std::vector<ScenarioIssue> validate_scenario(const Scenario& scenario) {
    std::vector<ScenarioIssue> errors;
    std::vector<ScenarioIssue> warnings;
    if (scenario.nodes.empty()) {
        errors.push_back({IssueSeverity::Error, "nodes", "The scenario has no nodes."});
        return errors;
    }
    if (!scenario.start.empty() && !scenario.node_index(scenario.start))
        errors.push_back({IssueSeverity::Error, "start", "The start node '" + scenario.start + "' does not exist."});

    std::set<std::string> signal_keys;
    for (std::size_t i = 0; i < scenario.signals.size(); ++i)
        if (!signal_keys.insert(scenario.signals[i].key).second)
            errors.push_back({IssueSeverity::Error, "signals[" + std::to_string(i) + "].key",
                              "The signal '" + scenario.signals[i].key + "' is defined twice."});

    std::set<std::string> seen_ids;
    bool has_ending = false;
    for (std::size_t n = 0; n < scenario.nodes.size(); ++n) {
        const auto& node = scenario.nodes[n];
        if (!seen_ids.insert(node.id).second)
            errors.push_back({IssueSeverity::Error, node_path(n) + ".id", named(node) + " is defined twice."});
        if (node.lines.empty())
            errors.push_back({IssueSeverity::Error, node_path(n) + ".lines", named(node) + " gives the customer nothing to say."});
        for (std::size_t l = 0; l < node.lines.size(); ++l)
            check_condition(scenario, node.lines[l].when, node_path(n) + ".lines[" + std::to_string(l) + "].when", errors);
        if (node.is_ending()) {
            has_ending = true;
            if (!node.choices.empty())
                errors.push_back({IssueSeverity::Error, node_path(n) + ".choices",
                                  named(node) + " is an ending but offers replies; an ending ends the conversation."});
            continue;
        }
        if (node.effect)
            errors.push_back({IssueSeverity::Error, node_path(n) + ".effect",
                              named(node) + " sets an effect but is not an ending; only endings change the customer afterwards."});
        if (node.choices.empty())
            errors.push_back({IssueSeverity::Error, node_path(n) + ".choices",
                              named(node) + " is a dead end: it offers no replies and is not an ending."});
        for (std::size_t c = 0; c < node.choices.size(); ++c) {
            const auto& choice = node.choices[c];
            const auto path = choice_path(n, c);
            if (choice.behaviours.empty())
                errors.push_back({IssueSeverity::Error, path + ".behaviours",
                                  named(node) + ", reply " + std::to_string(c + 1) + " has no behaviour tag, so it cannot be scored."});
            for (std::size_t b = 1; b < choice.behaviours.size(); ++b)
                if (std::find(choice.behaviours.begin(), choice.behaviours.begin() + static_cast<std::ptrdiff_t>(b),
                              choice.behaviours[b]) != choice.behaviours.begin() + static_cast<std::ptrdiff_t>(b))
                    errors.push_back({IssueSeverity::Error, path + ".behaviours[" + std::to_string(b) + "]",
                                      named(node) + ", reply " + std::to_string(c + 1) + " is tagged '" +
                                          std::string(behaviour_key(choice.behaviours[b])) + "' twice, which would score it twice."});
            if (choice.next.empty())
                errors.push_back({IssueSeverity::Error, path + ".next", named(node) + ", reply " + std::to_string(c + 1) + " has no next node."});
            else if (!scenario.node_index(choice.next))
                errors.push_back({IssueSeverity::Error, path + ".next",
                                  named(node) + ", reply " + std::to_string(c + 1) + " leads to '" + choice.next + "', which does not exist."});
            for (std::size_t r = 0; r < choice.routes.size(); ++r) {
                const auto route_path = path + ".routes[" + std::to_string(r) + "]";
                check_condition(scenario, choice.routes[r].when, route_path + ".when", errors);
                if (!scenario.node_index(choice.routes[r].next))
                    errors.push_back({IssueSeverity::Error, route_path + ".next",
                                      named(node) + ", reply " + std::to_string(c + 1) + " routes to '" + choice.routes[r].next +
                                          "', which does not exist."});
            }
            check_signals(scenario, choice.catches, path + ".catches", errors);
            check_signals(scenario, choice.misses, path + ".misses", errors);
        }
    }
    if (!has_ending) errors.push_back({IssueSeverity::Error, "nodes", "The scenario has no ending."});

    const auto reached = reachable_nodes(scenario);
    const auto reaches_end = can_reach_an_ending(scenario);
    bool an_ending_is_reached = false;
    for (std::size_t n = 0; n < scenario.nodes.size(); ++n) {
        const auto& node = scenario.nodes[n];
        if (reached[n] && node.is_ending()) an_ending_is_reached = true;
        if (!reached[n])
            warnings.push_back({IssueSeverity::Warning, node_path(n), named(node) + " cannot be reached from the start."});
        else if (!reaches_end[n] && !node.choices.empty())
            warnings.push_back({IssueSeverity::Warning, node_path(n), named(node) + " never leads to an ending: the conversation would loop."});
    }
    if (has_ending && !an_ending_is_reached && scenario.node_index(scenario.start_id()))
        errors.push_back({IssueSeverity::Error, "nodes", "No ending can be reached from the start."});

    errors.insert(errors.end(), warnings.begin(), warnings.end());
    return errors;
}

bool has_errors(const std::vector<ScenarioIssue>& issues) {
    return std::any_of(issues.begin(), issues.end(), [](const ScenarioIssue& issue) { return issue.severity == IssueSeverity::Error; });
}

}  // namespace touchpoint::roleplay
