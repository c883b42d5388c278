// Segments: golden files computed by hand (tests/golden/segments/README.md), the rules' JSON,
// and invariants on the sample shop.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/help/glossary.hpp"
#include "touchpoint/metrics/date_window.hpp"
#include "touchpoint/metrics/segments.hpp"

#include "golden_files.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using namespace touchpoint;
using metrics::Segment;

namespace {

data::Dataset golden_dataset() {
    auto store = data::Store::open(":memory:");
    const auto report = data::import_file(store, "orders.csv", testing::golden_text("segments", "orders.csv"), {});
    REQUIRE_FALSE(report.fatal_error.has_value());
    CHECK(report.returns_flagged == 2);
    return data::load_dataset(store);
}

int day_of(const std::string& iso) {
    const auto day = data::parse_iso_date(iso);
    REQUIRE_MESSAGE(day.has_value(), iso);
    return data::day_number(*day);
}

std::size_t index_of(Segment segment) { return static_cast<std::size_t>(segment); }

Segment segment_named(const std::string& key) {
    for (std::size_t s = 0; s <= metrics::segment_count; ++s)
        if (metrics::segment_key(static_cast<Segment>(s)) == key) return static_cast<Segment>(s);
    FAIL("no segment " << key);
    return Segment::NotYetCustomer;
}

data::Dataset dataset_of(const std::vector<std::pair<std::string, std::vector<int>>>& customers) {
    std::vector<std::string> ids;
    std::vector<data::OrderPoint> orders;
    for (const auto& customer : customers) {
        for (const int day : customer.second) orders.push_back({static_cast<std::uint32_t>(ids.size()), day, 10.0});
        ids.push_back(customer.first);
    }
    return data::build_dataset(ids, orders);
}

}  // namespace

TEST_CASE("golden: per-customer segments and stats as of the last purchase day") {
    const auto dataset = golden_dataset();
    REQUIRE(dataset.customer_count() == 12);  // c13 only has a refund: not a customer
    const auto history = metrics::build_purchase_history(dataset);
    const int as_of = day_of("2024-06-30");
    const auto stats = metrics::customer_stats_as_of(history, as_of);
    const auto segments = metrics::apply_rules(stats, {});

    const auto expected = testing::golden_table("segments", "expected_segments.csv");
    REQUIRE(expected.size() == dataset.customer_count());
    for (std::size_t c = 0; c < expected.size(); ++c) {
        const auto& row = expected[c];
        const auto& customer = stats.customers[c];
        CAPTURE(row[0]);
        REQUIRE(dataset.customer_ids[c] == row[0]);
        CHECK(customer.purchase_days == std::stoi(row[1]));
        CHECK(customer.median_gap_days() == std::stod(row[2]));
        CHECK(as_of - customer.last_purchase_day == std::stoi(row[3]));
        CHECK(customer.revenue == std::stod(row[4]));
        CHECK(metrics::segment_key(segments[c]) == row[5]);
    }
}

TEST_CASE("golden: sizes, revenue, trend and migration of the report") {
    const auto dataset = golden_dataset();
    metrics::SegmentOptions options;
    options.migration_from_day = day_of("2024-03-31");
    const auto report = metrics::compute_segments(dataset, options);
    CHECK(report.as_of_day == day_of("2024-06-30"));  // the last purchase day, by default
    CHECK(report.totals.total_customers == 12);

    for (const auto& row : testing::golden_table("segments", "expected_sizes.csv")) {
        CAPTURE(row[0]);
        const auto s = index_of(segment_named(row[0]));
        CHECK(report.totals.customers[s] == std::stoll(row[1]));
        CHECK(report.totals.revenue[s] == doctest::Approx(std::stod(row[2])));
    }

    const auto trend = testing::golden_table("segments", "expected_trend.csv");
    REQUIRE(report.trend.size() == trend.size());
    for (std::size_t p = 0; p < trend.size(); ++p) {
        CAPTURE(trend[p][0]);
        CHECK(report.trend[p].day == day_of(trend[p][0]));
        for (std::size_t s = 0; s < metrics::segment_count; ++s) CHECK(report.trend[p].customers[s] == std::stoll(trend[p][s + 1]));
    }

    REQUIRE(report.migration.has_value());
    const auto migration = testing::golden_table("segments", "expected_migration.csv");
    REQUIRE(migration.size() == metrics::segment_count + 1);
    for (const auto& row : migration) {
        CAPTURE(row[0]);
        const auto from = index_of(segment_named(row[0]));
        for (std::size_t to = 0; to < metrics::segment_count; ++to)
            CHECK(report.migration->counts[from][to] == std::stoll(row[to + 1]));
    }
}

