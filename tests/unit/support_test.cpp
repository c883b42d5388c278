// Support metrics: the golden files of tests/golden/surveys (worked by hand in its README),
// invariants, and the generated sample checked against plain SQL over the store.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/help/glossary.hpp"
#include "touchpoint/metrics/support.hpp"

#include "golden_files.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace touchpoint;
using metrics::DateWindow;

namespace {

data::Store golden_store() {
    auto store = data::Store::open(":memory:");
    testing::import_golden(store, "surveys", "orders.csv", data::TableKind::Orders);
    testing::import_golden(store, "surveys", "tickets.csv", data::TableKind::Tickets);
    return store;
}

void check_days(const metrics::DaysSummary& summary, std::int64_t count, double median, double mean) {
    CHECK(summary.count == count);
    REQUIRE(summary.median_days.has_value());
    REQUIRE(summary.mean_days.has_value());
    CHECK(*summary.median_days == doctest::Approx(median));
    CHECK(*summary.mean_days == doctest::Approx(mean));
}

void check_figures(const metrics::SupportFigures& figures, std::int64_t opened, std::int64_t answered,
                   std::int64_t resolved, double resolution_rate) {
    CAPTURE(figures.channel);
    CHECK(figures.opened == opened);
    CHECK(figures.answered == answered);
    CHECK(figures.resolved == resolved);
    REQUIRE(figures.resolution_rate.has_value());
    CHECK(*figures.resolution_rate == doctest::Approx(resolution_rate));
}

void check_rate(const std::optional<double>& rate) {
    if (!rate) return;
    CHECK(*rate >= 0.0);
    CHECK(*rate <= 1.0);
}

void check_invariants(const metrics::SupportMetrics& result) {
    std::int64_t opened = 0;
    for (const auto& figures : result.by_channel) opened += figures.opened;
    CHECK(opened == result.overall.opened);
    auto all = result.by_channel;
    all.push_back(result.overall);
    for (const auto& figures : all) {
        CAPTURE(figures.channel);
        CHECK(figures.answered <= figures.opened);
        CHECK(figures.resolved <= figures.opened);
        CHECK(figures.resolution_rate.has_value() == (figures.opened > 0));
        check_rate(figures.resolution_rate);
        for (const auto* summary : {&figures.first_response, &figures.resolution}) {
            if (!summary->median_days) continue;
            CHECK(*summary->median_days >= 0.0);
            CHECK(*summary->mean_days >= 0.0);
        }
    }
    for (const auto* retention : {&result.fast_response_retention, &result.slow_response_retention}) {
        CHECK(retention->retained <= retention->counted);
        check_rate(retention->rate);
    }
    CHECK(result.fast_response_retention.counted + result.fast_response_retention.too_recent +
              result.slow_response_retention.counted + result.slow_response_retention.too_recent ==
          result.overall.opened);
}

}  // namespace

TEST_CASE("golden tickets: times, resolution rate and later retention over the whole history") {
    auto store = golden_store();
    const auto purchases = data::load_dataset(store);
    const auto result = metrics::support_metrics(store, purchases);

    check_figures(result.overall, 8, 7, 6, 0.75);
    check_days(result.overall.first_response, 7, 1.0, 12.0 / 7.0);
    check_days(result.overall.resolution, 6, 3.5, 28.0 / 6.0);
    CHECK(result.overall.dates_out_of_order == 0);

    REQUIRE(result.by_channel.size() == 4);
    CHECK(result.by_channel[0].channel == "chat");
    check_figures(result.by_channel[0], 3, 2, 2, 2.0 / 3.0);
    check_days(result.by_channel[0].first_response, 2, 0.5, 0.5);
    check_days(result.by_channel[0].resolution, 2, 3.0, 3.0);
    CHECK(result.by_channel[1].channel == "email");
    check_figures(result.by_channel[1], 3, 3, 2, 2.0 / 3.0);
    check_days(result.by_channel[1].first_response, 3, 1.0, 4.0 / 3.0);
    check_days(result.by_channel[1].resolution, 2, 4.5, 4.5);
    CHECK(result.by_channel[2].channel == "phone");
    check_figures(result.by_channel[2], 1, 1, 1, 1.0);
    check_days(result.by_channel[2].first_response, 1, 5.0, 5.0);
    check_days(result.by_channel[2].resolution, 1, 10.0, 10.0);
    CHECK(result.by_channel[3].channel.empty());  // T8 came without a channel: listed last
    check_figures(result.by_channel[3], 1, 1, 1, 1.0);
    check_days(result.by_channel[3].first_response, 1, 2.0, 2.0);

    const auto& fast = result.fast_response_retention;
    CHECK(fast.counted == 3);
    CHECK(fast.retained == 3);
    CHECK(fast.too_recent == 1);
    REQUIRE(fast.rate.has_value());
    CHECK(*fast.rate == doctest::Approx(1.0));
    const auto& slow = result.slow_response_retention;
    CHECK(slow.counted == 4);
    CHECK(slow.retained == 3);
    CHECK(slow.too_recent == 0);
    REQUIRE(slow.rate.has_value());
    CHECK(*slow.rate == doctest::Approx(0.75));
    check_invariants(result);
}

