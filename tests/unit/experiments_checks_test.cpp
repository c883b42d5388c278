// The sample-ratio-mismatch check against scipy.stats.chisquare and Holm's correction against
// statsmodels' multipletests(method="holm").
#include "touchpoint/experiments/multiple_testing.hpp"
#include "touchpoint/experiments/sample_ratio.hpp"

#include "experiments_oracle.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

using namespace touchpoint;
using namespace touchpoint::experiments;

namespace {

const nlohmann::json& oracle() { return testing::experiments_oracle(); }

using testing::agrees;

}  // namespace

TEST_CASE("sample ratio mismatch: chi-square and p-value agree with scipy") {
    const auto& cases = oracle()["sample_ratio"];
    REQUIRE(cases.size() >= 6);
    for (const auto& item : cases) {
        CAPTURE(item.dump());
        const auto observed = item["observed"].get<std::vector<std::int64_t>>();
        std::vector<double> weights;
        if (!item["weights"].is_null()) weights = item["weights"].get<std::vector<double>>();
        const auto check = check_sample_ratio(observed, weights);
        CHECK(agrees(check.chi_square, item["chi_square"]));
        CHECK(agrees(check.p_value, item["p_value"]));
        CHECK(check.mismatch == item["mismatch"].get<bool>());
        CHECK(check.degrees_of_freedom == static_cast<int>(observed.size()) - 1);
    }
}

TEST_CASE("sample ratio mismatch: the threshold is configurable and bad input is refused") {
    const std::vector<std::int64_t> observed{1000, 1100};
    CHECK_FALSE(check_sample_ratio(observed).mismatch);  // p = 0.029
    CHECK(check_sample_ratio(observed, {}, {0.05}).mismatch);
    CHECK_THROWS_AS(check_sample_ratio(std::vector<std::int64_t>{10}), std::invalid_argument);
    CHECK_THROWS_AS(check_sample_ratio(std::vector<std::int64_t>{0, 0}), std::invalid_argument);
    CHECK_THROWS_AS(check_sample_ratio(std::vector<std::int64_t>{5, -1}), std::invalid_argument);
    CHECK_THROWS_AS(check_sample_ratio(observed, std::vector<double>{1, 0}), std::invalid_argument);
    CHECK_THROWS_AS(check_sample_ratio(observed, std::vector<double>{1, 1, 1}), std::invalid_argument);
}

TEST_CASE("Holm's adjusted p-values and decisions agree with statsmodels") {
    const auto& cases = oracle()["holm"];
    REQUIRE(cases.size() >= 6);
    for (const auto& item : cases) {
        CAPTURE(item.dump());
        const auto p_values = item["p_values"].get<std::vector<double>>();
        const auto correction = holm_correction(p_values, item["alpha"]);
        const auto adjusted = item["adjusted"].get<std::vector<double>>();
        const auto rejected = item["rejected"].get<std::vector<bool>>();
        REQUIRE(correction.adjusted_p_values.size() == adjusted.size());
        for (std::size_t i = 0; i < adjusted.size(); ++i) {
            CHECK(agrees(correction.adjusted_p_values[i], adjusted[i]));
            CHECK(correction.rejected[i] == rejected[i]);
        }
    }
    CHECK(holm_correction(std::vector<double>{}).adjusted_p_values.empty());
    CHECK_THROWS_AS(holm_correction(std::vector<double>{0.5, 1.5}), std::invalid_argument);
    CHECK_THROWS_AS(holm_correction(std::vector<double>{0.5}, 0), std::invalid_argument);
}
