// The SQL oracle: every headline figure, the retention report (whole history and cut windows, by
// month and by week) and the cohort matrix computed again with plain SQL over the store's orders
// table, on the generated sample shop (20,000 customers, seed 42). The C++ side works on the
// columnar Dataset, so the two share nothing but the definitions.
//
// Agreement is exact: counts are integers, money is summed in whole cents on both sides
// (ROUND(amount * 100) per order; the shop's amounts are whole cents), and ratios are the same
// division of the same integers. Only the revenue CV, which takes a square root of a sum of
// squares added in a different order, is compared to a relative 1e-12.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/metrics/cohorts.hpp"
#include "touchpoint/metrics/headline.hpp"
#include "touchpoint/metrics/retention.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace touchpoint;

namespace {

data::Store& sample_store() {
    static data::Store store = [] {
        auto s = data::Store::open(":memory:");
        data::SampleShopOptions options;  // 20,000 customers, seed 42: the shop the workbench opens on
        data::write_sample_shop(s, data::generate_sample_shop(options));
        return s;
    }();
    return store;
}

// Purchases as (customer, day number, cents); a purchase day per customer; the first purchase day.
constexpr const char* purchase_tables = R"(
    WITH o AS (SELECT customer_id AS c, CAST(julianday(order_date) - 2440587.5 AS INTEGER) AS d,
                      CAST(ROUND(amount * 100) AS INTEGER) AS cents, order_date
               FROM orders WHERE is_return = 0),
         pd AS (SELECT DISTINCT c, d FROM o),
         firsts AS (SELECT c, MIN(d) AS f FROM pd GROUP BY c),
         gaps AS (SELECT c, d, d - LAG(d) OVER (PARTITION BY c ORDER BY d) AS gap FROM pd)
)";

std::int64_t sql_integer(std::string_view query, std::initializer_list<std::int64_t> parameters = {}) {
    auto statement = sample_store().prepare(std::string(purchase_tables) + std::string(query));
    int index = 1;
    for (const auto value : parameters) statement.bind(index++, value);
    REQUIRE(statement.step());
    return statement.column_int(0);
}

double sql_median_gap(std::int64_t first, std::int64_t last) {
    const std::int64_t count = sql_integer("SELECT COUNT(*) FROM gaps WHERE gap IS NOT NULL AND d BETWEEN ?1 AND ?2", {first, last});
    auto statement = sample_store().prepare(std::string(purchase_tables) +
                                            "SELECT AVG(gap) FROM (SELECT gap FROM gaps WHERE gap IS NOT NULL AND d BETWEEN ?1 AND ?2 "
                                            "ORDER BY gap LIMIT ?3 OFFSET ?4)");
    statement.bind(1, first).bind(2, last).bind(3, std::int64_t{2 - count % 2}).bind(4, (count - 1) / 2);
    REQUIRE(statement.step());
    return statement.column_double(0);
}

double money(std::int64_t cents) { return static_cast<double>(cents) / 100.0; }

// The SQL for the start day of a purchase's period: its month's first day, or the Monday on or before it.
std::string period_start_sql(metrics::Period period, const char* date_column) {
    const std::string date = period == metrics::Period::Month ? "date(" + std::string(date_column) + ", 'start of month')"
                                                              : "date(" + std::string(date_column) + ", '-6 days', 'weekday 1')";
    return "CAST(julianday(" + date + ") - 2440587.5 AS INTEGER)";
}

