#pragma once
// How cells read on screen, in the filter and in copied text: one function, so what the
// user searches for and copies is exactly what they see.
//   Date     19876      -> "2024-06-01"
//   Money    1234.5     -> "1,234.50"   (-12 -> "-12.00")
//   Count    1031460    -> "1,031,460"
//   Number   1234.5     -> "1,234.5"    (at most two decimals)
//   Percent  0.25       -> "25.0%"      (values are fractions)
//   NaN      (any kind) -> ""
#include "widgets/table_source.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace touchpoint::widgets {

// The text of a numeric cell, built without allocating: filtering formats a cell for
// every row of a million-row table.
class CellText {
public:
    static constexpr std::size_t capacity = 48;
    std::string_view view() const { return {chars_, length_}; }
    void assign(const char* begin, const char* end);

private:
    char chars_[capacity] = {};
    std::size_t length_ = 0;
};

CellText format_cell(CellKind kind, double value);

// The cell as shown: the source's text for Text columns, the formatted number otherwise
// (written into `scratch`, which the returned view may point into).
std::string_view cell_view(const TableSource& source, std::size_t row, std::size_t column, CellText& scratch);
std::string cell_text(const TableSource& source, std::size_t row, std::size_t column);

// Case-insensitive (ASCII letters) substring search; `lowered_needle` must already be lower case.
bool contains_ignoring_case(std::string_view haystack, std::string_view lowered_needle);
std::string to_lower_ascii(std::string_view text);

}  // namespace touchpoint::widgets
