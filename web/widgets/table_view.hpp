#pragma once
// The UI-free side of the data tables: which rows show, in which order, and how they copy.
// One include for the pieces: the table model (table_source.hpp), cell text (cell_text.hpp),
// the resumable filter and sort (table_order_job.hpp) and the selection (row_selection.hpp).
#include "widgets/cell_text.hpp"
#include "widgets/row_selection.hpp"
#include "widgets/table_order_job.hpp"
#include "widgets/table_source.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace touchpoint::widgets {

// Rows 0..row_count-1 in their natural order.
std::vector<std::uint32_t> natural_order(std::size_t row_count);

// The rows at the selected view positions (ascending, each < order.size()) as tab-separated
// text: a header line of column names, then one line per row, cells as shown. Tabs and line
// breaks inside a cell become spaces so the rows stay rows when pasted.
std::string copy_as_tsv(const TableSource& source, std::span<const std::uint32_t> order,
                        std::span<const std::size_t> selected_positions);

}  // namespace touchpoint::widgets
