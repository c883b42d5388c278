// The role-play trainer's core: scenario JSON, the validator's findings with their field paths,
// the engine's determinism from a seed, the debrief, and the built-in scenarios in assets/scenarios.
#include "touchpoint/limits.hpp"
#include "touchpoint/roleplay/conversation.hpp"
#include "touchpoint/roleplay/debrief.hpp"
#include "touchpoint/roleplay/scenario.hpp"
#include "touchpoint/roleplay/scenario_library.hpp"
#include "touchpoint/roleplay/validation.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace touchpoint::roleplay;

namespace {

const std::string scenario_dir = std::string(TOUCHPOINT_SOURCE_DIR) + "/assets/scenarios";

Scenario built_in(const std::string& name) { return read_scenario_file(scenario_dir + "/" + name + ".json"); }

// A small playable scenario: one question, two replies, two endings.
nlohmann::json small_scenario_json() {
    return nlohmann::json::parse(R"({
      "format": "touchpoint.scenario", "version": 1, "id": "small", "title": "Small",
      "persona": {"name": "Sam", "segment": "new", "situation": "Just bought", "mood": "calm"},
      "initial_trust": 50,
      "signals": [{"key": "budget", "label": "Has a tight budget"}],
      "start": "ask",
      "nodes": [
        {"id": "ask", "lines": ["Line A", "Line B", "Line C", "Line D"],
         "choices": [
           {"text": "Good reply", "behaviours": ["open_question"], "trust": 20, "catches": ["budget"], "next": "stay"},
           {"text": "Bad reply", "behaviours": ["pushy"], "trust": -30, "misses": ["budget"], "next": "stay",
            "routes": [{"when": {"trust_below": 30}, "next": "leave"}], "stronger_reply": "Ask first"}]},
        {"id": "stay", "ending": "second_purchase", "lines": [{"text": "Happy", "when": {"trust_at_least": 60}}, "Fine"]},
        {"id": "leave", "ending": "churned", "lines": ["Bye"]}
      ]})");
}

bool has_issue(const std::vector<ScenarioIssue>& issues, const std::string& field, IssueSeverity severity = IssueSeverity::Error) {
    return std::any_of(issues.begin(), issues.end(),
                       [&](const ScenarioIssue& issue) { return issue.field == field && issue.severity == severity; });
}

std::vector<std::string> customer_lines(const Conversation& conversation) {
    std::vector<std::string> lines;
    for (const auto& turn : conversation.state().transcript) lines.push_back(turn.customer_line);
    lines.push_back(conversation.customer_line());
    return lines;
}

// Every ending some sequence of replies reaches, playing the engine itself (so trust conditions
// on routes count), with the replies that reach it first.
std::map<Ending, std::vector<std::size_t>> reachable_endings(const Scenario& scenario) {
    std::map<Ending, std::vector<std::size_t>> found;
    std::set<std::tuple<std::string, int, std::set<std::string>, std::set<std::string>>> seen;
    std::vector<std::pair<Conversation, std::vector<std::size_t>>> pending{{Conversation(scenario, 1), {}}};
    while (!pending.empty()) {
        auto [conversation, path] = pending.back();
        pending.pop_back();
        const auto& state = conversation.state();
        if (!seen.insert({conversation.current_node().id, state.trust, state.caught, state.missed}).second) continue;
        if (conversation.finished()) {
            found.emplace(*conversation.ending(), path);
            continue;
        }
        for (std::size_t i = 0; i < conversation.choices().size(); ++i) {
            auto next = conversation;
            next.choose(i);
            auto next_path = path;
            next_path.push_back(i);
            pending.emplace_back(std::move(next), std::move(next_path));
        }
    }
    return found;
}

using StateKey = std::tuple<std::string, int, std::set<std::string>, std::set<std::string>>;

StateKey state_key(const Conversation& conversation) {
    const auto& state = conversation.state();
    return {conversation.current_node().id, state.trust, state.caught, state.missed};
}

