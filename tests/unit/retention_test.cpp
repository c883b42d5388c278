// The retention report: golden files computed by hand (tests/golden/retention/README.md), agreement
// with the headline metrics, invariants on the sample shop, comparison and JSON keys.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/help/glossary.hpp"
#include "touchpoint/metrics/headline.hpp"
#include "touchpoint/metrics/retention.hpp"

#include "golden_files.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>
#include <string>

using namespace touchpoint;

namespace {

data::Dataset golden_dataset() {
    auto store = data::Store::open(":memory:");
    const auto report = testing::import_golden(store, "retention", "orders.csv");
    REQUIRE_FALSE(report.fatal_error.has_value());
    REQUIRE(report.rows_loaded == 18);
    REQUIRE(report.returns_flagged == 3);  // two refunds (negative) and one "returned" status
    return data::load_dataset(store);
}

metrics::DateWindow window(const char* first, const char* last) {
    return metrics::window_of_dates(*data::parse_iso_date(first), *data::parse_iso_date(last));
}

}  // namespace

TEST_CASE("golden: the whole history, churn window 60 days, by month") {
    const auto dataset = golden_dataset();
    CHECK(dataset.customer_count() == 7);  // H only has a refund: not a customer
    const auto report = metrics::compute_retention_report(dataset, *metrics::whole_history(dataset), {60, metrics::Period::Month});
    testing::check_json_matches(testing::golden_json("retention", "report_whole_history_n60_month.json"), metrics::to_json(report), "report");
}

TEST_CASE("report_figure gives each scalar figure by its key, as the hand-worked golden file has it") {
    const auto dataset = golden_dataset();
    const auto report = metrics::compute_retention_report(dataset, *metrics::whole_history(dataset), {60, metrics::Period::Month});
    const auto expected = testing::golden_json("retention", "report_whole_history_n60_month.json");
    for (const char* key : metrics::retention_report_keys()) {
        if (!expected[key].is_null() && !expected[key].is_number()) continue;  // the tables
        const auto value = metrics::report_figure(report, key);
        if (expected[key].is_null()) {
            CHECK_MESSAGE(!value.has_value(), key);
        } else {
            REQUIRE_MESSAGE(value.has_value(), key);
            CHECK_MESSAGE(*value == doctest::Approx(expected[key].get<double>()), key);
        }
    }
    CHECK_FALSE(metrics::report_figure(report, "per_period").has_value());
    CHECK_FALSE(metrics::report_figure(report, "no_such_figure").has_value());
}

TEST_CASE("golden: a window that cuts through histories, churn window 45 days, by month") {
    const auto report = metrics::compute_retention_report(golden_dataset(), window("2024-02-15", "2024-05-31"),
                                                          {45, metrics::Period::Month});
    testing::check_json_matches(testing::golden_json("retention", "report_cut_window_n45_month.json"), metrics::to_json(report), "report");
}

TEST_CASE("golden by week: ISO weeks, partial weeks at both ends") {
    // Whole history Jan 5 (Fri, week 1) to Jun 25 (Tue, week 26): 26 weeks, first and last partial.
    const auto dataset = golden_dataset();
    const auto report = metrics::compute_retention_report(dataset, *metrics::whole_history(dataset), {60, metrics::Period::Week});
    REQUIRE(report.per_period.size() == 26);
    CHECK(report.per_period.front().label == "2024-W01");
    CHECK_FALSE(report.per_period.front().within_window);
    CHECK(report.per_period.back().label == "2024-W26");
    CHECK_FALSE(report.per_period.back().within_window);
    // Week 1 (Jan 1-7): A's two orders on Jan 5. Week 20 (May 13-19): F's two orders on one day.
    CHECK(report.per_period[0].orders == 2);
    CHECK(report.per_period[0].active_customers == 1);
    CHECK(report.per_period[0].revenue == doctest::Approx(50.0));
    CHECK(report.per_period[19].orders == 2);
    CHECK(report.per_period[19].new_customers == 1);
    // Week 11 (Mar 11-17): C's Mar 15, returning (first purchase in week 5).
    CHECK(report.per_period[10].returning_customers == 1);
    CHECK(report.per_period[10].revenue == doctest::Approx(12.25));
    // The figures that do not depend on the period are those of the monthly report.
    CHECK(report.orders == 15);
    CHECK(*report.repeat_purchase_rate == doctest::Approx(3.0 / 7.0));
}

