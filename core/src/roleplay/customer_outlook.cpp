#include "touchpoint/roleplay/customer_outlook.hpp"

#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/sim/effect_model.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace touchpoint::roleplay {

EndingEffect default_ending_effect(Ending ending) {
    // Planning assumptions: a customer who refers others buys more and stays longest; one who
    // leaves the conversation churned still buys now and then, at half their rate, and is three
    // times as likely to stop after each purchase.
    switch (ending) {
        case Ending::Referral: return {1.25, 0.6};
        case Ending::SecondPurchase: return {1.15, 0.75};
        case Ending::Renewed: return {1.10, 0.8};
        case Ending::BoughtButResentful: return {0.9, 1.5};
        case Ending::Escalated: return {0.75, 1.8};
        case Ending::Churned: return {0.5, 3.0};
    }
    return {};
}

EndingEffect ending_effect(const Scenario& scenario, Ending ending) {
    for (const auto& node : scenario.nodes)
        if (node.ending == ending && node.effect) return *node.effect;
    return default_ending_effect(ending);
}

Ending best_ending(const Scenario& scenario) {
    std::optional<Ending> best;
    double best_score = 0.0;
    for (const auto& node : scenario.nodes) {
        if (!node.ending) continue;
        const auto effect = ending_effect(scenario, *node.ending);
        const double score = effect.purchase_rate / effect.dropout;
        if (!best || score > best_score) {
            best = *node.ending;
            best_score = score;
        }
    }
    if (!best) throw std::invalid_argument("the scenario '" + scenario.id + "' has no ending");
    return *best;
}

sim::Population population_after(const sim::Population& population, EndingEffect effect) {
    const auto usable = [](double multiplier) { return std::isfinite(multiplier) && multiplier > 0.0; };
    if (!usable(effect.purchase_rate)) throw std::invalid_argument("the purchase-rate multiplier must be positive");
    if (!usable(effect.dropout)) throw std::invalid_argument("the dropout multiplier must be positive");
    auto changed = population;
    // lambda ~ Gamma(r, rate alpha): c x lambda ~ Gamma(r, rate alpha / c).
    changed.purchase.alpha = population.purchase.alpha / effect.purchase_rate;
    // p ~ Beta(a, b): keep a + b (how alike customers are) and move the mean.
    const double concentration = population.purchase.a + population.purchase.b;
    const double mean = std::min(max_dropout_after_effect, effect.dropout * population.purchase.a / concentration);
    changed.purchase.a = mean * concentration;
    changed.purchase.b = concentration - changed.purchase.a;
    sim::validate(changed);
    return changed;
}

namespace {

OutlookFigures outlook_for(Ending ending, EndingEffect effect, const sim::Population& population, const sim::SimulationOptions& options) {
    // No outreach after the conversation: its ending is the only difference between runs.
    cadence::Cadence no_outreach;
    no_outreach.name = "No outreach";
    const auto result = sim::simulate_cadences(population_after(population, effect), {no_outreach}, sim::no_effect_model(), options);
    const auto& figures = result.baseline;
    OutlookFigures outlook;
    outlook.ending = ending;
    outlook.effect = effect;
    outlook.repeat_rate = figures.repeat_rate;
    outlook.purchases = figures.purchases;
    outlook.revenue = figures.revenue;
    const auto at_end = [](const sim::Curve& curve) {
        return sim::Estimate{curve.mean.back(), curve.ci_low.back(), curve.ci_high.back(), std::nan("")};
    };
    outlook.alive_at_end = at_end(figures.alive_by_day);
    outlook.active_at_end = at_end(figures.active_by_day);
    return outlook;
}

bool has_ending(const Scenario& scenario, Ending ending) {
    return std::any_of(scenario.nodes.begin(), scenario.nodes.end(), [&](const Node& node) { return node.ending == ending; });
}

}  // namespace

WhatIfResult what_if_customers(const Scenario& scenario, Ending trainee_ending, const sim::Population& population,
                               const WhatIfOptions& options) {
    if (!has_ending(scenario, trainee_ending))
        throw std::invalid_argument("the scenario '" + scenario.id + "' has no ending '" + std::string(ending_key(trainee_ending)) + "'");
    sim::SimulationOptions simulation;
    simulation.customers = options.customers;
    simulation.days = options.days;
    simulation.replications = options.replications;
    simulation.seed = options.seed;
    sim::validate(simulation);

    WhatIfResult result;
    result.options = options;
    result.population = population.description;
    // The same seed for both: the same customers and the same luck, so the difference is the ending's.
    result.trainee = outlook_for(trainee_ending, ending_effect(scenario, trainee_ending), population, simulation);
    const auto best = best_ending(scenario);
    result.best = outlook_for(best, ending_effect(scenario, best), population, simulation);
    const double customers = options.customers;
    result.more_active_at_end = (result.best.active_at_end.mean - result.trainee.active_at_end.mean) * customers;
    result.more_alive_at_end = (result.best.alive_at_end.mean - result.trainee.alive_at_end.mean) * customers;
    result.more_repeat_customers = (result.best.repeat_rate.mean - result.trainee.repeat_rate.mean) * customers;
    result.more_purchases = (result.best.purchases.mean - result.trainee.purchases.mean) * customers;
    result.more_revenue = (result.best.revenue.mean - result.trainee.revenue.mean) * customers;
    return result;
}

namespace {

nlohmann::json number_or_null(double value) { return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr); }

nlohmann::json estimate_json(const sim::Estimate& estimate) {
    return {{"mean", number_or_null(estimate.mean)}, {"ci_low", number_or_null(estimate.ci_low)}, {"ci_high", number_or_null(estimate.ci_high)}};
}

nlohmann::json outlook_json(const OutlookFigures& outlook) {
    return {{"ending", ending_key(outlook.ending)},
            {"effect", {{"purchase_rate", outlook.effect.purchase_rate}, {"dropout", outlook.effect.dropout}}},
            {"repeat_rate", estimate_json(outlook.repeat_rate)},
            {"purchases", estimate_json(outlook.purchases)},
            {"revenue", estimate_json(outlook.revenue)},
            {"alive_at_end", estimate_json(outlook.alive_at_end)},
            {"active_at_end", estimate_json(outlook.active_at_end)}};
}

}  // namespace

nlohmann::json to_json(const WhatIfResult& result) {
    return {{"customers", result.options.customers},
            {"days", result.options.days},
            {"replications", result.options.replications},
            {"seed", result.options.seed},
            {"population", result.population},
            {"trainee", outlook_json(result.trainee)},
            {"best", outlook_json(result.best)},
            {"more_active_at_end", result.more_active_at_end},
            {"more_alive_at_end", result.more_alive_at_end},
            {"more_repeat_customers", result.more_repeat_customers},
            {"more_purchases", result.more_purchases},
            {"more_revenue", result.more_revenue}};
}

}  // namespace touchpoint::roleplay
