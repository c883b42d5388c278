// Simulated A/B tests: with two identical arms, a test at alpha calls a winner in about alpha of
// the experiments (all of them wrong calls); with a real difference, the share of experiments
// that detect it matches the power formula at the true rates and the planned sizes.
#include "touchpoint/experiments/power.hpp"
#include "touchpoint/sim/simulated_experiment.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace touchpoint;
using cadence::Channel;
using cadence::TouchKind;
using cadence::Trigger;

namespace {

cadence::Cadence guides(const std::string& name, std::vector<int> days) {
    cadence::Cadence cadence;
    cadence.name = name;
    for (const int day : days)
        cadence.steps.push_back(cadence::make_step("Guide day " + std::to_string(day), TouchKind::UsefulGuide,
                                                   Trigger::DaysAfterFirstPurchase, day, Channel::Email));
    return cadence;
}

}  // namespace

TEST_CASE("two identical arms: a winner is called in about alpha of the experiments, and every call is wrong") {
    sim::SimulatedExperimentDesign design;
    design.arms = {{"Control", guides("Guides", {3, 10}), 1}, {"Same again", guides("Guides", {3, 10}), 1}};
    design.window_days = 60;
    design.customers = 600;
    design.experiments = 2000;
    design.alpha = 0.05;
    design.seed = 5;
    const auto result = sim::simulate_experiment(sim::sample_shop_population(), design, sim::default_effect_model());
    CHECK_FALSE(result.arms_differ);
    CHECK(result.right_call.mean == 0);
    const double calls = result.wrong_call.mean;
    const double monte_carlo_se = std::sqrt(0.05 * 0.95 / design.experiments);
    MESSAGE("A/A: a winner called in " << calls << " of " << design.experiments << " experiments (alpha 0.05, Monte Carlo SE " << monte_carlo_se << ")");
    CHECK(std::abs(calls - 0.05) < 3 * monte_carlo_se);
    CHECK(result.no_call.mean == doctest::Approx(1 - calls));
    // Both arms share the truth within its error.
    CHECK(std::abs(result.arms[0].true_value - result.arms[1].true_value) <
          4 * std::hypot(result.arms[0].true_value_std_error, result.arms[1].true_value_std_error));
}

TEST_CASE("a real difference is detected as often as the power formula says, and the call names the better arm") {
    auto effects = sim::no_effect_model();
    effects.kinds[static_cast<std::size_t>(TouchKind::UsefulGuide)].lift.value = 2.0;
    effects.kinds[static_cast<std::size_t>(TouchKind::UsefulGuide)].half_life_days.value = 20;
    sim::SimulatedExperimentDesign design;
    design.arms = {{"No guide", guides("Nothing", {}), 1}, {"Guide on day 5", guides("Guides", {5}), 1}};
    design.window_days = 45;
    design.customers = 3000;
    design.experiments = 800;
    design.seed = 9;
    const auto result = sim::simulate_experiment(sim::sample_shop_population(), design, effects);
    REQUIRE(result.arms_differ);
    CHECK(result.truly_best == 1);
    const auto& control = result.arms[0];
    const auto& treatment = result.arms[1];
    CHECK(control.customers == 1500);
    CHECK(treatment.true_value > control.true_value);

    experiments::PowerDesign power;
    power.metric = experiments::MetricKind::Proportion;
    power.baseline = control.true_value;
    power.minimum_detectable_effect = treatment.true_value - control.true_value;
    power.alpha = design.alpha;
    const double expected = experiments::power_at(power, control.customers);
    const double detected = treatment.significant_share;
    const double monte_carlo_se = std::sqrt(expected * (1 - expected) / design.experiments);
    MESSAGE("rates " << control.true_value << " -> " << treatment.true_value << ": detected in " << detected << " of experiments, power formula "
                     << expected << " (Monte Carlo SE " << monte_carlo_se << ")");
    REQUIRE(expected > 0.2);
    REQUIRE(expected < 0.95);
    // The formula (Cohen's h, normal approximation) and the z-test differ by far less than this.
    CHECK(std::abs(detected - expected) < 3 * monte_carlo_se + 0.02);
    CHECK(result.right_call.mean == doctest::Approx(detected));
    CHECK(result.wrong_call.mean < 0.01);  // control significantly better: a two-sided tail of a shifted test
}

TEST_CASE("revenue outcomes are tested with Welch's t-test from each arm's mean and variance") {
    sim::SimulatedExperimentDesign design;
    design.arms = {{"A", guides("Guides", {7}), 1}, {"B", guides("Guides", {7}), 2}, {"C", guides("Guides", {7}), 1}};
    design.outcome = sim::ExperimentOutcome::RevenueWithin;
    design.window_days = 90;
    design.customers = 800;
    design.experiments = 600;
    design.seed = 2;
    const auto result = sim::simulate_experiment(sim::sample_shop_population(), design, sim::default_effect_model());
    CHECK(result.arms[1].customers == 400);  // the allocation 1:2:1
    CHECK(result.arms[0].customers == 200);
    CHECK_FALSE(result.arms_differ);
    // Holm keeps the chance of any false call at most alpha (about alpha here); revenue is skewed, so allow some slack.
    CHECK(result.wrong_call.mean < 0.05 + 3 * std::sqrt(0.05 * 0.95 / design.experiments));
    CHECK(result.arms[0].true_value > 0);

    design.arms.pop_back();
    design.arms[1].allocation = 0;
    CHECK_THROWS_WITH_AS(sim::validate(design), "simulated experiment: arm 'B': its allocation must be positive", std::invalid_argument);
}

TEST_CASE("timing arms differ only in the step's delay, and the guardrails report opt-outs and cost per arm") {
    const auto base = guides("Guides", {3, 30});
    const auto arms = sim::timing_arms(base, "Guide day 3", {3, 7, 14});
    REQUIRE(arms.size() == 3);
    CHECK(arms[2].name == "Day 14");
    CHECK(arms[2].cadence.steps[0].delay_days == 14);
    CHECK(arms[2].cadence.steps[1] == base.steps[1]);
    CHECK_THROWS_WITH_AS(sim::timing_arms(base, "Nope", {3}), "simulated experiment: cadence 'Guides' has no step 'Nope'", std::invalid_argument);

    sim::SimulatedExperimentDesign design;
    design.arms = arms;
    design.outcome = *sim::experiment_outcome_from_key("active_at_end");
    design.window_days = 120;
    design.customers = 900;
    design.experiments = 50;
    const auto result = sim::simulate_experiment(sim::sample_shop_population(), design, sim::default_effect_model());
    REQUIRE(result.arms.size() == 3);
    CHECK(result.arms_differ);
    for (const auto& arm : result.arms) {
        CHECK(arm.true_value > 0);
        CHECK(arm.true_value < 1);
        CHECK(arm.cost == doctest::Approx(2 * cadence::channel_defaults(Channel::Email).cost_per_touch).epsilon(0.02));  // two touches each, none blocked
        CHECK(arm.opt_outs >= 0);
    }
    CHECK(result.right_call.mean + result.wrong_call.mean + result.no_call.mean == doctest::Approx(1.0));
}
