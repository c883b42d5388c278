// Sequential monitoring with the mSPRT: always-valid p-values and intervals look by look against
// the formulas written out in tests/fixtures/experiments/make_fixtures.py, and the measured A/A
// false-positive rate of continuous peeking, always-valid against naive.
#include "touchpoint/experiments/aa_simulation.hpp"
#include "touchpoint/experiments/sequential.hpp"

#include "experiments_oracle.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

using namespace touchpoint;
using namespace touchpoint::experiments;

namespace {

const nlohmann::json& oracle() { return testing::experiments_oracle(); }

using testing::agrees;

void check_looks(const std::vector<SequentialLook>& looks, const nlohmann::json& expected, double alpha) {
    REQUIRE(looks.size() == expected.size());
    for (std::size_t i = 0; i < looks.size(); ++i) {
        CAPTURE(i);
        CHECK(agrees(looks[i].p_value, expected[i]["p_value"]));
        CHECK(agrees(looks[i].ci.low, expected[i]["ci_low"]));
        CHECK(agrees(looks[i].ci.high, expected[i]["ci_high"]));
        // The interval leaves out 0 exactly when the p-value has reached alpha.
        CHECK(looks[i].significant == !looks[i].ci.contains(0.0));
        CHECK(looks[i].significant == (looks[i].p_value <= alpha));
        if (i > 0) {
            CHECK(looks[i].p_value <= looks[i - 1].p_value);
            CHECK(looks[i].ci.low >= looks[i - 1].ci.low);
            CHECK(looks[i].ci.high <= looks[i - 1].ci.high);
        }
    }
}

}  // namespace

TEST_CASE("always-valid p-values and intervals follow the mSPRT look by look") {
    const auto& cases = oracle()["sequential"];
    REQUIRE(cases.size() == 3);
    for (const auto& item : cases) {
        CAPTURE(item["name"].get<std::string>());
        const SequentialOptions options{item["alpha"], item["tau"]};
        if (item["kind"] == "proportions") {
            std::vector<ProportionLookCounts> looks;
            for (const auto& look : item["looks"]) looks.push_back({{look[0], look[1]}, {look[2], look[3]}});
            check_looks(monitor_proportions(looks, options), item["expected"], options.alpha);
        } else {
            std::vector<MeanLookSummary> looks;
            for (const auto& look : item["looks"])
                looks.push_back({{look[0], look[1], look[2]}, {look[3], look[4], look[5]}});
            check_looks(monitor_means(looks, options), item["expected"], options.alpha);
        }
    }
    // 10% against 14% of 2,000 an arm: log Lambda = 5.7 > log 20.
    CHECK(monitor_proportions(std::vector<ProportionLookCounts>{{{200, 2000}, {280, 2000}}}, {0.05, 0.03}).back().significant);
}

TEST_CASE("a look where nothing varies carries no information") {
    MixtureSprt test({0.05, 0.02}, {-1, 1});
    const auto& look = test.observe(0.0, 0.0, 10, 10);
    CHECK(look.p_value == 1);
    CHECK(look.ci.low == -1);
    CHECK(look.ci.high == 1);
    CHECK_THROWS_AS(MixtureSprt({0.05, 0}), std::invalid_argument);
    CHECK_THROWS_AS(MixtureSprt({0, 0.1}), std::invalid_argument);
    CHECK_THROWS_AS(test.observe(0.1, -1, 10, 10), std::invalid_argument);
}

TEST_CASE("A/A tests with continuous peeking: the mSPRT keeps its false-positive rate, naive peeking does not") {
    // 10,000 A/A experiments, both arms converting at 10%, a look after every 50 customers an arm,
    // 20 looks (1,000 an arm). Monte Carlo slack: 2 standard errors of a rate of 5% in 10,000
    // tests, 2 sqrt(0.05 0.95 / 10000) = 0.0044.
    AaSimulationOptions options;
    const auto result = simulate_aa_tests(options);
    MESSAGE("A/A false-positive rate over " << result.tests << " tests, " << options.looks << " looks of "
            << options.customers_per_look << " customers an arm, alpha " << options.alpha << ": always-valid (mSPRT) "
            << result.always_valid_rate << " (se " << result.always_valid_standard_error << "), naive z-test at every look "
            << result.naive_rate << " (se " << result.naive_standard_error << ")");
    const double slack = 2 * std::sqrt(options.alpha * (1 - options.alpha) / options.tests);
    CHECK(result.always_valid_rate <= options.alpha + slack);
    // Peeking 20 times at a fixed-horizon test roughly quadruples its error rate; ask for twice.
    CHECK(result.naive_rate > 2 * options.alpha);
    CHECK(result.naive_rate - 4 * result.naive_standard_error > options.alpha);
}

TEST_CASE("the A/A simulation is reproducible and refuses nonsense") {
    AaSimulationOptions options;
    options.tests = 300;
    const auto first = simulate_aa_tests(options), again = simulate_aa_tests(options);
    CHECK(first.naive_false_positives == again.naive_false_positives);
    CHECK(first.always_valid_false_positives == again.always_valid_false_positives);
    options.conversion_rate = 1;
    CHECK_THROWS_AS(simulate_aa_tests(options), std::invalid_argument);
    options = {};
    options.looks = 0;
    CHECK_THROWS_AS(simulate_aa_tests(options), std::invalid_argument);
}