void check_report_against_sql(const data::Dataset& dataset, metrics::DateWindow window, metrics::RetentionOptions options) {
    const auto report = metrics::compute_retention_report(dataset, window, options);
    const std::int64_t from = window.first_day, to = window.last_day, before_churn = to - options.churn_window_days;
    CAPTURE(from);
    CAPTURE(to);

    const auto active = sql_integer("SELECT COUNT(DISTINCT c) FROM pd WHERE d BETWEEN ?1 AND ?2", {from, to});
    const auto acquired = sql_integer("SELECT COUNT(*) FROM firsts WHERE f BETWEEN ?1 AND ?2", {from, to});
    const auto purchases = sql_integer("SELECT COUNT(*) FROM pd WHERE d BETWEEN ?1 AND ?2", {from, to});
    const auto revenue_cents = sql_integer("SELECT TOTAL(cents) FROM o WHERE d BETWEEN ?1 AND ?2", {from, to});
    CHECK(report.active_customers == active);
    CHECK(report.new_customers == acquired);
    CHECK(report.orders == sql_integer("SELECT COUNT(*) FROM o WHERE d BETWEEN ?1 AND ?2", {from, to}));
    CHECK(report.purchases == purchases);
    CHECK(report.revenue == money(revenue_cents));

    const auto repeaters = sql_integer(
        "SELECT COUNT(*) FROM (SELECT c FROM pd WHERE d BETWEEN ?1 AND ?2 GROUP BY c HAVING COUNT(*) >= 2)", {from, to});
    CHECK(*report.repeat_purchase_rate == static_cast<double>(repeaters) / static_cast<double>(active));
    CHECK(*report.purchase_frequency == static_cast<double>(purchases) / static_cast<double>(active));
    CHECK(*report.revenue_per_customer == money(revenue_cents) / static_cast<double>(active));

    // Churn: bought in the window before its last N days; churned: no purchase in those N days.
    const auto churn_base = sql_integer("SELECT COUNT(DISTINCT c) FROM pd WHERE d BETWEEN ?1 AND ?2", {from, before_churn});
    const auto churned = sql_integer(
        "SELECT COUNT(*) FROM (SELECT DISTINCT c FROM pd WHERE d BETWEEN ?1 AND ?2) AS base "
        "WHERE NOT EXISTS (SELECT 1 FROM pd WHERE pd.c = base.c AND pd.d BETWEEN ?2 + 1 AND ?3)",
        {from, before_churn, to});
    CHECK(report.churn_base == churn_base);
    CHECK(report.churned_customers == churned);
    REQUIRE(report.churn_rate);
    CHECK(*report.churn_rate == static_cast<double>(churned) / static_cast<double>(churn_base));

    // Lost after the first purchase: acquired at least N days before the end, one purchase day by the end.
    const auto first_base = sql_integer("SELECT COUNT(*) FROM firsts WHERE f BETWEEN ?1 AND ?2", {from, before_churn});
    const auto lost = sql_integer(
        "SELECT COUNT(*) FROM firsts WHERE f BETWEEN ?1 AND ?2 "
        "AND (SELECT COUNT(*) FROM pd WHERE pd.c = firsts.c AND pd.d <= ?3) = 1",
        {from, before_churn, to});
    CHECK(report.first_purchase_base == first_base);
    CHECK(report.lost_after_first_purchase_customers == lost);
    CHECK(*report.lost_after_first_purchase == static_cast<double>(lost) / static_cast<double>(first_base));

    // Gaps that end in the window, measured from the previous purchase day wherever it lies.
    const auto& gaps = report.inter_purchase_time;
    const auto gap_count = sql_integer("SELECT COUNT(*) FROM gaps WHERE gap IS NOT NULL AND d BETWEEN ?1 AND ?2", {from, to});
    const auto gap_sum = sql_integer("SELECT TOTAL(gap) FROM gaps WHERE gap IS NOT NULL AND d BETWEEN ?1 AND ?2", {from, to});
    CHECK(gaps.gaps == gap_count);
    CHECK(*gaps.mean_days == static_cast<double>(gap_sum) / static_cast<double>(gap_count));
    CHECK(*gaps.median_days == sql_median_gap(from, to));
    std::int64_t lower = 1;
    for (std::size_t bin = 0; bin < metrics::inter_purchase_bin_count; ++bin) {
        const std::int64_t upper = bin < metrics::inter_purchase_bin_upper_days.size() ? metrics::inter_purchase_bin_upper_days[bin] : 1 << 30;
        CAPTURE(bin);
        CHECK(gaps.bin_counts[bin] == sql_integer("SELECT COUNT(*) FROM gaps WHERE d BETWEEN ?1 AND ?2 AND gap BETWEEN ?3 AND ?4",
                                                  {from, to, lower, upper}));
        lower = upper + 1;
    }

    // Historical CLV: revenue up to the end of the customers acquired in the window, per customer.
    const auto acquired_cents = sql_integer(
        "SELECT TOTAL(cents) FROM o JOIN firsts USING (c) WHERE f BETWEEN ?1 AND ?2 AND d <= ?2", {from, to});
    CHECK(*report.historical_clv == money(acquired_cents) / static_cast<double>(acquired));

    // Per period: customers, new (first purchase in the period), returning (earlier), orders, revenue.
    struct PeriodRow {
        std::int64_t active, returning, orders, cents;
    };
    std::map<std::int64_t, PeriodRow> sql_periods;  // by the period's first day
    auto rows = sample_store().prepare(std::string(purchase_tables) +
                                       "SELECT ps, COUNT(DISTINCT c), COUNT(DISTINCT CASE WHEN f < ps THEN c END), COUNT(*), "
                                       "TOTAL(cents) FROM (SELECT o.c AS c, cents, f, " +
                                       period_start_sql(options.period, "order_date") +
                                       " AS ps FROM o JOIN firsts USING (c) WHERE d BETWEEN ?1 AND ?2) GROUP BY ps");
    rows.bind(1, from).bind(2, to);
    while (rows.step())
        sql_periods[rows.column_int(0)] = {rows.column_int(1), rows.column_int(2), rows.column_int(3), rows.column_int(4)};
    REQUIRE_FALSE(sql_periods.empty());
    CHECK(report.per_period.front().first_day <= sql_periods.begin()->first);
    CHECK(report.per_period.back().first_day >= sql_periods.rbegin()->first);

    std::size_t matched = 0;
    double whole_sum = 0, whole_count = 0;
    std::vector<double> whole_revenues;
    for (const auto& period : report.per_period) {
        CAPTURE(period.label);
        CHECK(period.within_window == (period.first_day >= from && period.last_day <= to));
        const auto found = sql_periods.find(period.first_day);
        const PeriodRow expected = found == sql_periods.end() ? PeriodRow{0, 0, 0, 0} : found->second;
        matched += found == sql_periods.end() ? 0 : 1;
        CHECK(period.active_customers == expected.active);
        CHECK(period.returning_customers == expected.returning);
        CHECK(period.new_customers == expected.active - expected.returning);
        CHECK(period.orders == expected.orders);
        CHECK(period.revenue == money(expected.cents));
        if (period.within_window) {
            whole_revenues.push_back(money(expected.cents));
            whole_sum += money(expected.cents);
            ++whole_count;
        }
    }
    CHECK(matched == sql_periods.size());  // every SQL period is one of the report's

    // Revenue stability: population CV of the whole periods' revenue.
    REQUIRE(whole_revenues.size() >= 2);
    const double mean = whole_sum / whole_count;
    double squares = 0;
    for (const double revenue : whole_revenues) squares += (revenue - mean) * (revenue - mean);
    REQUIRE(report.revenue_stability_cv);
    CHECK(*report.revenue_stability_cv == doctest::Approx(std::sqrt(squares / whole_count) / mean).epsilon(1e-12));
}

