// The import path end to end on small files written in the tests: what lands in the store,
// what is rejected (with file, line, column and reason), and that a failed import never
// touches what was stored before.
#include "touchpoint/data/importer.hpp"
#include "touchpoint/metrics/headline.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

using namespace touchpoint;
using namespace touchpoint::data;

namespace {

const std::string good_orders =
    "order_id,customer_id,order_date,amount\n"
    "A1,C001,2024-01-05,25.50\n"
    "A2,C002,2024-01-06,10.00\n"
    "A3,C001,2024-02-11,14.00\n";

// A store that already holds three good orders: every bad import below must leave them alone.
Store store_with_good_orders() {
    auto store = Store::open(":memory:");
    const auto report = import_file(store, "good.csv", good_orders, {});
    REQUIRE_FALSE(report.fatal_error);
    REQUIRE(report.rows_loaded == 3);
    return store;
}

ImportReport import_orders(Store& store, const std::string& name, const std::string& text, ImportOptions options = {}) {
    return import_file(store, name, text, options);
}

// Writes a database with plain SQLite, the way an older release left it.
void sqlite_exec_raw(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
}

void check_store_untouched(Store& store) {
    CHECK(store.count_rows("orders") == 3);
    CHECK(store.count_rows("imports") == 1);
}

}  // namespace

TEST_CASE("a clean file loads every row, with ids as text and leading zeros kept") {
    auto store = Store::open(":memory:");
    const auto report = import_orders(store, "orders.csv",
                                      "Order ID,Customer,Date,Total\n"
                                      "0001,007,2024-03-01,\"1,234.50\"\n"
                                      "0002,008,2024-03-02,$12\n");
    REQUIRE_FALSE(report.fatal_error);
    CHECK(report.rows_read == 2);
    CHECK(report.rows_loaded == 2);
    CHECK(report.rows_rejected == 0);
    auto row = store.prepare("SELECT order_id, customer_id, order_date, amount FROM orders ORDER BY order_id");
    REQUIRE(row.step());
    CHECK(row.column_text(0) == "0001");
    CHECK(row.column_text(1) == "007");
    CHECK(row.column_text(2) == "2024-03-01");
    CHECK(row.column_double(3) == doctest::Approx(1234.5));
    REQUIRE(row.step());
    CHECK(row.column_double(3) == doctest::Approx(12.0));
}

TEST_CASE("bad input: an empty file") {
    auto store = store_with_good_orders();
    const auto report = import_orders(store, "empty.csv", "");
    REQUIRE(report.fatal_error);
    CHECK(*report.fatal_error == "empty.csv, line 1: the file is empty");
    check_store_untouched(store);
    CHECK(import_orders(store, "blank.csv", "\n\r\n  \n").fatal_error == std::string("blank.csv, line 1: the file is empty"));
}

TEST_CASE("bad input: a header and no rows") {
    auto store = store_with_good_orders();
    const auto report = import_orders(store, "header.csv", "order_id,customer_id,order_date,amount\n");
    REQUIRE(report.fatal_error);
    CHECK(*report.fatal_error == "header.csv, line 2: the file has a header but no rows");
    check_store_untouched(store);
}

