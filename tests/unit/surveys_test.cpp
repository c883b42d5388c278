// Survey metrics: the golden files of tests/golden/surveys (worked by hand in its README),
// invariants, and the generated sample checked against plain SQL over the store.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/help/glossary.hpp"
#include "touchpoint/metrics/surveys.hpp"

#include "golden_files.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace touchpoint;
using metrics::DateWindow;

namespace {

data::Store golden_store() {
    auto store = data::Store::open(":memory:");
    testing::import_golden(store, "surveys", "orders.csv", data::TableKind::Orders);
    testing::import_golden(store, "surveys", "surveys.csv", data::TableKind::Surveys);
    return store;
}

DateWindow window(int y1, unsigned m1, unsigned d1, int y2, unsigned m2, unsigned d2) {
    return metrics::window_of_dates(date::year{y1} / m1 / d1, date::year{y2} / m2 / d2);
}

void check_group(const metrics::ScoreGroupRetention& group, const char* key, std::int64_t answers,
                 std::int64_t counted, std::int64_t retained, std::int64_t too_recent, double rate) {
    CAPTURE(group.key);
    CHECK(group.key == key);
    CHECK(group.answers == answers);
    CHECK(group.later_retention.counted == counted);
    CHECK(group.later_retention.retained == retained);
    CHECK(group.later_retention.too_recent == too_recent);
    REQUIRE(group.later_retention.rate.has_value());
    CHECK(*group.later_retention.rate == doctest::Approx(rate));
}

void check_invariants(const metrics::SurveyMetrics& result) {
    CHECK(result.promoters + result.passives + result.detractors == result.nps_answers);
    CHECK(result.nps_answers <= result.responses);
    CHECK(result.csat_answers <= result.responses);
    CHECK(result.ces_answers <= result.responses);
    if (result.nps) {
        CHECK(*result.nps >= -100.0);
        CHECK(*result.nps <= 100.0);
    }
    if (result.csat) {
        CHECK(*result.csat >= 0.0);
        CHECK(*result.csat <= 100.0);
    }
    if (result.ces) {
        CHECK(*result.ces >= 1.0);
        CHECK(*result.ces <= 7.0);
    }
    for (const auto* groups : {&result.nps_retention, &result.csat_retention, &result.ces_retention}) {
        std::int64_t answers = 0;
        for (const auto& group : *groups) {
            CAPTURE(group.key);
            answers += group.answers;
            const auto& retention = group.later_retention;
            CHECK(retention.counted + retention.too_recent == group.answers);
            CHECK(retention.retained <= retention.counted);
            CHECK(retention.rate.has_value() == (retention.counted > 0));
            if (retention.rate) {
                CHECK(*retention.rate >= 0.0);
                CHECK(*retention.rate <= 1.0);
            }
        }
        const auto expected = groups == &result.nps_retention    ? result.nps_answers
                              : groups == &result.csat_retention ? result.csat_answers
                                                                 : result.ces_answers;
        CHECK(answers == expected);
    }
}

}  // namespace

