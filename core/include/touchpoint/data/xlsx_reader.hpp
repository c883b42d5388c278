#pragma once
// Excel workbooks (.xlsx) read as CSV text, so a workbook imports through the same path as a
// CSV file. The reader takes the file's bytes (no I/O), opens the zip archive itself and
// inflates with zlib, parses the workbook's XML parts with a small bounded tokenizer, and
// writes one sheet as RFC 4180 CSV whose line N is the sheet's row N: an error the importer
// reports on line N points the user at row N of the sheet.
#include "touchpoint/limits.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::data {

// True when the bytes start like a zip archive ("PK\x03\x04"), as every .xlsx file does.
bool looks_like_zip(std::string_view bytes);

// A workbook that cannot be read. The message names the place: the zip part, or the sheet and
// cell ("sheet 'Orders', cell D7 holds a formula with no saved value: ...").
class XlsxError : public std::runtime_error {
public:
    explicit XlsxError(const std::string& message, std::int64_t row = 0, std::int64_t column = 0)
        : std::runtime_error(message), row_(row), column_(column) {}
    // The cell the problem is in, 1-based (row N is CSV line N); 0 when it is not about a cell.
    std::int64_t row() const { return row_; }
    std::int64_t column() const { return column_; }

private:
    std::int64_t row_;
    std::int64_t column_;
};

// How much a workbook may unpack to (see limits.hpp); tests pass smaller ones.
struct XlsxLimits {
    std::size_t max_part_bytes = limits::max_xlsx_part_bytes;    // one inflated part, and the CSV text
    std::size_t max_total_bytes = limits::max_xlsx_total_bytes;  // all parts one call inflates
};

// The workbook's worksheets, in workbook (tab) order; chart sheets are left out.
std::vector<std::string> xlsx_sheet_names(std::string_view bytes, const XlsxLimits& limits = {});

struct XlsxSheetText {
    std::string sheet_name;
    std::string csv;                 // one record per sheet row, '\n' line ends; see xlsx_sheet_as_csv
    std::vector<std::string> notes;  // what the conversion changed: merged cells filled, line breaks joined, ...
};

// One worksheet as CSV: `sheet` by name (exactly, else ignoring ASCII case, as Excel does), or
// when empty the first worksheet that is not hidden. Values are the ones the workbook shows:
// shared and inline strings, numbers in the shortest text that reads back the same (13085,
// 6.95), numbers with a date format as YYYY-MM-DD (or YYYY-MM-DD HH:MM:SS when they hold a
// time of day; a time-only format with no date part gives HH:MM:SS), TRUE/FALSE, error values
// (#N/A) as written, and a formula's saved result. Each cell of a merged range holds the
// range's top-left value. Line breaks inside a cell become spaces, so no record spans lines;
// absent and empty rows are empty lines; every other record is padded to the widest row.
// Throws XlsxError.
XlsxSheetText xlsx_sheet_as_csv(std::string_view bytes, std::string_view sheet = {}, const XlsxLimits& limits = {});

// The A1-style name of a cell, both 1-based: (14, 3) is "C14". Throws std::invalid_argument
// outside Excel's grid (rows 1..1,048,576, columns 1..16,384).
std::string cell_reference(std::int64_t row, std::int64_t column);

}  // namespace touchpoint::data
