#pragma once
// What an import did: rows read, loaded and rejected, and why each rejected row was refused.
#include "touchpoint/data/table_spec.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace touchpoint::data {

struct RejectedRow {
    std::string file;
    std::string sheet;         // the worksheet, for a workbook: line is then its row and column its column
    std::int64_t line = 0;     // 1-based line in the file where the row starts
    std::int64_t column = 0;   // 1-based column (field number); 0 when the whole row is at fault
    std::string column_name;   // the header of that column, when the file has one
    std::string reason;
    std::string raw;           // the row as written in the file (cut at 200 bytes)
};

// Rows that share one reason, for a report people can read: how many, and the first few.
struct ReasonGroup {
    std::string reason;                 // "amount is not an amount", "no customer id (guest lines)"
    bool skipped = false;               // true: left out by a rule (guest lines), not a fault of the file
    std::int64_t count = 0;
    std::vector<RejectedRow> examples;  // the first five, with line, column and raw text
};

// How an order of the file will be stored: shown in the preview before anything is written.
struct PreviewOrder {
    std::string order_id;
    std::string customer_id;
    std::string order_date;  // ISO 8601
    double amount = 0.0;
    std::int64_t quantity = 0;
    std::string category;
    std::string channel;
    std::string status;
    std::string flag;        // "" for a purchase; "refund", "cancelled" or "failed"
    std::int64_t lines = 1;  // lines of the file that make the order
};

struct ImportReport {
    std::string file;
    std::string table;                  // "orders", ...
    std::string encoding;               // "UTF-8", "Latin-1", ..., or "Excel workbook"
    std::string sheet;                  // the worksheet imported, for a workbook
    std::vector<std::string> notes;     // what reading changed on the way (a workbook's merged cells filled, ...)
    std::string dialect;                // "comma-separated with header", ...
    std::string date_layout;            // the layout dates were read in, when the table has dates
    std::string content_hash;
    std::int64_t rows_read = 0;
    std::int64_t rows_loaded = 0;
    std::int64_t rows_rejected = 0;
    std::int64_t returns_flagged = 0;   // orders with a negative amount or a return/refund status
    // Orders files (rows_read counts lines; a line-item file makes fewer orders than lines):
    std::string recognised_export;      // "Shopify orders", "UCI Online Retail II", ...; empty for a generic file
    bool line_items = false;            // lines were grouped into orders by their order id
    std::int64_t orders = 0;            // orders stored, purchases or not
    std::int64_t customers = 0;         // distinct customers of the orders stored, purchases or not
    std::int64_t purchases = 0;         // orders counted as purchases
    std::int64_t cancelled_orders = 0;  // cancelled or voided orders: stored, flagged, not purchases
    std::int64_t failed_payments = 0;   // failed or uncaptured payments: stored, flagged, not purchases
    std::int64_t guest_lines = 0;       // lines with no customer id or e-mail: not stored
    std::int64_t total_mismatches = 0;  // line-item orders whose total column differs from their lines' sum
    std::vector<ReasonGroup> reasons;   // rejected and skipped rows grouped by reason, in order of first appearance
    std::vector<PreviewOrder> preview;  // the first orders as they will be stored (orders table)
    std::vector<std::pair<std::string, std::string>> mapping;  // field -> column, as used
    std::vector<RejectedRow> errors;    // the first rejected rows in detail (all of them up to a limit)
    bool errors_truncated = false;      // more rows were rejected than listed
    std::optional<std::string> duplicate_of;  // set when this exact file was imported before: nothing added
    std::optional<std::string> fatal_error;   // the file as a whole could not be imported: nothing added
    bool mapping_incomplete = false;          // failed because columns are missing from the mapping: ask the user
    bool cancelled = false;
};

nlohmann::json to_json(const ImportReport& report);

// The rejected rows as CSV (file, line, column, column_name, reason, raw), for the user to fix and re-import.
std::string rejected_rows_csv(const ImportReport& report);

// "1,040 lines read as 120 orders of 55 customers: 90 purchases, 2 cancelled, 1 refund; 3 guest lines left out":
// the report's counts in one sentence, as the CLI prints it and the page shows it.
std::string summary_line(const ImportReport& report);

// "file, line L, column C (name)", or for a workbook "file, sheet 'S', cell C7 (name)" (row 7
// when no column): where every message about a row points.
std::string describe_place(const std::string& file, const std::string& sheet, std::int64_t line, std::int64_t column,
                           const std::string& column_name);

// "file, line L, column C (name): reason" — the form every message about a row takes.
std::string describe(const RejectedRow& row);

}  // namespace touchpoint::data