TEST_CASE("over the whole history the report agrees with the headline metrics") {
    for (const auto& dataset : {golden_dataset(), testing::sample_dataset(3000)}) {
        const auto headline = metrics::compute_headline_metrics(dataset);
        const auto report = metrics::compute_retention_report(dataset, *metrics::whole_history(dataset));
        CHECK(report.active_customers == headline.customers);
        CHECK(report.new_customers == headline.customers);
        CHECK(report.orders == headline.orders);
        CHECK(*report.repeat_purchase_rate == *headline.repeat_purchase_rate);
        CHECK(*report.inter_purchase_time.median_days == *headline.median_days_between_orders);
        REQUIRE(report.per_period.size() == headline.returning_by_month.size());
        for (std::size_t i = 0; i < report.per_period.size(); ++i) {
            CAPTURE(i);
            CHECK(report.per_period[i].label == headline.returning_by_month[i].month);
            CHECK(report.per_period[i].returning_customers == headline.returning_by_month[i].returning);
            CHECK(report.per_period[i].new_customers == headline.returning_by_month[i].new_customers);
        }
    }
}

TEST_CASE("invariants on the sample shop, for several windows") {
    const auto dataset = testing::sample_dataset(4000);
    for (const auto& w : {*metrics::whole_history(dataset), window("2024-03-10", "2024-11-20"), window("2025-06-01", "2025-06-30"),
                          window("2024-12-24", "2024-12-24")}) {
        for (const auto period : {metrics::Period::Month, metrics::Period::Week}) {
            const auto report = metrics::compute_retention_report(dataset, w, {30, period});
            CAPTURE(report.window.first_day);
            for (const auto& rate : {report.repeat_purchase_rate, report.churn_rate, report.lost_after_first_purchase}) {
                if (!rate) continue;
                CHECK(*rate >= 0.0);
                CHECK(*rate <= 1.0);
            }
            if (report.purchase_frequency) CHECK(*report.purchase_frequency >= 1.0);
            CHECK(report.purchases <= report.orders);
            CHECK(report.new_customers <= report.active_customers);
            CHECK(report.churned_customers <= report.churn_base);
            CHECK(report.lost_after_first_purchase_customers <= report.first_purchase_base);
            const auto& gaps = report.inter_purchase_time;
            CHECK(std::accumulate(gaps.bin_counts.begin(), gaps.bin_counts.end(), std::int64_t{0}) == gaps.gaps);
            // Every purchase in the window except an acquired customer's first one ends a gap.
            CHECK(gaps.gaps == report.purchases - report.new_customers);

            std::int64_t orders = 0;
            double revenue = 0;
            for (const auto& p : report.per_period) {
                CHECK(p.active_customers == p.new_customers + p.returning_customers);
                orders += p.orders;
                revenue += p.revenue;
            }
            CHECK(orders == report.orders);
            CHECK(revenue == doctest::Approx(report.revenue).epsilon(1e-12));
            if (report.revenue_stability_cv) CHECK(*report.revenue_stability_cv >= 0.0);
        }
    }
}

TEST_CASE("a window with no purchases has zero counts and no rates") {
    const auto report = metrics::compute_retention_report(golden_dataset(), window("2023-01-01", "2023-12-31"));
    CHECK(report.active_customers == 0);
    CHECK(report.orders == 0);
    CHECK(report.revenue == 0.0);
    CHECK_FALSE(report.repeat_purchase_rate);
    CHECK_FALSE(report.purchase_frequency);
    CHECK_FALSE(report.churn_rate);
    CHECK_FALSE(report.lost_after_first_purchase);
    CHECK_FALSE(report.inter_purchase_time.median_days);
    CHECK_FALSE(report.historical_clv);
    CHECK(report.revenue_stability_cv == std::nullopt);  // revenue 0 in every month: no mean to divide by
    CHECK(report.per_period.size() == 12);
    const auto json = metrics::to_json(report);
    CHECK(json["churn_rate"].is_null());
    CHECK(json["active_customers"] == 0);
}

TEST_CASE("a window no longer than the churn window has no churn base") {
    const auto report = metrics::compute_retention_report(golden_dataset(), window("2024-03-01", "2024-03-31"), {31, metrics::Period::Month});
    CHECK(report.churn_base == 0);
    CHECK_FALSE(report.churn_rate);
    CHECK_FALSE(report.lost_after_first_purchase);
    CHECK(report.active_customers == 2);  // C and D
}

TEST_CASE("boundaries: the churn window's first day belongs to it") {
    // Window Feb 15 - May 31 (days 46..152), N = 60: the churn window starts on day 93, E's first purchase.
    const auto report = metrics::compute_retention_report(golden_dataset(), window("2024-02-15", "2024-05-31"), {60, metrics::Period::Month});
    CHECK(report.churn_base == 2);         // C (61, 75) and D (70); E first bought on day 93, inside the churn window
    CHECK(report.churned_customers == 2);  // neither bought in 93..152
    CHECK(report.first_purchase_base == 1);  // D only: E's first purchase is 59 days before the end, not 60
    CHECK(report.lost_after_first_purchase_customers == 1);
    // With a churn window one day shorter, E's first purchase lies before it and E joins both bases.
    const auto shorter = metrics::compute_retention_report(golden_dataset(), window("2024-02-15", "2024-05-31"), {59, metrics::Period::Month});
    CHECK(shorter.churn_base == 3);
    CHECK(shorter.churned_customers == 2);  // E bought again on day 151
    CHECK(shorter.first_purchase_base == 2);
    CHECK(shorter.lost_after_first_purchase_customers == 1);
}

