#pragma once
// The customers a simulation plays cadences on: a cohort acquired on day 0 (their first
// purchase), whose behaviour is drawn from buy-till-you-die models. Each customer draws
//   lambda ~ Gamma(r, rate alpha)   purchases a day while alive (BG/NBD);
//   p ~ Beta(a, b)                  the chance of dropping out right after each repeat purchase;
//   nu ~ Gamma(q, rate gamma)       with a spend model: orders are worth p_spend / nu on average
//                                   (Gamma-Gamma); without one, purchases carry no revenue.
// The parameters come from a fitted model (weeks or days; weeks are converted to days), or
// from the sample shop's defaults when nothing is fitted (its seasonality is left out).
#include "touchpoint/clv/bgnbd.hpp"
#include "touchpoint/clv/gamma_gamma.hpp"
#include "touchpoint/clv/models.hpp"
#include "touchpoint/clv/summary.hpp"
#include "touchpoint/data/sample_shop.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>

namespace touchpoint::sim {

struct Population {
    clv::BgNbdParams purchase;                   // per day
    std::optional<clv::GammaGammaParams> spend;  // order values; none: no revenue
    std::string description;                     // "BG/NBD fitted in weeks, Gamma-Gamma", "sample shop defaults"
};

// Throws std::invalid_argument unless the purchase model is a valid BG/NBD fit (Pareto/NBD is
// not simulated yet) and the spend model, when given, a valid Gamma-Gamma fit with q > 1.
Population population_from_fit(const clv::FitResult& purchase, clv::TimeUnit unit, const clv::FitResult* spend = nullptr);
Population sample_shop_population(const data::SampleShopOptions& options = {});

// Throws std::invalid_argument when a parameter is not positive and finite (or q <= 1).
void validate(const Population& population);

nlohmann::json to_json(const Population& population);
// Reads what to_json writes; throws std::invalid_argument for anything else or an invalid population.
Population population_from_json(const nlohmann::json& json);

}  // namespace touchpoint::sim
