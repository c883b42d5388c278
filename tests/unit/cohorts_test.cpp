// The cohort matrix: golden files computed by hand (tests/golden/retention/README.md) and invariants
// on the sample shop.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/help/glossary.hpp"
#include "touchpoint/metrics/cohorts.hpp"
#include "touchpoint/metrics/retention.hpp"

#include "golden_files.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using namespace touchpoint;

namespace {

metrics::DateWindow window(const char* first, const char* last) {
    return metrics::window_of_dates(*data::parse_iso_date(first), *data::parse_iso_date(last));
}

}  // namespace

TEST_CASE("golden: monthly cohorts over the whole history") {
    const auto matrix = metrics::compute_cohorts(testing::golden_dataset("retention"), {metrics::Period::Month, std::nullopt});
    testing::check_json_matches(testing::golden_json("retention", "cohorts_month.json"), metrics::to_json(matrix), "cohorts");
}

TEST_CASE("golden: weekly cohorts of a window that cuts through histories") {
    const auto matrix = metrics::compute_cohorts(testing::golden_dataset("retention"), {metrics::Period::Week, window("2024-02-15", "2024-05-31")});
    testing::check_json_matches(testing::golden_json("retention", "cohorts_cut_window_week.json"), metrics::to_json(matrix), "cohorts");
}

TEST_CASE("invariants on the sample shop: first cell 100%, shares in [0, 1], totals add up") {
    data::SampleShopOptions options;
    options.customers = 4000;
    auto store = data::Store::open(":memory:");
    data::write_sample_shop(store, data::generate_sample_shop(options));
    const auto dataset = data::load_dataset(store);

    for (const auto period : {metrics::Period::Month, metrics::Period::Week}) {
        const auto matrix = metrics::compute_cohorts(dataset, {period, std::nullopt});
        const auto whole = *metrics::whole_history(dataset);
        const auto report = metrics::compute_retention_report(dataset, whole, {90, period});
        REQUIRE_FALSE(matrix.rows.empty());

        std::int64_t customers = 0;
        double revenue = 0;
        for (std::size_t r = 0; r < matrix.rows.size(); ++r) {
            const auto& row = matrix.rows[r];
            CAPTURE(row.label);
            CHECK(row.size > 0);
            REQUIRE_FALSE(row.cells.empty());
            CHECK(row.cells.front().customers == row.size);
            CHECK(row.cells.front().retained == 1.0);
            // The last column is the period of the window's last day, the same for every cohort.
            CHECK(row.cells.size() == report.per_period.size() - static_cast<std::size_t>(
                                          std::find_if(report.per_period.begin(), report.per_period.end(),
                                                       [&](const auto& p) { return p.label == row.label; }) -
                                          report.per_period.begin()));
            for (const auto& cell : row.cells) {
                CHECK(cell.retained >= 0.0);
                CHECK(cell.retained <= 1.0);
                CHECK(cell.customers <= row.size);
                CHECK(cell.revenue >= 0.0);
                revenue += cell.revenue;
            }
            customers += row.size;
            if (r > 0) CHECK(matrix.rows[r - 1].first_day < row.first_day);
        }
        CHECK(customers == static_cast<std::int64_t>(dataset.customer_count()));
        CHECK(revenue == doctest::Approx(report.revenue).epsilon(1e-12));

        // Column 0 of each cohort is the report's new customers of that period.
        for (const auto& period_figures : report.per_period) {
            CAPTURE(period_figures.label);
            std::int64_t acquired = 0;
            for (const auto& row : matrix.rows)
                if (row.label == period_figures.label) acquired = row.size;
            CHECK(acquired == period_figures.new_customers);
        }
    }
}

TEST_CASE("an empty Dataset gives an empty matrix") {
    const auto matrix = metrics::compute_cohorts(data::Dataset{{}, {0}, {}, {}});
    CHECK(matrix.rows.empty());
    CHECK_FALSE(matrix.window);
    const auto json = metrics::to_json(matrix);
    CHECK(json["cohorts"].empty());
    CHECK(json["from"].is_null());
}

TEST_CASE("the cohort measures are defined in the glossary") {
    for (const auto* key : {"cohort_size", "cohort_retention", "cohort_revenue"}) {
        CAPTURE(key);
        CHECK(help::find_entry(key) != nullptr);
    }
}
