// The customers behind each figure: every list has exactly the figure's size, and the lists of
// cohort cells and periods are the customers plain SQL over the store finds.
#include "touchpoint/metrics/customer_lists.hpp"

#include "golden_files.hpp"
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/metrics/retention.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace touchpoint;

namespace {

// The sample shop with same-day second orders and refunds, which no list may count as purchases.
data::Store sample_store_with_refunds() {
    auto store = testing::sample_store(3000);
    testing::add_same_day_orders_and_refunds(store, 40);
    return store;
}

std::vector<std::string> ids_of(const data::Dataset& dataset, const metrics::CustomerList& list) {
    std::vector<std::string> ids;
    for (const auto index : list) ids.push_back(dataset.customer_ids[index]);
    return ids;
}

std::string iso(int day) { return data::format_iso_date(data::day_from_number(day)); }

// Cohort month and months since it -> the customers who bought then, by SQL alone.
std::map<std::pair<std::string, int>, std::vector<std::string>> sql_monthly_cohort_cells(data::Store& store) {
    auto query = store.prepare(R"sql(
        WITH firsts AS (
            SELECT customer_id, MIN(order_date) AS first_date FROM orders WHERE is_return = 0 GROUP BY customer_id)
        SELECT DISTINCT strftime('%Y-%m', f.first_date),
               (CAST(strftime('%Y', o.order_date) AS INTEGER) * 12 + CAST(strftime('%m', o.order_date) AS INTEGER))
             - (CAST(strftime('%Y', f.first_date) AS INTEGER) * 12 + CAST(strftime('%m', f.first_date) AS INTEGER)),
               o.customer_id
        FROM orders o JOIN firsts f USING (customer_id)
        WHERE o.is_return = 0
        ORDER BY 1, 2, 3
    )sql");
    std::map<std::pair<std::string, int>, std::vector<std::string>> cells;
    while (query.step())
        cells[{std::string(query.column_text(0)), static_cast<int>(query.column_int(1))}].emplace_back(query.column_text(2));
    return cells;
}

bool ascending(const metrics::CustomerList& list) { return std::is_sorted(list.begin(), list.end()) && std::adjacent_find(list.begin(), list.end()) == list.end(); }

}  // namespace

TEST_CASE("cohort cells: each list has the matrix's count and is the customers SQL finds") {
    auto store = sample_store_with_refunds();
    const auto dataset = data::load_dataset(store);
    const auto matrix = metrics::compute_cohorts(dataset, {metrics::Period::Month, std::nullopt});
    REQUIRE(matrix.rows.size() >= 20);
    auto sql = sql_monthly_cohort_cells(store);

    std::size_t cells_with_customers = 0;
    for (std::size_t r = 0; r < matrix.rows.size(); ++r) {
        const auto& row = matrix.rows[r];
        for (std::size_t k = 0; k < row.cells.size(); ++k) {
            const auto list = metrics::cohort_cell_customers(dataset, matrix, r, k);
            const std::string cohort = row.label;
            CAPTURE(cohort);
            CAPTURE(k);
            CHECK(static_cast<std::int64_t>(list.size()) == row.cells[k].customers);
            CHECK(ascending(list));
            const auto found = sql.find({row.label, static_cast<int>(k)});
            const std::vector<std::string> expected = found == sql.end() ? std::vector<std::string>{} : found->second;
            CHECK(ids_of(dataset, list) == expected);
            if (!list.empty()) ++cells_with_customers;
        }
        if (!row.cells.empty()) CHECK(static_cast<std::int64_t>(metrics::cohort_cell_customers(dataset, matrix, r, 0).size()) == row.size);
    }
    CHECK(cells_with_customers == sql.size());  // SQL finds no cell the matrix lacks
    CHECK(metrics::cohort_cell_customers(dataset, matrix, matrix.rows.size(), 0).empty());
    CHECK(metrics::cohort_cell_customers(dataset, matrix, 0, matrix.rows[0].cells.size()).empty());
}

TEST_CASE("cohort cells of weekly and windowed matrices have the matrix's counts") {
    auto store = sample_store_with_refunds();
    const auto dataset = data::load_dataset(store);
    const auto whole = *metrics::whole_history(dataset);
    // A window that starts and ends inside a month and a week, so cut periods are covered.
    const metrics::DateWindow window{whole.first_day + 100, whole.last_day - 95};
    for (const auto period : {metrics::Period::Week, metrics::Period::Month}) {
        const auto matrix = metrics::compute_cohorts(dataset, {period, window});
        REQUIRE_FALSE(matrix.rows.empty());
        std::int64_t listed = 0, counted = 0;
        for (std::size_t r = 0; r < matrix.rows.size(); ++r)
            for (std::size_t k = 0; k < matrix.rows[r].cells.size(); ++k) {
                const auto size = static_cast<std::int64_t>(metrics::cohort_cell_customers(dataset, matrix, r, k).size());
                CHECK(size == matrix.rows[r].cells[k].customers);
                listed += size;
                counted += matrix.rows[r].cells[k].customers;
            }
        CHECK(listed == counted);
        CHECK(counted > 0);
    }
}