void check_cohorts_against_sql(const data::Dataset& dataset, metrics::Period period, std::optional<metrics::DateWindow> window) {
    const auto matrix = metrics::compute_cohorts(dataset, {period, window});
    REQUIRE(matrix.window);
    const std::int64_t from = matrix.window->first_day, to = matrix.window->last_day;
    const std::string cohort_start = period_start_sql(period, "first_date");
    const std::string periods_since =
        period == metrics::Period::Month
            ? "(CAST(strftime('%Y', order_date) AS INTEGER) * 12 + CAST(strftime('%m', order_date) AS INTEGER)) - "
              "(CAST(strftime('%Y', first_date) AS INTEGER) * 12 + CAST(strftime('%m', first_date) AS INTEGER))"
            : "(" + period_start_sql(period, "order_date") + " - " + cohort_start + ") / 7";
    const std::string cohort_members =
        "firsts_by_date AS (SELECT c, MIN(order_date) AS first_date, MIN(d) AS f FROM o GROUP BY c) ";

    std::map<std::int64_t, std::pair<std::string, std::int64_t>> sizes;  // cohort start -> (month label, size)
    auto size_rows = sample_store().prepare(std::string(purchase_tables) + ", " + cohort_members + "SELECT " + cohort_start +
                                            ", strftime('%Y-%m', MIN(first_date)), COUNT(*) FROM firsts_by_date "
                                            "WHERE f BETWEEN ?1 AND ?2 GROUP BY 1");
    size_rows.bind(1, from).bind(2, to);
    while (size_rows.step())
        sizes[size_rows.column_int(0)] = {std::string(size_rows.column_text(1)), size_rows.column_int(2)};

    std::map<std::pair<std::int64_t, std::int64_t>, std::pair<std::int64_t, std::int64_t>> cells;  // (cohort, k) -> (customers, cents)
    auto cell_rows = sample_store().prepare(std::string(purchase_tables) + ", " + cohort_members + "SELECT " + cohort_start +
                                            " AS cohort, " + periods_since +
                                            " AS k, COUNT(DISTINCT c), TOTAL(cents) FROM o JOIN firsts_by_date USING (c) "
                                            "WHERE f BETWEEN ?1 AND ?2 AND d <= ?2 GROUP BY cohort, k");
    cell_rows.bind(1, from).bind(2, to);
    while (cell_rows.step())
        cells[{cell_rows.column_int(0), cell_rows.column_int(1)}] = {cell_rows.column_int(2), cell_rows.column_int(3)};

    REQUIRE(matrix.rows.size() == sizes.size());
    std::size_t cells_matched = 0;
    for (const auto& row : matrix.rows) {
        CAPTURE(row.label);
        const auto size = sizes.find(row.first_day);
        REQUIRE(size != sizes.end());
        CHECK(row.size == size->second.second);
        if (period == metrics::Period::Month) CHECK(row.label == size->second.first);
        for (std::size_t k = 0; k < row.cells.size(); ++k) {
            CAPTURE(k);
            const auto found = cells.find({row.first_day, static_cast<std::int64_t>(k)});
            const auto expected = found == cells.end() ? std::pair<std::int64_t, std::int64_t>{0, 0} : found->second;
            cells_matched += found == cells.end() ? 0 : 1;
            CHECK(row.cells[k].customers == expected.first);
            CHECK(row.cells[k].retained == static_cast<double>(expected.first) / static_cast<double>(row.size));
            CHECK(row.cells[k].revenue == money(expected.second));
        }
    }
    CHECK(cells_matched == cells.size());  // no SQL cell outside the matrix
}

