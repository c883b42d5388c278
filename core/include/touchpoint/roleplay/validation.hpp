#pragma once
// Checks of a scenario's shape before it is played or saved. Errors make the conversation
// unplayable or meaningless to score: an unknown next node, a dead end (a node with no replies
// that is not an ending), no ending at all or none that can be reached, a reply with no behaviour
// to score, an unknown signal, a node with nothing for the customer to say. Warnings are nodes
// nobody can reach and nodes from which no ending can be reached (the conversation would loop).
// Every issue names its field, "nodes[3].choices[1].next", so the editor can point at it.
#include "touchpoint/roleplay/scenario.hpp"

#include <string>
#include <vector>

namespace touchpoint::roleplay {

enum class IssueSeverity { Error, Warning };

struct ScenarioIssue {
    IssueSeverity severity = IssueSeverity::Error;
    std::string field;    // "nodes[3].choices[1].next"; "nodes" for the scenario as a whole
    std::string message;  // a sentence that names the node: "Node 'apology': ..."
};

// Errors first, then warnings, each in node order.
std::vector<ScenarioIssue> validate_scenario(const Scenario& scenario);
bool has_errors(const std::vector<ScenarioIssue>& issues);

// Indexes of the nodes a conversation can reach from the start, following every reply and route
// (conditions are not evaluated: a route counts as a way through).
std::vector<bool> reachable_nodes(const Scenario& scenario);

}  // namespace touchpoint::roleplay