TEST_CASE("golden tickets: a date window keeps the tickets opened in it") {
    auto store = golden_store();
    const auto purchases = data::load_dataset(store);
    metrics::SupportOptions options;
    options.window = metrics::window_of_dates(date::year{2024} / 1 / 1, date::year{2024} / 1 / 31);
    const auto tickets = metrics::load_support_tickets(store, options.window);
    REQUIRE(tickets.size() == 3);
    CHECK(tickets[0].ticket_id == "T1");
    const auto result = metrics::compute_support_metrics(tickets, purchases, options);
    check_figures(result.overall, 3, 3, 2, 2.0 / 3.0);
    check_days(result.overall.first_response, 3, 1.0, 4.0 / 3.0);
    check_days(result.overall.resolution, 2, 3.0, 3.0);
    check_invariants(result);
}

TEST_CASE("golden tickets: the fast-response threshold moves tickets between fast and slow") {
    auto store = golden_store();
    const auto purchases = data::load_dataset(store);
    metrics::SupportOptions options;
    options.fast_response_days = 0;  // only same-day replies are fast: T1 (retained) and T7 (too recent)
    const auto result = metrics::support_metrics(store, purchases, options);
    CHECK(result.fast_response_retention.counted == 1);
    CHECK(result.fast_response_retention.retained == 1);
    CHECK(result.fast_response_retention.too_recent == 1);
    // Slow: T2, T3, T5, T6, T8 retained, T4 not.
    CHECK(result.slow_response_retention.counted == 6);
    CHECK(result.slow_response_retention.retained == 5);
    check_invariants(result);
}

TEST_CASE("a reply dated before the opening is left out of the times and counted") {
    auto store = data::Store::open(":memory:");
    store.execute(
        "INSERT INTO tickets (ticket_id, customer_id, opened_date, first_response_date, resolved_date, channel) VALUES"
        " ('T1', 'A', '2024-03-10', '2024-03-08', '2024-03-12', 'email'),"
        " ('T2', 'B', '2024-03-10', '2024-03-11', NULL, 'email')");
    const auto result = metrics::support_metrics(store, data::load_dataset(store));
    CHECK(result.overall.opened == 2);
    CHECK(result.overall.answered == 2);
    CHECK(result.overall.dates_out_of_order == 1);
    check_days(result.overall.first_response, 1, 1.0, 1.0);
    check_days(result.overall.resolution, 1, 2.0, 2.0);
    // No purchases at all: nothing can be judged for later retention.
    CHECK(result.fast_response_retention.too_recent + result.slow_response_retention.too_recent == 2);
    CHECK_FALSE(result.fast_response_retention.rate.has_value());
}

TEST_CASE("no tickets: zero counts and empty figures") {
    auto store = data::Store::open(":memory:");
    const auto result = metrics::support_metrics(store, data::load_dataset(store));
    CHECK(result.overall.opened == 0);
    CHECK_FALSE(result.overall.resolution_rate.has_value());
    CHECK_FALSE(result.overall.first_response.median_days.has_value());
    CHECK(result.by_channel.empty());
    const auto json = metrics::to_json(result);
    CHECK(json["overall"]["resolution_rate"].is_null());
    CHECK(json["by_channel"].empty());
}

