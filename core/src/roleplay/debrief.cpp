#include "touchpoint/roleplay/debrief.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

namespace touchpoint::roleplay {

namespace {

int reply_points(const Choice& choice) {
    int points = 0;
    for (const auto behaviour : choice.behaviours) points += behaviour_points(behaviour);
    return points;
}

// The reply on offer with the most points, for a moment whose author left no hint.
std::string best_reply_at(const Scenario& scenario, const std::string& node_id, std::size_t taken) {
    const auto node = scenario.node_index(node_id);
    if (!node) return {};
    const auto& choices = scenario.nodes[*node].choices;
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        if (i == taken) continue;
        if (!best || reply_points(choices[i]) > reply_points(choices[*best])) best = i;
    }
    if (!best || reply_points(choices[*best]) <= reply_points(choices[taken])) return {};
    return choices[*best].text;
}

std::vector<std::string> labels(const Scenario& scenario, const std::vector<std::string>& keys) {
    std::vector<std::string> found;
    for (const auto& key : keys) {
        const auto* signal = scenario.find_signal(key);
        found.push_back(signal ? signal->label : key);
    }
    return found;
}

nlohmann::json behaviour_keys(const std::vector<Behaviour>& behaviours) {
    auto keys = nlohmann::json::array();
    for (const auto behaviour : behaviours) keys.push_back(behaviour_key(behaviour));
    return keys;
}

}  // namespace

Debrief make_debrief(const Conversation& conversation) {
    const auto& scenario = conversation.scenario();
    const auto& state = conversation.state();
    Debrief debrief;
    debrief.scenario_id = scenario.id;
    debrief.scenario_title = scenario.title;
    debrief.seed = conversation.seed();
    debrief.finished = conversation.finished();
    debrief.ending = conversation.ending();
    if (debrief.finished) {
        debrief.closing_line = conversation.customer_line();
        debrief.outcome = conversation.current_node().outcome;
    }
    debrief.initial_trust = scenario.initial_trust;
    debrief.final_trust = state.trust;

    for (std::size_t b = 0; b < behaviour_count; ++b) debrief.behaviours.push_back({static_cast<Behaviour>(b), 0, 0});
    for (std::size_t t = 0; t < state.transcript.size(); ++t) {
        const auto& turn = state.transcript[t];
        for (const auto behaviour : turn.behaviours) {
            auto& score = debrief.behaviours[static_cast<std::size_t>(behaviour)];
            ++score.times;
            score.points += behaviour_points(behaviour);
        }
        debrief.total_points += turn.points;
        if (turn.points == 0 && turn.caught.empty() && turn.missed.empty()) continue;
        Moment moment;
        moment.turn = t;
        moment.customer_line = turn.customer_line;
        moment.reply = turn.reply;
        moment.behaviours = turn.behaviours;
        moment.points = turn.points;
        moment.trust_change = turn.trust_after - turn.trust_before;
        moment.caught = labels(scenario, turn.caught);
        moment.missed = labels(scenario, turn.missed);
        moment.missed_moment = turn.points < 0 || !turn.missed.empty();
        if (moment.missed_moment)
            moment.stronger_reply = !turn.stronger_reply.empty() ? turn.stronger_reply
                                                                 : best_reply_at(scenario, turn.node_id, turn.choice_index);
        debrief.moments.push_back(std::move(moment));
    }
    for (const auto& signal : scenario.signals) {
        if (state.caught.count(signal.key)) debrief.signals_caught.push_back(signal.label);
        else if (state.missed.count(signal.key)) debrief.signals_missed.push_back(signal.label);
        else debrief.signals_not_reached.push_back(signal.label);
    }
    return debrief;
}

nlohmann::json to_json(const Debrief& debrief) {
    nlohmann::json json{{"scenario", debrief.scenario_id},
                        {"title", debrief.scenario_title},
                        {"seed", debrief.seed},
                        {"finished", debrief.finished},
                        {"ending", debrief.ending ? nlohmann::json(ending_key(*debrief.ending)) : nlohmann::json()},
                        {"customer_kept", debrief.ending ? nlohmann::json(is_kept_customer(*debrief.ending)) : nlohmann::json()},
                        {"closing_line", debrief.closing_line},
                        {"outcome", debrief.outcome},
                        {"initial_trust", debrief.initial_trust},
                        {"final_trust", debrief.final_trust},
                        {"total_points", debrief.total_points},
                        {"signals_caught", debrief.signals_caught},
                        {"signals_missed", debrief.signals_missed},
                        {"signals_not_reached", debrief.signals_not_reached}};
    auto scores = nlohmann::json::object();
    for (const auto& score : debrief.behaviours)
        scores[std::string(behaviour_key(score.behaviour))] = {{"times", score.times}, {"points", score.points}};
    json["behaviours"] = scores;
    auto moments = nlohmann::json::array();
    for (const auto& moment : debrief.moments) {
        nlohmann::json entry{{"turn", moment.turn + 1},
                             {"customer_line", moment.customer_line},
                             {"reply", moment.reply},
                             {"behaviours", behaviour_keys(moment.behaviours)},
                             {"points", moment.points},
                             {"trust_change", moment.trust_change},
                             {"caught", moment.caught},
                             {"missed", moment.missed},
                             {"missed_moment", moment.missed_moment}};
        if (moment.missed_moment) entry["stronger_reply"] = moment.stronger_reply;
        moments.push_back(entry);
    }
    json["moments"] = moments;
    return json;
}

std::string debrief_text(const Debrief& debrief) {
    std::ostringstream out;
    out << "Debrief: " << debrief.scenario_title << " (seed " << debrief.seed << ")\n";
    if (debrief.ending)
        out << "Ending: " << ending_label(*debrief.ending) << (is_kept_customer(*debrief.ending) ? " (customer kept)" : " (customer lost or unhappy)")
            << "\n";
    else
        out << "Ending: not reached\n";
    if (!debrief.outcome.empty()) out << "  " << debrief.outcome << "\n";
    out << "Trust: " << debrief.initial_trust << " -> " << debrief.final_trust << "    Points: " << debrief.total_points << "\n\n";
    out << "Behaviours\n";
    for (const auto& score : debrief.behaviours) {
        if (score.times == 0) continue;
        out << "  " << behaviour_label(score.behaviour) << ": " << score.times << (score.times == 1 ? " time, " : " times, ")
            << (score.points > 0 ? "+" : "") << score.points << "\n";
    }
    out << "\nMoments\n";
    for (const auto& moment : debrief.moments) {
        out << "  " << moment.turn + 1 << ". Customer: \"" << moment.customer_line << "\"\n"
            << "     You: \"" << moment.reply << "\"  (" << (moment.points > 0 ? "+" : "") << moment.points << " points, trust "
            << (moment.trust_change >= 0 ? "+" : "") << moment.trust_change << ")\n";
        for (const auto& label : moment.caught) out << "     Caught: " << label << "\n";
        for (const auto& label : moment.missed) out << "     Missed: " << label << "\n";
        if (moment.missed_moment && !moment.stronger_reply.empty()) out << "     Stronger: \"" << moment.stronger_reply << "\"\n";
    }
    const auto list = [&out](const char* heading, const std::vector<std::string>& items) {
        if (items.empty()) return;
        out << "\n" << heading << "\n";
        for (const auto& entry : items) out << "  - " << entry << "\n";
    };
    list("Needs caught", debrief.signals_caught);
    list("Needs missed", debrief.signals_missed);
    list("Needs never reached", debrief.signals_not_reached);
    return out.str();
}

}  // namespace touchpoint::roleplay
