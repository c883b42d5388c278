#include "widgets/dataset_tables.hpp"
#include "widgets/table_view.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

using namespace touchpoint::widgets;

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

std::string shown(CellKind kind, double value) { return std::string(format_cell(kind, value).view()); }

// Customer | Amount (Money) | Day (Date) | Items (Count)
std::shared_ptr<ColumnarTable> small_orders() {
    auto table = std::make_shared<ColumnarTable>();
    table->add_text_column("Customer", {"carol", "alice", "Bob", "alice", "Dave"});
    table->add_number_column("Amount", CellKind::Money, {10, 9, 100, -5, 9});
    table->add_number_column("Day", CellKind::Date, {19875, 0, 19723, nan_value, 19875});
    table->add_number_column("Items", CellKind::Count, {1, 2, 1, 3, 1200});
    return table;
}

TableOrderSpec sort_by(std::size_t column, bool descending) {
    TableOrderSpec spec;
    spec.sort = SortKey{column, descending};
    return spec;
}

}  // namespace

TEST_CASE("the natural order lists every row once, first to last") {
    CHECK(natural_order(4) == std::vector<std::uint32_t>{0, 1, 2, 3});
    CHECK(natural_order(0).empty());
}

TEST_CASE("dates read as YYYY-MM-DD from day numbers") {
    CHECK(shown(CellKind::Date, 0) == "1970-01-01");
    CHECK(shown(CellKind::Date, -1) == "1969-12-31");
    CHECK(shown(CellKind::Date, 19723) == "2024-01-01");  // 54 years, 13 of them leap
    CHECK(shown(CellKind::Date, 19875) == "2024-06-01");  // + 31 + 29 + 31 + 30 + 31
    CHECK(shown(CellKind::Date, 18993) == "2022-01-01");
}

TEST_CASE("money has thousands separators and two decimals") {
    CHECK(shown(CellKind::Money, 1234.5) == "1,234.50");
    CHECK(shown(CellKind::Money, -12) == "-12.00");
    CHECK(shown(CellKind::Money, 1234567.891) == "1,234,567.89");
    CHECK(shown(CellKind::Money, 999.999) == "1,000.00");
    CHECK(shown(CellKind::Money, 0) == "0.00");
    CHECK(shown(CellKind::Money, -0.001) == "0.00");
    CHECK(shown(CellKind::Money, 999) == "999.00");
}

TEST_CASE("counts, numbers and percents") {
    CHECK(shown(CellKind::Count, 1031460) == "1,031,460");
    CHECK(shown(CellKind::Count, 1000) == "1,000");
    CHECK(shown(CellKind::Count, 999) == "999");
    CHECK(shown(CellKind::Count, 0) == "0");
    CHECK(shown(CellKind::Count, -1234) == "-1,234");
    CHECK(shown(CellKind::Number, 1234.5) == "1,234.5");
    CHECK(shown(CellKind::Number, 3) == "3");
    CHECK(shown(CellKind::Number, 0.25) == "0.25");
    CHECK(shown(CellKind::Number, 0.001) == "0.001");
    CHECK(shown(CellKind::Percent, 0.25) == "25.0%");
    CHECK(shown(CellKind::Percent, 1) == "100.0%");
    CHECK(shown(CellKind::Percent, 0.123) == "12.3%");
    CHECK(shown(CellKind::Percent, -0.05) == "-5.0%");
}

TEST_CASE("a missing value reads as an empty cell in every kind") {
    for (CellKind kind : {CellKind::Count, CellKind::Number, CellKind::Money, CellKind::Percent, CellKind::Date})
        CHECK(shown(kind, nan_value).empty());
    auto table = small_orders();
    CHECK(cell_text(*table, 3, 2).empty());
    CHECK(cell_text(*table, 0, 0) == "carol");
    CHECK(cell_text(*table, 4, 3) == "1,200");
}