TEST_CASE("golden: stricter rules from a JSON file") {
    const auto dataset = golden_dataset();
    const auto rules = metrics::segment_rules_from_json(nlohmann::json::parse(testing::golden_text("segments", "rules_strict.json")));
    CHECK(rules.new_within_days == 14);
    CHECK(rules.loyal_min_purchase_days == 3);
    CHECK(rules.lapse_gap_multiple == 1.5);
    CHECK(rules.one_time_lapse_days == 60);
    const auto segments = metrics::apply_rules(
        metrics::customer_stats_as_of(metrics::build_purchase_history(dataset), day_of("2024-06-30")), rules);
    const auto expected = testing::golden_table("segments", "expected_segments_strict.csv");
    REQUIRE(expected.size() == segments.size());
    for (std::size_t c = 0; c < expected.size(); ++c) {
        CAPTURE(expected[c][0]);
        CHECK(metrics::segment_key(segments[c]) == expected[c][1]);
    }
}

TEST_CASE("precedence: new before lapsed, lapsed before loyal, and the boundaries") {
    metrics::SegmentRules rules;  // N 30, M 4, k 2, W 90
    const int as_of = 1000;
    const auto segment = [&](std::vector<int> days) {
        const auto dataset = dataset_of({{"x", std::move(days)}});
        return metrics::apply_rules(metrics::customer_stats_as_of(metrics::build_purchase_history(dataset), as_of), rules)[0];
    };
    CHECK(segment({as_of - 29, as_of - 28}) == Segment::New);          // gap 1, 28 days since: new still wins
    CHECK(segment({as_of - 30}) == Segment::New);                      // one-time, within W
    CHECK(segment({as_of - 90}) == Segment::New);                      // exactly W: not yet lapsed
    CHECK(segment({as_of - 91}) == Segment::Lapsed);
    CHECK(segment({as_of - 130, as_of - 120, as_of - 110, as_of - 100}) == Segment::Lapsed);  // loyal count, but 100 > 20
    CHECK(segment({as_of - 70, as_of - 60, as_of - 50, as_of - 40, as_of - 20}) == Segment::Loyal);  // median 10, 20 days
    CHECK(segment({as_of - 70, as_of - 60, as_of - 50, as_of - 40, as_of - 19}) == Segment::Loyal);
    CHECK(segment({as_of - 60, as_of - 40}) == Segment::Returning);    // 40 days = 2 x 20
    CHECK(segment({as_of - 61, as_of - 41}) == Segment::Lapsed);       // 41 > 40
    CHECK(segment({as_of + 1}) == Segment::NotYetCustomer);            // after the as-of day
    // Same-day orders are one purchase: two orders on one day are a one-time buyer.
    CHECK(segment({as_of - 91, as_of - 91}) == Segment::Lapsed);
    // An even number of gaps: median (10 + 13) / 2 = 11.5, allowance floor(23) = 23.
    rules.loyal_min_purchase_days = 10;
    CHECK(segment({as_of - 46, as_of - 36, as_of - 23}) == Segment::Returning);
    CHECK(segment({as_of - 47, as_of - 37, as_of - 24}) == Segment::Lapsed);
    rules.lapse_gap_multiple = 1.5;  // 1.5 x 11.5 = 17.25: 17 days is in, 18 out
    CHECK(segment({as_of - 40, as_of - 30, as_of - 17}) == Segment::Returning);
    CHECK(segment({as_of - 41, as_of - 31, as_of - 18}) == Segment::Lapsed);
}

