// The SQL oracle: segment counts and RFM inputs and scores computed by plain SQL over the orders
// table (purchases only, distinct purchase days, median gaps by window functions) must agree
// exactly with the C++ results on the generated sample shop.
#include "golden_files.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/metrics/date_window.hpp"
#include "touchpoint/metrics/rfm.hpp"
#include "touchpoint/metrics/segments.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <map>
#include <string>

using namespace touchpoint;

namespace {

// ?1 the as-of date as text; rows: each customer's purchase days, first/last day and median gap.
constexpr const char* per_customer_sql = R"sql(
    WITH purchase_days AS (
        SELECT DISTINCT customer_id, julianday(order_date) AS day
        FROM orders WHERE is_return = 0 AND order_date <= ?1),
    gaps AS (
        SELECT customer_id, day - LAG(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap
        FROM purchase_days),
    ranked_gaps AS (
        SELECT customer_id, gap,
               ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY gap) AS position,
               COUNT(*) OVER (PARTITION BY customer_id) AS gap_count
        FROM gaps WHERE gap IS NOT NULL),
    median_gaps AS (
        SELECT customer_id, AVG(gap) AS median_gap FROM ranked_gaps
        WHERE position IN ((gap_count + 1) / 2, (gap_count + 2) / 2)
        GROUP BY customer_id),
    customers AS (
        SELECT customer_id, MIN(day) AS first_day, MAX(day) AS last_day, COUNT(*) AS purchase_days
        FROM purchase_days GROUP BY customer_id)
)sql";

// ?2 new_within_days, ?3 loyal_min_purchase_days, ?4 lapse_gap_multiple, ?5 one_time_lapse_days.
const std::string segment_counts_sql = std::string(per_customer_sql) + R"sql(
    SELECT segment, COUNT(*) FROM (
        SELECT CASE
            WHEN julianday(?1) - first_day < ?2 THEN 'new'
            WHEN purchase_days = 1 AND julianday(?1) - last_day > ?5 THEN 'lapsed'
            WHEN purchase_days > 1 AND julianday(?1) - last_day > ?4 * median_gap THEN 'lapsed'
            WHEN purchase_days >= ?3 THEN 'loyal'
            WHEN purchase_days >= 2 THEN 'returning'
            ELSE 'new' END AS segment
        FROM customers LEFT JOIN median_gaps USING (customer_id))
    GROUP BY segment
)sql";

// Scores 1 + floor(5 L / n) with L = RANK() - 1: the customers strictly lower.
const std::string rfm_sql = std::string(per_customer_sql) + R"sql(
    , revenue AS (
        SELECT customer_id, SUM(amount) AS monetary FROM orders
        WHERE is_return = 0 AND order_date <= ?1 GROUP BY customer_id)
    SELECT customer_id, CAST(julianday(?1) - last_day AS INTEGER), purchase_days, monetary,
           1 + (5 * (RANK() OVER (ORDER BY last_day) - 1)) / COUNT(*) OVER (),
           1 + (5 * (RANK() OVER (ORDER BY purchase_days) - 1)) / COUNT(*) OVER (),
           1 + (5 * (RANK() OVER (ORDER BY monetary) - 1)) / COUNT(*) OVER ()
    FROM customers JOIN revenue USING (customer_id)
    ORDER BY customer_id
)sql";

// The sample shop, plus same-day second orders and refunds (some after the last purchase day),
// so both must be handled the same way on each side.
data::Store sample_store() {
    auto store = testing::sample_store(4000);
    testing::add_same_day_orders_and_refunds(store, 3);
    return store;
}

std::map<std::string, std::int64_t> sql_segment_counts(data::Store& store, int as_of, const metrics::SegmentRules& rules) {
    auto query = store.prepare(segment_counts_sql);
    query.bind(1, data::format_iso_date(data::day_from_number(as_of)))
        .bind(2, std::int64_t{rules.new_within_days})
        .bind(3, std::int64_t{rules.loyal_min_purchase_days})
        .bind(4, rules.lapse_gap_multiple)
        .bind(5, std::int64_t{rules.one_time_lapse_days});
    std::map<std::string, std::int64_t> counts;
    while (query.step()) counts[std::string(query.column_text(0))] = query.column_int(1);
    return counts;
}

}  // namespace

