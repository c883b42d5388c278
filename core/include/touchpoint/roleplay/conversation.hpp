#pragma once
// One playthrough of a scenario: the engine a player UI, a trainer's group run and the terminal
// all drive. Start it from a seed, show customer_line() and choices(), call choose(i) until
// finished(). A customer line written for the current state (trust, needs caught or missed) is
// said in preference to the general ones; where several fit, one is picked from the seed, so the
// same seed and the same replies always give the same conversation.
#include "touchpoint/roleplay/scenario.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace touchpoint::roleplay {

// One exchange: what the customer said and what the trainee answered.
struct Turn {
    std::string node_id;
    std::string customer_line;
    std::size_t choice_index = 0;
    std::string reply;
    std::vector<Behaviour> behaviours;
    int points = 0;        // the sum of behaviour_points over the reply's behaviours
    int trust_before = 0;
    int trust_after = 0;
    std::vector<std::string> caught;  // signal keys
    std::vector<std::string> missed;
    std::string stronger_reply;       // the author's hint for this reply ("" when none)
};

struct ConversationState {
    int trust = 50;
    std::set<std::string> caught;  // signal keys
    std::set<std::string> missed;  // missed and not caught since
    std::vector<Turn> transcript;
};

class Conversation {
public:
    // Throws ScenarioError when validate_scenario finds errors: an invalid scenario cannot be played.
    Conversation(Scenario scenario, std::uint64_t seed);

    const Scenario& scenario() const { return scenario_; }
    std::uint64_t seed() const { return seed_; }
    const Node& current_node() const { return scenario_.nodes[node_]; }
    // What the customer says now (at an ending, their last line).
    const std::string& customer_line() const { return line_; }
    // The replies on offer; empty once finished.
    const std::vector<Choice>& choices() const { return current_node().choices; }
    // The order to show them in, as indexes into choices(): a shuffle drawn from the seed and the
    // turn, so that a player cannot learn that the author's first reply is the best one. The same
    // seed shows the same order; the customer's lines do not depend on it.
    std::vector<std::size_t> shown_order() const;
    bool finished() const { return current_node().is_ending(); }
    std::optional<Ending> ending() const { return current_node().ending; }
    const ConversationState& state() const { return state_; }

    // Takes the reply; throws std::out_of_range for an index past choices() or once finished.
    void choose(std::size_t index);

private:
    void enter(std::size_t node);

    Scenario scenario_;
    std::uint64_t seed_;
    std::uint64_t random_state_;
    std::size_t node_ = 0;
    std::string line_;
    ConversationState state_;
};

bool holds(const Condition& condition, const ConversationState& state);

// Plays the replies in order (0-based) and returns the conversation; stops early when it ends.
// Throws std::out_of_range for a reply that is not on offer.
Conversation play_scripted(const Scenario& scenario, std::uint64_t seed, const std::vector<std::size_t>& replies);

}  // namespace touchpoint::roleplay
