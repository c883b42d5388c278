#pragma once
// The tables a user can import, the fields each one has, and the header names that
// usually carry them in shop exports (used to suggest a column mapping).
#include <span>
#include <string>
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
    const char* name;       // field name, also the store's column name when `stored`
    FieldType type;
    bool required;
    std::vector<const char*> synonyms;  // header names that mean this field, compared by header_key()
    double min_score = 0, max_score = 0;
    const char* description = "";
    // Required, unless this other field is mapped (an order's amount can come from its lines'
    // unit prices; its customer from an e-mail).
    const char* unless_mapped = nullptr;
    // False for fields that only help to read the file (a unit price, a product code, a
    // cancellation date): the store keeps what they decide, not the field.
    bool stored = true;
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

// Lower case words joined by '_': spaces, punctuation and camelCase boundaries separate words
// ("Order Date", "orderDate", "OrderDATE" and "order-date" -> "order_date"; "Customer ID" and
// "CustomerID" -> "customer_id"; "Created date (UTC)" -> "created_date_utc").
std::string normalise_header(std::string_view header);

// What two headers must share to mean the same: their letters and digits in lower case, nothing
// else ("InvoiceDate", "Invoice Date", "invoice_date" -> "invoicedate").
std::string header_key(std::string_view header);
std::vector<std::string> header_keys(std::span<const std::string> headers);

}  // namespace touchpoint::data
