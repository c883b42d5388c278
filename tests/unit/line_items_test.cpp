// The rules of docs/import.md on small files written here, each worked by hand: line items
// grouped into orders, lines that contradict their order, totals against lines, guests,
// orders that are not purchases, and headers written every which way.
#include "touchpoint/data/importer.hpp"
#include "golden_files.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace touchpoint::data;

namespace {

struct StoredOrder {
    std::string order_id, customer_id, order_date;
    double amount = 0;
    std::string quantity, category, channel, flag;
    std::int64_t is_return = 0;
};

std::vector<StoredOrder> stored_orders(Store& store) {
    std::vector<StoredOrder> orders;
    auto rows = store.prepare(
        "SELECT order_id, customer_id, order_date, amount, COALESCE(quantity, ''), COALESCE(category, ''), COALESCE(channel, ''),"
        " COALESCE(flag, ''), is_return FROM orders ORDER BY rowid");
    while (rows.step())
        orders.push_back({std::string(rows.column_text(0)), std::string(rows.column_text(1)), std::string(rows.column_text(2)),
                          rows.column_double(3), std::string(rows.column_text(4)), std::string(rows.column_text(5)),
                          std::string(rows.column_text(6)), std::string(rows.column_text(7)), rows.column_int(8)});
    return orders;
}

const ReasonGroup* reason_containing(const ImportReport& report, std::string_view words) {
    for (const auto& group : report.reasons)
        if (group.reason.find(words) != std::string::npos) return &group;
    return nullptr;
}

}  // namespace

TEST_CASE("line items: an order's lines anywhere in the file become one order") {
    auto store = Store::open(":memory:");
    const std::string file =
        "invoice,customer,date,sku,category,quantity,unit_price,channel\n"
        "1001,K1,2024-03-01 09:15,P1,mugs,2,4.50,web\n"        // line 2
        "1002,K2,2024-03-01 10:00,P2,plates,1,12.00,\n"        // line 3
        "1001,K1,2024-03-01 09:15,P3,plates,1,10.00,\n"        // line 4
        "1001,K1,2024-03-01 09:15,P4,mugs,3,1.00,\n"           // line 5: mugs 9.00 + 3.00 = 12.00 > plates 10.00
        "1002,K2,2024-03-01 10:00,P5,mugs,4,0.50,shop\n";      // line 6
    const auto report = import_file(store, "lines.csv", file, {});
    REQUIRE_FALSE(report.fatal_error);
    CHECK(report.line_items);
    CHECK(report.rows_read == 5);
    CHECK(report.orders == 2);
    CHECK(report.customers == 2);
    CHECK(report.purchases == 2);
    CHECK(summary_line(report) == "5 lines read as 2 orders of 2 customers: 2 purchases");
    const auto orders = stored_orders(store);
    REQUIRE(orders.size() == 2);
    CHECK(orders[0].order_id == "1001");
    CHECK(orders[0].customer_id == "K1");
    CHECK(orders[0].order_date == "2024-03-01");
    CHECK(orders[0].amount == doctest::Approx(22.00));  // 2 x 4.50 + 10.00 + 3 x 1.00
    CHECK(orders[0].quantity == "6");
    CHECK(orders[0].category == "mugs");
    CHECK(orders[0].channel == "web");
    CHECK(orders[1].amount == doctest::Approx(14.00));  // 12.00 + 4 x 0.50
    CHECK(orders[1].quantity == "5");
    CHECK(orders[1].category == "plates");  // 12.00 against 2.00
    CHECK(orders[1].channel == "shop");     // the first channel given
    REQUIRE(report.preview.size() == 2);
    CHECK(report.preview[0].lines == 3);
    CHECK(report.preview[0].amount == doctest::Approx(22.00));
}

