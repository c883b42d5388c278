// Shop exports as they come, imported with no help (no mapping overrides): each fixture of
// tests/fixtures/exports against the figures worked by hand from docs/import.md in
// tests/golden/imports, and the real Online Retail II year against the pandas oracle
// (scripts/oracle/online_retail_ii.py). The report's counts, what the store holds, and the
// headline figures read back from the store must all agree with the golden file.
#include "touchpoint/data/importer.hpp"
#include "touchpoint/metrics/headline.hpp"

#include "golden_files.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <numeric>
#include <set>
#include <string>
#include <vector>

using namespace touchpoint;
using namespace touchpoint::data;

namespace {

const std::string fixtures_dir = std::string(TOUCHPOINT_SOURCE_DIR) + "/tests/fixtures/exports/";

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::int64_t cents(double amount) { return std::llround(amount * 100.0); }

// "a, b, c": ids that a failed check can print.
std::string joined(const std::vector<std::string>& ids) {
    std::string text;
    for (const auto& id : ids) text += (text.empty() ? "" : ", ") + id;
    return text;
}

// The store's own count of orders, purchases and each flag.
struct StoredCounts {
    std::int64_t orders = 0, purchases = 0, refunds = 0, cancelled = 0, failed = 0;
};

StoredCounts stored_counts(Store& store) {
    auto row = store.prepare(
        "SELECT count(*), coalesce(sum(is_return = 0), 0), coalesce(sum(flag = 'refund'), 0),"
        " coalesce(sum(flag = 'cancelled'), 0), coalesce(sum(flag = 'failed'), 0) FROM orders");
    REQUIRE(row.step());
    return {row.column_int(0), row.column_int(1), row.column_int(2), row.column_int(3), row.column_int(4)};
}

// Lines the report rejected for a fault of their own. Guest lines are left out by a rule, not
// rejected: whether or not the importer also lists them among the errors, they are not counted
// here (known by their line numbers, or by the reason of a skipped group when the golden file
// does not list them).
std::vector<std::int64_t> rejected_lines(const ImportReport& report, const nlohmann::json& golden) {
    std::set<std::int64_t> guest_lines;
    if (golden.contains("guest_line_numbers"))
        for (const auto& line : golden["guest_line_numbers"]) guest_lines.insert(line.get<std::int64_t>());
    std::set<std::string> skipped_reasons;
    for (const auto& group : report.reasons)
        if (group.skipped) skipped_reasons.insert(group.reason);
    std::vector<std::int64_t> lines;
    for (const auto& row : report.errors)
        if (!guest_lines.count(row.line) && !skipped_reasons.count(row.reason)) lines.push_back(row.line);
    std::sort(lines.begin(), lines.end());
    return lines;
}

void check_report(const ImportReport& report, const nlohmann::json& golden) {
    CHECK(report.recognised_export == golden["recognised_export"].get<std::string>());
    CHECK(report.line_items == golden["line_items"].get<bool>());
    if (golden.contains("date_layout")) {
        // One layout per date column read ("ISO 8601, ISO 8601" for Created at and Cancelled at):
        // every date of these files is written one way.
        INFO("date layouts: " << report.date_layout);
        CHECK_FALSE(report.date_layout.empty());
        for (std::size_t begin = 0; begin < report.date_layout.size();) {
            const auto end = std::min(report.date_layout.find(", ", begin), report.date_layout.size());
            CHECK(report.date_layout.substr(begin, end - begin) == golden["date_layout"].get<std::string>());
            begin = end + 2;
        }
    }
    CHECK(report.rows_read == golden["lines"].get<std::int64_t>());
    CHECK(report.orders == golden["orders"].get<std::int64_t>());
    CHECK(report.customers == golden["customers_in_orders"].get<std::int64_t>());
    CHECK(report.purchases == golden["purchases"].get<std::int64_t>());
    CHECK(report.cancelled_orders == golden["cancelled_orders"].get<std::int64_t>());
    CHECK(report.failed_payments == golden["failed_payments"].get<std::int64_t>());
    CHECK(report.returns_flagged == golden["refunds"].get<std::int64_t>());
    CHECK(report.guest_lines == golden["guest_lines"].get<std::int64_t>());
    if (golden.contains("total_mismatches"))
        CHECK(report.total_mismatches == golden["total_mismatches"].get<std::int64_t>());

    if (golden.contains("mapping")) {
        for (const auto& [field, column] : golden["mapping"].items()) {
            const std::string name = field;  // clang 14 cannot capture a structured binding (INFO captures too)
            INFO("field " << name);
            const auto used = std::find_if(report.mapping.begin(), report.mapping.end(),
                                           [&](const auto& pair) { return pair.first == name; });
            REQUIRE_MESSAGE(used != report.mapping.end(), "the report's mapping has no " << name);
            const auto expected_column = column.get<std::string>();
            CHECK(used->second == expected_column);
        }
    }

    // Guest lines: one skipped reason, with their count.
    const auto guest_count = golden["guest_lines"].get<std::int64_t>();
    std::int64_t skipped_groups = 0, skipped_count = 0;
    for (const auto& group : report.reasons) {
        if (!group.skipped) continue;
        ++skipped_groups;
        skipped_count += group.count;
    }
    CHECK(skipped_groups == (guest_count > 0 ? 1 : 0));
    CHECK(skipped_count == guest_count);

    // Rejected lines, by line number, and each for the reason it should give.
    const auto expected_rejected = golden["rejected_lines"].get<std::vector<std::int64_t>>();
    CHECK(rejected_lines(report, golden) == expected_rejected);
    if (golden.contains("rejected_reasons")) {
        for (const auto& expected : golden["rejected_reasons"]) {
            const auto line = expected["line"].get<std::int64_t>();
            const auto mentions = expected["mentions"].get<std::string>();
            const auto row = std::find_if(report.errors.begin(), report.errors.end(), [&](const auto& r) { return r.line == line; });
            REQUIRE_MESSAGE(row != report.errors.end(), "line " << line << " is not among the rejected rows");
            INFO("reason given for line " << line << ": " << row->reason);
            CHECK(lower(row->reason).find(lower(mentions)) != std::string::npos);
        }
    }
}

// What the workbench shows from the stored purchases: the Dataset and the headline metrics.
void check_figures(Store& store, const nlohmann::json& golden) {
    const auto stored = stored_counts(store);
    CHECK(stored.orders == golden["orders"].get<std::int64_t>());
    CHECK(stored.purchases == golden["purchases"].get<std::int64_t>());
    CHECK(stored.refunds == golden["refunds"].get<std::int64_t>());
    CHECK(stored.cancelled == golden["cancelled_orders"].get<std::int64_t>());
    CHECK(stored.failed == golden["failed_payments"].get<std::int64_t>());

    const auto dataset = load_dataset(store);
    const auto metrics = metrics::compute_headline_metrics(dataset);
    const auto customers = golden["customers"].get<std::int64_t>();
    CHECK(metrics.customers == customers);
    CHECK(metrics.orders == golden["purchases"].get<std::int64_t>());
    if (golden.contains("customer_ids"))
        CHECK(joined(dataset.customer_ids) == joined(golden["customer_ids"].get<std::vector<std::string>>()));

    const double revenue = std::accumulate(dataset.order_amounts.begin(), dataset.order_amounts.end(), 0.0);
    INFO("revenue " << revenue);
    CHECK(cents(revenue) == cents(golden["revenue"].get<double>()));

    REQUIRE(metrics.repeat_purchase_rate.has_value());
    CHECK(*metrics.repeat_purchase_rate == doctest::Approx(golden["repeat_purchase_rate"].get<double>()).epsilon(1e-12));
    CHECK(std::llround(*metrics.repeat_purchase_rate * static_cast<double>(customers)) ==
          golden["repeat_customers"].get<std::int64_t>());
}

ImportOptions whole_report() {
    ImportOptions options;                   // no mapping overrides: the file as it comes
    options.rejected_rows_listed = 1000000;  // every rejected row in detail, to name their lines
    return options;
}

void check_fixture(const std::string& name) {
    const std::string stem = name.substr(0, name.rfind('.'));
    const auto golden = testing::golden_json("imports", stem + ".json");
    INFO("fixture " << name);
    auto store = Store::open(":memory:");
    const auto report = import_file(store, name, testing::read_text(fixtures_dir + name), whole_report());
    REQUIRE_MESSAGE(!report.fatal_error, "refused: " << report.fatal_error.value_or(""));
    check_report(report, golden);
    check_figures(store, golden);
}

}  // namespace

