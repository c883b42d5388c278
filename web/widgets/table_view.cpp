#include "table_view.hpp"

#include <numeric>

namespace touchpoint::widgets {

std::vector<std::uint32_t> natural_order(std::size_t row_count) {
    std::vector<std::uint32_t> rows(row_count);
    std::iota(rows.begin(), rows.end(), 0u);
    return rows;
}

}  // namespace touchpoint::widgets
