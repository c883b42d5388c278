// Power and sample size against statsmodels (tests/fixtures/experiments/make_fixtures.py):
// NormalIndPower on Cohen's h for proportions, TTestIndPower on Cohen's d for means; the
// unrounded n to 1e-6 relative, the power at given sizes to 1e-6.
#include "touchpoint/experiments/power.hpp"

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

PowerDesign design_of(const nlohmann::json& item) {
    PowerDesign design;
    design.metric = item["metric"] == "proportion" ? MetricKind::Proportion : MetricKind::Mean;
    design.baseline = item["baseline"];
    if (!item["sd"].is_null()) design.standard_deviation = item["sd"];
    design.minimum_detectable_effect = item["mde"];
    design.relative = item["relative"];
    design.alpha = item["alpha"];
    design.power = item["power"];
    design.allocation_ratio = item["ratio"];
    design.one_sided = item["one_sided"];
    return design;
}

}  // namespace

TEST_CASE("the unrounded sample size and the power curve agree with statsmodels to 1e-6") {
    const auto& cases = oracle()["power"];
    REQUIRE(cases.size() >= 16);
    for (const auto& item : cases) {
        CAPTURE(item.dump());
        const auto design = design_of(item);
        CHECK(standardized_effect(design) == doctest::Approx(item["effect_size"].get<double>()).epsilon(1e-12));
        const auto size = required_sample_size(design);
        const double expected_n = item["n_exact"];
        CHECK(std::abs(size.n_control_exact - expected_n) <= 1e-6 * expected_n);
        for (const auto& point : item["power_at"]) {
            const double n = point[0], expected_power = point[1];
            CAPTURE(n);
            CHECK(std::abs(power_at(design, n) - expected_power) <= 1e-6);
        }
    }
}

TEST_CASE("arms are rounded up, the treatment arm is ratio times control, and the rounded design has the power") {
    for (const auto& item : oracle()["power"]) {
        CAPTURE(item.dump());
        const auto design = design_of(item);
        const auto size = required_sample_size(design);
        CHECK(size.n_control == static_cast<std::int64_t>(std::ceil(item["n_exact"].get<double>())));
        CHECK(size.n_treatment == static_cast<std::int64_t>(std::ceil(design.allocation_ratio * static_cast<double>(size.n_control) - 1e-9)));
        CHECK(size.n_total == size.n_control + size.n_treatment);
        CHECK(size.achieved_power >= design.power - 1e-12);
        // One customer fewer in control (and its treatment share) falls short.
        if (size.n_control > 3 && design.allocation_ratio == 1.0)
            CHECK(power_at(design, static_cast<double>(size.n_control - 1)) < design.power);
    }
}

TEST_CASE("a textbook case: 10% to 12% conversion, 5% two-sided, 80% power") {
    PowerDesign design;
    design.baseline = 0.10;
    design.minimum_detectable_effect = 0.02;
    const auto size = required_sample_size(design);
    // statsmodels: NormalIndPower().solve_power(proportion_effectsize(0.12, 0.10), alpha=0.05, power=0.8) = 3834.6
    CHECK(size.n_control == 3835);
    CHECK(size.n_treatment == 3835);
    design.relative = true;
    design.minimum_detectable_effect = 0.2;  // 20% of 10% is the same 2 points
    CHECK(required_sample_size(design).n_control == 3835);
}

TEST_CASE("power rises with n and the curve has the requested points") {
    PowerDesign design;
    design.metric = MetricKind::Mean;
    design.standard_deviation = 40;
    design.minimum_detectable_effect = 5;
    design.allocation_ratio = 2;
    const auto curve = power_curve(design, 100, 3000, 30);
    REQUIRE(curve.size() == 30);
    CHECK(curve.front().n_control == 100);
    CHECK(curve.back().n_control == 3000);
    CHECK(curve.back().n_treatment == 6000);
    for (std::size_t i = 1; i < curve.size(); ++i) CHECK(curve[i].power > curve[i - 1].power);
    CHECK_THROWS_AS(power_curve(design, 100, 3000, 1), std::invalid_argument);
    CHECK_THROWS_AS(power_curve(design, 0, 3000, 10), std::invalid_argument);
}

TEST_CASE("invalid designs are refused with a reason") {
    const auto refuses = [](auto change, const char* words) {
        PowerDesign design;
        change(design);
        CAPTURE(words);
        try {
            required_sample_size(design);
            FAIL("accepted an invalid design");
        } catch (const std::invalid_argument& error) {
            CHECK(std::string(error.what()).find(words) != std::string::npos);
        }
    };
    refuses([](PowerDesign& d) { d.alpha = 0; }, "alpha");
    refuses([](PowerDesign& d) { d.alpha = 1.5; }, "alpha");
    refuses([](PowerDesign& d) { d.power = 1; }, "power");
    refuses([](PowerDesign& d) { d.power = 0.01; }, "power");
    refuses([](PowerDesign& d) { d.minimum_detectable_effect = 0; }, "minimum detectable effect");
    refuses([](PowerDesign& d) { d.baseline = 1.2; }, "baseline");
    refuses([](PowerDesign& d) { d.minimum_detectable_effect = 0.95; }, "outside (0, 1)");
    refuses([](PowerDesign& d) { d.allocation_ratio = 0; }, "allocation ratio");
    refuses([](PowerDesign& d) { d.metric = MetricKind::Mean; d.standard_deviation = 0; }, "standard deviation");
    refuses([](PowerDesign& d) { d.metric = MetricKind::Mean; d.standard_deviation = 1; d.baseline = 0; d.relative = true; }, "baseline");
    PowerDesign design;
    CHECK_THROWS_AS(power_at(design, 0), std::invalid_argument);
}
