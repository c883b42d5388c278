#pragma once
// The experiment tests' independent oracle: values computed by scipy and statsmodels
// (tests/fixtures/experiments/make_fixtures.py), and the agreement the tests hold them to.
#include "golden_files.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

namespace touchpoint::testing {

inline const nlohmann::json& experiments_oracle() {
    static const auto json =
        nlohmann::json::parse(read_text(std::string(TOUCHPOINT_SOURCE_DIR) + "/tests/fixtures/experiments/oracle_values.json"));
    return json;
}

// Within 1e-6 of the oracle relative to the value (1e-12 absolute at zero), so a tiny p-value is
// matched to its digits too, not only to its first six decimals.
inline bool agrees(double actual, double expected) { return std::abs(actual - expected) <= 1e-6 * std::abs(expected) + 1e-12; }

}  // namespace touchpoint::testing