metrics::DateWindow window(const char* first, const char* last) {
    return metrics::window_of_dates(*data::parse_iso_date(first), *data::parse_iso_date(last));
}

}  // namespace

TEST_CASE("headline metrics equal plain SQL over the orders table") {
    const auto dataset = data::load_dataset(sample_store());
    const auto headline = metrics::compute_headline_metrics(dataset);
    const auto customers = sql_integer("SELECT COUNT(DISTINCT c) FROM o");
    CHECK(headline.customers == customers);
    CHECK(headline.customers == 20000);
    CHECK(headline.orders == sql_integer("SELECT COUNT(*) FROM o"));
    const auto repeaters = sql_integer("SELECT COUNT(*) FROM (SELECT c FROM pd GROUP BY c HAVING COUNT(*) >= 2)");
    CHECK(*headline.repeat_purchase_rate == static_cast<double>(repeaters) / static_cast<double>(customers));
    CHECK(*headline.median_days_between_orders == sql_median_gap(-1'000'000, 1'000'000));

    std::map<std::string, std::pair<std::int64_t, std::int64_t>> months;  // month -> (returning, new)
    auto rows = sample_store().prepare(std::string(purchase_tables) +
                                       ", first_months AS (SELECT c, MIN(strftime('%Y-%m', order_date)) AS fm FROM o GROUP BY c) "
                                       "SELECT m, COUNT(DISTINCT CASE WHEN fm < m THEN c END), COUNT(DISTINCT CASE WHEN fm = m THEN c END) "
                                       "FROM (SELECT c, strftime('%Y-%m', order_date) AS m FROM o) JOIN first_months USING (c) GROUP BY m");
    while (rows.step()) months[std::string(rows.column_text(0))] = {rows.column_int(1), rows.column_int(2)};
    REQUIRE(headline.returning_by_month.size() == months.size());  // the shop has orders every month
    for (const auto& month : headline.returning_by_month) {
        CAPTURE(month.month);
        CHECK(month.returning == months[month.month].first);
        CHECK(month.new_customers == months[month.month].second);
    }
}

TEST_CASE("the retention report equals plain SQL: whole history and windows that cut histories") {
    const auto dataset = data::load_dataset(sample_store());
    const auto whole = *metrics::whole_history(dataset);
    check_report_against_sql(dataset, whole, {90, metrics::Period::Month});
    check_report_against_sql(dataset, whole, {30, metrics::Period::Week});
    check_report_against_sql(dataset, window("2024-03-10", "2025-02-20"), {90, metrics::Period::Month});
    check_report_against_sql(dataset, window("2024-11-13", "2025-01-29"), {21, metrics::Period::Week});
}

TEST_CASE("the cohort matrix equals plain SQL, by month and by ISO week") {
    const auto dataset = data::load_dataset(sample_store());
    check_cohorts_against_sql(dataset, metrics::Period::Month, std::nullopt);
    check_cohorts_against_sql(dataset, metrics::Period::Week, std::nullopt);
    check_cohorts_against_sql(dataset, metrics::Period::Month, window("2024-03-10", "2025-02-20"));
    check_cohorts_against_sql(dataset, metrics::Period::Week, window("2024-11-13", "2025-01-29"));
}
