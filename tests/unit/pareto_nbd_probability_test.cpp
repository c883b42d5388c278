// Pareto/NBD P(X(t) = k) for a new customer (Fader & Hardie 2006) against an oracle that
// integrates the individual-level probability over the gamma mixing densities numerically
// (tests/fixtures/models/make_fixtures.py), into the far tail (k = 50 in one week: 1e-55);
// the probabilities must sum to 1 and their mean must be E[X(t)], for alpha < beta (CDNOW's
// published estimates), alpha >= beta, alpha = beta, and a 2F1 argument near 1.
#include "touchpoint/clv/pareto_nbd.hpp"

#include "../../core/src/clv/hypergeometric.hpp"

#include "golden_files.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

using namespace touchpoint;
using namespace touchpoint::clv;

namespace {

const nlohmann::json& oracle() {
    static const nlohmann::json values = nlohmann::json::parse(
        testing::read_text(std::string(TOUCHPOINT_SOURCE_DIR) + "/tests/fixtures/models/oracle_values.json"));
    return values;
}

ParetoNbdParams params_of(const nlohmann::json& object) {
    return {object.at("r").get<double>(), object.at("alpha").get<double>(), object.at("s").get<double>(),
            object.at("beta").get<double>()};
}

const ParetoNbdParams cdnow{0.553, 10.578, 0.606, 11.669};        // alpha < beta
const ParetoNbdParams alpha_ge_beta{0.553, 14.0, 0.606, 3.5};     // argument (alpha - beta) / alpha = 0.75
const ParetoNbdParams alpha_is_beta{0.553, 10.0, 0.606, 10.0};    // argument 0
const ParetoNbdParams near_one{0.553, 100.0, 0.606, 0.5};         // argument 0.995: the integral only

}  // namespace

TEST_CASE("P(X(t) = k) equals the integral oracle's to 1e-9, far tails included") {
    const auto& tables = oracle().at("pnbd_pmf");
    REQUIRE(tables.size() == 3);
    // Plain names, not a structured binding: INFO captures them (clang 14 cannot capture bindings).
    for (const auto& item : tables.items()) {
        const std::string name = item.key();
        const auto& table = item.value();
        const auto params = params_of(table.at("params"));
        for (const auto& row : table.at("values")) {
            const double t = row.at("t").get<double>(), expected = row.at("probability").get<double>();
            const int k = row.at("k").get<int>();
            const double value = pareto_nbd_probability_of_purchases(params, t, k);
            INFO(name << ": t = " << t << ", k = " << k << ", P = " << value << " against " << expected);
            CHECK(std::abs(value - expected) <= 1e-9 * expected);
        }
    }
}

TEST_CASE("the probabilities sum to 1 and their mean is the expected number of purchases") {
    for (const auto& params : {cdnow, alpha_ge_beta, alpha_is_beta, near_one}) {
        for (double t : {1.0, 39.0, 78.0}) {
            INFO("alpha = " << params.alpha << ", beta = " << params.beta << ", t = " << t);
            // The tail falls like (t / (alpha + t))^k, by 0.89 a step at worst here: what is left
            // once k P(k) is below 1e-15 cannot move either sum by 1e-12.
            double total = 0, mean = 0;
            for (int k = 0; k <= 1000; ++k) {
                const double probability = pareto_nbd_probability_of_purchases(params, t, k);
                REQUIRE(probability >= 0);
                total += probability;
                mean += k * probability;
                if (k > 20 && k * probability < 1e-15) break;
            }
            CHECK(std::abs(total - 1) <= 1e-9);
            CHECK(mean == doctest::Approx(pareto_nbd_expected_purchases_new_customer(params, t)).epsilon(1e-9));
        }
    }
}

TEST_CASE("the 2F1 expression and the integral agree where the expression keeps its digits") {
    // Points where B1 - sum keeps at least 1e-3 of B1, so the series path is the one taken.
    struct Case {
        ParetoNbdParams params;
        double t;
        int largest_k;
    };
    for (const auto& point : {Case{cdnow, 39, 20}, Case{cdnow, 78, 50}, Case{alpha_ge_beta, 39, 10},
                              Case{alpha_ge_beta, 78, 20}, Case{alpha_is_beta, 78, 20}}) {
        const auto& params = point.params;
        const double t = point.t;
        for (int k = 0; k <= point.largest_k; ++k) {
            const double series = detail::log_pareto_nbd_died_part(params.r, params.alpha, params.s, params.beta, t, k);
            const double integral =
                detail::log_pareto_nbd_died_part_by_quadrature(params.r, params.alpha, params.s, params.beta, t, k);
            INFO("alpha = " << params.alpha << ", beta = " << params.beta << ", t = " << t << ", k = " << k);
            CHECK(std::abs(series - integral) <= 1e-11);
        }
    }
}

TEST_CASE("P(X(t) = k) at the edges: no purchases before time starts, none negative, large k") {
    CHECK(pareto_nbd_probability_of_purchases(cdnow, 39, -1) == 0);
    CHECK(pareto_nbd_probability_of_purchases(cdnow, 0, 0) == 1);
    CHECK(pareto_nbd_probability_of_purchases(cdnow, 0, 3) == 0);
    // A very short window: almost surely nothing, and the rest almost all on k = 1.
    CHECK(pareto_nbd_probability_of_purchases(cdnow, 1e-6, 0) == doctest::Approx(1.0).epsilon(1e-6));
    CHECK(pareto_nbd_probability_of_purchases(cdnow, 1e-6, 1) == doctest::Approx(0.553 / 10.578 * 1e-6).epsilon(1e-4));
    // Far beyond the bulk the probability keeps falling, positive and finite, for both forms.
    for (const auto& params : {cdnow, alpha_ge_beta}) {
        double previous = 1;
        for (int k : {100, 200, 500, 1000}) {
            const double probability = pareto_nbd_probability_of_purchases(params, 78, k);
            INFO("alpha = " << params.alpha << ", k = " << k);
            CHECK(std::isfinite(probability));
            CHECK(probability > 0);
            CHECK(probability < previous);
            previous = probability;
        }
    }
}
