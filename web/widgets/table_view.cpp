#include "widgets/table_view.hpp"

#include <numeric>

namespace touchpoint::widgets {

std::vector<std::uint32_t> natural_order(std::size_t row_count) {
    std::vector<std::uint32_t> rows(row_count);
    std::iota(rows.begin(), rows.end(), 0u);
    return rows;
}

namespace {
void append_cell(std::string& out, std::string_view cell) {
    const std::size_t start = out.size();
    out.append(cell);
    if (cell.find_first_of("\t\n\r") == std::string_view::npos) return;
    for (std::size_t i = start; i < out.size(); ++i)
        if (out[i] == '\t' || out[i] == '\n' || out[i] == '\r') out[i] = ' ';
}
}  // namespace

std::string copy_as_tsv(const TableSource& source, std::span<const std::uint32_t> order,
                        std::span<const std::size_t> selected_positions) {
    const std::size_t column_count = source.column_count();
    std::string out;
    for (std::size_t column = 0; column < column_count; ++column) {
        if (column > 0) out += '\t';
        append_cell(out, source.column(column).name);
    }
    out += '\n';
    CellText scratch;
    for (std::size_t line = 0; line < selected_positions.size(); ++line) {
        if (out.capacity() - out.size() < 1024) {
            // Grow by a guess from the lines so far rather than by doubling: a million copied
            // rows would otherwise be moved over and over as the text grows.
            const std::size_t bytes_per_line = out.size() / (line + 1) + 1;
            out.reserve(out.size() + bytes_per_line * (selected_positions.size() - line) + 1024);
        }
        const std::size_t position = selected_positions[line];
        if (position >= order.size()) continue;
        const std::size_t row = order[position];
        for (std::size_t column = 0; column < column_count; ++column) {
            if (column > 0) out += '\t';
            append_cell(out, cell_view(source, row, column, scratch));
        }
        out += '\n';
    }
    return out;
}

}  // namespace touchpoint::widgets
