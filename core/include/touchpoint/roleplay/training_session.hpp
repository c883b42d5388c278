#pragma once
// A trainer's session: named trainees take turns on one scenario, and each finished
// conversation's debrief is kept as an attempt. The results table has one row per attempt (the
// score per behaviour, the ending, trust) and exports as CSV and JSON; nothing is sent anywhere.
#include "touchpoint/roleplay/conversation.hpp"
#include "touchpoint/roleplay/debrief.hpp"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace touchpoint::roleplay {

struct Attempt {
    std::string trainee;
    Debrief debrief;
};

struct TrainingSession {
    std::string scenario_id;
    std::string scenario_title;
    bool show_trust = true;  // whether trainees see the trust meter while they play
    std::vector<Attempt> attempts;  // in the order played
};

TrainingSession start_session(const Scenario& scenario, bool show_trust);

// Records a finished conversation. Throws std::invalid_argument when the trainee's name is blank,
// the conversation is not finished, or it is another scenario than the session's.
void add_attempt(TrainingSession& session, const std::string& trainee, const Conversation& conversation);

// How many attempts reached each ending, indexed by Ending.
std::array<int, ending_count> ending_counts(const TrainingSession& session);

// One row per attempt: trainee, scenario, seed, ending, kept (1/0), initial and final trust,
// total points, then points per behaviour (columns named by behaviour key, in rubric order),
// then signals caught and missed (labels joined with "; "). Fields are quoted as RFC 4180 asks.
std::string results_csv(const TrainingSession& session);
// {"format": "touchpoint.training_session", "version": 1, "scenario_id", "scenario_title",
//  "show_trust", "attempts": [{"trainee", "debrief": to_json(Debrief)}], "endings": {key: count}}
nlohmann::json to_json(const TrainingSession& session);

}  // namespace touchpoint::roleplay
