#pragma once
// What a store file holds, read with plain SQLite (no VFS shim, no Store): everything a user would
// lose (the orders and the import log, as text) and PRAGMA integrity_check's verdict. The fault
// tests compare it before and after a fault; their files and first store are here too.
#include "touchpoint/data/importer.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>

namespace stored_contents {

inline std::string query_text(sqlite3* db, const char* sql) {
    std::string text;
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK);
    while (sqlite3_step(statement) == SQLITE_ROW)
        for (int column = 0; column < sqlite3_column_count(statement); ++column) {
            const auto* value = sqlite3_column_text(statement, column);
            text += value ? reinterpret_cast<const char*>(value) : "NULL";
            text += column + 1 < sqlite3_column_count(statement) ? "," : "\n";
        }
    sqlite3_finalize(statement);
    return text;
}

struct Contents {
    std::string data;       // orders, then the import log
    std::string integrity;  // "ok\n" for a sound database
};

// Opening a database that a crash left with a hot journal rolls it back first, as a restart does.
inline Contents contents_of(const std::filesystem::path& path) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.string().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    Contents contents;
    contents.data = query_text(db, "SELECT order_id, customer_id, order_date, amount FROM orders ORDER BY order_id") +
                    query_text(db, "SELECT file_name, rows_loaded FROM imports ORDER BY import_id");
    contents.integrity = query_text(db, "PRAGMA integrity_check");
    sqlite3_close(db);
    return contents;
}

inline void remove_store(const std::filesystem::path& path) {
    for (const auto* suffix : {"", "-journal", ".saving"}) std::filesystem::remove(path.string() + suffix);
}

// The fault tests' files: a first import of three orders, then a second of many more.
inline const std::string first_file =
    "order_id,customer_id,order_date,amount\n"
    "A1,C001,2024-01-05,25.50\n"
    "A2,C002,2024-01-06,10.00\n"
    "A3,C001,2024-02-11,14.00\n";

inline std::string second_file(int rows) {
    std::string text = "order_id,customer_id,order_date,amount\n";
    for (int i = 0; i < rows; ++i)
        text += "B" + std::to_string(100000 + i) + ",C" + std::to_string(i % 700) + ",2024-03-" +
                std::to_string(10 + i % 19) + "," + std::to_string(i % 97) + ".50\n";
    return text;
}

// A store on `path` holding the first file and nothing else.
inline void make_first_store(const std::filesystem::path& path) {
    remove_store(path);
    auto store = touchpoint::data::Store::open(path.string());
    REQUIRE(touchpoint::data::import_file(store, "first.csv", first_file, {}).rows_loaded == 3);
}

}  // namespace stored_contents