TEST_CASE("bad windows and churn windows are refused") {
    const auto dataset = golden_dataset();
    CHECK_THROWS_AS(metrics::compute_retention_report(dataset, window("2024-03-02", "2024-03-01")), std::invalid_argument);
    CHECK_THROWS_AS(metrics::compute_retention_report(dataset, window("2024-03-01", "2024-03-31"), {0, metrics::Period::Month}),
                    std::invalid_argument);
}

TEST_CASE("two windows side by side: differences are b minus a") {
    const auto dataset = golden_dataset();
    const auto comparison = metrics::compare_windows(dataset, *metrics::whole_history(dataset), window("2024-02-15", "2024-05-31"),
                                                     {45, metrics::Period::Month});
    CHECK(comparison.a.active_customers == 7);
    CHECK(comparison.b.active_customers == 5);
    const auto difference = [&](const std::string& key) {
        for (const auto& figure : comparison.differences)
            if (figure.key == key) return figure.difference;
        FAIL("no figure " << key);
        return std::optional<double>();
    };
    CHECK(*difference("active_customers") == -2);
    CHECK(*difference("orders") == -7);                                        // 8 - 15
    CHECK(*difference("revenue") == doctest::Approx(-198.0));                  // 275.24 - 473.24
    CHECK(*difference("repeat_purchase_rate") == doctest::Approx(0.4 - 3.0 / 7.0));
    CHECK(*difference("median_days_between_orders") == doctest::Approx(-3.5));  // 43.5 - 47
    CHECK(comparison.differences.size() + 2 == metrics::retention_report_keys().size());

    const auto json = metrics::to_json(comparison);
    CHECK(json["a"]["orders"] == 15);
    CHECK(json["b"]["orders"] == 8);
    CHECK(json["difference_b_minus_a"]["orders"].get<double>() == -7.0);
}

TEST_CASE("every key of the report JSON is a glossary entry") {
    const auto dataset = golden_dataset();
    const auto json = metrics::to_json(metrics::compute_retention_report(dataset, *metrics::whole_history(dataset)));
    CHECK(json.size() == metrics::retention_report_keys().size() + 1);  // + "window", the settings
    for (const char* key : metrics::retention_report_keys()) {
        CAPTURE(key);
        CHECK(json.contains(key));
        const auto* entry = help::find_entry(key);
        REQUIRE(entry != nullptr);
        CHECK(entry->group == "Retention");
    }
    for (const auto* key : {"date_window", "returning_customers_per_period", "revenue_per_period"}) {
        CAPTURE(key);
        CHECK(help::find_entry(key) != nullptr);
    }
}

TEST_CASE("period tables: month and ISO week labels, bounds and lookups") {
    const auto day = [](const char* iso) { return data::day_number(*data::parse_iso_date(iso)); };
    const metrics::PeriodTable weeks(metrics::Period::Week, {day("2020-12-30"), day("2025-01-06")});
    CHECK(weeks.label(0) == "2020-W53");  // Thursday 2020-12-31 is in ISO week 53 of 2020
    CHECK(weeks.first_day_of(0) == day("2020-12-28"));
    CHECK_FALSE(weeks.lies_within_span(0));
    CHECK(weeks.label(static_cast<std::size_t>(weeks.index_of(day("2021-01-03")))) == "2020-W53");  // a Sunday
    CHECK(weeks.label(static_cast<std::size_t>(weeks.index_of(day("2021-01-04")))) == "2021-W01");
    CHECK(weeks.label(static_cast<std::size_t>(weeks.index_of(day("2024-12-30")))) == "2025-W01");
    CHECK(weeks.label(weeks.count() - 1) == "2025-W02");
    CHECK(weeks.last_day_of(weeks.count() - 1) == day("2025-01-12"));

    const metrics::PeriodTable months(metrics::Period::Month, {day("2024-01-15"), day("2024-03-31")});
    REQUIRE(months.count() == 3);
    CHECK(months.label(1) == "2024-02");
    CHECK(months.last_day_of(1) == day("2024-02-29"));
    CHECK(months.lies_within_span(1));
    CHECK(months.lies_within_span(2));
    CHECK_FALSE(months.lies_within_span(0));
    CHECK(metrics::period_from_name("week") == metrics::Period::Week);
    CHECK_FALSE(metrics::period_from_name("day"));
}