TEST_CASE("segment lists have the segment totals' sizes and split the customers") {
    auto store = sample_store_with_refunds();
    const auto dataset = data::load_dataset(store);
    const auto history = metrics::build_purchase_history(dataset);
    const int last_day = metrics::whole_history(dataset)->last_day;
    for (const metrics::SegmentRules& rules : {metrics::SegmentRules{}, metrics::SegmentRules{14, 3, 1.5, 60}}) {
        for (const int as_of : {last_day, last_day - 300}) {
            const auto stats = metrics::customer_stats_as_of(history, as_of);
            const auto segments = metrics::apply_rules(stats, rules);
            const auto totals = metrics::segment_totals(stats, segments);
            std::set<std::uint32_t> everyone;
            std::size_t listed = 0;
            for (std::size_t s = 0; s < metrics::segment_count; ++s) {
                const auto list = metrics::segment_customers(segments, static_cast<metrics::Segment>(s));
                CAPTURE(s);
                CHECK(static_cast<std::int64_t>(list.size()) == totals.customers[s]);
                CHECK(ascending(list));
                for (const auto c : list) {
                    CHECK(stats.customers[c].purchase_days > 0);
                    everyone.insert(c);
                }
                listed += list.size();
            }
            CHECK(everyone.size() == listed);  // no customer in two segments
            CHECK(static_cast<std::int64_t>(listed) == totals.total_customers);
        }
    }
}

TEST_CASE("RFM lists have the segment and grid counts") {
    auto store = sample_store_with_refunds();
    const auto dataset = data::load_dataset(store);
    const auto rfm = metrics::compute_rfm(dataset);
    std::int64_t listed = 0;
    for (std::size_t s = 0; s < metrics::rfm_segment_count; ++s) {
        const auto list = metrics::rfm_segment_customers(rfm, static_cast<metrics::RfmSegment>(s));
        CAPTURE(s);
        CHECK(static_cast<std::int64_t>(list.size()) == rfm.segment_customers[s]);
        listed += static_cast<std::int64_t>(list.size());
    }
    CHECK(listed == rfm.total_customers);
    CHECK(metrics::rfm_segment_customers(rfm, metrics::RfmSegment::NotYetCustomer).empty());
    for (int r = 1; r <= 5; ++r)
        for (int fm = 1; fm <= 5; ++fm) {
            const auto list = metrics::rfm_cell_customers(rfm, r, fm);
            CAPTURE(r);
            CAPTURE(fm);
            CHECK(static_cast<std::int64_t>(list.size()) ==
                  rfm.customers_by_r_and_fm[static_cast<std::size_t>(r - 1)][static_cast<std::size_t>(fm - 1)]);
            for (const auto c : list) CHECK(rfm.customers[c].recency_score == r);
        }
    CHECK(metrics::rfm_cell_customers(rfm, 0, 3).empty());
    CHECK(metrics::rfm_cell_customers(rfm, 3, 6).empty());
}

TEST_CASE("period lists: new and returning customers are the report's, and the ones SQL finds") {
    auto store = sample_store_with_refunds();
    const auto dataset = data::load_dataset(store);
    const auto whole = *metrics::whole_history(dataset);
    // The window cuts its first and last periods, where "new" still looks at the whole period.
    const metrics::DateWindow window{whole.first_day + 45, whole.last_day - 20};
    auto query = store.prepare(R"sql(
        WITH firsts AS (
            SELECT customer_id, MIN(order_date) AS first_date FROM orders WHERE is_return = 0 GROUP BY customer_id)
        SELECT DISTINCT o.customer_id, f.first_date >= ?3 FROM orders o JOIN firsts f USING (customer_id)
        WHERE o.is_return = 0 AND o.order_date BETWEEN ?1 AND ?2
        ORDER BY o.customer_id
    )sql");
    for (const auto period : {metrics::Period::Month, metrics::Period::Week}) {
        metrics::RetentionOptions options;
        options.period = period;
        const auto report = metrics::compute_retention_report(dataset, window, options);
        REQUIRE(report.per_period.size() > 5);
        for (std::size_t p = 0; p < report.per_period.size(); ++p) {
            const auto& figures = report.per_period[p];
            const auto lists = metrics::period_customers(dataset, window, period, p);
            const std::string label = figures.label;
            CAPTURE(label);
            CHECK(static_cast<std::int64_t>(lists.new_customers.size()) == figures.new_customers);
            CHECK(static_cast<std::int64_t>(lists.returning_customers.size()) == figures.returning_customers);
            CHECK(ascending(lists.new_customers));
            CHECK(ascending(lists.returning_customers));

            query.bind(1, iso(std::max(figures.first_day, window.first_day)))
                .bind(2, iso(std::min(figures.last_day, window.last_day)))
                .bind(3, iso(figures.first_day));
            std::vector<std::string> sql_new, sql_returning;
            while (query.step()) (query.column_int(1) != 0 ? sql_new : sql_returning).emplace_back(query.column_text(0));
            query.reset();
            CHECK(ids_of(dataset, lists.new_customers) == sql_new);
            CHECK(ids_of(dataset, lists.returning_customers) == sql_returning);
        }
        const auto past_the_end = metrics::period_customers(dataset, window, period, report.per_period.size());
        CHECK(past_the_end.new_customers.empty());
        CHECK(past_the_end.returning_customers.empty());
    }
}
