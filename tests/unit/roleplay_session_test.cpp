// The trainer's session (attempts, the results CSV and JSON) and the link to the simulator: an
// ending's effect on the persona's purchase rate and dropout, and "what if 1,000 customers like
// this", checked against the BG/NBD closed forms for a cohort of new customers.
#include "touchpoint/clv/bgnbd.hpp"
#include "touchpoint/roleplay/customer_outlook.hpp"
#include "touchpoint/roleplay/scenario_library.hpp"
#include "touchpoint/roleplay/training_session.hpp"
#include "touchpoint/roleplay/validation.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

using namespace touchpoint;
using namespace touchpoint::roleplay;

namespace {

Scenario late_delivery() { return read_scenario_file(std::string(TOUCHPOINT_SOURCE_DIR) + "/assets/scenarios/late_delivery.json"); }

// The paths the built-in test plays (0-based): the best one ends in a referral, the pushy one loses the customer.
const std::vector<std::size_t> best_path{0, 0, 0, 0, 0};
const std::vector<std::size_t> pushy_path{0, 2, 2, 1};

sim::Population example_population() {
    sim::Population population;
    population.purchase = {0.243, 4.414, 0.793, 2.426};  // per day
    population.spend = clv::GammaGammaParams{6.25, 3.74, 15.44};
    population.description = "example";
    return population;
}

}  // namespace

TEST_CASE("a session keeps each trainee's attempt and exports the results table") {
    const auto scenario = late_delivery();
    auto session = start_session(scenario, /*show_trust=*/false);
    CHECK(session.scenario_id == "late_delivery");
    CHECK_FALSE(session.show_trust);

    add_attempt(session, "Alex", play_scripted(scenario, 7, best_path));
    add_attempt(session, "Sam, \"the closer\"", play_scripted(scenario, 7, pushy_path));
    REQUIRE(session.attempts.size() == 2);
    const auto& best = session.attempts[0].debrief;
    const auto& pushy = session.attempts[1].debrief;
    CHECK(best.ending == Ending::Referral);
    REQUIRE(pushy.ending);
    CHECK_FALSE(is_kept_customer(*pushy.ending));

    const auto counts = ending_counts(session);
    CHECK(counts[static_cast<std::size_t>(Ending::Referral)] == 1);
    CHECK(counts[static_cast<std::size_t>(*pushy.ending)] == 1);

    SUBCASE("the CSV has a header, a row per attempt, every behaviour's points, and quotes what needs quoting") {
        const auto csv = results_csv(session);
        std::vector<std::string> rows;
        for (std::size_t start = 0; start < csv.size();) {
            const auto end = csv.find("\r\n", start);
            REQUIRE(end != std::string::npos);
            rows.push_back(csv.substr(start, end - start));
            start = end + 2;
        }
        REQUIRE(rows.size() == 3);
        CHECK(rows[0] ==
              "trainee,scenario,seed,ending,kept,initial_trust,final_trust,total_points,clarifies_expectations,proactive,"
              "open_question,acknowledges,offers_relevant_value,pushy,vague,defensive,makes_customer_repeat,signals_caught,"
              "signals_missed");
        std::string expected_best = "Alex,late_delivery,7,referral,1," + std::to_string(best.initial_trust) + "," +
                                    std::to_string(best.final_trust) + "," + std::to_string(best.total_points);
        for (const auto& score : best.behaviours) expected_best += "," + std::to_string(score.points);
        CHECK(rows[1].rfind(expected_best + ",", 0) == 0);
        CHECK(rows[2].rfind("\"Sam, \"\"the closer\"\"\",late_delivery,7," + std::string(ending_key(*pushy.ending)) + ",0,", 0) == 0);
        // The pushy reply's points are in the pushy column (the 14th).
        CHECK(pushy.behaviours[static_cast<std::size_t>(Behaviour::Pushy)].points < 0);
    }

    SUBCASE("the JSON holds every debrief and the ending counts") {
        const auto json = to_json(session);
        CHECK(json["format"] == "touchpoint.training_session");
        CHECK(json["attempts"].size() == 2);
        CHECK(json["attempts"][1]["trainee"] == "Sam, \"the closer\"");
        CHECK(json["attempts"][0]["debrief"]["total_points"] == best.total_points);
        CHECK(json["endings"]["referral"] == 1);
        CHECK(json["endings"]["renewed"] == 0);
    }

    SUBCASE("an attempt needs a name, a finished conversation and the session's scenario") {
        CHECK_THROWS_AS(add_attempt(session, "  ", play_scripted(scenario, 7, best_path)), std::invalid_argument);
        CHECK_THROWS_AS(add_attempt(session, "Kim", play_scripted(scenario, 7, {0})), std::invalid_argument);
        auto other = scenario;
        other.id = "other";
        CHECK_THROWS_AS(add_attempt(session, "Kim", play_scripted(other, 7, best_path)), std::invalid_argument);
        CHECK(session.attempts.size() == 2);
    }
}

