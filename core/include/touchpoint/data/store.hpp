#pragma once
// The local SQLite store: one database file (or ":memory:") holding the user's customer data.
// Opening a store applies any schema migrations it is missing, so every Store in the
// program speaks the current schema.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace touchpoint::data {

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The schema version this build writes; migrations bring older stores up to it.
inline constexpr int current_schema_version = 4;

class Statement;

class Store {
public:
    // Opens (creating if needed) the database at `path` and migrates it.
    // Throws StoreError naming the path when it cannot.
    static Store open(const std::string& path);

    // Loads the database file at `path` (if any) into memory and works there: no statement
    // waits on a file, and save_to() writes the whole database back in one write. This is
    // how the browser keeps its store, whose files live in memory anyway until they are
    // copied to IndexedDB. Throws StoreError naming the path when it is not a database.
    static Store open_in_memory_copy(const std::string& path);
    // Writes the database to `path` through a temporary file and a rename, so the file is
    // always either the old database or the new one. Only for open_in_memory_copy stores.
    void save_to(const std::string& path);
    // Gives an in-memory copy room to grow by `extra_bytes` at once (before a large import),
    // so SQLite does not reallocate and copy the whole database each time it doubles.
    // No statement may be open. Does nothing for a store on a file.
    void reserve_in_memory(std::size_t extra_bytes);

    Store(Store&&) noexcept = default;
    Store& operator=(Store&&) noexcept = default;
    ~Store();

    int schema_version();
    const std::string& path() const { return path_; }

    void execute(std::string_view sql);
    Statement prepare(std::string_view sql);
    std::int64_t count_rows(std::string_view table);
    std::int64_t last_insert_rowid();

    sqlite3* handle() { return db_.get(); }

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    Store(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
    void migrate();
    // Foreign keys on, the given PRAGMA, migrations; errors name the store's file.
    void set_up(std::string_view tuning);

    std::string path_;
    std::unique_ptr<sqlite3, Closer> db_;
};

// A prepared statement. Bind parameters are 1-based, columns 0-based, as in SQLite.
class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    Statement(Statement&&) noexcept = default;
    Statement& operator=(Statement&&) noexcept = default;
    ~Statement();

    Statement& bind(int index, std::string_view text);  // copies the text
    // Binds without copying: the text must stay valid until the statement is reset.
    Statement& bind_static(int index, std::string_view text);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::int64_t value);
    Statement& bind_null(int index);

    // Advances to the next row: true while a row is available.
    bool step();
    // Runs a statement that returns no rows, then resets it for the next use.
    void run();
    void reset();

    std::string_view column_text(int column);
    double column_double(int column);
    std::int64_t column_int(int column);
    bool column_is_null(int column);

private:
    struct Finalizer {
        void operator()(sqlite3_stmt* statement) const;
    };
    sqlite3* db_;
    std::unique_ptr<sqlite3_stmt, Finalizer> statement_;
};

// BEGIN IMMEDIATE on construction; rolls back unless commit() was called, so a failure
// anywhere inside leaves the store as it was. Inside another transaction it becomes a
// savepoint, so writers compose: the outermost one decides what lands.
class Transaction {
public:
    explicit Transaction(Store& store);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    Store& store_;
    bool nested_;
    bool open_ = true;
};

}  // namespace touchpoint::data
