// The beta-binomial comparison against direct numerical integration (scipy.integrate.quad in
// tests/fixtures/experiments/make_fixtures.py): P(treatment beats control), the expected loss of
// either choice, and the credible intervals of each rate and of the difference, to 1e-6.
#include "touchpoint/experiments/bayesian.hpp"

#include "experiments_oracle.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

using namespace touchpoint;
using namespace touchpoint::experiments;

namespace {

const nlohmann::json& oracle() { return testing::experiments_oracle(); }

}  // namespace

TEST_CASE("probability to beat control, expected losses and credible intervals agree with quadrature to 1e-6") {
    const auto& cases = oracle()["bayesian"];
    REQUIRE(cases.size() >= 8);
    for (const auto& item : cases) {
        CAPTURE(item.dump());
        const ArmCounts control{item["control"][0], item["control"][1]};
        const ArmCounts treatment{item["treatment"][0], item["treatment"][1]};
        BayesianOptions options;
        options.prior = {item["prior"][0], item["prior"][1]};
        options.credible_level = item["credible_level"];
        const auto result = compare_beta_binomial(control, treatment, options);
        CHECK(std::abs(result.probability_treatment_better - item["prob_beat_control"].get<double>()) <= 1e-6);
        CHECK(std::abs(result.expected_loss_treatment - item["expected_loss_treatment"].get<double>()) <= 1e-6);
        CHECK(std::abs(result.expected_loss_control - item["expected_loss_control"].get<double>()) <= 1e-6);
        CHECK(std::abs(result.control.credible_interval.low - item["control_ci"][0].get<double>()) <= 1e-6);
        CHECK(std::abs(result.control.credible_interval.high - item["control_ci"][1].get<double>()) <= 1e-6);
        CHECK(std::abs(result.treatment.credible_interval.low - item["treatment_ci"][0].get<double>()) <= 1e-6);
        CHECK(std::abs(result.treatment.credible_interval.high - item["treatment_ci"][1].get<double>()) <= 1e-6);
        CHECK(std::abs(result.difference_credible_interval.low - item["difference_ci"][0].get<double>()) <= 1e-6);
        CHECK(std::abs(result.difference_credible_interval.high - item["difference_ci"][1].get<double>()) <= 1e-6);
        // The two losses differ by the expected difference: E[(t - c)+] - E[(c - t)+] = E[t - c].
        CHECK(result.expected_loss_control - result.expected_loss_treatment == doctest::Approx(result.difference_mean).epsilon(1e-9));
    }
}

TEST_CASE("the closed-form sum and the quadrature agree, whichever parameter the sum runs over") {
    const double cases[][4] = {{121, 881, 151, 851}, {1, 1, 1, 1}, {3.5, 7.25, 2.5, 9.75}, {4501, 45501, 4711, 45291}, {2, 30, 40, 3}};
    for (const auto& c : cases) {
        CAPTURE(c[0]);
        CAPTURE(c[2]);
        const double exact = probability_beta_exceeds(c[0], c[1], c[2], c[3]);
        CHECK(exact == doctest::Approx(probability_beta_exceeds_by_quadrature(c[0], c[1], c[2], c[3])).epsilon(1e-9));
        // P(Y > X) + P(X > Y) = 1 for continuous X and Y.
        CHECK(exact + probability_beta_exceeds(c[2], c[3], c[0], c[1]) == doctest::Approx(1).epsilon(1e-12));
    }
    CHECK(probability_beta_exceeds(1, 1, 1, 1) == doctest::Approx(0.5).epsilon(1e-14));
    CHECK(beta_difference_cdf(1, 1, 1, 1, 0) == doctest::Approx(0.5).epsilon(1e-12));
    // Y - X for two uniforms is triangular: P(Y - X <= -0.5) = 0.125.
    CHECK(beta_difference_cdf(1, 1, 1, 1, -0.5) == doctest::Approx(0.125).epsilon(1e-10));
    CHECK(beta_difference_quantile(1, 1, 1, 1, 0.125) == doctest::Approx(-0.5).epsilon(1e-9));
}

TEST_CASE("identical arms are a coin flip and the intervals are symmetric") {
    const auto result = compare_beta_binomial({30, 200}, {30, 200});
    CHECK(result.probability_treatment_better == doctest::Approx(0.5).epsilon(1e-10));
    CHECK(result.expected_loss_treatment == doctest::Approx(result.expected_loss_control).epsilon(1e-10));
    CHECK(result.difference_credible_interval.low == doctest::Approx(-result.difference_credible_interval.high).epsilon(1e-8));
}

TEST_CASE("invalid priors and levels are refused") {
    BayesianOptions options;
    options.prior = {0, 1};
    CHECK_THROWS_AS(compare_beta_binomial({1, 10}, {2, 10}, options), std::invalid_argument);
    options = {};
    options.credible_level = 1;
    CHECK_THROWS_AS(compare_beta_binomial({1, 10}, {2, 10}, options), std::invalid_argument);
    CHECK_THROWS_AS(compare_beta_binomial({11, 10}, {2, 10}), std::invalid_argument);
    CHECK_THROWS_AS(beta_difference_quantile(1, 1, 1, 1, 0), std::invalid_argument);
}
