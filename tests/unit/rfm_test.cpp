// RFM: golden scores computed by hand (tests/golden/segments/README.md), the tie rule, the
// R x FM grid, and invariants on the sample shop.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/help/glossary.hpp"
#include "touchpoint/metrics/date_window.hpp"
#include "touchpoint/metrics/rfm.hpp"

#include "golden_files.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace touchpoint;
using metrics::RfmSegment;

namespace {

data::Dataset golden_dataset() {
    auto store = data::Store::open(":memory:");
    const auto report = data::import_file(store, "orders.csv", testing::golden_text("segments", "orders.csv"), {});
    REQUIRE_FALSE(report.fatal_error.has_value());
    return data::load_dataset(store);
}

std::vector<int> scores_of(const std::vector<double>& values) {
    const auto scores = metrics::quintile_scores(values);
    return {scores.begin(), scores.end()};
}

}  // namespace

TEST_CASE("golden: recency, frequency, monetary, their scores and the named segments") {
    const auto dataset = golden_dataset();
    const auto result = metrics::compute_rfm(dataset);
    CHECK(data::format_iso_date(data::day_from_number(result.as_of_day)) == "2024-06-30");
    CHECK(result.total_customers == 12);

    const auto expected = testing::golden_table("segments", "expected_rfm.csv");
    REQUIRE(expected.size() == result.customers.size());
    std::array<std::int64_t, metrics::rfm_segment_count> sizes{};
    for (std::size_t c = 0; c < expected.size(); ++c) {
        const auto& row = expected[c];
        const auto& customer = result.customers[c];
        CAPTURE(row[0]);
        REQUIRE(dataset.customer_ids[c] == row[0]);
        CHECK(customer.recency_days == std::stoi(row[1]));
        CHECK(customer.frequency == std::stoi(row[2]));
        CHECK(customer.monetary == std::stod(row[3]));
        CHECK(int{customer.recency_score} == std::stoi(row[4]));
        CHECK(int{customer.frequency_score} == std::stoi(row[5]));
        CHECK(int{customer.monetary_score} == std::stoi(row[6]));
        CHECK(metrics::fm_score(customer.frequency_score, customer.monetary_score) == std::stoi(row[7]));
        CHECK(metrics::rfm_segment_key(customer.segment) == row[8]);
        ++sizes[static_cast<std::size_t>(customer.segment)];
    }
    CHECK(result.segment_customers == sizes);
    CHECK(result.segment_customers[static_cast<std::size_t>(RfmSegment::LoyalCustomers)] == 3);
    CHECK(result.segment_customers[static_cast<std::size_t>(RfmSegment::Hibernating)] == 3);
    CHECK(result.segment_revenue[static_cast<std::size_t>(RfmSegment::LoyalCustomers)] == doctest::Approx(760.0));
    CHECK(result.customers_by_r_and_fm[1][0] == 2);  // c10 and c11: R 2, FM 1
}

