#include "touchpoint/data/records.hpp"
#include "touchpoint/data/store.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <stdexcept>
#include <vector>

using namespace touchpoint::data;

namespace {

std::filesystem::path fresh_path(const char* name) {
    const auto path = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove(path);
    return path;
}

OrderRecord order(const char* id, const char* customer, Day day, double amount) {
    return {id, customer, day, amount, 1, "Coffee", "web"};
}

}  // namespace

TEST_CASE("a new store is created at the current schema version with its tables") {
    auto store = Store::open(":memory:");
    CHECK(store.schema_version() == current_schema_version);
    CHECK(store.count_rows("orders") == 0);
    CHECK(store.count_rows("customers") == 0);
    CHECK(store.count_rows("schema_version") == current_schema_version);  // one row per migration
}

TEST_CASE("reopening a store keeps its data and does not migrate again") {
    const auto path = fresh_path("touchpoint_store_reopen.sqlite");
    {
        auto store = Store::open(path.string());
        const std::vector<OrderRecord> orders{order("O1", "C1", date::year{2024} / 3 / 1, 12.5)};
        insert_orders(store, orders);
    }
    auto store = Store::open(path.string());
    CHECK(store.schema_version() == current_schema_version);
    CHECK(store.count_rows("schema_version") == current_schema_version);  // one row per migration
    auto row = store.prepare("SELECT order_id, customer_id, order_date, amount FROM orders");
    REQUIRE(row.step());
    CHECK(row.column_text(0) == "O1");
    CHECK(row.column_text(1) == "C1");
    CHECK(row.column_text(2) == "2024-03-01");
    CHECK(row.column_double(3) == 12.5);
    std::filesystem::remove(path);
}

TEST_CASE("a store written by a newer version is refused with a clear error") {
    const auto path = fresh_path("touchpoint_store_newer.sqlite");
    {
        auto store = Store::open(path.string());
        store.execute("INSERT INTO schema_version (version) VALUES (99)");
    }
    CHECK_THROWS_WITH_AS(Store::open(path.string()),
                         doctest::Contains("schema version 99, newer than this build understands"), StoreError);
    std::filesystem::remove(path);
}

TEST_CASE("a file that is not a database is refused, naming the file") {
    const auto path = fresh_path("touchpoint_not_a_store.sqlite");
    {
        std::FILE* file = std::fopen(path.string().c_str(), "wb");
        REQUIRE(file);
        std::fputs("customer_id,date,amount\nC1,2024-01-01,10\n-- definitely not SQLite ---------------------------------------------", file);
        std::fclose(file);
    }
    CHECK_THROWS_WITH_AS(Store::open(path.string()), doctest::Contains("touchpoint_not_a_store.sqlite"), StoreError);
    std::filesystem::remove(path);
}

TEST_CASE("a failed write leaves the store exactly as it was") {
    auto store = Store::open(":memory:");
    const std::vector<OrderRecord> first{order("O1", "C1", date::year{2024} / 1 / 5, 10.0)};
    insert_orders(store, first);

    // The second batch repeats O1's primary key in its last row: nothing of it may land.
    const std::vector<OrderRecord> second{order("O2", "C2", date::year{2024} / 1 / 6, 20.0),
                                          order("O3", "C2", date::year{2024} / 1 / 7, 30.0),
                                          order("O1", "C3", date::year{2024} / 1 / 8, 40.0)};
    CHECK_THROWS_AS(insert_orders(store, second), StoreError);
    CHECK(store.count_rows("orders") == 1);
}

TEST_CASE("nested transactions compose: the outer one decides") {
    auto store = Store::open(":memory:");
    {
        Transaction outer(store);
        const std::vector<OrderRecord> orders{order("O1", "C1", date::year{2024} / 1 / 5, 10.0)};
        insert_orders(store, orders);  // commits only its savepoint
        CHECK(store.count_rows("orders") == 1);
    }  // the outer transaction is abandoned
    CHECK(store.count_rows("orders") == 0);
}

TEST_CASE("an in-memory copy of a store saves back whole, and loads again") {
    const auto path = fresh_path("touchpoint_store_in_memory.sqlite");
    {
        auto store = Store::open_in_memory_copy(path.string());  // no file yet: an empty store
        CHECK(store.schema_version() == current_schema_version);
        const std::vector<OrderRecord> orders{order("O1", "C1", date::year{2024} / 3 / 1, 12.5),
                                              order("O2", "C1", date::year{2024} / 4 / 1, 7.0)};
        insert_orders(store, orders);
        CHECK_FALSE(std::filesystem::exists(path));  // nothing touches the file until saved
        store.save_to(path.string());
    }
    CHECK(std::filesystem::exists(path));
    CHECK_FALSE(std::filesystem::exists(path.string() + ".saving"));
    {
        auto reopened = Store::open(path.string());  // an ordinary SQLite file
        CHECK(reopened.count_rows("orders") == 2);
    }
    auto again = Store::open_in_memory_copy(path.string());
    CHECK(again.count_rows("orders") == 2);
    std::filesystem::remove(path);
}

TEST_CASE("an in-memory copy of a file that is not a database is refused, naming the file") {
    const auto path = fresh_path("touchpoint_in_memory_not_a_store.sqlite");
    {
        std::FILE* file = std::fopen(path.string().c_str(), "wb");
        REQUIRE(file);
        std::fputs("order_id,customer_id\nO1,C1\n-- this is text, not a database -----------------------------------------------", file);
        std::fclose(file);
    }
    CHECK_THROWS_WITH_AS(Store::open_in_memory_copy(path.string()), doctest::Contains("touchpoint_in_memory_not_a_store.sqlite"),
                         StoreError);
    std::filesystem::remove(path);
}