TEST_CASE("the support definitions are in the glossary") {
    for (const char* key : {"first_response_time", "resolution_time", "resolution_rate", "fast_first_response",
                            "slow_first_response", "support_later_retention"})
        CHECK(help::find_entry(key) != nullptr);
    CHECK(help::find_entry("resolution_rate")->group == "Support");
}

// The generated sample, checked against plain SQL over the store it was written to.
namespace {

struct SqlTicketFigures {
    std::string channel;
    std::int64_t opened = 0, answered = 0, resolved = 0;
    double mean_first_response = 0, mean_resolution = 0, resolution_rate = 0;
    double median_first_response = 0, median_resolution = 0;
};

// Median of (end - opened) in days over tickets with an end date, by the LIMIT/OFFSET idiom:
// the middle row, or the mean of the two middle rows.
double sql_median(data::Store& store, const char* end_column, const std::string& first, const std::string& last,
                  const std::optional<std::string>& channel) {
    const std::string days = std::string("julianday(") + end_column + ") - julianday(opened_date)";
    auto query = store.prepare(
        "WITH d AS (SELECT " + days + " AS days FROM tickets WHERE " + end_column + " IS NOT NULL"
        "   AND opened_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR channel = ?3))"
        " SELECT AVG(days) FROM (SELECT days FROM d ORDER BY days"
        "   LIMIT 2 - (SELECT COUNT(*) FROM d) % 2 OFFSET ((SELECT COUNT(*) FROM d) - 1) / 2)");
    query.bind(1, first).bind(2, last);
    if (channel) query.bind(3, *channel);
    else query.bind_null(3);
    REQUIRE(query.step());
    return query.column_double(0);
}

std::vector<SqlTicketFigures> sql_ticket_figures(data::Store& store, const std::string& first, const std::string& last) {
    // The overall row first (channel NULL from the grouping sets' union), then each channel.
    const std::string columns =
        "COUNT(*), COUNT(first_response_date), COUNT(resolved_date),"
        " AVG(julianday(first_response_date) - julianday(opened_date)),"
        " AVG(julianday(resolved_date) - julianday(opened_date)),"
        " 1.0 * COUNT(resolved_date) / COUNT(*)";
    auto query = store.prepare(
        "SELECT NULL, " + columns + " FROM tickets WHERE opened_date BETWEEN ?1 AND ?2"
        " UNION ALL SELECT channel, " + columns + " FROM tickets WHERE opened_date BETWEEN ?1 AND ?2 GROUP BY channel");
    query.bind(1, first).bind(2, last);
    std::vector<SqlTicketFigures> rows;
    while (query.step()) {
        SqlTicketFigures row;
        const bool overall = query.column_is_null(0);
        if (!overall) row.channel = query.column_text(0);
        row.opened = query.column_int(1);
        row.answered = query.column_int(2);
        row.resolved = query.column_int(3);
        row.mean_first_response = query.column_double(4);
        row.mean_resolution = query.column_double(5);
        row.resolution_rate = query.column_double(6);
        rows.push_back(row);
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto channel = i == 0 ? std::nullopt : std::optional<std::string>(rows[i].channel);
        rows[i].median_first_response = sql_median(store, "first_response_date", first, last, channel);
        rows[i].median_resolution = sql_median(store, "resolved_date", first, last, channel);
    }
    return rows;
}

void check_against_sql(const metrics::SupportFigures& figures, const SqlTicketFigures& sql) {
    CAPTURE(sql.channel);
    CHECK(figures.opened == sql.opened);
    CHECK(figures.answered == sql.answered);
    CHECK(figures.resolved == sql.resolved);
    REQUIRE(figures.first_response.mean_days.has_value());
    REQUIRE(figures.resolution.mean_days.has_value());
    // Whole days summed and divided the same way: equal to the last bit.
    CHECK(*figures.first_response.mean_days == sql.mean_first_response);
    CHECK(*figures.first_response.median_days == sql.median_first_response);
    CHECK(*figures.resolution.mean_days == sql.mean_resolution);
    CHECK(*figures.resolution.median_days == sql.median_resolution);
    CHECK(*figures.resolution_rate == sql.resolution_rate);
}

void check_speed_retention_with_sql(data::Store& store, const metrics::SupportMetrics& result, const std::string& first,
                                    const std::string& last) {
    const std::string later = "date(t.opened_date, '+" + std::to_string(result.retention_horizon_days) + " days')";
    auto query = store.prepare(
        "WITH last_purchase AS (SELECT MAX(order_date) AS day FROM orders WHERE is_return = 0)"
        " SELECT first_response_date IS NOT NULL AND julianday(first_response_date) - julianday(opened_date) <= ?3 AS fast,"
        "   SUM(" + later + " <= (SELECT day FROM last_purchase)),"
        "   SUM(" + later + " <= (SELECT day FROM last_purchase) AND EXISTS (SELECT 1 FROM orders o"
        "       WHERE o.customer_id = t.customer_id AND o.is_return = 0"
        "       AND o.order_date > t.opened_date AND o.order_date <= " + later + ")),"
        "   SUM(" + later + " > (SELECT day FROM last_purchase))"
        " FROM tickets t WHERE opened_date BETWEEN ?1 AND ?2 GROUP BY fast");
    query.bind(1, first).bind(2, last).bind(3, std::int64_t{result.fast_response_days});
    int groups_seen = 0;
    while (query.step()) {
        const bool fast = query.column_int(0) == 1;
        CAPTURE(fast);
        const auto& retention = fast ? result.fast_response_retention : result.slow_response_retention;
        CHECK(retention.counted == query.column_int(1));
        CHECK(retention.retained == query.column_int(2));
        CHECK(retention.too_recent == query.column_int(3));
        ++groups_seen;
    }
    CHECK(groups_seen == 2);
}

}  // namespace