TEST_CASE("an ending's effect changes the persona's purchase rate and dropout") {
    const auto base = example_population();
    const auto changed = population_after(base, {1.25, 0.6});
    // Every customer's rate is multiplied: the mean r / alpha too.
    CHECK(changed.purchase.r == base.purchase.r);
    CHECK(changed.purchase.r / changed.purchase.alpha == doctest::Approx(1.25 * base.purchase.r / base.purchase.alpha));
    // Dropout: the same a + b, the mean multiplied.
    CHECK(changed.purchase.a + changed.purchase.b == doctest::Approx(base.purchase.a + base.purchase.b));
    CHECK(changed.purchase.a / (changed.purchase.a + changed.purchase.b) ==
          doctest::Approx(0.6 * base.purchase.a / (base.purchase.a + base.purchase.b)));
    REQUIRE(changed.spend);
    CHECK(changed.spend->q == base.spend->q);  // order values are the same

    // The mean dropout is capped below 1, however large the multiplier.
    const auto capped = population_after(base, {1.0, 9.0});
    CHECK(capped.purchase.a / (capped.purchase.a + capped.purchase.b) == doctest::Approx(max_dropout_after_effect));
    CHECK_THROWS_AS(population_after(base, {0.0, 1.0}), std::invalid_argument);
    CHECK_THROWS_AS(population_after(base, {1.0, std::nan("")}), std::invalid_argument);

    // The defaults rank the endings from a referral down to a churned customer.
    const auto score = [](Ending ending) {
        const auto effect = default_ending_effect(ending);
        return effect.purchase_rate / effect.dropout;
    };
    CHECK(score(Ending::Referral) > score(Ending::SecondPurchase));
    CHECK(score(Ending::SecondPurchase) > score(Ending::Renewed));
    CHECK(score(Ending::Renewed) > 1.0);
    CHECK(score(Ending::BoughtButResentful) < 1.0);
    CHECK(score(Ending::Escalated) < score(Ending::BoughtButResentful));
    CHECK(score(Ending::Churned) < score(Ending::Escalated));
    CHECK(best_ending(late_delivery()) == Ending::Referral);
}

TEST_CASE("a scenario can set an ending's effect, and only on an ending") {
    auto json = to_json(late_delivery());
    std::size_t churned = 0, first_choice_node = 0;
    for (std::size_t n = 0; n < json["nodes"].size(); ++n) {
        if (json["nodes"][n].value("ending", "") == "churned") churned = n;
        if (json["nodes"][n].contains("choices") && first_choice_node == 0) first_choice_node = n;
    }
    json["nodes"][churned]["effect"] = {{"purchase_rate", 3.0}, {"dropout", 0.1}};
    const auto scenario = scenario_from_json(json);
    CHECK(ending_effect(scenario, Ending::Churned) == EndingEffect{3.0, 0.1});
    CHECK(ending_effect(scenario, Ending::Escalated) == default_ending_effect(Ending::Escalated));
    // An author who says churned customers buy thrice as often makes churned the best ending.
    CHECK(best_ending(scenario) == Ending::Churned);
    CHECK(scenario_from_json(to_json(scenario)) == scenario);

    auto bad = json;
    bad["nodes"][churned]["effect"]["dropout"] = -1;
    try {
        scenario_from_json(bad);
        FAIL("a negative multiplier was read");
    } catch (const ScenarioError& error) {
        CHECK(error.field() == "nodes[" + std::to_string(churned) + "].effect.dropout");
    }
    auto misplaced = json;
    misplaced["nodes"][first_choice_node]["effect"] = {{"purchase_rate", 1.1}};
    const auto issues = validate_scenario(scenario_from_json(misplaced));
    REQUIRE(has_errors(issues));
    CHECK(issues.front().field == "nodes[" + std::to_string(first_choice_node) + "].effect");
}

