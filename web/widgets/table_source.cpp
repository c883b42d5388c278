#include "widgets/table_source.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace touchpoint::widgets {

void ColumnarTable::check_length(std::size_t length) {
    if (columns_.empty())
        row_count_ = length;
    else if (length != row_count_)
        throw std::invalid_argument("table column of " + std::to_string(length) + " rows, the table has " +
                                    std::to_string(row_count_));
}

void ColumnarTable::add_text_column(std::string name, std::vector<std::string> values) {
    check_length(values.size());
    columns_.push_back({{std::move(name), CellKind::Text}, std::move(values), {}});
}

void ColumnarTable::add_number_column(std::string name, CellKind kind, std::vector<double> values) {
    if (kind == CellKind::Text) throw std::invalid_argument("add_number_column: '" + name + "' is a Text column");
    check_length(values.size());
    columns_.push_back({{std::move(name), kind}, {}, std::move(values)});
}

double ColumnarTable::number(std::size_t row, std::size_t column) const {
    const Column& held = columns_[column];
    return held.numbers.empty() ? std::numeric_limits<double>::quiet_NaN() : held.numbers[row];
}

std::string_view ColumnarTable::text(std::size_t row, std::size_t column) const {
    const Column& held = columns_[column];
    return held.texts.empty() ? std::string_view{} : std::string_view{held.texts[row]};
}

}  // namespace touchpoint::widgets