TEST_CASE("the sample shop's tickets: present, consistent, and equal to plain SQL over the store") {
    auto store = testing::sample_store(3000);
    REQUIRE(store.count_rows("tickets") > 100);
    const auto purchases = data::load_dataset(store);

    struct Case {
        std::optional<DateWindow> window;
        std::string first, last;
        int fast_days;
    };
    const Case cases[] = {
        {std::nullopt, "0000-01-01", "9999-12-31", 1},
        {metrics::window_of_dates(date::year{2024} / 7 / 1, date::year{2025} / 6 / 30), "2024-07-01", "2025-06-30", 2},
    };
    for (const auto& test_case : cases) {
        CAPTURE(test_case.first);
        metrics::SupportOptions support_options;
        support_options.window = test_case.window;
        support_options.fast_response_days = test_case.fast_days;
        const auto result = metrics::support_metrics(store, purchases, support_options);
        const auto sql = sql_ticket_figures(store, test_case.first, test_case.last);
        REQUIRE(sql.size() == result.by_channel.size() + 1);
        check_against_sql(result.overall, sql[0]);
        for (std::size_t i = 1; i < sql.size(); ++i) {
            const auto& channel = sql[i].channel;
            const auto found = std::find_if(result.by_channel.begin(), result.by_channel.end(),
                                            [&](const auto& figures) { return figures.channel == channel; });
            REQUIRE(found != result.by_channel.end());
            check_against_sql(*found, sql[i]);
        }
        CHECK(result.overall.dates_out_of_order == 0);
        check_invariants(result);
        check_speed_retention_with_sql(store, result, test_case.first, test_case.last);
    }
}

TEST_CASE("in the sample, customers with slow first responses come back less often, as it was generated") {
    data::SampleShopOptions options;
    options.customers = 5000;
    auto store = data::Store::open(":memory:");
    data::write_sample_shop(store, data::generate_sample_shop(options));
    const auto result = metrics::support_metrics(store, data::load_dataset(store));
    const auto& fast = result.fast_response_retention;
    const auto& slow = result.slow_response_retention;
    REQUIRE(fast.rate.has_value());
    REQUIRE(slow.rate.has_value());
    INFO("fast " << *fast.rate << " of " << fast.counted << ", slow " << *slow.rate << " of " << slow.counted);
    CHECK(*fast.rate > *slow.rate);
}