TEST_CASE("bad input: a binary file") {
    auto store = store_with_good_orders();
    constexpr char png_start[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
    const std::string png(png_start, sizeof png_start - 1);  // the bytes, NULs included, without the literal's own
    const auto report = import_orders(store, "picture.csv", png);
    REQUIRE(report.fatal_error);
    CHECK(report.fatal_error->find("picture.csv, line 1") == 0);
    CHECK(report.fatal_error->find("not a text file") != std::string::npos);
    check_store_untouched(store);
}

TEST_CASE("bad input: the wrong delimiter") {
    auto store = store_with_good_orders();
    ImportOptions options;
    options.dialect = CsvDialect{',', false, true, '"'};  // the user insists on commas
    const auto report = import_orders(store, "semicolons.csv",
                                      "order_id;customer_id;order_date;amount\nB1;C9;2024-01-01;5,00\n", options);
    REQUIRE(report.fatal_error);
    CHECK(report.fatal_error->find("semicolons.csv, line 1") == 0);
    CHECK(report.fatal_error->find("only one column was found") != std::string::npos);
    CHECK(report.fatal_error->find("other than ','") != std::string::npos);
    check_store_untouched(store);

    // Left to itself, the reader finds the semicolons and the decimal commas.
    const auto sniffed = import_orders(store, "semicolons.csv", "order_id;customer_id;order_date;amount\nB1;C9;2024-01-01;5,25\n");
    REQUIRE_FALSE(sniffed.fatal_error);
    CHECK(sniffed.rows_loaded == 1);
    auto amount = store.prepare("SELECT amount FROM orders WHERE order_id = 'B1'");
    REQUIRE(amount.step());
    CHECK(amount.column_double(0) == doctest::Approx(5.25));
}

TEST_CASE("bad input: an unterminated quote at the end of the file") {
    auto store = store_with_good_orders();
    const auto report = import_orders(store, "quote.csv",
                                      "order_id,customer_id,order_date,amount\n"
                                      "B1,C010,2024-01-01,5.00\n"
                                      "B2,\"C011,2024-01-02,6.00\n");
    REQUIRE_FALSE(report.fatal_error);
    CHECK(report.rows_loaded == 1);
    CHECK(report.rows_rejected == 1);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 3);
    CHECK(report.errors[0].column == 2);
    CHECK(report.errors[0].reason.find("unterminated") != std::string::npos);
    CHECK(store.count_rows("orders") == 4);
}

TEST_CASE("bad input: ragged rows") {
    auto store = store_with_good_orders();
    const auto report = import_orders(store, "ragged.csv",
                                      "order_id,customer_id,order_date,amount\n"
                                      "B1,C010,2024-01-01\n"
                                      "B2,C011,2024-01-02,6.00,extra\n"
                                      "B3,C012,2024-01-03,7.00\n");
    CHECK(report.rows_read == 3);
    CHECK(report.rows_loaded == 1);
    REQUIRE(report.errors.size() == 2);
    CHECK(report.errors[0].line == 2);
    CHECK(report.errors[0].column == 4);
    CHECK(report.errors[0].reason == "expected 4 fields, found 3");
    CHECK(report.errors[0].raw == "B1,C010,2024-01-01");
    CHECK(report.errors[1].line == 3);
    CHECK(report.errors[1].reason == "expected 4 fields, found 5");
    CHECK(describe(report.errors[0]) == "ragged.csv, line 2, column 4 (amount): expected 4 fields, found 3");
}

TEST_CASE("bad input: invalid UTF-8 in a UTF-8 file rejects that row only") {
    auto store = store_with_good_orders();
    const auto report = import_orders(store, "utf8.csv",
                                      "order_id,customer_id,order_date,amount,category\n"
                                      "B1,C010,2024-01-01,5.00,Caf\xC3\xA9\n"
                                      "B2,C011,2024-01-02,6.00,Caf\xFF\n");
    CHECK(report.rows_loaded == 1);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 3);
    CHECK(report.errors[0].column == 5);
    CHECK(report.errors[0].reason == "the text is not valid UTF-8");
    CHECK(report.errors[0].raw == "B2,C011,2024-01-02,6.00,Caf?");  // shown safely
}

TEST_CASE("a Latin-1 file is converted, not rejected") {
    auto store = Store::open(":memory:");
    const auto report = import_orders(store, "latin1.csv",
                                      "order_id,customer_id,order_date,amount,category\n"
                                      "B1,C010,2024-01-01,5.00,Caf\xE9\n");
    REQUIRE_FALSE(report.fatal_error);
    CHECK(report.encoding == "Latin-1");
    auto category = store.prepare("SELECT category FROM orders");
    REQUIRE(category.step());
    CHECK(category.column_text(0) == "Caf\xC3\xA9");
}

TEST_CASE("bad input: dates before 1900 or far in the future") {
    auto store = store_with_good_orders();
    const auto report = import_orders(store, "dates.csv",
                                      "order_id,customer_id,order_date,amount\n"
                                      "B1,C010,1899-12-31,5.00\n"
                                      "B2,C011,2150-06-01,6.00\n"
                                      "B3,C012,2024-02-30,7.00\n"
                                      "B4,C013,2024-02-29,8.00\n");
    CHECK(report.rows_loaded == 1);
    REQUIRE(report.errors.size() == 3);
    CHECK(report.errors[0].line == 2);
    CHECK(report.errors[0].column == 3);
    CHECK(report.errors[0].reason == "the date 1899-12-31 is before 1900-01-01");
    CHECK(report.errors[1].reason == "the date 2150-06-01 is after 2100-12-31");
    CHECK(report.errors[2].reason == "'2024-02-30' is not a date in the ISO 8601 layout");
}