TEST_CASE("golden surveys: NPS, CSAT, CES and later retention over the whole history") {
    auto store = golden_store();
    const auto purchases = data::load_dataset(store);
    const auto result = metrics::survey_metrics(store, purchases);

    CHECK(result.responses == 11);
    CHECK(result.nps_answers == 10);
    CHECK(result.promoters == 5);
    CHECK(result.passives == 2);
    CHECK(result.detractors == 3);
    REQUIRE(result.nps.has_value());
    CHECK(*result.nps == doctest::Approx(20.0));
    CHECK(result.csat_answers == 10);
    CHECK(result.satisfied == 5);
    REQUIRE(result.csat.has_value());
    CHECK(*result.csat == doctest::Approx(50.0));
    CHECK(result.ces_answers == 10);
    REQUIRE(result.ces.has_value());
    CHECK(*result.ces == doctest::Approx(4.3));

    REQUIRE(result.last_purchase_day.has_value());
    CHECK(*result.last_purchase_day == data::day_number(date::year{2024} / 7 / 31));
    REQUIRE(result.nps_retention.size() == 3);
    check_group(result.nps_retention[0], "nps_promoters", 5, 4, 2, 1, 0.5);
    check_group(result.nps_retention[1], "nps_passives", 2, 2, 2, 0, 1.0);
    check_group(result.nps_retention[2], "nps_detractors", 3, 2, 0, 1, 0.0);
    REQUIRE(result.csat_retention.size() == 3);
    check_group(result.csat_retention[0], "csat_satisfied", 5, 5, 3, 0, 0.6);
    check_group(result.csat_retention[1], "csat_neutral", 1, 1, 1, 0, 1.0);
    check_group(result.csat_retention[2], "csat_dissatisfied", 4, 2, 0, 2, 0.0);
    REQUIRE(result.ces_retention.size() == 3);
    check_group(result.ces_retention[0], "ces_low_effort", 5, 5, 4, 0, 0.8);
    check_group(result.ces_retention[1], "ces_neutral", 1, 1, 1, 0, 1.0);
    check_group(result.ces_retention[2], "ces_high_effort", 4, 2, 0, 2, 0.0);
    check_invariants(result);
}

TEST_CASE("golden surveys: a date window keeps only the answers given in it") {
    auto store = golden_store();
    const auto purchases = data::load_dataset(store);
    metrics::SurveyOptions options;
    options.window = window(2024, 1, 1, 2024, 2, 29);
    CHECK(metrics::load_survey_responses(store, options.window).size() == 5);
    const auto result = metrics::survey_metrics(store, purchases, options);
    CHECK(result.responses == 5);
    CHECK(result.nps_answers == 4);
    REQUIRE(result.nps.has_value());
    CHECK(*result.nps == doctest::Approx(25.0));
    REQUIRE(result.csat.has_value());
    CHECK(*result.csat == doctest::Approx(60.0));
    REQUIRE(result.ces.has_value());
    CHECK(*result.ces == doctest::Approx(4.5));
    check_invariants(result);

    // Computing from every answer with the window in the options gives the same figures.
    const auto all = metrics::load_survey_responses(store);
    CHECK(all.size() == 11);
    const auto filtered = metrics::compute_survey_metrics(all, purchases, options);
    CHECK(metrics::to_json(filtered) == metrics::to_json(result));
}

TEST_CASE("golden surveys: the horizon decides which answers are too recent") {
    auto store = golden_store();
    const auto purchases = data::load_dataset(store);
    metrics::SurveyOptions options;
    options.retention_horizon_days = 30;  // judged when answered on or before 2024-07-01
    const auto result = metrics::survey_metrics(store, purchases, options);
    // Promoters: A 01-08 (next purchase 03-01, 53 days: not within 30), B not, F 05-02 (07-31 is 90 days: not),
    // Z never; A 08-15 too recent.
    check_group(result.nps_retention[0], "nps_promoters", 5, 4, 0, 1, 0.0);
    // Passives: C 01-20 -> 02-20 (31 days: not), E 03-02 -> 03-15 (13 days: retained).
    check_group(result.nps_retention[1], "nps_passives", 2, 2, 1, 0, 0.5);
    // Detractors: D 02-05 (next 06-30: not), C 03-01 (only a refund after: not), and G 05-03, now old
    // enough to count (05-03 + 30 <= 07-31), bought 06-01, 29 days later: retained.
    check_group(result.nps_retention[2], "nps_detractors", 3, 3, 1, 0, 1.0 / 3.0);
    check_invariants(result);
}

TEST_CASE("no survey answers: counts are zero and the scores are empty") {
    auto store = data::Store::open(":memory:");
    const auto purchases = data::load_dataset(store);
    const auto result = metrics::survey_metrics(store, purchases);
    CHECK(result.responses == 0);
    CHECK_FALSE(result.nps.has_value());
    CHECK_FALSE(result.csat.has_value());
    CHECK_FALSE(result.ces.has_value());
    CHECK_FALSE(result.last_purchase_day.has_value());
    for (const auto& group : result.nps_retention) CHECK_FALSE(group.later_retention.rate.has_value());
    const auto json = metrics::to_json(result);
    CHECK(json["nps"].is_null());
    CHECK(json["survey_responses"] == 0);
}

