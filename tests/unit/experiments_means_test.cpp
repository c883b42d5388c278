// Welch's t-test and Mann-Whitney U against scipy (ttest_ind(equal_var=False), mannwhitneyu
// asymptotic with tie and continuity corrections) and statsmodels' Welch interval, to 1e-6; the
// bootstrap interval by its coverage and its agreement with Welch's on large normal samples.
#include "touchpoint/experiments/bootstrap.hpp"
#include "touchpoint/experiments/means.hpp"

#include "experiments_oracle.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <pcg_random.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

using namespace touchpoint;
using namespace touchpoint::experiments;

namespace {

const nlohmann::json& oracle() { return testing::experiments_oracle(); }

using testing::agrees;

// Normal draws by Box-Muller on pcg32: enough for a coverage test, and the same on every platform.
std::vector<double> normal_sample(pcg32& random, int n, double mean, double sd) {
    std::vector<double> values;
    const auto uniform = [&] { return (static_cast<double>(random()) + 0.5) / 4294967296.0; };
    for (int i = 0; i < n; ++i)
        values.push_back(mean + sd * std::sqrt(-2 * std::log(uniform())) * std::cos(6.283185307179586 * uniform()));
    return values;
}

}  // namespace

TEST_CASE("Welch's t-test and Mann-Whitney U agree with scipy and statsmodels") {
    const auto& cases = oracle()["means"];
    REQUIRE(cases.size() >= 10);
    for (const auto& item : cases) {
        CAPTURE(item["name"].get<std::string>());
        CAPTURE(item["alternative"].get<std::string>());
        const auto control = item["control"].get<std::vector<double>>();
        const auto treatment = item["treatment"].get<std::vector<double>>();
        const auto alternative = *alternative_from_name(item["alternative"].get<std::string>());
        const auto welch = welch_t_test(control, treatment, {item["alpha"].get<double>(), alternative});
        CHECK(agrees(welch.difference, item["difference"]));
        CHECK(agrees(welch.t, item["t"]));
        CHECK(agrees(welch.degrees_of_freedom, item["df"]));
        CHECK(agrees(welch.p_value, item["p_value"]));
        CHECK(agrees(welch.difference_ci.low, item["ci_low"]));
        CHECK(agrees(welch.difference_ci.high, item["ci_high"]));

        const auto mann_whitney = mann_whitney_u(control, treatment, alternative);
        CHECK(mann_whitney.u_treatment == item["mann_whitney_u"].get<double>());
        CHECK(mann_whitney.u_treatment + mann_whitney.u_control == doctest::Approx(static_cast<double>(control.size() * treatment.size())));
        CHECK(agrees(mann_whitney.p_value, item["mann_whitney_p_value"]));
    }
}

TEST_CASE("Welch's test by hand on four values a side") {
    const std::vector<double> control{1, 2, 3, 4}, treatment{3, 5, 7, 9};
    const auto test = welch_t_test(control, treatment);
    // Means 2.5 and 6, variances 5/3 and 20/3: se = sqrt(5/12 + 20/12) = sqrt(25/12).
    CHECK(test.difference == doctest::Approx(3.5));
    CHECK(test.standard_error == doctest::Approx(std::sqrt(25.0 / 12)));
    // df = (25/12)^2 / ((5/12)^2/3 + (20/12)^2/3) = 625 / (25/3 + 400/3) = 625 * 3 / 425.
    CHECK(test.degrees_of_freedom == doctest::Approx(625.0 * 3 / 425));
    const auto summary = summarize(treatment);
    CHECK(summary.n == 4);
    CHECK(summary.mean == doctest::Approx(6));
    CHECK(summary.standard_deviation == doctest::Approx(std::sqrt(20.0 / 3)));
}

TEST_CASE("constant arms and fully tied values have no sampling error to test against") {
    const std::vector<double> zeros{0, 0, 0}, ones{1, 1, 1};
    auto test = welch_t_test(zeros, zeros);
    CHECK(test.p_value == 1);
    test = welch_t_test(zeros, ones);
    CHECK(test.p_value == 0);
    CHECK(test.difference_ci.low == 1);
    CHECK(mann_whitney_u(zeros, zeros).p_value == 1);
}

