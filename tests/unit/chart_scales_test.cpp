#include "charts/scales.hpp"

#include <doctest/doctest.h>

using namespace touchpoint::charts;

TEST_CASE("ticks fall on 1, 2 or 5 times a power of ten and cover the range") {
    const auto ticks = nice_ticks(0.0, 87.0, 5);
    CHECK(ticks.step == 20.0);
    CHECK(ticks.low == 0.0);
    CHECK(ticks.high == 100.0);
    CHECK(ticks.values == std::vector<double>{0, 20, 40, 60, 80, 100});
}
