#pragma once
// The UI-free side of the data tables: which rows show, in which order.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace touchpoint::widgets {

// Rows 0..row_count-1 in their natural order.
std::vector<std::uint32_t> natural_order(std::size_t row_count);

}  // namespace touchpoint::widgets