TEST_CASE("a Shopify orders export: multi-line orders, voided, cancelled, refunded and partly refunded orders, a walk-in sale") {
    check_fixture("shopify_orders.csv");
}

TEST_CASE("a WooCommerce orders export: every status, guest checkouts known by their e-mail") {
    check_fixture("woocommerce_orders.csv");
}

TEST_CASE("a Stripe payments export: paid, failed, refunded and uncaptured payments; customers and e-mails") {
    check_fixture("stripe_payments.csv");
}

TEST_CASE("the UCI Online Retail shape: month-first dates, cancellations, lines without a customer") {
    check_fixture("online_retail.csv");
}

TEST_CASE("the UCI Online Retail II shape: float ids, a split invoice, quoted descriptions, an order of 0") {
    check_fixture("online_retail_ii.csv");
}

TEST_CASE("camelCase headers, one row per order: refund, cancelled and failed by amount and status") {
    check_fixture("camel_case_orders.csv");
}

TEST_CASE("bad input: two customers on one order id rejects the line that disagrees, by its number") {
    check_fixture("line_items_two_customers.csv");
}

TEST_CASE("bad input: a total column that disagrees with its lines wins, and the report counts the orders") {
    check_fixture("line_items_total_mismatch.csv");
}

TEST_CASE("a file saved as UTF-16 (Excel's Unicode text) is decoded and imports like UTF-8") {
    check_fixture("utf16_orders.csv");
    auto store = Store::open(":memory:");
    const auto report = import_file(store, "utf16_orders.csv", testing::read_text(fixtures_dir + "utf16_orders.csv"), whole_report());
    CHECK(report.encoding == testing::golden_json("imports", "utf16_orders.json")["encoding"].get<std::string>());
}

TEST_CASE("the real Online Retail II year (525,461 lines) agrees with the independent oracle") {
    // Unpacked at build time from ../shared/data (tests/CMakeLists.txt); the shared data is part
    // of the test, so its absence is a failure, not a skip.
    const std::string path = TOUCHPOINT_ONLINE_RETAIL_II_CSV;
    const std::string source = std::string(TOUCHPOINT_SHARED_DATA_DIR) + "/online_retail_ii/online_retail_ii_2009_2010.csv.gz";
    REQUIRE_MESSAGE(std::filesystem::exists(path),
                    "the real Online Retail II file is missing: " << path << " is unpacked at build time from " << source
                    << "; put the shared data beside the repository (../shared/data) and build again");
    const auto golden = testing::golden_json("imports", "online_retail_ii_2009_2010.json");
    auto store = Store::open(":memory:");
    const auto report = import_file(store, "online_retail_ii_2009_2010.csv", testing::read_text(path), whole_report());
    REQUIRE_MESSAGE(!report.fatal_error, "refused: " << report.fatal_error.value_or(""));
    check_report(report, golden);
    check_figures(store, golden);
}