// The most points any sequence of replies from here to an ending can still earn (nullopt: no
// ending can be reached). Lines never change where a reply leads, so what is left to earn depends
// only on the node, trust and the needs caught or missed: memoised on that, every path counts.
std::optional<int> best_points_from(const Conversation& conversation, std::map<StateKey, std::optional<int>>& memo,
                                    std::set<StateKey>& on_path) {
    if (conversation.finished()) return 0;
    const auto key = state_key(conversation);
    if (const auto known = memo.find(key); known != memo.end()) return known->second;
    if (!on_path.insert(key).second) return std::nullopt;  // back where this path has been: no progress
    std::optional<int> best;
    for (std::size_t i = 0; i < conversation.choices().size(); ++i) {
        auto next = conversation;
        next.choose(i);
        const auto rest = best_points_from(next, memo, on_path);
        if (!rest) continue;
        const int points = next.state().transcript.back().points + *rest;
        if (!best || points > *best) best = points;
    }
    on_path.erase(key);
    memo[key] = best;
    return best;
}

int best_possible_points(const Scenario& scenario) {
    std::map<StateKey, std::optional<int>> memo;
    std::set<StateKey> on_path;
    return best_points_from(Conversation(scenario, 1), memo, on_path).value();
}

}  // namespace

TEST_CASE("a scenario survives a round trip through JSON") {
    const auto scenario = scenario_from_json(small_scenario_json());
    CHECK(scenario.nodes.size() == 3);
    CHECK(scenario.nodes[0].choices[1].routes[0].when.trust_below == 30);
    CHECK(scenario.nodes[1].ending == Ending::SecondPurchase);
    CHECK(scenario_from_json(to_json(scenario)) == scenario);
    CHECK(validate_scenario(scenario).empty());
}

TEST_CASE("reading a scenario names the offending field") {
    auto json = small_scenario_json();
    json["nodes"][0]["choices"][1]["behaviours"][0] = "rude";
    CHECK_THROWS_WITH_AS(scenario_from_json(json), doctest::Contains("nodes[0].choices[1].behaviours[0]: unknown behaviour 'rude'"),
                         ScenarioError);
    json = small_scenario_json();
    json["nodes"][2]["ending"] = "vanished";
    CHECK_THROWS_WITH_AS(scenario_from_json(json), doctest::Contains("nodes[2].ending: unknown ending"), ScenarioError);
    json = small_scenario_json();
    json["version"] = 2;
    CHECK_THROWS_AS(scenario_from_json(json), ScenarioError);
    json = small_scenario_json();
    json["format"] = "touchpoint.cadence";
    CHECK_THROWS_AS(scenario_from_json(json), ScenarioError);
    CHECK_THROWS_WITH_AS(scenario_from_json_text("{\"format\": "), doctest::Contains("not valid JSON"), ScenarioError);
}

TEST_CASE("the engine is deterministic from the seed") {
    const auto scenario = scenario_from_json(small_scenario_json());
    const auto first = play_scripted(scenario, 7, {0});
    const auto again = play_scripted(scenario, 7, {0});
    CHECK(customer_lines(first) == customer_lines(again));
    CHECK(to_json(make_debrief(first)) == to_json(make_debrief(again)));

    // Four opening lines: some other seed opens differently.
    bool differs = false;
    for (std::uint64_t seed = 8; seed < 40 && !differs; ++seed)
        differs = play_scripted(scenario, seed, {}).customer_line() != first.state().transcript[0].customer_line;
    CHECK(differs);

    // The lines a seed picks are pinned, so the native and the web builds give a group the same conversation.
    const auto late = built_in("late_delivery");
    const auto& openings = late.nodes[0].lines;
    CHECK(Conversation(late, 1).customer_line() == openings[2].text);
    CHECK(Conversation(late, 2).customer_line() == openings[1].text);
    CHECK(Conversation(late, 3).customer_line() == openings[0].text);

    // Every seed reaches the same ending along the same replies: only the wording varies.
    for (std::uint64_t seed = 1; seed < 20; ++seed) CHECK(play_scripted(scenario, seed, {0}).ending() == Ending::SecondPurchase);
}

TEST_CASE("replies are shown in an order drawn from the seed, not the author's") {
    const auto scenario = built_in("late_delivery");
    std::size_t turns = 0, best_shown_first = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        Conversation conversation(scenario, seed);
        while (!conversation.finished()) {
            auto order = conversation.shown_order();
            CHECK(order == conversation.shown_order());  // the same on every call
            REQUIRE(order.size() == conversation.choices().size());
            if (order.front() == 0) ++best_shown_first;
            std::sort(order.begin(), order.end());
            for (std::size_t i = 0; i < order.size(); ++i) CHECK(order[i] == i);  // a permutation
            ++turns;
            conversation.choose(0);  // the author's first reply, the best one in this scenario
        }
    }
    // With 2 to 3 replies a turn, the best reply comes first in about 2 turns of 5, not always.
    CHECK(turns == 100);
    CHECK(best_shown_first > 15);
    CHECK(best_shown_first < 70);
}