TEST_CASE("bad input: amounts that are not numbers") {
    auto store = store_with_good_orders();
    const auto report = import_orders(store, "amounts.csv",
                                      "order_id,customer_id,order_date,amount\n"
                                      "B1,C010,2024-01-01,abc\n"
                                      "B2,C011,2024-01-02,12.3.4\n"
                                      "B3,C012,2024-01-03,(7.50)\n");
    CHECK(report.rows_loaded == 1);
    REQUIRE(report.errors.size() == 2);
    CHECK(describe(report.errors[0]) == "amounts.csv, line 2, column 4 (amount): 'abc' is not an amount");
    CHECK(report.errors[1].line == 3);
    CHECK(report.returns_flagged == 1);  // (7.50) is a refund: kept and flagged
    auto flagged = store.prepare("SELECT amount, is_return FROM orders WHERE order_id = 'B3'");
    REQUIRE(flagged.step());
    CHECK(flagged.column_double(0) == doctest::Approx(-7.5));
    CHECK(flagged.column_int(1) == 1);
}

TEST_CASE("bad input: duplicate order ids, in the file and against the store") {
    auto store = store_with_good_orders();
    const auto report = import_orders(store, "dupes.csv",
                                      "order_id,customer_id,order_date,amount\n"
                                      "B1,C010,2024-01-01,5.00\n"
                                      "B1,C011,2024-01-02,6.00\n"
                                      "A2,C012,2024-01-03,7.00\n");
    CHECK(report.rows_loaded == 1);
    REQUIRE(report.errors.size() == 2);
    CHECK(describe(report.errors[0]) == "dupes.csv, line 3, column 1 (order_id): order_id 'B1' appears twice in the file (first on line 2)");
    CHECK(describe(report.errors[1]) == "dupes.csv, line 4, column 1 (order_id): order_id 'A2' is already in the store");
    CHECK(store.count_rows("orders") == 4);
}

TEST_CASE("bad input: a 10 MB field is refused quickly") {
    auto store = store_with_good_orders();
    std::string text = "order_id,customer_id,order_date,amount,category\nB1,C010,2024-01-01,5.00,";
    text += std::string(10 * 1024 * 1024, 'x');
    text += "\nB2,C011,2024-01-02,6.00,Tea\n";
    const auto start = std::chrono::steady_clock::now();
    const auto report = import_orders(store, "huge.csv", text);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(seconds < 5.0);  // a guard against quadratic scanning, not a benchmark
    CHECK(report.rows_loaded == 1);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 2);
    CHECK(report.errors[0].column == 5);
    CHECK(report.errors[0].reason.find("field longer than") != std::string::npos);
    CHECK(report.errors[0].raw.size() <= 200);
}

TEST_CASE("bad input: 100,000 columns") {
    auto store = store_with_good_orders();
    std::string header;
    for (int i = 0; i < 100000; ++i) header += (i ? ",c" : "c") + std::to_string(i);
    const auto report = import_orders(store, "wide.csv", header + "\n" + header + "\n");
    REQUIRE(report.fatal_error);
    CHECK(report.fatal_error->find("wide.csv, line 1, column 4097") == 0);
    CHECK(report.fatal_error->find("more than 4096 fields") != std::string::npos);
    check_store_untouched(store);
}

TEST_CASE("limits: a file with more rows than an import reads is refused before anything is written") {
    auto store = store_with_good_orders();
    std::string text = "order_id,customer_id,order_date,amount\n";
    for (int i = 1; i <= 1001; ++i) text += "L" + std::to_string(i) + ",C9,2024-01-01,1.00\n";
    ImportOptions options;
    options.max_rows = 1000;
    const auto refused = import_orders(store, "long.csv", text, options);
    REQUIRE(refused.fatal_error);
    // Data row 1,001 is on line 1,002: the message names it and the limit.
    CHECK(refused.fatal_error->find("long.csv, line 1002: the file has more than 1,000 rows") == 0);
    CHECK(refused.rows_loaded == 0);
    check_store_untouched(store);

    // Exactly at the limit the file loads; the page's default is the limit in limits.hpp.
    options.max_rows = 1001;
    CHECK(import_orders(store, "long.csv", text, options).rows_loaded == 1001);
    CHECK(ImportOptions{}.max_rows == limits::max_import_rows);
}