TEST_CASE("score groups follow their stated boundaries, fractional scores included") {
    using metrics::ScoreGroup;
    CHECK(metrics::nps_group(10) == ScoreGroup::High);
    CHECK(metrics::nps_group(9) == ScoreGroup::High);
    CHECK(metrics::nps_group(8.9) == ScoreGroup::Middle);
    CHECK(metrics::nps_group(7) == ScoreGroup::Middle);
    CHECK(metrics::nps_group(6.5) == ScoreGroup::Low);
    CHECK(metrics::nps_group(0) == ScoreGroup::Low);
    CHECK(metrics::csat_group(4) == ScoreGroup::High);
    CHECK(metrics::csat_group(3) == ScoreGroup::Middle);
    CHECK(metrics::csat_group(2) == ScoreGroup::Low);
    CHECK(metrics::ces_group(5) == ScoreGroup::High);
    CHECK(metrics::ces_group(4) == ScoreGroup::Middle);
    CHECK(metrics::ces_group(3) == ScoreGroup::Low);
}

TEST_CASE("a stored date that is not ISO is an error, not a silent zero") {
    auto store = data::Store::open(":memory:");
    store.execute("INSERT INTO surveys (customer_id, response_date, nps) VALUES ('A', '08/01/2024', 9)");
    CHECK_THROWS_AS(metrics::load_survey_responses(store), data::StoreError);
}

TEST_CASE("every key the survey JSON reports has a glossary entry") {
    auto store = golden_store();
    const auto result = metrics::survey_metrics(store, data::load_dataset(store));
    const auto json = metrics::to_json(result);
    for (const char* key : {"nps", "csat", "ces", "nps_promoters", "nps_passives", "nps_detractors", "csat_satisfied",
                            "survey_later_retention"})
        CHECK(help::find_entry(key) != nullptr);
    for (const char* list : {"nps_later_retention", "csat_later_retention", "ces_later_retention"}) {
        for (const auto& group : json[list]) {
            const std::string key = group["key"];
            CAPTURE(key);
            CHECK(help::find_entry(key) != nullptr);
        }
    }
}

// The generated sample, checked against plain SQL over the store it was written to.
namespace {

struct SqlSurveyFigures {
    std::int64_t responses, nps_answers, promoters, passives, detractors, csat_answers, satisfied, ces_answers;
    double nps, csat, ces;
};

SqlSurveyFigures sql_survey_figures(data::Store& store, const std::string& first, const std::string& last) {
    auto query = store.prepare(
        "SELECT COUNT(*), COUNT(nps), SUM(nps >= 9), SUM(nps >= 7 AND nps < 9), SUM(nps < 7),"
        "       COUNT(csat), SUM(csat >= 4), COUNT(ces),"
        "       100.0 * SUM(nps >= 9) / COUNT(nps) - 100.0 * SUM(nps < 7) / COUNT(nps),"
        "       100.0 * SUM(csat >= 4) / COUNT(csat), AVG(ces)"
        " FROM surveys WHERE response_date BETWEEN ?1 AND ?2");
    query.bind(1, first).bind(2, last);
    REQUIRE(query.step());
    return {query.column_int(0), query.column_int(1), query.column_int(2), query.column_int(3),
            query.column_int(4), query.column_int(5), query.column_int(6), query.column_int(7),
            query.column_double(8), query.column_double(9), query.column_double(10)};
}

// Later retention of the NPS groups, per answer, as the glossary defines it.
void check_nps_retention_with_sql(data::Store& store, const metrics::SurveyMetrics& result, const std::string& first,
                                  const std::string& last, int horizon) {
    const std::string later = "date(a.response_date, '+" + std::to_string(horizon) + " days')";
    auto query = store.prepare(
        "WITH last_purchase AS (SELECT MAX(order_date) AS day FROM orders WHERE is_return = 0),"
        " answers AS (SELECT customer_id, response_date,"
        "   CASE WHEN nps >= 9 THEN 0 WHEN nps >= 7 THEN 1 ELSE 2 END AS grp"
        "   FROM surveys WHERE nps IS NOT NULL AND response_date BETWEEN ?1 AND ?2)"
        " SELECT grp, COUNT(*),"
        "   SUM(" + later + " <= (SELECT day FROM last_purchase)),"
        "   SUM(" + later + " <= (SELECT day FROM last_purchase) AND EXISTS (SELECT 1 FROM orders o"
        "       WHERE o.customer_id = a.customer_id AND o.is_return = 0"
        "       AND o.order_date > a.response_date AND o.order_date <= " + later + "))"
        " FROM answers a GROUP BY grp ORDER BY grp");
    query.bind(1, first).bind(2, last);
    int groups_seen = 0;
    while (query.step()) {
        const auto group = static_cast<std::size_t>(query.column_int(0));
        const auto& entry = result.nps_retention.at(group);
        CAPTURE(entry.key);
        const auto counted = query.column_int(2), retained = query.column_int(3);
        CHECK(entry.answers == query.column_int(1));
        CHECK(entry.later_retention.counted == counted);
        CHECK(entry.later_retention.retained == retained);
        if (counted > 0) CHECK(*entry.later_retention.rate == static_cast<double>(retained) / static_cast<double>(counted));
        ++groups_seen;
    }
    CHECK(groups_seen == 3);
}

}  // namespace