TEST_CASE("what if 1,000 customers like this: the simulator agrees with BG/NBD and the better ending keeps more customers") {
    const auto scenario = late_delivery();
    const auto population = example_population();
    WhatIfOptions options;
    options.customers = 1000;
    options.days = 365;
    options.replications = 40;
    options.seed = 3;
    const auto pushy_ending = *play_scripted(scenario, 1, pushy_path).ending();
    const auto result = what_if_customers(scenario, pushy_ending, population, options);
    CHECK(result.trainee.ending == pushy_ending);
    CHECK(result.best.ending == Ending::Referral);

    // No outreach and no touch effects: each run is the BG/NBD process of the changed population,
    // so the closed forms for a new customer over the horizon hold within the intervals.
    for (const auto* outlook : {&result.trainee, &result.best}) {
        CAPTURE(ending_key(outlook->ending));
        const auto params = population_after(population, outlook->effect).purchase;
        const double expected_purchases = clv::bgnbd_expected_purchases_new_customer(params, options.days);
        const double expected_repeat_rate = 1.0 - clv::bgnbd_probability_of_purchases(params, options.days, 0);
        const double purchases_margin = 4.0 * outlook->purchases.std_error;
        const double repeat_margin = 4.0 * outlook->repeat_rate.std_error;
        CHECK(std::abs(outlook->purchases.mean - expected_purchases) < purchases_margin);
        CHECK(std::abs(outlook->repeat_rate.mean - expected_repeat_rate) < repeat_margin);
        CHECK(outlook->alive_at_end.ci_low <= outlook->alive_at_end.mean);
        CHECK(outlook->alive_at_end.mean <= outlook->alive_at_end.ci_high);
        CHECK(outlook->revenue.mean > 0.0);
    }
    CHECK(result.best.alive_at_end.mean > result.trainee.alive_at_end.mean);
    CHECK(result.best.active_at_end.mean > result.trainee.active_at_end.mean);
    CHECK(result.more_active_at_end == doctest::Approx((result.best.active_at_end.mean - result.trainee.active_at_end.mean) * 1000));
    CHECK(result.more_alive_at_end == doctest::Approx((result.best.alive_at_end.mean - result.trainee.alive_at_end.mean) * 1000));
    CHECK(result.more_purchases > 0.0);
    CHECK(result.more_repeat_customers > 0.0);

    // The best ending against itself: the same customers, so no difference at all.
    const auto same = what_if_customers(scenario, Ending::Referral, population, options);
    CHECK(same.more_alive_at_end == 0.0);
    CHECK(same.more_active_at_end == 0.0);
    CHECK(same.more_purchases == 0.0);
    CHECK(same.trainee.purchases.mean == result.best.purchases.mean);

    const auto json = to_json(result);
    CHECK(json["trainee"]["ending"] == std::string(ending_key(pushy_ending)));
    CHECK(json["best"]["ending"] == "referral");
    CHECK(json["customers"] == 1000);
    CHECK(json["more_alive_at_end"].get<double>() == doctest::Approx(result.more_alive_at_end));

    CHECK_THROWS_AS(what_if_customers(scenario, Ending::Renewed, population, options), std::invalid_argument);
    options.customers = 0;
    CHECK_THROWS_AS(what_if_customers(scenario, Ending::Referral, population, options), std::invalid_argument);
}