TEST_CASE("quintile scores: 1 + floor(5 x share strictly lower); equal values share a score") {
    CHECK(scores_of({}).empty());
    CHECK(scores_of({7}) == std::vector<int>{1});
    CHECK(scores_of({10, 20, 30, 40, 50}) == std::vector<int>{1, 2, 3, 4, 5});
    CHECK(scores_of({50, 40, 30, 20, 10}) == std::vector<int>{5, 4, 3, 2, 1});
    CHECK(scores_of({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) == std::vector<int>{1, 1, 2, 2, 3, 3, 4, 4, 5, 5});
    // Six of ten share the lowest value: all score 1; the next value has 6 below it: 1 + 3 = 4.
    CHECK(scores_of({1, 1, 1, 1, 1, 1, 2, 2, 3, 9}) == std::vector<int>{1, 1, 1, 1, 1, 1, 4, 4, 5, 5});
    CHECK(scores_of({4, 4, 4}) == std::vector<int>{1, 1, 1});
    // Seven values: L = 0..6 -> 1 + floor(5L/7) = 1 1 2 3 3 4 5.
    CHECK(scores_of({0.5, 0.25, 3, 2, 1, 8, 13}) == std::vector<int>{1, 1, 3, 3, 2, 4, 5});
}

TEST_CASE("the R x FM grid names every cell, as the glossary states") {
    CHECK(metrics::fm_score(1, 1) == 1);
    CHECK(metrics::fm_score(1, 2) == 2);  // the mean rounded half up
    CHECK(metrics::fm_score(4, 5) == 5);
    CHECK(metrics::fm_score(3, 4) == 4);
    const char* expected[5][5] = {
        // FM:  1                2                      3                      4                  5
        {"lost", "hibernating", "at_risk", "at_risk", "cant_lose_them"},                                    // R 1
        {"hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them"},                             // R 2
        {"about_to_sleep", "about_to_sleep", "need_attention", "loyal_customers", "loyal_customers"},       // R 3
        {"promising", "potential_loyalists", "potential_loyalists", "loyal_customers", "loyal_customers"},  // R 4
        {"new_customers", "potential_loyalists", "potential_loyalists", "champions", "champions"},          // R 5
    };
    std::set<std::string_view> named;
    for (int r = 1; r <= 5; ++r)
        for (int fm = 1; fm <= 5; ++fm) {
            CAPTURE(r);
            CAPTURE(fm);
            const auto segment = metrics::rfm_segment_of(r, fm);
            CHECK(metrics::rfm_segment_key(segment) == expected[r - 1][fm - 1]);
            named.insert(metrics::rfm_segment_key(segment));
        }
    CHECK(named.size() == metrics::rfm_segment_count);  // every named segment has a cell
    CHECK_THROWS_AS(metrics::rfm_segment_of(0, 3), std::invalid_argument);
    CHECK_THROWS_AS(metrics::rfm_segment_of(3, 6), std::invalid_argument);

    for (std::size_t s = 0; s < metrics::rfm_segment_count; ++s) {
        const std::string key = "rfm_segment_" + std::string(metrics::rfm_segment_key(static_cast<RfmSegment>(s)));
        CAPTURE(key);
        const auto* entry = help::find_entry(key);
        REQUIRE(entry != nullptr);
        CHECK(entry->label == metrics::rfm_segment_label(static_cast<RfmSegment>(s)));
    }
    for (const auto* key : {"rfm_recency", "rfm_frequency", "rfm_monetary", "rfm_fm"}) {
        CAPTURE(key);
        CHECK_FALSE(help::definition_of(key).empty());
    }
}

TEST_CASE("sample shop: scores in 1..5, segment sizes add up, one-time buyers share F = 1") {
    data::SampleShopOptions options;
    options.customers = 3000;
    auto store = data::Store::open(":memory:");
    data::write_sample_shop(store, data::generate_sample_shop(options));
    const auto dataset = data::load_dataset(store);
    const auto history = metrics::build_purchase_history(dataset);
    const auto last_day = metrics::whole_history(dataset)->last_day;

    for (const int as_of : {last_day, last_day - 365}) {
        CAPTURE(as_of);
        const auto stats = metrics::customer_stats_as_of(history, as_of);
        const auto result = metrics::compute_rfm(stats);
        std::int64_t acquired = 0, in_segments = 0, in_grid = 0;
        for (std::size_t c = 0; c < result.customers.size(); ++c) {
            const auto& customer = result.customers[c];
            if (stats.customers[c].purchase_days == 0) {
                CHECK(customer.segment == RfmSegment::NotYetCustomer);
                CHECK(customer.recency_score == 0);
                continue;
            }
            ++acquired;
            for (const int score : {int{customer.recency_score}, int{customer.frequency_score}, int{customer.monetary_score}}) {
                CHECK(score >= 1);
                CHECK(score <= 5);
            }
            if (customer.frequency == 1) CHECK(customer.frequency_score == 1);
            CHECK(customer.segment != RfmSegment::NotYetCustomer);
        }
        for (const auto size : result.segment_customers) in_segments += size;
        for (const auto& row : result.customers_by_r_and_fm)
            for (const auto count : row) in_grid += count;
        CHECK(result.total_customers == acquired);
        CHECK(in_segments == acquired);
        CHECK(in_grid == acquired);

        // Scores never decrease as the value grows (recency: as the last purchase gets later).
        for (std::size_t a = 0; a < 200; ++a)
            for (std::size_t b = 0; b < 200; ++b) {
                const auto& x = result.customers[a];
                const auto& y = result.customers[b];
                if (x.frequency == 0 || y.frequency == 0) continue;
                if (x.monetary < y.monetary) CHECK(x.monetary_score <= y.monetary_score);
                if (x.frequency == y.frequency) CHECK(x.frequency_score == y.frequency_score);
                if (x.recency_days > y.recency_days) CHECK(x.recency_score <= y.recency_score);
            }
    }
    CHECK(metrics::compute_rfm(dataset).as_of_day == last_day);
}

TEST_CASE("to_json: segment sizes and the grid; customer scores on request") {
    const auto dataset = golden_dataset();
    const auto result = metrics::compute_rfm(dataset);
    const auto json = metrics::to_json(result, dataset);
    CHECK(json["as_of"] == "2024-06-30");
    CHECK(json["customers"] == 12);
    REQUIRE(json["segments"].size() == metrics::rfm_segment_count);
    CHECK(json["segments"][0]["key"] == "champions");
    CHECK(json["segments"][1]["customers"] == 3);
    CHECK(json["customers_by_r_and_fm"][1] == nlohmann::json{2, 0, 0, 0, 0});
    CHECK_FALSE(json.contains("customer_scores"));
    const auto with_customers = metrics::to_json(result, dataset, true);
    CHECK(with_customers["customer_scores"][0] == nlohmann::json{{"customer_id", "c01"}, {"recency_days", 25}, {"frequency", 6},
                                                                {"monetary", 300.0}, {"r", 3}, {"f", 5}, {"m", 5},
                                                                {"segment", "loyal_customers"}});
}