TEST_CASE("lines and routes follow trust and signals") {
    const auto scenario = scenario_from_json(small_scenario_json());
    const auto good = play_scripted(scenario, 3, {0});
    CHECK(good.state().trust == 70);
    CHECK(good.customer_line() == "Happy");  // the line written for high trust wins over the general one
    CHECK(good.state().caught.count("budget") == 1);

    const auto bad = play_scripted(scenario, 3, {1});
    CHECK(bad.state().trust == 20);
    CHECK(bad.ending() == Ending::Churned);
    CHECK(bad.state().missed.count("budget") == 1);

    Conversation ended = play_scripted(scenario, 3, {0});
    CHECK_THROWS_AS(ended.choose(0), std::out_of_range);
    Conversation fresh(scenario, 3);
    CHECK_THROWS_AS(fresh.choose(2), std::out_of_range);
}

TEST_CASE("the debrief scores behaviours, quotes moments and offers the stronger reply") {
    const auto scenario = scenario_from_json(small_scenario_json());
    const auto debrief = make_debrief(play_scripted(scenario, 3, {1}));
    CHECK(debrief.finished);
    CHECK(debrief.ending == Ending::Churned);
    CHECK(debrief.total_points == -3);
    CHECK(debrief.behaviours[static_cast<std::size_t>(Behaviour::Pushy)].times == 1);
    CHECK(debrief.behaviours[static_cast<std::size_t>(Behaviour::Pushy)].points == -3);
    REQUIRE(debrief.moments.size() == 1);
    CHECK(debrief.moments[0].reply == "Bad reply");
    CHECK(debrief.moments[0].missed_moment);
    CHECK(debrief.moments[0].stronger_reply == "Ask first");
    CHECK(debrief.moments[0].trust_change == -30);
    CHECK(debrief.signals_missed == std::vector<std::string>{"Has a tight budget"});

    // Without the author's hint, the best reply on offer is the stronger one.
    auto json = small_scenario_json();
    json["nodes"][0]["choices"][1].erase("stronger_reply");
    const auto without_hint = make_debrief(play_scripted(scenario_from_json(json), 3, {1}));
    CHECK(without_hint.moments[0].stronger_reply == "Good reply");

    const auto good = make_debrief(play_scripted(scenario, 3, {0}));
    CHECK(good.signals_caught == std::vector<std::string>{"Has a tight budget"});
    CHECK_FALSE(good.moments[0].missed_moment);
    CHECK(to_json(good)["behaviours"]["open_question"]["points"] == 2);
}