TEST_CASE("line items: a line with another customer or another day is rejected; its order keeps the rest") {
    auto store = Store::open(":memory:");
    const std::string file =
        "invoice,customer,date,sku,quantity,unit_price\n"
        "1,K1,2024-03-01,P1,1,5.00\n"
        "1,K2,2024-03-01,P2,1,7.00\n"   // line 3: another customer
        "1,K1,2024-03-02,P3,1,9.00\n"   // line 4: another day
        "1,K1,2024-03-01,P4,2,1.00\n";
    const auto report = import_file(store, "conflicts.csv", file, {});
    REQUIRE_FALSE(report.fatal_error);
    CHECK(report.orders == 1);
    CHECK(report.rows_rejected == 2);
    REQUIRE(report.errors.size() == 2);
    CHECK(report.errors[0].line == 3);
    CHECK(report.errors[0].column == 2);
    CHECK(report.errors[0].reason.find("customer 'K2' differs from order '1' (first on line 2)'s customer 'K1'") != std::string::npos);
    CHECK(report.errors[1].line == 4);
    CHECK(report.errors[1].column == 3);
    CHECK(report.errors[1].reason.find("2024-03-02") != std::string::npos);
    const auto orders = stored_orders(store);
    REQUIRE(orders.size() == 1);
    CHECK(orders[0].amount == doctest::Approx(7.00));  // 5.00 + 2 x 1.00
}

TEST_CASE("line items: the total column wins over the lines, and a disagreement is counted once") {
    auto store = Store::open(":memory:");
    const std::string file =
        "order_number,email,created,total,sku,qty,unit_price\n"
        "A1,a@x.org,2024-01-05,20.00,P1,1,10.00\n"
        "A1,,,,P2,1,10.00\n"                        // the total and customer on the first line only
        "A2,b@x.org,2024-01-06,30.00,P1,1,10.00\n"  // 30.00 against 10.00
        "A3,b@x.org,2024-01-07,,P1,2,10.00\n"       // no total: the lines' 20.00
        "A4,c@x.org,2024-01-08,99.00,P1,1,10.00\n"; // 99.00 against 10.00
    const auto report = import_file(store, "totals.csv", file, {});
    REQUIRE_FALSE(report.fatal_error);
    CHECK(report.orders == 4);
    CHECK(report.total_mismatches == 2);
    CHECK(report.rows_rejected == 0);
    const auto orders = stored_orders(store);
    REQUIRE(orders.size() == 4);
    CHECK(orders[0].amount == doctest::Approx(20.00));
    CHECK(orders[0].customer_id == "a@x.org");
    CHECK(orders[1].amount == doctest::Approx(30.00));
    CHECK(orders[2].amount == doctest::Approx(20.00));
    CHECK(orders[3].amount == doctest::Approx(99.00));
}

TEST_CASE("guests: a line with no customer takes the e-mail; with neither it is counted once as guest lines") {
    auto store = Store::open(":memory:");
    const std::string file =
        "order_id,customer_id,email,order_date,amount\n"
        "1,K1,,2024-01-05,10\n"
        "2,,Ann@Example.ORG,2024-01-06,20\n"
        "3,,,2024-01-07,30\n"  // line 4: a guest
        "4,,,2024-01-08,40\n"  // line 5: a guest
        "5,,ann@example.org,2024-02-06,25\n";
    const auto report = import_file(store, "guests.csv", file, {});
    REQUIRE_FALSE(report.fatal_error);
    CHECK_FALSE(report.line_items);
    CHECK(report.orders == 3);
    CHECK(report.customers == 2);
    CHECK(report.guest_lines == 2);
    CHECK(report.rows_rejected == 0);
    CHECK(report.errors.empty());  // guest lines are left out by a rule, not rejected
    const auto* guests = reason_containing(report, "guest");
    REQUIRE(guests);
    CHECK(guests->skipped);
    CHECK(guests->count == 2);
    REQUIRE(guests->examples.size() == 2);
    CHECK(guests->examples[0].line == 4);
    CHECK(guests->examples[1].line == 5);
    const auto orders = stored_orders(store);
    REQUIRE(orders.size() == 3);
    CHECK(orders[1].customer_id == "ann@example.org");
    CHECK(orders[2].customer_id == "ann@example.org");
}

