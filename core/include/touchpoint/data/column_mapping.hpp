#pragma once
// Which file column feeds which field of a table. Suggested from the headers (or, for a
// file without headers, from what the values look like), corrected by the user, and kept
// in the store under the file's shape so the next file of that shape maps itself.
#include "touchpoint/data/field_parsers.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/data/table_spec.hpp"

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace touchpoint::data {

class MappingError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ColumnMapping {
    TableKind table = TableKind::Orders;
    std::vector<int> column_of_field;         // per field of the table spec: 0-based file column, -1 unmapped
    std::optional<DateLayout> date_layout;    // decided by the user for ambiguous dates, kept with the mapping
    bool from_saved = false;                  // restored from an earlier file of the same shape

    int column(std::string_view field, const TableSpec& spec) const;
};

// The columns of a file as the user sees them: its headers, or "column 1", "column 2", ...
std::vector<std::string> column_names(std::span<const std::string_view> first_record, bool has_header);

// Suggests a mapping. With headers: each field takes the first column whose normalised
// header is one of its synonyms. Without: by content of the sample rows (a column of dates,
// a column of decimal amounts, the first column of ids).
ColumnMapping suggest_mapping(const TableSpec& spec, std::span<const std::string> columns, bool has_header,
                              std::span<const std::vector<std::string_view>> sample_rows);

// Applies "field=column" corrections; column is a header name or a 1-based column number.
// Throws MappingError naming the unknown field or column.
void apply_overrides(ColumnMapping& mapping, const TableSpec& spec, std::span<const std::string> columns,
                     std::span<const std::pair<std::string, std::string>> overrides);

// The required fields no column feeds; empty when the mapping can be imported.
std::vector<std::string> missing_required_fields(const ColumnMapping& mapping, const TableSpec& spec);

// The key a mapping is kept under: the table and the normalised headers, or the column count.
std::string mapping_signature(const TableSpec& spec, std::span<const std::string> columns, bool has_header);

void save_mapping(Store& store, const std::string& signature, const ColumnMapping& mapping, const TableSpec& spec);
std::optional<ColumnMapping> load_mapping(Store& store, const std::string& signature, const TableSpec& spec);

}  // namespace touchpoint::data