TEST_CASE("re-importing the same file adds nothing; another file appends") {
    auto store = store_with_good_orders();
    const auto again = import_orders(store, "good-copy.csv", good_orders);
    REQUIRE(again.duplicate_of);
    CHECK(again.duplicate_of->find("'good.csv'") != std::string::npos);
    CHECK(again.rows_loaded == 0);
    check_store_untouched(store);

    const auto more = import_orders(store, "more.csv", "order_id,customer_id,order_date,amount\nA9,C003,2024-03-01,9.99\n");
    CHECK(more.rows_loaded == 1);
    CHECK(store.count_rows("orders") == 4);
    CHECK(store.count_rows("imports") == 2);
}

TEST_CASE("returns and refunds by status are kept, flagged and left out of purchases") {
    auto store = Store::open(":memory:");
    const auto report = import_orders(store, "status.csv",
                                      "order_id,customer_id,order_date,amount,status\n"
                                      "B1,C1,2024-01-01,20.00,paid\n"
                                      "B2,C1,2024-01-09,20.00,Refunded\n"
                                      "B3,C2,2024-01-10,15.00,paid\n");
    CHECK(report.rows_loaded == 3);
    CHECK(report.returns_flagged == 1);
    const auto metrics = metrics::compute_headline_metrics(load_dataset(store));
    CHECK(metrics.orders == 2);
    CHECK(*metrics.repeat_purchase_rate == doctest::Approx(0.0));  // C1's second order was refunded
}

TEST_CASE("day-month order is decided from the data, and asked when the data cannot tell") {
    auto store = Store::open(":memory:");
    const auto decided = import_orders(store, "dmy.csv",
                                       "order_id,customer_id,order_date,amount\nB1,C1,03/04/2024,1\nB2,C2,13/04/2024,1\n");
    REQUIRE_FALSE(decided.fatal_error);
    CHECK(decided.date_layout == "d/m/Y");
    auto day = store.prepare("SELECT order_date FROM orders WHERE order_id = 'B1'");
    REQUIRE(day.step());
    CHECK(day.column_text(0) == "2024-04-03");

    // A later file of the same shape keeps the order decided for this one...
    const std::string ambiguous = "order_id,customer_id,order_date,amount\nD1,C1,03/04/2024,1\nD2,C2,05/06/2024,1\n";
    auto remembered_store = Store::open(":memory:");
    REQUIRE(import_orders(remembered_store, "dmy.csv", "order_id,customer_id,order_date,amount\nB1,C1,13/04/2024,1\n").rows_loaded == 1);
    const auto remembered = import_orders(remembered_store, "ambiguous.csv", ambiguous);
    REQUIRE_FALSE(remembered.fatal_error);
    CHECK(remembered.date_layout == "d/m/Y");

    // ...but a store that has never seen this shape asks.
    auto fresh = Store::open(":memory:");
    const auto asked = import_orders(fresh, "ambiguous.csv", ambiguous);
    REQUIRE(asked.fatal_error);
    CHECK(asked.fatal_error->find("fits both day/month/year and month/day/year") != std::string::npos);
    CHECK(fresh.count_rows("orders") == 0);

    ImportJob job(fresh, "ambiguous.csv", ambiguous, {});
    auto progress = job.step(std::chrono::milliseconds(100));
    REQUIRE(progress.waiting);
    REQUIRE(job.question());
    CHECK(job.question()->choices.size() == 2);
    job.answer_date_layout(DateLayout::MonthDayYear);
    while (!progress.finished) progress = job.step(std::chrono::milliseconds(100));
    CHECK(job.report().rows_loaded == 2);
    auto answered = fresh.prepare("SELECT order_date FROM orders WHERE order_id = 'D1'");
    REQUIRE(answered.step());
    CHECK(answered.column_text(0) == "2024-03-04");
}

