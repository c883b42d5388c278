#pragma once
// What a trainee reads after a conversation: a score per behaviour, the moments that earned or
// lost points (quoting both sides), the stronger reply for each missed moment, the customer's
// needs caught and missed, and how it ended.
#include "touchpoint/roleplay/conversation.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace touchpoint::roleplay {

struct BehaviourScore {
    Behaviour behaviour = Behaviour::Acknowledges;
    int times = 0;   // replies that showed it
    int points = 0;  // times x behaviour_points
};

struct Moment {
    std::size_t turn = 0;  // 0-based index into the transcript
    std::string customer_line;
    std::string reply;
    std::vector<Behaviour> behaviours;
    int points = 0;
    int trust_change = 0;
    std::vector<std::string> caught;  // signal labels
    std::vector<std::string> missed;
    // A moment is missed when the reply lost points or passed over a need; its stronger reply is
    // the author's hint, or else the best-scoring reply that was on offer.
    bool missed_moment = false;
    std::string stronger_reply;
};

struct Debrief {
    std::string scenario_id;
    std::string scenario_title;
    std::uint64_t seed = 0;
    bool finished = false;
    std::optional<Ending> ending;
    std::string closing_line;  // the customer's last words
    std::string outcome;       // the ending's note
    int initial_trust = 0;
    int final_trust = 0;
    int total_points = 0;
    std::vector<BehaviourScore> behaviours;  // every behaviour, in rubric order
    std::vector<Moment> moments;             // every turn that earned or lost points or touched a need
    std::vector<std::string> signals_caught;  // labels, in the scenario's order
    std::vector<std::string> signals_missed;  // passed over and never caught
    std::vector<std::string> signals_not_reached;  // the conversation never came near them
};

Debrief make_debrief(const Conversation& conversation);
nlohmann::json to_json(const Debrief& debrief);
// The debrief as the terminal prints it.
std::string debrief_text(const Debrief& debrief);

}  // namespace touchpoint::roleplay
