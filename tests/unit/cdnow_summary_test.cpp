// The CDNOW sample (Fader, Hardie & Lee 2005), imported through the same path as any user
// file, must summarise to the published per-customer summary on every one of its 2,357 rows.
#include "touchpoint/clv/summary.hpp"
#include "touchpoint/data/importer.hpp"

#include "golden_files.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

using namespace touchpoint;
using namespace touchpoint::data;

namespace {

using testing::read_text;

struct PublishedRow {
    int x;
    double t_x, T, zbar;
};

std::map<int, PublishedRow> published_summary() {
    std::istringstream lines(read_text(std::string(TOUCHPOINT_SHARED_DATA_DIR) + "/cdnow/cdnow_customers_summary_with_transactions.csv"));
    std::string line;
    std::getline(lines, line);  // ID,x,t_x,T,zbar
    std::map<int, PublishedRow> rows;
    while (std::getline(lines, line)) {
        if (line.empty() || line == "\r") continue;
        int id = 0;
        PublishedRow row{};
        char comma = 0;
        std::istringstream fields(line);
        fields >> id >> comma >> row.x >> comma >> row.t_x >> comma >> row.T >> comma >> row.zbar;
        REQUIRE_MESSAGE(fields, "unreadable summary line: " << line);
        rows[id] = row;
    }
    return rows;
}

}  // namespace

TEST_CASE("the CDNOW raw log imports with a mapping and summarises to the published summary") {
    const std::string log = read_text(std::string(TOUCHPOINT_SHARED_DATA_DIR) + "/cdnow/CDNOW_sample.txt");
    auto store = Store::open(":memory:");
    ImportOptions options;
    // Columns: master id, sample id, date (YYYYMMDD), number of CDs, dollar value.
    options.mapping_overrides = {{"customer_id", "2"}, {"order_date", "3"}, {"quantity", "4"}, {"amount", "5"}};
    const auto report = import_file(store, "CDNOW_sample.txt", log, options);
    REQUIRE_FALSE(report.fatal_error);
    CHECK(report.rows_read == 6919);
    CHECK(report.rows_loaded == 6919);
    CHECK(report.rows_rejected == 0);
    CHECK(report.date_layout == "YYYYMMDD");
    CHECK(report.dialect == "whitespace-separated, no header row");

    const auto summary = clv::summarise_customers(load_dataset(store), {Day{date::year{1997} / 9 / 30}, clv::TimeUnit::Week});
    const auto published = published_summary();
    REQUIRE(published.size() == 2357);
    REQUIRE(summary.size() == 2357);

    int mismatches = 0;
    for (const auto& row : summary) {
        const int id = std::stoi(row.customer_id);  // "0001" in the log, 1 in the summary
        const auto found = published.find(id);
        REQUIRE_MESSAGE(found != published.end(), "customer " << row.customer_id << " is not in the published summary");
        const auto& expected = found->second;
        // The published file rounds to two decimals.
        const bool same = row.x == expected.x && std::abs(row.t_x - expected.t_x) <= 0.0051 &&
                          std::abs(row.T - expected.T) <= 0.0051 && std::abs(row.monetary - expected.zbar) <= 0.0051;
        if (!same && ++mismatches <= 5)
            MESSAGE("customer " << id << ": x " << row.x << " vs " << expected.x << ", t_x " << row.t_x << " vs "
                                << expected.t_x << ", T " << row.T << " vs " << expected.T << ", monetary "
                                << row.monetary << " vs " << expected.zbar);
    }
    CHECK(mismatches == 0);
}