TEST_CASE("not every order is a purchase: cancelled, voided, failed, uncaptured, refunded and partly refunded") {
    auto store = Store::open(":memory:");
    const std::string file =
        "order_id,customer_id,order_date,amount,status,cancelled_at,refunded_amount,captured\n"
        "1,K1,2024-01-05,10,paid,,,true\n"                      // purchase 10
        "2,K1,2024-01-06,20,paid,2024-01-07,,true\n"            // cancelled (a cancellation date)
        "3,K1,2024-01-07,30,Voided,,,true\n"                    // cancelled (void)
        "4,K2,2024-01-08,40,Failed,,,false\n"                   // failed
        "5,K2,2024-01-09,50,paid,,,false\n"                     // failed (not captured)
        "6,K2,2024-01-10,60,refunded,,60,true\n"                // refund
        "7,K2,2024-01-11,70,partially_refunded,,20,true\n"      // purchase of 50
        "8,K3,2024-01-12,-15,paid,,,true\n"                     // refund (negative)
        "9,K3,2024-01-13,80,paid,,80,true\n"                    // refund (refunded in full)
        "10,K3,2024-01-14,0,paid,,,true\n";                     // a purchase of 0 is a purchase
    const auto report = import_file(store, "flags.csv", file, {});
    REQUIRE_FALSE(report.fatal_error);
    CHECK(report.orders == 10);
    CHECK(report.purchases == 3);
    CHECK(report.cancelled_orders == 2);
    CHECK(report.failed_payments == 2);
    CHECK(report.returns_flagged == 3);
    const auto orders = stored_orders(store);
    REQUIRE(orders.size() == 10);
    const std::vector<std::string> flags{"", "cancelled", "cancelled", "failed", "failed", "refund", "", "refund", "refund", ""};
    for (std::size_t i = 0; i < orders.size(); ++i) {
        CAPTURE(i);
        CHECK(orders[i].flag == flags[i]);
        CHECK(orders[i].is_return == (flags[i].empty() ? 0 : 1));
    }
    CHECK(orders[6].amount == doctest::Approx(50.0));
    const auto dataset = load_dataset(store);
    CHECK(dataset.order_count() == 3);
}

TEST_CASE("UCI-style invoices: C + digits cancels, ids written as 13085.0 are whole numbers") {
    auto store = Store::open(":memory:");
    const std::string file =
        "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
        "489434,85048,\"LIGHTS, 20\",12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n"
        "C489449,22087,PAPER BUNTING,-12,2009-12-01 10:33:00,2.95,16321.0,Australia\n"
        "489435,22350,CAT BOWL,12,2009-12-01 07:46:00,2.55,,United Kingdom\n"
        "489434,79323P,\"RECORD FRAME 7\"\" SINGLE\",48,2009-12-01 07:45:00,2.10,13085.0,United Kingdom\n";
    const auto report = import_file(store, "uci.csv", file, {});
    REQUIRE_FALSE(report.fatal_error);
    CHECK(report.recognised_export == "UCI Online Retail II");
    CHECK(report.orders == 2);
    CHECK(report.purchases == 1);
    CHECK(report.cancelled_orders == 1);
    CHECK(report.guest_lines == 1);
    const auto orders = stored_orders(store);
    REQUIRE(orders.size() == 2);
    CHECK(orders[0].customer_id == "13085");
    CHECK(orders[0].amount == doctest::Approx(12 * 6.95 + 48 * 2.10));
    CHECK(orders[0].quantity == "60");
    CHECK(orders[1].order_id == "C489449");
    CHECK(orders[1].flag == "cancelled");
    CHECK(orders[1].amount == doctest::Approx(-35.40));
}

TEST_CASE("headers match ignoring case, spaces, punctuation and camelCase") {
    auto store = Store::open(":memory:");
    const auto camel = import_file(store, "camel.csv", "orderId,customerId,orderDate,totalAmount\nA1,K1,2024-01-05,10\n", {});
    REQUIRE_FALSE(camel.fatal_error);
    CHECK(camel.rows_loaded == 1);
    const auto spaced = import_file(store, "spaced.csv", "Order #,Customer ID,Order Date,Grand-Total\nA2,K1,2024-02-05,12\n", {});
    REQUIRE_FALSE(spaced.fatal_error);
    CHECK(spaced.rows_loaded == 1);
    CHECK(normalise_header("InvoiceDate") == "invoice_date");
    CHECK(normalise_header("customerID") == "customer_id");
    CHECK(normalise_header("HTTPStatus") == "http_status");
    CHECK(normalise_header("Created date (UTC)") == "created_date_utc");
    CHECK(header_key("Customer ID") == header_key("customerId"));
}

TEST_CASE("repeated order ids in a file that is not line items stay an error") {
    auto store = Store::open(":memory:");
    const auto report =
        import_file(store, "repeat.csv", "order_id,customer_id,order_date,amount\nA1,K1,2024-01-05,10\nA1,K2,2024-01-06,12\n", {});
    REQUIRE_FALSE(report.fatal_error);
    CHECK_FALSE(report.line_items);
    CHECK(report.rows_loaded == 1);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 3);
    CHECK(report.errors[0].reason.find("appears twice") != std::string::npos);
}

