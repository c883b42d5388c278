#include "touchpoint/roleplay/conversation.hpp"

#include "touchpoint/roleplay/validation.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace touchpoint::roleplay {

namespace {

// splitmix64: a tiny generator whose output is the same on every compiler and platform, which the
// standard distributions do not promise; a trainer's group must see the same lines everywhere.
std::uint64_t next_random(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void throw_if_invalid(const Scenario& scenario) {
    for (const auto& issue : validate_scenario(scenario))
        if (issue.severity == IssueSeverity::Error) throw ScenarioError(issue.field, issue.message);
}

}  // namespace

bool holds(const Condition& condition, const ConversationState& state) {
    if (condition.trust_at_least && state.trust < *condition.trust_at_least) return false;
    if (condition.trust_below && state.trust >= *condition.trust_below) return false;
    for (const auto& key : condition.caught)
        if (!state.caught.count(key)) return false;
    for (const auto& key : condition.missed)
        if (!state.missed.count(key)) return false;
    return true;
}

Conversation::Conversation(Scenario scenario, std::uint64_t seed)
    : scenario_(std::move(scenario)), seed_(seed), random_state_(seed) {
    throw_if_invalid(scenario_);
    state_.trust = scenario_.initial_trust;
    enter(*scenario_.node_index(scenario_.start_id()));
}

std::vector<std::size_t> Conversation::shown_order() const {
    std::vector<std::size_t> order(choices().size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    // A stream of its own, keyed by the seed, the turn and the node: the lines' stream is untouched.
    std::uint64_t state = seed_ ^ (0xD1B54A32D192ED03ull * (state_.transcript.size() + 1)) ^ (0x8CB92BA72F3D8DD7ull * (node_ + 1));
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[next_random(state) % i]);
    return order;
}

void Conversation::enter(std::size_t node) {
    node_ = node;
    const auto& lines = scenario_.nodes[node].lines;
    // A line written for this state wins over the general ones; those are what is said otherwise.
    std::vector<std::size_t> fitting;
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (!lines[i].when.empty() && holds(lines[i].when, state_)) fitting.push_back(i);
    if (fitting.empty())
        for (std::size_t i = 0; i < lines.size(); ++i)
            if (lines[i].when.empty()) fitting.push_back(i);
    if (fitting.empty()) fitting.push_back(0);  // only conditional lines and none holds: say the first rather than nothing
    // A draw is made at every node, even with one candidate, so that a line added to one node does
    // not change which lines are picked at the others.
    const auto draw = next_random(random_state_);
    line_ = lines[fitting[draw % fitting.size()]].text;
}

void Conversation::choose(std::size_t index) {
    if (finished()) throw std::out_of_range("the conversation has ended");
    if (index >= choices().size())
        throw std::out_of_range("reply " + std::to_string(index + 1) + " is not on offer (there are " +
                                std::to_string(choices().size()) + ")");
    const auto choice = choices()[index];  // a copy: enter() moves on from this node
    Turn turn;
    turn.node_id = current_node().id;
    turn.customer_line = line_;
    turn.choice_index = index;
    turn.reply = choice.text;
    turn.behaviours = choice.behaviours;
    for (const auto behaviour : choice.behaviours) turn.points += behaviour_points(behaviour);
    turn.trust_before = state_.trust;
    state_.trust = std::clamp(state_.trust + choice.trust, min_trust, max_trust);
    turn.trust_after = state_.trust;
    for (const auto& key : choice.catches) {
        state_.caught.insert(key);
        state_.missed.erase(key);
    }
    for (const auto& key : choice.misses)
        if (!state_.caught.count(key)) state_.missed.insert(key);
    turn.caught = choice.catches;
    turn.missed = choice.misses;
    turn.stronger_reply = choice.stronger_reply;
    state_.transcript.push_back(std::move(turn));

    std::string next = choice.next;
    for (const auto& route : choice.routes)
        if (holds(route.when, state_)) {
            next = route.next;
            break;
        }
    enter(*scenario_.node_index(next));
}

Conversation play_scripted(const Scenario& scenario, std::uint64_t seed, const std::vector<std::size_t>& replies) {
    Conversation conversation(scenario, seed);
    for (const auto reply : replies) {
        if (conversation.finished()) break;
        conversation.choose(reply);
    }
    return conversation;
}

}  // namespace touchpoint::roleplay
