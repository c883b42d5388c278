// The two-proportion z-test, the Wald interval of the difference and the relative lift's log
// interval against statsmodels (proportions_ztest, confint_proportions_2indep), to 1e-6.
#include "touchpoint/experiments/proportions.hpp"

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

using testing::agrees;

}  // namespace

TEST_CASE("z-test, interval and relative lift agree with statsmodels") {
    const auto& cases = oracle()["proportions"];
    REQUIRE(cases.size() >= 10);
    for (const auto& item : cases) {
        CAPTURE(item.dump());
        const ArmCounts control{item["control"][0], item["control"][1]};
        const ArmCounts treatment{item["treatment"][0], item["treatment"][1]};
        ProportionTestOptions options;
        options.alpha = item["alpha"];
        options.alternative = *alternative_from_name(item["alternative"].get<std::string>());
        const auto test = compare_proportions(control, treatment, options);
        CHECK(agrees(test.difference, item["difference"]));
        if (item["z"].is_null()) {
            // statsmodels divides 0 by 0 when nothing varies; we report no evidence.
            CHECK(test.z == 0);
            CHECK(test.p_value == 1);
        } else {
            CHECK(agrees(test.z, item["z"]));
            CHECK(agrees(test.p_value, item["p_value"]));
        }
        CHECK(agrees(test.difference_ci.low, item["ci_low"]));
        CHECK(agrees(test.difference_ci.high, item["ci_high"]));
        CHECK(test.relative_lift.has_value() == !item["relative_lift"].is_null());
        if (test.relative_lift) CHECK(agrees(*test.relative_lift, item["relative_lift"]));
        CHECK(test.relative_lift_ci.has_value() == !item["relative_lift_ci_low"].is_null());
        if (test.relative_lift_ci) {
            CHECK(agrees(test.relative_lift_ci->low, item["relative_lift_ci_low"]));
            CHECK(agrees(test.relative_lift_ci->high, item["relative_lift_ci_high"]));
            CHECK(test.relative_lift_ci->low > -1);
            CHECK(test.relative_lift_ci->contains(*test.relative_lift));
        }
    }
}

TEST_CASE("a worked example: 12.0% against 15.0% of 1,000 each") {
    const auto test = compare_proportions({120, 1000}, {150, 1000});
    // Pooled p = 0.135, se = sqrt(0.135 * 0.865 * 2 / 1000) = 0.0152824, z = 0.03 / se = 1.96305.
    CHECK(test.z == doctest::Approx(1.963048).epsilon(1e-6));
    CHECK(test.p_value == doctest::Approx(0.049639).epsilon(1e-4));
    CHECK(*test.relative_lift == doctest::Approx(0.25));
    // The log interval is skewed: further above the lift than below it.
    CHECK(test.relative_lift_ci->high - 0.25 > 0.25 - test.relative_lift_ci->low);
}

TEST_CASE("one-sided p-values split the two-sided one") {
    const ArmCounts control{300, 2000}, treatment{160, 1000};
    const double two_sided = compare_proportions(control, treatment).p_value;
    const double greater = compare_proportions(control, treatment, {0.05, Alternative::Greater}).p_value;
    const double less = compare_proportions(control, treatment, {0.05, Alternative::Less}).p_value;
    CHECK(greater == doctest::Approx(two_sided / 2).epsilon(1e-12));
    CHECK(greater + less == doctest::Approx(1).epsilon(1e-12));
}

TEST_CASE("invalid counts and alpha are refused with a reason") {
    const auto refuses = [](ArmCounts control, ArmCounts treatment, double alpha, const char* words) {
        CAPTURE(words);
        try {
            compare_proportions(control, treatment, {alpha, Alternative::TwoSided});
            FAIL("accepted invalid input");
        } catch (const std::invalid_argument& error) {
            CHECK(std::string(error.what()).find(words) != std::string::npos);
        }
    };
    refuses({0, 0}, {1, 10}, 0.05, "control: the number of customers must be positive");
    refuses({1, 10}, {11, 10}, 0.05, "treatment: 11 successes out of 10 customers");
    refuses({-1, 10}, {1, 10}, 0.05, "cannot be negative");
    refuses({1, 10}, {1, 10}, 0, "alpha");
    refuses({1, 10}, {1, 10}, 1, "alpha");
    CHECK_FALSE(alternative_from_name("both").has_value());
}
