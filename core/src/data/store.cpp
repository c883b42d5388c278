#include "touchpoint/data/store.hpp"

#include "touchpoint/data/file_text.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <string>

namespace touchpoint::data {

namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
    throw StoreError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

struct Migration {
    int to_version;
    const char* sql;
};

// Each step takes the store from to_version - 1 to to_version. Steps are never edited
// once released: a schema change is a new step, so every older store can be brought forward.
constexpr std::array migrations{
    Migration{1, R"sql(
        CREATE TABLE customers (
            customer_id         TEXT PRIMARY KEY,
            signup_date         TEXT,
            region              TEXT,
            acquisition_channel TEXT
        );
        CREATE TABLE orders (
            order_id    TEXT PRIMARY KEY,
            customer_id TEXT NOT NULL,
            order_date  TEXT NOT NULL,   -- ISO 8601, YYYY-MM-DD
            amount      REAL NOT NULL,
            quantity    INTEGER,
            category    TEXT,
            channel     TEXT
        );
        CREATE INDEX orders_by_customer_date ON orders (customer_id, order_date);
    )sql"},
    // Version 2: imports from files. Every imported row remembers its import; returns are kept
    // and flagged; the other tables a user can bring arrive; mappings are remembered by file shape.
    Migration{2, R"sql(
        CREATE TABLE imports (
            import_id     INTEGER PRIMARY KEY,
            file_name     TEXT NOT NULL,
            table_name    TEXT NOT NULL,
            content_hash  TEXT NOT NULL,
            imported_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            rows_read     INTEGER NOT NULL,
            rows_loaded   INTEGER NOT NULL,
            rows_rejected INTEGER NOT NULL,
            UNIQUE (content_hash, table_name)
        );
        CREATE TABLE import_errors (
            import_id   INTEGER NOT NULL REFERENCES imports (import_id) ON DELETE CASCADE,
            line        INTEGER NOT NULL,
            column_number INTEGER NOT NULL,
            column_name TEXT,
            reason      TEXT NOT NULL,
            raw         TEXT
        );
        ALTER TABLE orders ADD COLUMN status TEXT;
        ALTER TABLE orders ADD COLUMN is_return INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE orders ADD COLUMN import_id INTEGER REFERENCES imports (import_id);
        ALTER TABLE customers ADD COLUMN renewal_date TEXT;
        ALTER TABLE customers ADD COLUMN import_id INTEGER REFERENCES imports (import_id);
        CREATE TABLE touches (
            customer_id TEXT NOT NULL,
            touch_date  TEXT NOT NULL,
            touch_type  TEXT,
            channel     TEXT,
            outcome     TEXT,
            import_id   INTEGER REFERENCES imports (import_id)
        );
        CREATE TABLE surveys (
            customer_id   TEXT NOT NULL,
            response_date TEXT NOT NULL,
            nps           REAL CHECK (nps BETWEEN 0 AND 10),
            csat          REAL CHECK (csat BETWEEN 1 AND 5),
            ces           REAL CHECK (ces BETWEEN 1 AND 7),
            import_id     INTEGER REFERENCES imports (import_id)
        );
        CREATE TABLE tickets (
            ticket_id           TEXT,
            customer_id         TEXT NOT NULL,
            opened_date         TEXT NOT NULL,
            first_response_date TEXT,
            resolved_date       TEXT,
            channel             TEXT,
            import_id           INTEGER REFERENCES imports (import_id)
        );
        CREATE TABLE experiment_assignments (
            customer_id   TEXT NOT NULL,
            experiment    TEXT NOT NULL,
            arm           TEXT NOT NULL,
            assigned_date TEXT,
            import_id     INTEGER REFERENCES imports (import_id)
        );
        CREATE TABLE column_mappings (
            signature    TEXT PRIMARY KEY,
            table_name   TEXT NOT NULL,
            mapping_json TEXT NOT NULL,
            updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
    )sql"},
    // Version 3: analyses group orders in memory, so the customer/date index only slowed
    // every import down (a random B-tree insert per row).
    Migration{3, R"sql(
        DROP INDEX IF EXISTS orders_by_customer_date;
    )sql"},
    // Version 4: not every order is a purchase (docs/import.md). is_return = 1 marks every order
    // that is not a purchase; flag says why: 'refund', 'cancelled' or 'failed'. Returns stored
    // before keep is_return = 1 and are refunds.
    Migration{4, R"sql(
        ALTER TABLE orders ADD COLUMN flag TEXT;
        UPDATE orders SET flag = 'refund' WHERE is_return = 1;
    )sql"},
};
static_assert(migrations.back().to_version == current_schema_version,
              "the last migration must produce current_schema_version");

}  // namespace

void Store::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

Store Store::open(const std::string& path) {
    sqlite3* raw = nullptr;
    // NOMUTEX: a connection is only ever used by one thread, so SQLite need not lock each call.
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    Store store(path, raw);  // owns raw even when opening failed
    if (rc != SQLITE_OK) fail(raw, "cannot open store '" + path + "'");
    // A new database gets large pages (fewer B-tree splits when millions of rows arrive); an
    // existing one keeps the page size it was made with, so this changes nothing there.
    store.execute("PRAGMA page_size = 32768");
    // 32 MB of page cache: imports of a million rows touch the indexes all over.
    store.set_up("PRAGMA cache_size = -32768");
    return store;
}

void Store::set_up(std::string_view tuning) {
    try {
        execute("PRAGMA foreign_keys = ON");
        execute(tuning);
        migrate();
    } catch (const StoreError& error) {
        // Name the file: "file is not a database" alone does not say which one.
        const std::string message = error.what();
        if (message.find(path_) != std::string::npos) throw;
        throw StoreError("cannot open store '" + path_ + "': " + message);
    }
}

Store Store::open_in_memory_copy(const std::string& path) {
    const std::string bytes = read_file_bytes(path).value_or(std::string());  // no file yet: a new store
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    Store store(path, raw);
    if (rc != SQLITE_OK) fail(raw, "cannot open store '" + path + "' in memory");
    // SQLite owns the buffer from here (FREEONCLOSE) and may grow it (RESIZEABLE).
    auto* buffer = static_cast<unsigned char*>(sqlite3_malloc64(std::max<sqlite3_uint64>(bytes.size(), 1)));
    if (!buffer) throw StoreError("store '" + path + "': out of memory loading " + std::to_string(bytes.size()) + " bytes");
    std::copy(bytes.begin(), bytes.end(), buffer);
    if (sqlite3_deserialize(raw, "main", buffer, static_cast<sqlite3_int64>(bytes.size()), static_cast<sqlite3_int64>(bytes.size()),
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
        fail(raw, "cannot load store '" + path + "'");
    // A new database gets large pages: in the browser every page SQLite writes is one copy
    // through JavaScript, so fewer, larger pages write a million rows faster.
    if (bytes.empty()) store.execute("PRAGMA page_size = 32768");
    // Pages are read straight from the in-memory database instead of being copied into the
    // page cache first.
    store.set_up("PRAGMA mmap_size = 1073741824");
    return store;
}

void Store::reserve_in_memory(std::size_t extra_bytes) {
    sqlite3_int64 size = 0;
    unsigned char* data = sqlite3_serialize(db_.get(), "main", &size, SQLITE_SERIALIZE_NOCOPY);
    if (!data && size != 0) return;  // not an in-memory copy: nothing to reserve
    const auto capacity = static_cast<sqlite3_uint64>(size) + extra_bytes;
    auto* buffer = static_cast<unsigned char*>(sqlite3_malloc64(std::max<sqlite3_uint64>(capacity, 1)));
    if (!buffer) return;  // growing later, a step at a time, still works
    if (size > 0) std::memcpy(buffer, data, static_cast<std::size_t>(size));
    if (sqlite3_deserialize(db_.get(), "main", buffer, size, static_cast<sqlite3_int64>(capacity),
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
        fail(db_.get(), "store '" + path_ + "': cannot make room in memory");
    execute("PRAGMA mmap_size = 1073741824");
}

void Store::save_to(const std::string& path) {
    sqlite3_int64 size = 0;
    // NOCOPY hands out the in-memory database itself; the copying form is the fallback.
    unsigned char* data = sqlite3_serialize(db_.get(), "main", &size, SQLITE_SERIALIZE_NOCOPY);
    std::unique_ptr<unsigned char, void (*)(void*)> copy(nullptr, sqlite3_free);
    if (!data) {
        copy.reset(sqlite3_serialize(db_.get(), "main", &size, 0));
        data = copy.get();
    }
    if (!data && size != 0) throw StoreError("store '" + path_ + "': cannot serialise the database");
    const std::string temporary = path + ".saving";
    {
        // One fwrite of the whole database: a file system that grows files by a fraction at a
        // time (the browser's in-memory one) then sizes it once instead of copying it over and
        // over, as a stream writing in small pieces makes it do.
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(temporary.c_str(), "wb"), std::fclose);
        const auto bytes = static_cast<std::size_t>(size);
        if (!file || (bytes > 0 && std::fwrite(data, 1, bytes, file.get()) != bytes) || std::fflush(file.get()) != 0)
            throw StoreError("store '" + path_ + "': cannot write " + temporary);
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
        throw StoreError("store '" + path_ + "': cannot replace " + path + " with the saved database");
}

Store::~Store() = default;

void Store::execute(std::string_view sql) {
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string error = message ? message : sqlite3_errmsg(db_.get());
        sqlite3_free(message);
        throw StoreError("store '" + path_ + "': " + error);
    }
}

Statement Store::prepare(std::string_view sql) { return Statement(db_.get(), sql); }

std::int64_t Store::count_rows(std::string_view table) {
    auto statement = prepare("SELECT count(*) FROM " + std::string(table));
    statement.step();
    return statement.column_int(0);
}

std::int64_t Store::last_insert_rowid() { return sqlite3_last_insert_rowid(db_.get()); }

int Store::schema_version() {
    auto exists = prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
    exists.step();
    if (exists.column_int(0) == 0) return 0;
    auto version = prepare("SELECT coalesce(max(version), 0) FROM schema_version");
    version.step();
    return static_cast<int>(version.column_int(0));
}

void Store::migrate() {
    const int found = schema_version();
    if (found > current_schema_version)
        throw StoreError("store '" + path_ + "' has schema version " + std::to_string(found) +
                         ", newer than this build understands (" + std::to_string(current_schema_version) + ")");
    if (found == current_schema_version) return;
    Transaction transaction(*this);
    execute("CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY,"
            " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))");
    for (const auto& step : migrations) {
        if (step.to_version <= found) continue;
        execute(step.sql);
        prepare("INSERT INTO schema_version (version) VALUES (?)").bind(1, std::int64_t{step.to_version}).run();
    }
    transaction.commit();
}

void Statement::Finalizer::operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK)
        fail(db, "cannot prepare '" + std::string(sql) + "'");
    statement_.reset(raw);
}

Statement::~Statement() = default;

Statement& Statement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text(statement_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        fail(db_, "cannot bind parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bind_static(int index, std::string_view text) {
    if (sqlite3_bind_text(statement_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC) != SQLITE_OK)
        fail(db_, "cannot bind parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (sqlite3_bind_double(statement_.get(), index, value) != SQLITE_OK)
        fail(db_, "cannot bind parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(statement_.get(), index, value) != SQLITE_OK)
        fail(db_, "cannot bind parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bind_null(int index) {
    if (sqlite3_bind_null(statement_.get(), index) != SQLITE_OK)
        fail(db_, "cannot bind parameter " + std::to_string(index));
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(statement_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, "statement failed");
}

void Statement::run() {
    step();
    reset();
}

void Statement::reset() {
    sqlite3_reset(statement_.get());
    sqlite3_clear_bindings(statement_.get());
}

std::string_view Statement::column_text(int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_.get(), column));
    if (!text) return {};
    return {text, static_cast<std::size_t>(sqlite3_column_bytes(statement_.get(), column))};
}

double Statement::column_double(int column) { return sqlite3_column_double(statement_.get(), column); }
std::int64_t Statement::column_int(int column) { return sqlite3_column_int64(statement_.get(), column); }
bool Statement::column_is_null(int column) { return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL; }

Transaction::Transaction(Store& store) : store_(store), nested_(sqlite3_get_autocommit(store.handle()) == 0) {
    store_.execute(nested_ ? "SAVEPOINT touchpoint_nested" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!open_) return;
    try {
        store_.execute(nested_ ? "ROLLBACK TO touchpoint_nested; RELEASE touchpoint_nested" : "ROLLBACK");
    } catch (const StoreError&) {
        // A failed statement may already have rolled the transaction back; nothing is left to undo.
    }
}

void Transaction::commit() {
    store_.execute(nested_ ? "RELEASE touchpoint_nested" : "COMMIT");
    open_ = false;
}

}  // namespace touchpoint::data