TEST_CASE("sorting numbers compares numbers, keeps ties in natural order and puts missing values last") {
    auto table = small_orders();
    // Amounts 10, 9, 100, -5, 9: as text "100" < "9" would win; as numbers -5 < 9 = 9 < 10 < 100.
    CHECK(compute_order(*table, sort_by(1, false)) == std::vector<std::uint32_t>{3, 1, 4, 0, 2});
    CHECK(compute_order(*table, sort_by(1, true)) == std::vector<std::uint32_t>{2, 0, 1, 4, 3});
    // Days 19875, 0, 19723, missing, 19875.
    CHECK(compute_order(*table, sort_by(2, false)) == std::vector<std::uint32_t>{1, 2, 0, 4, 3});
    CHECK(compute_order(*table, sort_by(2, true)) == std::vector<std::uint32_t>{0, 4, 2, 1, 3});
}

TEST_CASE("sorting texts ignores letter case and keeps ties in natural order") {
    auto table = small_orders();
    // carol, alice, Bob, alice, Dave
    CHECK(compute_order(*table, sort_by(0, false)) == std::vector<std::uint32_t>{1, 3, 2, 0, 4});
    CHECK(compute_order(*table, sort_by(0, true)) == std::vector<std::uint32_t>{4, 0, 2, 1, 3});
}

TEST_CASE("a second key breaks ties of the first") {
    auto table = small_orders();
    TableOrderSpec spec = sort_by(0, false);  // alice (rows 1 and 3) tie
    spec.then_by = SortKey{1, false};         // amounts 9 and -5
    CHECK(compute_order(*table, spec) == std::vector<std::uint32_t>{3, 1, 2, 0, 4});
    spec.then_by = SortKey{1, true};
    CHECK(compute_order(*table, spec) == std::vector<std::uint32_t>{1, 3, 2, 0, 4});
}

TEST_CASE("the filter finds a substring of the shown text, ignoring case") {
    auto table = small_orders();
    TableOrderSpec spec;
    spec.filter = "ALI";
    CHECK(compute_order(*table, spec) == std::vector<std::uint32_t>{1, 3});
    spec.filter = "b";  // "Bob" only; no other cell holds a b
    CHECK(compute_order(*table, spec) == std::vector<std::uint32_t>{2});
    spec.filter = "1,2";  // the shown count "1,200" of row 4
    CHECK(compute_order(*table, spec) == std::vector<std::uint32_t>{4});
    spec.filter = "2024-06";  // shown dates of rows 0 and 4
    CHECK(compute_order(*table, spec) == std::vector<std::uint32_t>{0, 4});
    spec.filter_columns = {0};  // only the customer column: no match
    CHECK(compute_order(*table, spec).empty());
    spec.filter = "";
    CHECK(compute_order(*table, spec) == std::vector<std::uint32_t>{0, 1, 2, 3, 4});
    CHECK(contains_ignoring_case("Hello World", "o w"));
    CHECK_FALSE(contains_ignoring_case("Hello", "hello!"));
}

TEST_CASE("filter and sort together") {
    auto table = small_orders();
    TableOrderSpec spec = sort_by(1, true);
    spec.filter = "a";  // carol, alice, alice, Dave: rows 0, 1, 3, 4 with amounts 10, 9, -5, 9
    CHECK(compute_order(*table, spec) == std::vector<std::uint32_t>{0, 1, 4, 3});
}

