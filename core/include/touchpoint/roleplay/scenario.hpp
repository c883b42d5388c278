#pragma once
// A role-play scenario (DESIGN.md §9): a customer with a persona, the lines they say at each
// node of a branching conversation, and the replies a trainee can choose from. Every reply is
// tagged with the behaviours it shows, moves the customer's trust, catches or misses the needs
// the customer hints at (named signals), and leads to the next node; some nodes are endings.
// Scenarios are data: docs/roleplay_scenarios.md describes the JSON, assets/scenarios holds the
// built-in ones.
//
// Section index: behaviours and endings; conditions; the scenario; JSON.
#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::roleplay {

// ---- Behaviours and endings --------------------------------------------------------------------

// What a reply does, the rubric's vocabulary. The first five keep customers; the last four lose them.
enum class Behaviour : std::uint8_t {
    ClarifiesExpectations,
    Proactive,
    OpenQuestion,          // active listening: asks, then lets the customer talk
    Acknowledges,
    OffersRelevantValue,
    Pushy,
    Vague,
    Defensive,
    MakesCustomerRepeat,
};
inline constexpr std::size_t behaviour_count = 9;

enum class Ending : std::uint8_t { Renewed, SecondPurchase, Referral, Churned, Escalated, BoughtButResentful };
inline constexpr std::size_t ending_count = 6;

// Keys are the JSON spellings ("open_question"); labels are what people read ("Open question (active listening)").
std::string_view behaviour_key(Behaviour behaviour);
std::string_view behaviour_label(Behaviour behaviour);
std::optional<Behaviour> behaviour_from_key(std::string_view key);
// Points a reply earns for showing the behaviour: positive for the five that keep customers.
int behaviour_points(Behaviour behaviour);
bool is_good_behaviour(Behaviour behaviour);

std::string_view ending_key(Ending ending);
std::string_view ending_label(Ending ending);
std::optional<Ending> ending_from_key(std::string_view key);
// Whether the customer stays (renewed, second purchase, referral) rather than leaves or stays unhappy.
bool is_kept_customer(Ending ending);

// ---- Conditions --------------------------------------------------------------------------------

// What must hold of the conversation so far for a line to be said or a route taken. Every part
// that is set must hold; an empty condition always holds.
struct Condition {
    std::optional<int> trust_at_least;
    std::optional<int> trust_below;
    std::vector<std::string> caught;  // signals the trainee has caught
    std::vector<std::string> missed;  // signals the trainee has missed (and not caught since)

    bool empty() const { return !trust_at_least && !trust_below && caught.empty() && missed.empty(); }
    bool operator==(const Condition&) const = default;
};

// ---- The scenario ------------------------------------------------------------------------------

struct Persona {
    std::string name;       // "Dana"
    std::string segment;    // free text: "new customer", "B2B account, year two"
    std::string situation;  // what has happened before the conversation starts
    std::string mood;       // "anxious", "irritated"

    bool operator==(const Persona&) const = default;
};

// A need or fact the customer hints at, which a good reply notices.
struct Signal {
    std::string key;    // "gift_deadline"
    std::string label;  // "The parcel is a birthday present for Saturday"

    bool operator==(const Signal&) const = default;
};

struct CustomerLine {
    std::string text;
    // Lines with a condition that holds are said in preference to lines without one; among the
    // candidates, one is picked from the seed.
    Condition when;

    bool operator==(const CustomerLine&) const = default;
};

// Where a reply leads when its condition holds; the first route that holds wins over Choice::next.
struct Route {
    Condition when;
    std::string next;

    bool operator==(const Route&) const = default;
};

struct Choice {
    std::string text;                    // what the trainee says
    std::vector<Behaviour> behaviours;   // at least one
    int trust = 0;                       // change in trust, applied before routes are checked
    std::vector<std::string> catches;    // signals this reply catches
    std::vector<std::string> misses;     // signals this reply passes over
    std::string next;                    // node id
    std::vector<Route> routes;
    std::string stronger_reply;          // shown in the debrief when this reply lost points or missed a signal

    bool operator==(const Choice&) const = default;
};

// What an ending does to the customer afterwards, for the simulator (customer_outlook.hpp):
// multipliers of their purchase rate and of their chance of dropping out after a purchase.
struct EndingEffect {
    double purchase_rate = 1.0;
    double dropout = 1.0;
    bool operator==(const EndingEffect&) const = default;
};

struct Node {
    std::string id;
    std::vector<CustomerLine> lines;
    std::vector<Choice> choices;         // empty for an ending
    std::optional<Ending> ending;
    std::string outcome;                 // an ending's note for the debrief: what happens next with this customer
    std::optional<EndingEffect> effect;  // an ending's own effect; none: the default for its kind

    bool is_ending() const { return ending.has_value(); }
    bool operator==(const Node&) const = default;
};

struct Scenario {
    std::string id;           // "late_delivery"
    std::string title;
    std::string description;
    Persona persona;
    int initial_trust = 50;   // 0 to 100
    std::vector<Signal> signals;
    std::string start;        // node id; the first node when empty
    std::vector<Node> nodes;

    // The node's index, or nullopt for an unknown id.
    std::optional<std::size_t> node_index(std::string_view node_id) const;
    const Signal* find_signal(std::string_view key) const;
    std::string_view start_id() const;
    bool operator==(const Scenario&) const = default;
};

inline constexpr int min_trust = 0;
inline constexpr int max_trust = 100;
// The largest purchase-rate or dropout multiplier an ending may set.
inline constexpr double max_effect_multiplier = 10.0;

// ---- JSON --------------------------------------------------------------------------------------
// {"format": "touchpoint.scenario", "version": 1, "id": ..., "title": ..., "description": ...,
//  "persona": {"name": ..., "segment": ..., "situation": ..., "mood": ...},
//  "initial_trust": 50, "signals": [{"key": ..., "label": ...}], "start": "opening",
//  "nodes": [{"id": "opening", "lines": [{"text": ..., "when": {"trust_below": 40}}],
//             "choices": [{"text": ..., "behaviours": ["acknowledges"], "trust": 10,
//                          "catches": ["gift_deadline"], "misses": [], "next": "plan",
//                          "routes": [{"when": {"trust_at_least": 70}, "next": "upsell"}],
//                          "stronger_reply": ...}]},
//            {"id": "kept", "ending": "renewed", "lines": [...], "outcome": ...,
//             "effect": {"purchase_rate": 1.1, "dropout": 0.8}}]}
// Reading checks types and names; the shape of the conversation (unknown next nodes, dead ends,
// unreachable nodes) is validate_scenario's job, so an author sees every problem at once.

inline constexpr std::string_view scenario_format = "touchpoint.scenario";
inline constexpr int scenario_format_version = 1;

// A scenario that cannot be read or played; field() is the path of the offending value
// ("nodes[3].choices[1].behaviours[0]"; "" for the document itself).
class ScenarioError : public std::invalid_argument {
public:
    ScenarioError(std::string field, const std::string& message);
    const std::string& field() const { return field_; }

private:
    std::string field_;
};

nlohmann::json to_json(const Scenario& scenario);
// Throws ScenarioError naming the field: a wrong type, an unknown behaviour or ending, a missing
// required key, or another format or version.
Scenario scenario_from_json(const nlohmann::json& json);
// The same from text; a JSON syntax error is reported with its byte position.
Scenario scenario_from_json_text(std::string_view text);
// Whether the text declares itself a scenario; false for text that is not JSON.
bool is_scenario_json(std::string_view text);

}  // namespace touchpoint::roleplay