TEST_CASE("the sample shop's surveys: present, in range, and equal to plain SQL over the store") {
    auto store = testing::sample_store(3000);
    REQUIRE(store.count_rows("surveys") > 100);
    const auto purchases = data::load_dataset(store);

    struct Case {
        std::optional<DateWindow> window;
        std::string first, last;
        int horizon;
    };
    const Case cases[] = {
        {std::nullopt, "0000-01-01", "9999-12-31", 90},
        {window(2025, 1, 1, 2025, 6, 30), "2025-01-01", "2025-06-30", 90},
        {window(2024, 10, 1, 2024, 12, 31), "2024-10-01", "2024-12-31", 30},
    };
    for (const auto& test_case : cases) {
        CAPTURE(test_case.first);
        metrics::SurveyOptions survey_options;
        survey_options.window = test_case.window;
        survey_options.retention_horizon_days = test_case.horizon;
        const auto result = metrics::survey_metrics(store, purchases, survey_options);
        const auto sql = sql_survey_figures(store, test_case.first, test_case.last);
        CHECK(result.responses == sql.responses);
        CHECK(result.nps_answers == sql.nps_answers);
        CHECK(result.promoters == sql.promoters);
        CHECK(result.passives == sql.passives);
        CHECK(result.detractors == sql.detractors);
        CHECK(result.csat_answers == sql.csat_answers);
        CHECK(result.satisfied == sql.satisfied);
        CHECK(result.ces_answers == sql.ces_answers);
        REQUIRE(result.nps.has_value());
        REQUIRE(result.csat.has_value());
        REQUIRE(result.ces.has_value());
        // The same arithmetic in the same order: equal to the last bit.
        CHECK(*result.nps == sql.nps);
        CHECK(*result.csat == sql.csat);
        CHECK(*result.ces == sql.ces);
        check_invariants(result);
        check_nps_retention_with_sql(store, result, test_case.first, test_case.last, test_case.horizon);
    }
}

TEST_CASE("in the sample, promoters come back more often than detractors, as it was generated") {
    auto store = testing::sample_store(3000);
    const auto result = metrics::survey_metrics(store, data::load_dataset(store));
    const auto& promoters = result.nps_retention[0].later_retention;
    const auto& detractors = result.nps_retention[2].later_retention;
    REQUIRE(promoters.rate.has_value());
    REQUIRE(detractors.rate.has_value());
    INFO("promoters " << *promoters.rate << " of " << promoters.counted << ", detractors " << *detractors.rate
                      << " of " << detractors.counted);
    CHECK(*promoters.rate > *detractors.rate + 0.05);
    CHECK(*result.nps > -100.0);
    CHECK(*result.nps < 100.0);
}