TEST_CASE("the order job sliced thinly gives the same rows as in one go, and the same as a plain stable sort") {
    // 100,000 rows with many ties and some missing values.
    const std::size_t row_count = 100'000;
    std::vector<std::string> names(row_count);
    std::vector<double> amounts(row_count), days(row_count);
    std::uint64_t state = 12345;
    auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>(state >> 33);
    };
    for (std::size_t row = 0; row < row_count; ++row) {
        names[row] = "c" + std::to_string(next() % 5000);
        amounts[row] = next() % 50 == 0 ? nan_value : static_cast<double>(next() % 2000) / 4.0 - 100.0;
        days[row] = 19000 + static_cast<double>(next() % 900);
    }
    auto table = std::make_shared<ColumnarTable>();
    table->add_text_column("Customer", names);
    table->add_number_column("Amount", CellKind::Money, amounts);
    table->add_number_column("Day", CellKind::Date, days);

    TableOrderSpec spec;
    spec.filter = "7";
    spec.sort = SortKey{1, true};
    spec.then_by = SortKey{0, false};

    TableOrderJob whole(table, spec);
    const auto whole_progress = whole.step(std::chrono::hours(1));
    REQUIRE(whole_progress.finished);
    REQUIRE(whole.finished());
    const std::vector<std::uint32_t> expected_rows = whole.order();

    TableOrderJob sliced(table, spec, TableOrderTuning{97, 1000});
    int steps = 0;
    double last_fraction = 0;
    while (!sliced.finished()) {
        const auto progress = sliced.step(std::chrono::milliseconds(0));
        CHECK(progress.fraction >= last_fraction);
        CHECK(progress.fraction <= 1.0);
        last_fraction = progress.fraction;
        ++steps;
    }
    CHECK(steps > 1000);  // really many slices: filter, keys, runs and every merge pass
    CHECK(sliced.order() == expected_rows);

    // The reference: filter by hand, then a stable sort with the same rule.
    std::vector<std::uint32_t> reference;
    for (std::uint32_t row = 0; row < row_count; ++row) {
        bool matches = false;
        for (std::size_t column = 0; column < 3; ++column)
            if (cell_text(*table, row, column).find('7') != std::string::npos) matches = true;
        if (matches) reference.push_back(row);
    }
    std::stable_sort(reference.begin(), reference.end(), [&](std::uint32_t a, std::uint32_t b) {
        const double x = amounts[a], y = amounts[b];
        if (std::isnan(x) != std::isnan(y)) return std::isnan(y);  // missing last
        if (!std::isnan(x) && x != y) return x > y;
        return names[a] < names[b];  // all lower case: case-insensitive is plain order here
    });
    REQUIRE(reference.size() > 10'000);
    CHECK(reference.size() < row_count);
    CHECK(expected_rows == reference);
}

TEST_CASE("a cancelled order job stops and reports it") {
    auto table = small_orders();
    TableOrderJob job(table, sort_by(1, false), TableOrderTuning{1, 1});
    job.step(std::chrono::milliseconds(0));
    job.cancel();
    CHECK(job.finished());
    CHECK(job.cancelled());
    CHECK(job.step(std::chrono::milliseconds(0)).finished);
}

TEST_CASE("copying gives tab-separated rows with a header, cells as shown, in view order") {
    auto table = small_orders();
    const auto order = compute_order(*table, sort_by(1, true));  // rows 2, 0, 1, 4, 3
    const std::vector<std::size_t> selected{0, 2, 4};            // rows 2, 1, 3
    CHECK(copy_as_tsv(*table, order, selected) ==
          "Customer\tAmount\tDay\tItems\n"
          "Bob\t100.00\t2024-01-01\t1\n"
          "alice\t9.00\t1970-01-01\t2\n"
          "alice\t-5.00\t\t3\n");
    CHECK(copy_as_tsv(*table, order, {}) == "Customer\tAmount\tDay\tItems\n");

    ColumnarTable awkward;
    awkward.add_text_column("Note", {"two\twords", "line\nbreak"});
    CHECK(copy_as_tsv(awkward, natural_order(2), std::vector<std::size_t>{0, 1}) == "Note\ntwo words\nline break\n");
}