TEST_CASE("the validator catches each kind of broken scenario") {
    SUBCASE("an unknown next node") {
        auto json = small_scenario_json();
        json["nodes"][0]["choices"][1]["next"] = "nowhere";
        CHECK(has_issue(validate_scenario(scenario_from_json(json)), "nodes[0].choices[1].next"));
        json["nodes"][0]["choices"][1]["routes"][0]["next"] = "nowhere";
        CHECK(has_issue(validate_scenario(scenario_from_json(json)), "nodes[0].choices[1].routes[0].next"));
    }
    SUBCASE("a choice with no behaviour tag") {
        auto json = small_scenario_json();
        json["nodes"][0]["choices"][0]["behaviours"] = nlohmann::json::array();
        CHECK(has_issue(validate_scenario(scenario_from_json(json)), "nodes[0].choices[0].behaviours"));
    }
    SUBCASE("a dead end") {
        auto json = small_scenario_json();
        json["nodes"].push_back({{"id", "limbo"}, {"lines", {"Hello?"}}});
        json["nodes"][0]["choices"][0]["next"] = "limbo";
        const auto issues = validate_scenario(scenario_from_json(json));
        CHECK(has_issue(issues, "nodes[3].choices"));
    }
    SUBCASE("an unreachable node") {
        auto json = small_scenario_json();
        json["nodes"].push_back({{"id", "island"}, {"ending", "referral"}, {"lines", {"Hi"}}});
        const auto issues = validate_scenario(scenario_from_json(json));
        CHECK(has_issue(issues, "nodes[3]", IssueSeverity::Warning));
        CHECK_FALSE(has_errors(issues));
    }
    SUBCASE("no ending") {
        auto json = small_scenario_json();
        json["nodes"][1].erase("ending");
        json["nodes"][2].erase("ending");
        const auto issues = validate_scenario(scenario_from_json(json));
        CHECK(has_issue(issues, "nodes"));
        CHECK(has_issue(issues, "nodes[1].choices"));  // and both former endings are dead ends now
    }
    SUBCASE("a loop with no way out") {
        auto json = small_scenario_json();
        json["nodes"][0]["choices"][0]["next"] = "ask";
        json["nodes"][0]["choices"][1]["next"] = "ask";
        json["nodes"][0]["choices"][1]["routes"][0]["next"] = "ask";
        const auto issues = validate_scenario(scenario_from_json(json));
        CHECK(has_issue(issues, "nodes"));  // no ending can be reached
        CHECK(has_issue(issues, "nodes[0]", IssueSeverity::Warning));
    }
    SUBCASE("an unknown signal, a missing start, a duplicate id, a silent node") {
        auto json = small_scenario_json();
        json["nodes"][0]["choices"][0]["catches"][0] = "mood";
        json["start"] = "hello";
        json["nodes"][2]["id"] = "stay";
        json["nodes"][1]["lines"] = nlohmann::json::array();
        const auto issues = validate_scenario(scenario_from_json(json));
        CHECK(has_issue(issues, "nodes[0].choices[0].catches[0]"));
        CHECK(has_issue(issues, "start"));
        CHECK(has_issue(issues, "nodes[2].id"));
        CHECK(has_issue(issues, "nodes[1].lines"));
    }
    SUBCASE("a behaviour tagged twice and a signal defined twice") {
        auto json = small_scenario_json();
        json["nodes"][0]["choices"][0]["behaviours"] = {"open_question", "acknowledges", "open_question"};
        json["signals"].push_back({{"key", "budget"}, {"label", "Again"}});
        const auto issues = validate_scenario(scenario_from_json(json));
        CHECK(has_issue(issues, "nodes[0].choices[0].behaviours[2]"));
        CHECK(has_issue(issues, "signals[1].key"));
    }
    SUBCASE("an invalid scenario cannot be played") {
        auto json = small_scenario_json();
        json["nodes"][0]["choices"][1]["next"] = "nowhere";
        CHECK_THROWS_AS(Conversation(scenario_from_json(json), 1), ScenarioError);
    }
}

TEST_CASE("every built-in scenario validates and every ending it has can be reached") {
    const auto files = load_scenario_library(scenario_dir);
    CHECK(files.size() >= 8);
    for (const auto& file : files) {
        CAPTURE(file.file);
        REQUIRE(file.error.empty());
        for (const auto& issue : file.issues) {
            const auto finding = issue.field + ": " + issue.message;
            CHECK_MESSAGE(false, finding);
        }
        std::set<Ending> endings;
        std::size_t choice_points = 0;
        for (const auto& node : file.scenario.nodes) {
            if (node.ending) endings.insert(*node.ending);
            if (!node.choices.empty()) ++choice_points;
        }
        CHECK(endings.size() >= 3);
        CHECK(choice_points >= 10);
        const auto reached = reachable_endings(file.scenario);
        for (const auto ending : endings) CHECK_MESSAGE(reached.count(ending) == 1, ending_key(ending));
    }
}

namespace {

struct Playthroughs {
    std::string scenario;
    std::vector<std::size_t> best;   // 0-based replies
    std::vector<std::size_t> pushy;
    Ending best_ending;
};

}  // namespace