TEST_CASE("rules: JSON round trip, defaults for missing keys, errors that name the field") {
    metrics::SegmentRules rules{21, 5, 2.5, 120};
    CHECK(metrics::segment_rules_from_json(metrics::to_json(rules)) == rules);
    CHECK(metrics::segment_rules_from_json(nlohmann::json::object()) == metrics::SegmentRules{});
    CHECK(metrics::segment_rules_from_json({{"new_within_days", 45.0}}).new_within_days == 45);

    const auto field_of_error = [](const nlohmann::json& json) -> std::string {
        try {
            metrics::segment_rules_from_json(json);
        } catch (const metrics::SegmentRulesError& error) {
            CHECK(std::string(error.what()).starts_with(error.field() + ": "));
            return error.field();
        }
        return "(accepted)";
    };
    CHECK(field_of_error({{"new_within_days", 0}}) == "new_within_days");
    CHECK(field_of_error({{"new_within_days", 30.5}}) == "new_within_days");
    CHECK(field_of_error({{"loyal_min_purchase_days", 1}}) == "loyal_min_purchase_days");
    CHECK(field_of_error({{"lapse_gap_multiple", 0}}) == "lapse_gap_multiple");
    CHECK(field_of_error({{"lapse_gap_multiple", "2"}}) == "lapse_gap_multiple");
    CHECK(field_of_error({{"one_time_lapse_days", -5}}) == "one_time_lapse_days");
    CHECK(field_of_error({{"lapsed_after", 30}}) == "lapsed_after");
    CHECK(field_of_error(nlohmann::json::array()) == "rules");

    metrics::CustomerStats empty;
    CHECK_THROWS_AS(metrics::apply_rules(empty, {30, 4, -1.0, 90}), metrics::SegmentRulesError);
}

TEST_CASE("the rules' words are in the glossary, with the defaults the code uses") {
    const metrics::SegmentRules defaults;
    for (const auto* key : {"segment_new", "segment_returning", "segment_loyal", "segment_lapsed", "segment_not_yet_customer",
                            "segment_rule_new_within_days", "segment_rule_loyal_min_purchase_days",
                            "segment_rule_lapse_gap_multiple", "segment_rule_one_time_lapse_days", "segment_trend",
                            "segment_migration", "segment_revenue"}) {
        CAPTURE(key);
        CHECK_FALSE(help::definition_of(key).empty());
    }
    const auto mentions = [](std::string_view key, const std::string& text) {
        return help::definition_of(key).find(text) != std::string_view::npos;
    };
    CHECK(mentions("segment_rule_new_within_days", "default " + std::to_string(defaults.new_within_days)));
    CHECK(mentions("segment_rule_loyal_min_purchase_days", "default " + std::to_string(defaults.loyal_min_purchase_days)));
    CHECK(mentions("segment_rule_lapse_gap_multiple", "default 2"));
    CHECK(mentions("segment_rule_one_time_lapse_days", "default " + std::to_string(defaults.one_time_lapse_days)));
}

TEST_CASE("sample shop: every customer in exactly one segment; trend and migration agree with apply_rules") {
    const auto dataset = testing::sample_dataset(3000);
    const auto history = metrics::build_purchase_history(dataset);
    REQUIRE(history.customer_count() == dataset.customer_count());
    const auto last_day = metrics::whole_history(dataset)->last_day;

    for (const metrics::SegmentRules& rules : {metrics::SegmentRules{}, metrics::SegmentRules{14, 3, 1.5, 60},
                                                metrics::SegmentRules{60, 6, 3.0, 180}}) {
        const auto report = metrics::compute_segments(history, metrics::SegmentOptions{rules, std::nullopt, last_day - 120});
        CHECK(report.as_of_day == last_day);
        std::int64_t sum = 0;
        for (const auto size : report.totals.customers) sum += size;
        CHECK(sum == static_cast<std::int64_t>(dataset.customer_count()));  // all acquired by the last day
        CHECK(report.totals.total_customers == sum);
        double revenue = 0.0;
        for (const auto part : report.totals.revenue) revenue += part;
        double all_orders = 0.0;
        for (const auto amount : dataset.order_amounts) all_orders += amount;
        CHECK(revenue == doctest::Approx(all_orders));
        for (const auto segment : report.customer_segments) CHECK(segment != Segment::NotYetCustomer);

        // Each trend point is the same as applying the rules at that day, customer by customer.
        REQUIRE(report.trend.size() == 24);  // January 2024 to December 2025
        for (const auto& point : report.trend) {
            const auto stats = metrics::customer_stats_as_of(history, point.day);
            const auto totals = metrics::segment_totals(stats, metrics::apply_rules(stats, rules));
            const int day = point.day;
            CAPTURE(day);
            for (std::size_t s = 0; s < metrics::segment_count; ++s) CHECK(point.customers[s] == totals.customers[s]);
        }
        CHECK(report.trend.back().customers == report.totals.customers);

        // Migration: rows add up to the sizes on the first day, columns to the sizes on the second.
        REQUIRE(report.migration.has_value());
        const auto before_stats = metrics::customer_stats_as_of(history, last_day - 120);
        const auto before = metrics::segment_totals(before_stats, metrics::apply_rules(before_stats, rules));
        std::int64_t not_yet = 0;
        for (std::size_t row = 0; row <= metrics::segment_count; ++row) {
            std::int64_t row_sum = 0;
            for (const auto count : report.migration->counts[row]) row_sum += count;
            if (row < metrics::segment_count)
                CHECK(row_sum == before.customers[row]);
            else
                not_yet = row_sum;
        }
        CHECK(not_yet == sum - before.total_customers);
        for (std::size_t column = 0; column < metrics::segment_count; ++column) {
            std::int64_t column_sum = 0;
            for (const auto& row : report.migration->counts) column_sum += row[column];
            CHECK(column_sum == report.totals.customers[column]);
        }
    }
}