TEST_CASE("row selection: click, Ctrl+click, Shift+click range, select all") {
    RowSelection selection;
    selection.reset(10);
    selection.click(2, false, false);
    CHECK(selection.positions() == std::vector<std::size_t>{2});
    selection.click(5, true, false);
    CHECK(selection.positions() == std::vector<std::size_t>{2, 3, 4, 5});
    selection.click(7, false, true);
    CHECK(selection.positions() == std::vector<std::size_t>{2, 3, 4, 5, 7});
    selection.click(3, false, true);  // toggles 3 off; the range now starts at 3
    CHECK(selection.positions() == std::vector<std::size_t>{2, 4, 5, 7});
    selection.click(0, true, false);
    CHECK(selection.positions() == std::vector<std::size_t>{0, 1, 2, 3});
    CHECK(selection.count() == 4);
    selection.select_all();
    CHECK(selection.count() == 10);
    CHECK(selection.contains(9));
    selection.click(1, false, false);
    CHECK(selection.positions() == std::vector<std::size_t>{1});
    selection.click(42, false, false);  // outside the view: ignored
    CHECK(selection.count() == 1);
    selection.reset(3);
    CHECK(selection.count() == 0);
}

namespace {
// a: two orders, b: one, c: three; orders sorted by date within a customer.
std::shared_ptr<const touchpoint::data::Dataset> small_dataset() {
    auto dataset = std::make_shared<touchpoint::data::Dataset>();
    dataset->customer_ids = {"a", "b", "c"};
    dataset->order_offsets = {0, 2, 3, 6};
    dataset->order_days = {19875, 19880, 19000, 19723, 19724, 19875};
    dataset->order_amounts = {10, 20.5, 5, 1000, 234.5, -10};
    return dataset;
}
}  // namespace

TEST_CASE("the orders table shows one row per order with its customer") {
    auto orders = std::make_shared<OrdersTable>(small_dataset());
    REQUIRE(orders->row_count() == 6);
    REQUIRE(orders->column_count() == 3);
    CHECK(orders->column(0).name == "Customer");
    CHECK(orders->column(1).kind == CellKind::Date);
    CHECK(orders->column(2).kind == CellKind::Money);
    const std::vector<std::size_t> all{0, 1, 2, 3, 4, 5};
    CHECK(copy_as_tsv(*orders, natural_order(6), all) ==
          "Customer\tOrder date\tAmount\n"
          "a\t2024-06-01\t10.00\n"
          "a\t2024-06-06\t20.50\n"
          "b\t2022-01-08\t5.00\n"
          "c\t2024-01-01\t1,000.00\n"
          "c\t2024-01-02\t234.50\n"
          "c\t2024-06-01\t-10.00\n");
    CHECK(orders->customer_of(4) == 2);
    CHECK(compute_order(*orders, sort_by(OrdersTable::amount, true)) == std::vector<std::uint32_t>{3, 4, 1, 0, 2, 5});
    TableOrderSpec spec = sort_by(OrdersTable::order_date, false);
    spec.filter = "c";
    CHECK(compute_order(*orders, spec) == std::vector<std::uint32_t>{3, 4, 5});
}

TEST_CASE("the customers table sums each customer's orders") {
    auto customers = std::make_shared<CustomersTable>(small_dataset());
    REQUIRE(customers->row_count() == 3);
    REQUIRE(customers->column_count() == 6);
    CHECK(customers->number(0, CustomersTable::total_spent) == doctest::Approx(30.5));
    CHECK(customers->number(2, CustomersTable::total_spent) == doctest::Approx(1224.5));
    CHECK(customers->number(2, CustomersTable::average_order) == doctest::Approx(1224.5 / 3));
    CHECK(customers->number(1, CustomersTable::orders) == 1);
    const std::vector<std::size_t> all{0, 1, 2};
    CHECK(copy_as_tsv(*customers, natural_order(3), all) ==
          "Customer\tOrders\tFirst order\tLast order\tTotal spent\tAverage order\n"
          "a\t2\t2024-06-01\t2024-06-06\t30.50\t15.25\n"
          "b\t1\t2022-01-08\t2022-01-08\t5.00\t5.00\n"
          "c\t3\t2024-01-01\t2024-06-01\t1,224.50\t408.17\n");
    CHECK(compute_order(*customers, sort_by(CustomersTable::total_spent, true)) == std::vector<std::uint32_t>{2, 0, 1});
    CHECK(compute_order(*customers, sort_by(CustomersTable::last_order, false)) == std::vector<std::uint32_t>{1, 2, 0});
}