TEST_CASE("a corrected mapping is kept: the next file of the same shape maps itself") {
    auto store = Store::open(":memory:");
    ImportOptions options;
    options.mapping_overrides = {{"customer_id", "Kunde"}, {"order_date", "Tag"}, {"amount", "Betrag"}};
    const auto first = import_orders(store, "export-1.csv", "Beleg,Kunde,Tag,Betrag\nX1,K1,2024-05-01,3\n", options);
    REQUIRE_FALSE(first.fatal_error);
    CHECK(first.rows_loaded == 1);

    const auto unmapped = import_orders(store, "other-shape.csv", "Beleg,Kunde,Tag,Betrag,Extra\nX9,K9,2024-05-01,3,x\n");
    REQUIRE(unmapped.fatal_error);
    CHECK(unmapped.mapping_incomplete);  // the workbench then asks the user to map the columns
    CHECK(unmapped.fatal_error->find("no column for the required field(s) customer_id (or customer_email), order_date, amount (or unit_price)") != std::string::npos);

    const auto second = import_orders(store, "export-2.csv", "Beleg,Kunde,Tag,Betrag\nX2,K2,2024-05-02,4\n");
    REQUIRE_FALSE(second.fatal_error);
    CHECK(second.rows_loaded == 1);
}

TEST_CASE("a mapping override naming an unknown field or column is refused clearly") {
    auto store = Store::open(":memory:");
    ImportOptions options;
    options.mapping_overrides = {{"customer", "2"}};
    auto report = import_orders(store, "x.csv", good_orders, options);
    REQUIRE(report.fatal_error);
    CHECK(report.fatal_error->find("has no field 'customer'") != std::string::npos);
    options.mapping_overrides = {{"customer_id", "9"}};
    report = import_orders(store, "x.csv", good_orders, options);
    REQUIRE(report.fatal_error);
    CHECK(report.fatal_error->find("column 9 does not exist: the file has 4 columns") != std::string::npos);
}

TEST_CASE("the Dataset built while reading equals the one read back from the store") {
    auto store = store_with_good_orders();
    std::string text = "order_id,customer_id,order_date,amount\n";
    // Customer ids short and long (over 15 bytes they are kept apart from the short ones), and
    // long ones alike in their first 15 bytes.
    const auto customer_of = [](int i) {
        const auto n = std::to_string(i % 37);
        return i % 3 == 0 ? "C" + n : "customer-number-" + n;
    };
    for (int i = 0; i < 2000; ++i)
        text += "N" + std::to_string(i) + "," + customer_of(i) + ",2024-0" + std::to_string(1 + i % 9) + "-1" +
                std::to_string(i % 10) + "," + std::to_string(i % 50) + ".25\n";
    ImportJob job(store, "many.csv", text, {});
    jobs::Progress progress;
    bool dataset_before_writing = false;
    do {
        progress = job.step(std::chrono::milliseconds(0));
        if (job.phase() == ImportPhase::Writing && job.dataset()) dataset_before_writing = true;
    } while (!progress.finished);
    CHECK(dataset_before_writing);
    REQUIRE(job.report().rows_loaded == 2000);
    const auto from_parser = metrics::to_json(metrics::compute_headline_metrics(*job.dataset()));
    const auto from_store = metrics::to_json(metrics::compute_headline_metrics(load_dataset(store)));
    CHECK(from_parser == from_store);
    CHECK(from_parser["orders"] == 2003);
    CHECK(job.dataset()->customer_ids == load_dataset(store).customer_ids);
    CHECK(job.dataset()->customer_count() == 2 + 37 + 37);  // the store's C001 and C002, C0..C36, the long ones
}

TEST_CASE("cancelling an import, while reading or while writing, leaves the store as it was") {
    std::string text = "order_id,customer_id,order_date,amount\n";
    for (int i = 0; i < 5000; ++i) text += "N" + std::to_string(i) + ",C" + std::to_string(i % 100) + ",2024-03-01,1.00\n";
    for (const auto stop_in : {ImportPhase::Reading, ImportPhase::Writing}) {
        CAPTURE(static_cast<int>(stop_in));
        auto store = store_with_good_orders();
        ImportJob job(store, "cancel.csv", text, {});
        while (job.phase() != stop_in) job.step(std::chrono::milliseconds(0));
        job.step(std::chrono::milliseconds(0));  // a slice inside that phase
        REQUIRE(job.phase() == stop_in);
        job.cancel();
        CHECK(job.phase() == ImportPhase::Cancelled);
        CHECK(job.report().cancelled);
        check_store_untouched(store);
    }
}