TEST_CASE("segment counts: SQL over the store agrees exactly with the C++ rules") {
    auto store = sample_store();
    const auto dataset = data::load_dataset(store);
    const auto history = metrics::build_purchase_history(dataset);
    const int last_day = metrics::whole_history(dataset)->last_day;
    auto refunds = store.prepare("SELECT COUNT(*) FROM orders WHERE is_return = 1");
    REQUIRE(refunds.step());
    REQUIRE(refunds.column_int(0) > 0);

    for (const metrics::SegmentRules& rules : {metrics::SegmentRules{}, metrics::SegmentRules{14, 3, 1.5, 60},
                                                metrics::SegmentRules{45, 6, 2.75, 120}, metrics::SegmentRules{7, 2, 0.8, 30}}) {
        for (const int as_of : {last_day, last_day - 200, last_day - 500}) {
            const auto stats = metrics::customer_stats_as_of(history, as_of);
            const auto totals = metrics::segment_totals(stats, metrics::apply_rules(stats, rules));
            const auto sql = sql_segment_counts(store, as_of, rules);
            const std::string rules_text = metrics::to_json(rules).dump();
            CAPTURE(rules_text);
            CAPTURE(as_of);
            std::int64_t sql_total = 0;
            for (const auto& entry : sql) {
                const std::string segment = entry.first;
                CAPTURE(segment);
                CHECK((segment == "new" || segment == "returning" || segment == "loyal" || segment == "lapsed"));
                sql_total += entry.second;
            }
            for (std::size_t s = 0; s < metrics::segment_count; ++s) {
                const std::string key(metrics::segment_key(static_cast<metrics::Segment>(s)));
                CAPTURE(key);
                const auto found = sql.find(key);
                CHECK(totals.customers[s] == (found == sql.end() ? 0 : found->second));
            }
            CHECK(totals.total_customers == sql_total);
            if (as_of == last_day) CHECK(sql_total == static_cast<std::int64_t>(dataset.customer_count()));
        }
    }
}

TEST_CASE("RFM: recency, frequency and monetary inputs and scores agree with SQL window functions") {
    auto store = sample_store();
    const auto dataset = data::load_dataset(store);
    const auto history = metrics::build_purchase_history(dataset);
    const int last_day = metrics::whole_history(dataset)->last_day;

    for (const int as_of : {last_day, last_day - 300}) {
        CAPTURE(as_of);
        const auto result = metrics::compute_rfm(metrics::customer_stats_as_of(history, as_of));
        auto query = store.prepare(rfm_sql);
        query.bind(1, data::format_iso_date(data::day_from_number(as_of)));
        std::size_t c = 0;
        std::int64_t rows = 0;
        while (query.step()) {
            ++rows;
            const std::string id(query.column_text(0));
            while (c < dataset.customer_count() && dataset.customer_ids[c] < id) {
                CHECK(result.customers[c].frequency == 0);  // skipped by SQL: not yet a customer
                ++c;
            }
            REQUIRE(c < dataset.customer_count());
            REQUIRE(dataset.customer_ids[c] == id);
            const auto& customer = result.customers[c];
            CAPTURE(id);
            CHECK(customer.recency_days == query.column_int(1));
            CHECK(customer.frequency == query.column_int(2));
            CHECK(customer.monetary == doctest::Approx(query.column_double(3)).epsilon(1e-12));
            CHECK(int{customer.recency_score} == query.column_int(4));
            CHECK(int{customer.frequency_score} == query.column_int(5));
            CHECK(int{customer.monetary_score} == query.column_int(6));
            ++c;
        }
        CHECK(rows == result.total_customers);
    }
}