TEST_CASE("bad input is refused with a reason") {
    const std::vector<double> one{1}, two{1, 2}, with_nan{1, std::nan("")};
    CHECK_THROWS_WITH_AS(welch_t_test(one, two), doctest::Contains("at least 2 values"), std::invalid_argument);
    CHECK_THROWS_AS(welch_t_test(with_nan, two), std::invalid_argument);
    CHECK_THROWS_AS(mann_whitney_u({}, two), std::invalid_argument);
    CHECK_THROWS_AS(mann_whitney_u(with_nan, two), std::invalid_argument);
    CHECK_THROWS_AS(welch_t_test(two, two, {1.0, Alternative::TwoSided}), std::invalid_argument);
    CHECK_THROWS_AS(bootstrap_mean_difference({}, two), std::invalid_argument);
    CHECK_THROWS_AS(bootstrap_mean_difference(two, two, {10, 0.05, 1}), std::invalid_argument);
}

TEST_CASE("the bootstrap interval is reproducible from its seed") {
    const std::vector<double> control{3, 1, 4, 1, 5, 9, 2, 6}, treatment{5, 3, 5, 8, 9, 7, 9, 3, 2};
    const auto first = bootstrap_mean_difference(control, treatment, {1000, 0.05, 7});
    const auto again = bootstrap_mean_difference(control, treatment, {1000, 0.05, 7});
    const auto other = bootstrap_mean_difference(control, treatment, {1000, 0.05, 8});
    CHECK(first.interval.low == again.interval.low);
    CHECK(first.interval.high == again.interval.high);
    CHECK(first.interval.low != other.interval.low);
    CHECK(first.interval.contains(first.difference));
}

TEST_CASE("the bootstrap interval agrees with Welch's on large normal samples") {
    pcg32 random(2024, 1);
    const auto control = normal_sample(random, 4000, 50, 20);
    const auto treatment = normal_sample(random, 3000, 52, 25);
    const auto welch = welch_t_test(control, treatment);
    const auto bootstrap = bootstrap_mean_difference(control, treatment, {2000, 0.05, 3});
    // Both estimate the same standard error; with 2,000 resamples the percentile ends move by
    // about 3% of the interval's half-width.
    CHECK(bootstrap.standard_error == doctest::Approx(welch.standard_error).epsilon(0.05));
    const double half_width = (welch.difference_ci.high - welch.difference_ci.low) / 2;
    CHECK(std::abs(bootstrap.interval.low - welch.difference_ci.low) < 0.1 * half_width);
    CHECK(std::abs(bootstrap.interval.high - welch.difference_ci.high) < 0.1 * half_width);
}

TEST_CASE("the bootstrap's 90% interval covers the true difference about 90% of the time") {
    // 200 experiments on skewed (exponential) revenue with a true difference of 2: coverage is
    // binomial(200, ~0.9), sd 2.1%; percentile intervals undercover a little on skewed data with
    // 150 customers an arm, so accept 82% to 96%.
    pcg32 random(99, 5);
    const auto exponential = [&](int n, double mean) {
        std::vector<double> values;
        for (int i = 0; i < n; ++i) values.push_back(-mean * std::log((static_cast<double>(random()) + 0.5) / 4294967296.0));
        return values;
    };
    int covered = 0;
    const int experiments = 200;
    for (int e = 0; e < experiments; ++e) {
        const auto control = exponential(150, 20), treatment = exponential(150, 22);
        const auto bootstrap = bootstrap_mean_difference(control, treatment, {400, 0.10, static_cast<std::uint64_t>(e)});
        covered += bootstrap.interval.contains(2.0);
    }
    MESSAGE("bootstrap 90% interval coverage: " << covered << " of " << experiments);
    CHECK(covered >= 164);
    CHECK(covered <= 192);
}