TEST_CASE("a store from schema version 1 is migrated with its data") {
    const auto path = std::filesystem::temp_directory_path() / "touchpoint_v1_store.sqlite";
    std::filesystem::remove(path);
    {
        std::ifstream fixture(std::string(TOUCHPOINT_SOURCE_DIR) + "/tests/fixtures/store_v1.sql");
        REQUIRE(fixture);
        const std::string sql((std::istreambuf_iterator<char>(fixture)), std::istreambuf_iterator<char>());
        sqlite_exec_raw(path.string(), sql);
    }
    auto store = Store::open(path.string());
    CHECK(store.schema_version() == current_schema_version);
    CHECK(store.count_rows("sqlite_master WHERE name = 'orders_by_customer_date'") == 0);  // dropped in version 3
    CHECK(store.count_rows("orders") == 2);
    CHECK(store.count_rows("imports") == 0);
    auto order = store.prepare("SELECT amount, is_return, status FROM orders WHERE order_id = 'O2'");
    REQUIRE(order.step());
    CHECK(order.column_double(0) == doctest::Approx(14.0));
    CHECK(order.column_int(1) == 0);
    CHECK(order.column_is_null(2));
    const auto metrics = metrics::compute_headline_metrics(load_dataset(store));
    CHECK(*metrics.repeat_purchase_rate == doctest::Approx(1.0));
    std::filesystem::remove(path);
}

TEST_CASE("order ids out of order load when none repeats, and a repeat is caught wherever it comes") {
    auto store = Store::open(":memory:");
    const auto report = import_orders(store, "unsorted.csv",
                                      "order_id,customer_id,order_date,amount\n"
                                      "A10,C1,2024-01-01,1\n"
                                      "A20,C1,2024-01-02,1\n"
                                      "A15,C2,2024-01-03,1\n"   // the ids stop ascending here
                                      "A30,C2,2024-01-04,1\n"
                                      "A20,C3,2024-01-05,1\n");  // a repeat of line 3
    CHECK(report.rows_loaded == 4);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 6);
    CHECK(report.errors[0].reason == "order_id 'A20' appears twice in the file (first on line 3)");
}

TEST_CASE("rows are written as they were read: quoted values, rejected rows between, ids that stop ascending") {
    auto store = Store::open(":memory:");
    const auto report = import_orders(store, "quoted.csv",
                                      "order_id,customer_id,order_date,amount,category\n"
                                      "\"A\"\"1\",C1,2024-01-01,1.5,\"two\nlines\"\n"  // lines 2-3
                                      "A2,C1,not a date,1,x\n"                              // line 4: rejected
                                      "A3,C2,2024-01-02,2,\"say \"\"hi\"\"\"\n"        // line 5
                                      "A0,C3,2024-01-03,3,plain\n"                          // the ids stop ascending
                                      "\"A\"\"1\",C4,2024-01-04,4,again\n");              // line 7: a repeat of line 2
    CHECK(report.rows_loaded == 3);
    REQUIRE(report.errors.size() == 2);
    CHECK(report.errors[0].line == 4);
    CHECK(report.errors[1].line == 7);
    CHECK(report.errors[1].reason == "order_id 'A\"1' appears twice in the file (first on line 2)");
    auto row = store.prepare("SELECT order_id, customer_id, order_date, amount, category FROM orders ORDER BY rowid");
    REQUIRE(row.step());
    CHECK(row.column_text(0) == "A\"1");
    CHECK(row.column_text(4) == "two\nlines");
    CHECK(row.column_double(3) == 1.5);
    REQUIRE(row.step());
    CHECK(row.column_text(0) == "A3");
    CHECK(row.column_text(2) == "2024-01-02");
    CHECK(row.column_text(4) == "say \"hi\"");
    REQUIRE(row.step());
    CHECK(row.column_text(0) == "A0");
    CHECK(row.column_text(1) == "C3");
    CHECK_FALSE(row.step());
}

TEST_CASE("the rejected rows export as CSV, quoted where needed") {
    auto store = Store::open(":memory:");
    const auto report = import_orders(store, "export.csv",
                                      "order_id,customer_id,order_date,amount\n"
                                      "B1,C1,2024-01-01,\"1,5x\"\n"
                                      "B2,C2,2024-01-02,2\n");
    REQUIRE(report.errors.size() == 1);
    CHECK(rejected_rows_csv(report) ==
          "file,line,column,column_name,reason,raw\r\n"
          "export.csv,2,4,amount,\"'1,5x' is not an amount\",\"B1,C1,2024-01-01,\"\"1,5x\"\"\"\r\n");
}
