#include "touchpoint/roleplay/training_session.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <stdexcept>

namespace touchpoint::roleplay {

TrainingSession start_session(const Scenario& scenario, bool show_trust) {
    TrainingSession session;
    session.scenario_id = scenario.id;
    session.scenario_title = scenario.title;
    session.show_trust = show_trust;
    return session;
}

void add_attempt(TrainingSession& session, const std::string& trainee, const Conversation& conversation) {
    const bool blank = std::all_of(trainee.begin(), trainee.end(), [](unsigned char c) { return c == ' ' || c == '\t'; });
    if (blank) throw std::invalid_argument("the trainee needs a name");
    if (!conversation.finished()) throw std::invalid_argument("the conversation of " + trainee + " has not ended yet");
    if (conversation.scenario().id != session.scenario_id)
        throw std::invalid_argument("the session is on '" + session.scenario_id + "', not '" + conversation.scenario().id + "'");
    session.attempts.push_back({trainee, make_debrief(conversation)});
}

std::array<int, ending_count> ending_counts(const TrainingSession& session) {
    std::array<int, ending_count> counts{};
    for (const auto& attempt : session.attempts)
        if (attempt.debrief.ending) ++counts[static_cast<std::size_t>(*attempt.debrief.ending)];
    return counts;
}

namespace {

// RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled.
std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string joined(const std::vector<std::string>& texts) {
    std::string all;
    for (const auto& text : texts) all += (all.empty() ? "" : "; ") + text;
    return all;
}

}  // namespace

std::string results_csv(const TrainingSession& session) {
    std::string csv = "trainee,scenario,seed,ending,kept,initial_trust,final_trust,total_points";
    for (std::size_t b = 0; b < behaviour_count; ++b) csv += "," + std::string(behaviour_key(static_cast<Behaviour>(b)));
    csv += ",signals_caught,signals_missed\r\n";
    for (const auto& attempt : session.attempts) {
        const auto& debrief = attempt.debrief;
        std::vector<std::string> fields{attempt.trainee,
                                        debrief.scenario_id,
                                        std::to_string(debrief.seed),
                                        debrief.ending ? std::string(ending_key(*debrief.ending)) : "",
                                        debrief.ending && is_kept_customer(*debrief.ending) ? "1" : "0",
                                        std::to_string(debrief.initial_trust),
                                        std::to_string(debrief.final_trust),
                                        std::to_string(debrief.total_points)};
        for (const auto& score : debrief.behaviours) fields.push_back(std::to_string(score.points));
        fields.push_back(joined(debrief.signals_caught));
        fields.push_back(joined(debrief.signals_missed));
        std::string row;
        for (const auto& field : fields) row += (row.empty() ? "" : ",") + csv_field(field);
        csv += row + "\r\n";
    }
    return csv;
}

nlohmann::json to_json(const TrainingSession& session) {
    auto attempts = nlohmann::json::array();
    for (const auto& attempt : session.attempts) attempts.push_back({{"trainee", attempt.trainee}, {"debrief", to_json(attempt.debrief)}});
    auto endings = nlohmann::json::object();
    const auto counts = ending_counts(session);
    for (std::size_t e = 0; e < ending_count; ++e) endings[std::string(ending_key(static_cast<Ending>(e)))] = counts[e];
    return {{"format", "touchpoint.training_session"},
            {"version", 1},
            {"scenario_id", session.scenario_id},
            {"scenario_title", session.scenario_title},
            {"show_trust", session.show_trust},
            {"attempts", attempts},
            {"endings", endings}};
}

}  // namespace touchpoint::roleplay