TEST_CASE("in each built-in scenario the best path scores highest and a pushy path loses trust") {
    const std::vector<Playthroughs> cases{
        {"late_delivery", {0, 0, 0, 0, 0}, {0, 2, 2, 1}, Ending::Referral},
        {"next_steps_after_sale", {0, 0, 0, 0, 0, 0}, {1, 1, 1}, Ending::Referral},
        {"drifting_customer", {0, 0, 0, 0, 0, 0, 0, 0}, {1, 1}, Ending::Referral},
        {"return_or_exchange", {0, 0, 0, 0, 0}, {2, 1}, Ending::Referral},
        {"new_challenge", {0, 0, 0, 0, 0, 0, 0, 0}, {2, 1}, Ending::Referral},
        {"pre_renewal_b2b", {0, 0, 0, 0, 0, 0, 0, 0}, {1, 1}, Ending::Referral},
        {"explained_twice", {0, 0, 0, 0, 0, 0}, {0, 0, 2, 1}, Ending::Referral},
        {"loyal_anniversary", {0, 0, 0, 0, 0, 0, 0, 0}, {1, 1}, Ending::Referral},
    };
    for (const auto& playthrough : cases) {
        CAPTURE(playthrough.scenario);
        const auto scenario = built_in(playthrough.scenario);
        const auto best = play_scripted(scenario, 1, playthrough.best);
        const auto pushy = play_scripted(scenario, 1, playthrough.pushy);
        REQUIRE(best.finished());
        REQUIRE(pushy.finished());
        CHECK(best.ending() == playthrough.best_ending);
        CHECK(is_kept_customer(*best.ending()));
        CHECK_FALSE(is_kept_customer(*pushy.ending()));
        CHECK(pushy.state().trust < scenario.initial_trust);
        const auto pushy_debrief = make_debrief(pushy);
        CHECK(pushy_debrief.behaviours[static_cast<std::size_t>(Behaviour::Pushy)].times >= 1);
        CHECK(std::any_of(pushy_debrief.moments.begin(), pushy_debrief.moments.end(),
                          [](const Moment& moment) { return moment.missed_moment && !moment.stronger_reply.empty(); }));

        // No finished path scores more than the best one: every path, searched exhaustively.
        const auto best_points = make_debrief(best).total_points;
        CHECK(pushy_debrief.total_points < best_points);
        CHECK(best_possible_points(scenario) == best_points);
        for (const auto& reached : reachable_endings(scenario)) {
            const auto ending = ending_key(reached.first);
            CAPTURE(ending);
            CHECK(make_debrief(play_scripted(scenario, 1, reached.second)).total_points <= best_points);
        }
    }
}

TEST_CASE("limits: a scenario too large is refused, naming the field and the limit") {
    auto json = to_json(built_in("late_delivery"));
    auto too_many_replies = json;
    auto& choices = too_many_replies["nodes"][0]["choices"];
    while (choices.size() <= touchpoint::limits::max_scenario_choices_per_node) choices.push_back(choices[0]);
    try {
        scenario_from_json(too_many_replies);
        FAIL("a node with 13 replies was read");
    } catch (const ScenarioError& error) {
        CHECK(error.field() == "nodes[0].choices");
        CHECK(std::string(error.what()).find("a node offers at most 12") != std::string::npos);
    }
    auto long_text = json;
    long_text["nodes"][1]["lines"][0] = nlohmann::json{{"text", std::string(4001, 'a')}};
    try {
        scenario_from_json(long_text);
        FAIL("a 4,001-character line was read");
    } catch (const ScenarioError& error) {
        CHECK(error.field() == "nodes[1].lines[0].text");
        CHECK(std::string(error.what()).find("4001 characters") != std::string::npos);
    }
    // Characters, not bytes: 4,000 two-byte characters are within the limit.
    std::string accented;
    for (int i = 0; i < 4000; ++i) accented += "\xc3\xa9";
    long_text["nodes"][1]["lines"][0] = nlohmann::json{{"text", accented}};
    CHECK_NOTHROW(scenario_from_json(long_text));
    auto many_nodes = json;
    while (many_nodes["nodes"].size() <= touchpoint::limits::max_scenario_nodes) many_nodes["nodes"].push_back(json["nodes"][0]);
    CHECK_THROWS_WITH_AS(scenario_from_json(many_nodes), doctest::Contains("a scenario has at most 500"), ScenarioError);
    CHECK_THROWS_WITH_AS(scenario_from_json_text(std::string(touchpoint::limits::max_scenario_json_bytes + 1, ' ')),
                         doctest::Contains("larger than the 1 MiB"), ScenarioError);
}

TEST_CASE("found by fuzzing: what only an ending may hold survives a round trip, for the validator to name") {
    auto json = to_json(built_in("late_delivery"));
    REQUIRE_FALSE(json["nodes"][0].contains("ending"));
    json["nodes"][0]["effect"] = {{"purchase_rate", 1.5}, {"dropout", 0.5}};
    json["nodes"][0]["outcome"] = "Not an ending";
    const auto scenario = scenario_from_json(json);
    CHECK(scenario_from_json(to_json(scenario)) == scenario);
    bool named = false;
    for (const auto& issue : validate_scenario(scenario_from_json(to_json(scenario))))
        named = named || issue.field == "nodes[0].effect";
    CHECK(named);
}