TEST_CASE("a semicolon file with 2% impossible dates imports, the misfits rejected row by row and grouped") {
    auto store = Store::open(":memory:");
    std::string file = "Bestellung;Kunde;Datum;Betrag\n";
    for (int i = 1; i <= 100; ++i) {
        const bool impossible = i % 50 == 0;  // rows 50 and 100: two in a hundred
        const std::string day = impossible ? "31.02.2023" : std::to_string(1 + i % 28) + ".03.2023";
        file += "B" + std::to_string(i) + ";K" + std::to_string(i % 7) + ";" + day + ";12,50\n";
    }
    ImportOptions options;
    options.mapping_overrides = {{"order_id", "Bestellung"}, {"customer_id", "Kunde"}, {"order_date", "Datum"}, {"amount", "Betrag"}};
    const auto report = import_file(store, "semikolon.csv", file, options);
    REQUIRE_FALSE(report.fatal_error);
    CHECK(report.date_layout == "d.m.Y");
    CHECK(report.rows_loaded == 98);
    CHECK(report.rows_rejected == 2);
    REQUIRE(report.reasons.size() == 1);
    CHECK(report.reasons[0].reason == "Datum: not a date in the d.m.Y layout");
    CHECK(report.reasons[0].count == 2);
    REQUIRE(report.reasons[0].examples.size() == 2);
    CHECK(report.reasons[0].examples[0].line == 51);
    CHECK(report.reasons[0].examples[1].line == 101);
}

TEST_CASE("a workbook imports through the same path, its messages naming the sheet and cell") {
    const std::string exports = std::string(TOUCHPOINT_SOURCE_DIR) + "/tests/fixtures/exports/";
    auto store = Store::open(":memory:");
    const auto report = import_file(store, "orders_workbook.xlsx", touchpoint::testing::read_text(exports + "orders_workbook.xlsx"), {});
    REQUIRE_FALSE(report.fatal_error);
    CHECK(report.encoding == "Excel workbook");
    CHECK(report.sheet == "Order lines");
    CHECK(summary_line(report) == "6 lines read as 4 orders of 3 customers: 3 purchases, 1 cancelled; 1 guest line left out");
    const auto* guests = reason_containing(report, "guest");
    REQUIRE(guests);
    REQUIRE(guests->examples.size() == 1);
    CHECK(describe(guests->examples[0]).starts_with("orders_workbook.xlsx, sheet 'Order lines', row 6: "));
    const auto orders = stored_orders(store);
    REQUIRE(orders.size() == 4);
    CHECK(orders[0].amount == doctest::Approx(22.50));  // 2 x 5.00 + 12.50, the date a real spreadsheet date
    CHECK(orders[0].order_date == "2024-03-01");

    // Another sheet, chosen by name: it holds no orders, and the mapping it lacks is asked for.
    ImportOptions notes;
    notes.sheet = "Notes";
    auto other = Store::open(":memory:");
    const auto refused = import_file(other, "orders_workbook.xlsx", touchpoint::testing::read_text(exports + "orders_workbook.xlsx"), notes);
    REQUIRE(refused.fatal_error);
    CHECK(refused.fatal_error->starts_with("orders_workbook.xlsx, sheet 'Notes', row 1: no column for the required field(s)"));
    CHECK(other.count_rows("orders") == 0);

    const std::string xlsx = std::string(TOUCHPOINT_SOURCE_DIR) + "/tests/fixtures/xlsx/";
    const auto formula = import_file(other, "formula.xlsx", touchpoint::testing::read_text(xlsx + "formula_without_value.xlsx"), {});
    REQUIRE(formula.fatal_error);
    CHECK(formula.fatal_error->find("formula.xlsx: ") == 0);
    CHECK(formula.fatal_error->find("cell") != std::string::npos);
    const auto not_zip = import_file(other, "not_a_zip.xlsx", touchpoint::testing::read_text(xlsx + "not_a_zip.xlsx"), {});
    REQUIRE(not_zip.fatal_error);
    CHECK(not_zip.fatal_error->find("not_a_zip.xlsx") == 0);
    CHECK(other.count_rows("orders") == 0);
}
