#pragma once
// The tables a user can import, the fields each one has, and the header names that
// usually carry them in shop exports (used to suggest a column mapping).
#include <span>
#include <string_view>
#include <vector>

namespace touchpoint::data {

enum class TableKind { Orders, Customers, Touches, Surveys, Tickets, Assignments };

enum class FieldType {
    Id,      // text, kept exactly (leading zeros matter)
    Text,    // free text, trimmed
    Date,    // calendar day
    Amount,  // money: currency signs, separators, negatives in parentheses
    Integer, // whole number, e.g. quantity
    Score,   // survey score within [min_score, max_score]
};

struct FieldSpec {
    const char* name;       // field name, also the store's column name
    FieldType type;
    bool required;
    std::vector<const char*> synonyms;  // normalised header names that mean this field
    double min_score = 0, max_score = 0;
    const char* description = "";
};

struct TableSpec {
    TableKind kind;
    const char* name;       // "orders", as in the CLI's --table
    const char* sql_table;  // the store's table
    std::vector<FieldSpec> fields;
    const char* unique_field = nullptr;  // a field no two rows may share (order_id, customer_id)

    const FieldSpec* field(std::string_view field_name) const;
    int field_index(std::string_view field_name) const;  // -1 when absent
};

const TableSpec& table_spec(TableKind kind);
std::span<const TableSpec> all_table_specs();
const TableSpec* table_spec_by_name(std::string_view name);

// Lower case, with spaces, dashes and dots turned into '_' and repeats folded: "Order Date" -> "order_date".
std::string normalise_header(std::string_view header);

}  // namespace touchpoint::data
