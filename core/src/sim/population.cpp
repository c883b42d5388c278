#include "touchpoint/sim/population.hpp"

#include <nlohmann/json.hpp>
#include <cmath>
#include <stdexcept>

namespace touchpoint::sim {

namespace {

bool positive(double value) { return std::isfinite(value) && value > 0; }

}  // namespace

void validate(const Population& population) {
    const auto& bg = population.purchase;
    if (!positive(bg.r) || !positive(bg.alpha) || !positive(bg.a) || !positive(bg.b))
        throw std::invalid_argument("population: BG/NBD r, alpha, a and b must be positive and finite");
    if (population.spend) {
        const auto& gg = *population.spend;
        if (!positive(gg.p) || !positive(gg.q) || !positive(gg.gamma))
            throw std::invalid_argument("population: Gamma-Gamma p, q and gamma must be positive and finite");
        if (!(gg.q > 1)) throw std::invalid_argument("population: Gamma-Gamma q must be above 1 for a finite mean order value");
    }
}

Population population_from_fit(const clv::FitResult& purchase, clv::TimeUnit unit, const clv::FitResult* spend) {
    if (purchase.kind != clv::ModelKind::BgNbd)
        throw std::invalid_argument(std::string("the simulator draws customers from a BG/NBD fit, not ") +
                                    clv::model_name(purchase.kind));
    if (!purchase.ok()) throw std::invalid_argument("the BG/NBD fit has no valid result: " + purchase.error);
    Population population;
    population.purchase = purchase.bgnbd();
    // lambda per week ~ Gamma(r, alpha) makes lambda / 7 per day ~ Gamma(r, 7 alpha).
    if (unit == clv::TimeUnit::Week) population.purchase.alpha *= 7.0;
    population.description = std::string("BG/NBD fitted in ") + clv::time_unit_name(unit) + "s";
    if (spend) {
        if (spend->kind != clv::ModelKind::GammaGamma)
            throw std::invalid_argument(std::string("the spend model must be Gamma-Gamma, not ") + clv::model_name(spend->kind));
        if (!spend->ok()) throw std::invalid_argument("the Gamma-Gamma fit has no valid result: " + spend->error);
        population.spend = spend->gamma_gamma();
        population.description += ", Gamma-Gamma spend";
    } else {
        population.description += ", no spend model (no revenue)";
    }
    validate(population);
    return population;
}

Population sample_shop_population(const data::SampleShopOptions& options) {
    Population population;
    population.purchase = {options.purchase_rate_shape_r, options.purchase_rate_rate_alpha, options.dropout_a, options.dropout_b};
    population.spend = clv::GammaGammaParams{options.spend_shape_p, options.spend_shape_q, options.spend_rate_gamma};
    population.description = "sample shop defaults (BG/NBD per day, Gamma-Gamma spend, no seasonality)";
    validate(population);
    return population;
}

nlohmann::json to_json(const Population& population) {
    const auto& bg = population.purchase;
    nlohmann::json json = {{"description", population.description},
                           {"purchase", {{"model", "bgnbd"}, {"unit", "day"}, {"r", bg.r}, {"alpha", bg.alpha}, {"a", bg.a}, {"b", bg.b}}}};
    if (population.spend)
        json["spend"] = {{"model", "gg"}, {"p", population.spend->p}, {"q", population.spend->q}, {"gamma", population.spend->gamma}};
    else
        json["spend"] = nullptr;
    return json;
}

Population population_from_json(const nlohmann::json& json) {
    try {
        Population population;
        population.description = json.at("description").get<std::string>();
        const auto& purchase = json.at("purchase");
        if (purchase.at("model") != "bgnbd" || purchase.at("unit") != "day")
            throw std::invalid_argument("population: the purchase model must be a BG/NBD per day");
        population.purchase = {purchase.at("r").get<double>(), purchase.at("alpha").get<double>(), purchase.at("a").get<double>(),
                               purchase.at("b").get<double>()};
        if (const auto& spend = json.at("spend"); !spend.is_null())
            population.spend = clv::GammaGammaParams{spend.at("p").get<double>(), spend.at("q").get<double>(), spend.at("gamma").get<double>()};
        validate(population);
        return population;
    } catch (const nlohmann::json::exception& error) {
        throw std::invalid_argument(std::string("population: ") + error.what());
    }
}

}  // namespace touchpoint::sim
