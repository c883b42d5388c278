#include "widgets/table_view.hpp"

#include <doctest/doctest.h>

using namespace touchpoint::widgets;

TEST_CASE("the natural order lists every row once, first to last") {
    CHECK(natural_order(4) == std::vector<std::uint32_t>{0, 1, 2, 3});
    CHECK(natural_order(0).empty());
}
