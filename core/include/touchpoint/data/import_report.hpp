#pragma once
// What an import did: rows read, loaded and rejected, and why each rejected row was refused.
#include "touchpoint/data/table_spec.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace touchpoint::data {

struct RejectedRow {
    std::string file;
    std::int64_t line = 0;     // 1-based line in the file where the row starts
    std::int64_t column = 0;   // 1-based column (field number); 0 when the whole row is at fault
    std::string column_name;   // the header of that column, when the file has one
    std::string reason;
    std::string raw;           // the row as written in the file (cut at 200 bytes)
};

struct ImportReport {
    std::string file;
    std::string table;                  // "orders", ...
    std::string encoding;               // "UTF-8", "Latin-1", ...
    std::string dialect;                // "comma-separated with header", ...
    std::string date_layout;            // the layout dates were read in, when the table has dates
    std::string content_hash;
    std::int64_t rows_read = 0;
    std::int64_t rows_loaded = 0;
    std::int64_t rows_rejected = 0;
    std::int64_t returns_flagged = 0;   // orders with a negative amount or a return/refund status
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

// "file, line L, column C (name): reason" — the form every message about a row takes.
std::string describe(const RejectedRow& row);

}  // namespace touchpoint::data