TEST_CASE("stats as of a day only see purchases up to it; an empty Dataset gives an empty report") {
    const auto dataset = dataset_of({{"a", {10, 20, 20, 40}}, {"b", {30}}});
    const auto history = metrics::build_purchase_history(dataset);
    CHECK(history.days == std::vector<int>{10, 20, 40, 30});
    const auto stats = metrics::customer_stats_as_of(history, 25);
    CHECK(stats.customers[0].purchase_days == 2);
    CHECK(stats.customers[0].last_purchase_day == 20);
    CHECK(stats.customers[0].revenue == 30.0);  // day 10 and both orders of day 20
    CHECK(stats.customers[1].purchase_days == 0);
    CHECK(metrics::apply_rules(stats, {})[1] == Segment::NotYetCustomer);

    // An id without purchases is never a customer, and does not disturb the trend.
    const auto with_idle_id = data::build_dataset({"a", "idle"}, {{0, 10, 5.0}, {0, 50, 5.0}});
    const auto idle_report = metrics::compute_segments(with_idle_id, {});
    CHECK(idle_report.customer_segments[1] == Segment::NotYetCustomer);
    CHECK(idle_report.totals.total_customers == 1);
    CHECK(idle_report.trend.back().customers == idle_report.totals.customers);

    const auto empty = metrics::compute_segments(data::Dataset{}, {});
    CHECK(empty.totals.total_customers == 0);
    CHECK(empty.trend.empty());
    CHECK_THROWS_AS(metrics::segment_migration(history, {}, 30, 20), std::invalid_argument);
}

TEST_CASE("to_json: segments, trend and migration by key; customers only on request") {
    const auto dataset = golden_dataset();
    metrics::SegmentOptions options;
    options.migration_from_day = day_of("2024-03-31");
    const auto report = metrics::compute_segments(dataset, options);
    const auto json = metrics::to_json(report, dataset);
    CHECK(json["as_of"] == "2024-06-30");
    CHECK(json["customers"] == 12);
    CHECK(json["rules"] == metrics::to_json(metrics::SegmentRules{}));
    REQUIRE(json["segments"].size() == 4);
    CHECK(json["segments"][3]["key"] == "lapsed");
    CHECK(json["segments"][3]["customers"] == 4);
    CHECK(json["segments"][3]["share"].get<double>() == doctest::Approx(4.0 / 12.0));
    CHECK(json["trend"][1] == nlohmann::json{{"date", "2024-02-29"}, {"new", 1}, {"returning", 1}, {"loyal", 1}, {"lapsed", 0}});
    CHECK(json["migration"]["from"] == "2024-03-31");
    CHECK(json["migration"]["rows"][4] == "not_yet_customer");
    CHECK(json["migration"]["counts"][4] == nlohmann::json{4, 1, 1, 0});
    CHECK_FALSE(json.contains("customer_segments"));
    const auto with_customers = metrics::to_json(report, dataset, true);
    CHECK(with_customers["customer_segments"][0] == nlohmann::json{{"customer_id", "c01"}, {"segment", "loyal"}});
}
