#pragma once
// What a conversation's ending means for the customer afterwards, in the simulator's terms: an
// ending changes the persona's purchase rate and their chance of dropping out after a purchase.
// "What if 1,000 customers like this" plays a cohort of customers through the simulator twice
// (no outreach, so the conversation is the only difference): once as the trainee's ending left
// them and once as the scenario's best ending would have, on the same customers and the same
// luck (common random numbers), and reports the retention difference.
//
// The default changes per ending are planning assumptions, not measurements; a scenario can set
// its own on an ending node ("effect": {"purchase_rate": 1.2, "dropout": 0.7}).
#include "touchpoint/roleplay/scenario.hpp"
#include "touchpoint/sim/population.hpp"
#include "touchpoint/sim/simulator.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>

namespace touchpoint::roleplay {

// EndingEffect (scenario.hpp) multiplies each customer's purchase rate (lambda) and their dropout
// chance after each repeat purchase (p; its mean capped at max_dropout_after_effect).
inline constexpr double max_dropout_after_effect = 0.95;

EndingEffect default_ending_effect(Ending ending);
// The ending node's own effect when the scenario sets one, else the default.
EndingEffect ending_effect(const Scenario& scenario, Ending ending);
// The scenario's ending that leaves customers best off: the one with the highest purchase rate
// over dropout (ties: the earlier node). Throws std::invalid_argument for a scenario with no ending.
Ending best_ending(const Scenario& scenario);

// The population with the effect applied: lambda ~ Gamma(r, alpha / purchase_rate), so every
// customer's rate is multiplied; p ~ Beta with the same a + b and its mean multiplied by dropout
// (the mean capped at max_dropout_after_effect). Throws std::invalid_argument for a multiplier that is not
// positive and finite.
sim::Population population_after(const sim::Population& population, EndingEffect effect);

struct WhatIfOptions {
    int customers = 1000;
    int days = 365;
    int replications = 20;
    std::uint64_t seed = 1;
};

// Per customer, over the horizon, each with its 95% interval over replications.
struct OutlookFigures {
    Ending ending = Ending::Churned;
    EndingEffect effect;
    sim::Estimate repeat_rate;   // share with a repeat purchase
    sim::Estimate purchases;     // repeat purchases
    sim::Estimate revenue;       // of the repeat purchases (0 without a spend model)
    sim::Estimate alive_at_end;  // share who have not dropped out by the horizon (BG/NBD's "alive")
    sim::Estimate active_at_end; // share who bought within the last 90 days before the horizon
};

struct WhatIfResult {
    WhatIfOptions options;
    std::string population;  // the population's description
    OutlookFigures trainee;
    OutlookFigures best;
    // best minus trainee, in customers out of options.customers: how many more would still be
    // buying (active) and not have dropped out (alive) at the horizon, and how many more repeat
    // purchases and how much more revenue.
    double more_active_at_end = 0;
    double more_alive_at_end = 0;
    double more_repeat_customers = 0;
    double more_purchases = 0;
    double more_revenue = 0;
};

// Throws std::invalid_argument for options out of range (as the simulator's) or an ending the
// scenario does not have.
WhatIfResult what_if_customers(const Scenario& scenario, Ending trainee_ending, const sim::Population& population,
                               const WhatIfOptions& options = {});

nlohmann::json to_json(const WhatIfResult& result);

}  // namespace touchpoint::roleplay
