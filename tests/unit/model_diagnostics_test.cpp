// Model diagnostics with a holdout period: a hand-made Dataset whose holdout purchases, tracking
// counts and group means are worked out below, with the predictions from the model functions
// (themselves checked against scipy in models_test.cpp); and CDNOW, whose counts must equal
// plain SQL over the store and the published 1,411 customers without a repeat purchase.
#include "touchpoint/clv/diagnostics.hpp"
#include "touchpoint/data/importer.hpp"

#include "golden_files.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

using namespace touchpoint;
using namespace touchpoint::clv;

namespace {

// BG/NBD at CDNOW's published estimates (Fader, Hardie & Lee 2005).
FitResult published_bgnbd() {
    FitResult fit;
    fit.kind = ModelKind::BgNbd;
    fit.names = parameter_names(ModelKind::BgNbd);
    fit.params = {0.243, 4.414, 0.793, 2.426};
    fit.converged = true;
    return fit;
}

constexpr int day0 = 19723;  // 2024-01-01

// A: first purchase on day 0, repeats on day 10 (two orders), 40 and 50.
// B: one purchase on day 3. C: first purchase on day 35, after the calibration end (day 30).
data::Dataset hand_dataset() {
    const std::vector<std::string> ids{"A", "B", "C"};
    const std::vector<data::OrderPoint> orders{
        {0, day0, 10.0}, {0, day0 + 10, 5.0}, {0, day0 + 10, 7.0}, {0, day0 + 40, 8.0}, {0, day0 + 50, 9.0},
        {1, day0 + 3, 20.0}, {2, day0 + 35, 30.0}, {2, day0 + 45, 30.0},
    };
    return data::build_dataset(ids, orders);
}

HoldoutOptions hand_options(TimeUnit unit) {
    return {data::day_from_number(day0 + 30), data::day_from_number(day0 + 60), unit};
}

double expected_new(const FitResult& fit, int days) {
    return days <= 0 ? 0.0 : bgnbd_expected_purchases_new_customer(fit.bgnbd(), days / 7.0);
}

}  // namespace

TEST_CASE("the holdout split counts purchase days after the calibration end, for customers acquired before it") {
    const auto customers = split_calibration_holdout(hand_dataset(), hand_options(TimeUnit::Week));
    REQUIRE(customers.size() == 2);
    CHECK(customers[0].calibration.customer_id == "A");
    CHECK(customers[0].calibration.x == 1);  // day 10, two orders: one purchase
    CHECK(customers[0].holdout_purchases == 2);  // days 40 and 50
    CHECK(customers[1].calibration.customer_id == "B");
    CHECK(customers[1].holdout_purchases == 0);
    CHECK(holdout_length(hand_options(TimeUnit::Week)) == doctest::Approx(30.0 / 7.0));
    CHECK(holdout_length(hand_options(TimeUnit::Day)) == 30.0);
    CHECK_THROWS_AS(split_calibration_holdout(hand_dataset(), {data::day_from_number(day0 + 30), data::day_from_number(day0 + 30)}),
                    std::invalid_argument);
}

TEST_CASE("tracking: repeat purchases per week, actual and predicted, incremental and cumulative") {
    const auto fit = published_bgnbd();
    const auto points = tracking(fit, hand_dataset(), hand_options(TimeUnit::Week));
    // Weeks from day 0 to day 60: nine, the last one cut at day 60.
    REQUIRE(points.size() == 9);
    CHECK(points[0].last_day == day0 + 6);
    CHECK(points[8].last_day == day0 + 60);
    // A's repeats: day 10 (week 1), 40 (week 5), 50 (week 7); C is not modelled.
    const double actual[9] = {0, 1, 0, 0, 0, 1, 0, 1, 0};
    double cumulative = 0;
    for (std::size_t week = 0; week < points.size(); ++week) {
        cumulative += actual[week];
        CHECK(points[week].actual == actual[week]);
        CHECK(points[week].actual_cumulative == cumulative);
        // A since day 0, B since day 3, as new customers.
        const int last = points[week].last_day - day0;
        const double predicted = expected_new(fit, last) + expected_new(fit, last - 3);
        CHECK(points[week].predicted_cumulative == doctest::Approx(predicted).epsilon(1e-12));
        const double before = week == 0 ? 0.0 : points[week - 1].predicted_cumulative;
        CHECK(points[week].predicted == doctest::Approx(points[week].predicted_cumulative - before).epsilon(1e-12));
    }
}

TEST_CASE("conditional expectations and the holdout error by hand") {
    const auto fit = published_bgnbd();
    const auto options = hand_options(TimeUnit::Week);
    const auto customers = split_calibration_holdout(hand_dataset(), options);
    const double holdout = holdout_length(options);
    const double predicted_b = bgnbd_expected_purchases(fit.bgnbd(), 0, 0, 27.0 / 7.0, holdout);
    const double predicted_a = bgnbd_expected_purchases(fit.bgnbd(), 1, 10.0 / 7.0, 30.0 / 7.0, holdout);

    const auto groups = conditional_expectations(fit, customers, holdout);
    REQUIRE(groups.size() == 2);  // x = 0 (B) and x = 1 (A); empty groups are left out
    CHECK(groups[0].x == 0);
    CHECK(groups[0].customers == 1);
    CHECK(groups[0].actual_mean == 0.0);
    CHECK(groups[0].predicted_mean == doctest::Approx(predicted_b).epsilon(1e-12));
    CHECK(groups[1].x == 1);
    CHECK(groups[1].actual_mean == 2.0);
    CHECK(groups[1].predicted_mean == doctest::Approx(predicted_a).epsilon(1e-12));

    const auto error = holdout_error(fit, customers, holdout);
    CHECK(error.customers == 2);
    CHECK(error.actual_total == 2.0);
    CHECK(error.predicted_total == doctest::Approx(predicted_a + predicted_b).epsilon(1e-12));
    CHECK(error.mean_absolute_error == doctest::Approx((std::fabs(predicted_a - 2.0) + predicted_b) / 2.0).epsilon(1e-12));
    CHECK(error.root_mean_squared_error ==
          doctest::Approx(std::sqrt(((predicted_a - 2.0) * (predicted_a - 2.0) + predicted_b * predicted_b) / 2.0)).epsilon(1e-12));
}

TEST_CASE("CDNOW: holdout counts equal plain SQL, and 1,411 customers made no repeat purchase") {
    auto store = data::Store::open(":memory:");
    data::ImportOptions import_options;
    import_options.mapping_overrides = {{"customer_id", "2"}, {"order_date", "3"}, {"quantity", "4"}, {"amount", "5"}};
    const auto report = data::import_file(store, "CDNOW_sample.txt",
                                          testing::read_text(std::string(TOUCHPOINT_SHARED_DATA_DIR) + "/cdnow/CDNOW_sample.txt"),
                                          import_options);
    REQUIRE_FALSE(report.fatal_error);
    const auto dataset = data::load_dataset(store);
    const HoldoutOptions options{data::Day{date::year{1997} / 9 / 30}, data::Day{date::year{1998} / 6 / 30}, TimeUnit::Week};
    const auto customers = split_calibration_holdout(dataset, options);
    REQUIRE(customers.size() == 2357);

    const auto sql_count = [&](const char* query) {
        auto rows = store.prepare(query);
        REQUIRE(rows.step());
        return rows.column_int(0);
    };
    // Purchase days: distinct (customer, day) among purchases, the first day of each customer excluded.
    const auto holdout_sql = sql_count(R"sql(
        SELECT count(*) FROM (SELECT DISTINCT customer_id, order_date FROM orders
                              WHERE is_return = 0 AND order_date > '1997-09-30' AND order_date <= '1998-06-30'))sql");
    const auto repeats_sql = sql_count(R"sql(
        SELECT count(*) - count(DISTINCT customer_id) FROM (SELECT DISTINCT customer_id, order_date FROM orders
                                                            WHERE is_return = 0 AND order_date <= '1998-06-30'))sql");

    const auto fit = published_bgnbd();
    const double holdout = holdout_length(options);
    const auto error = holdout_error(fit, customers, holdout);
    CHECK(error.actual_total == static_cast<double>(holdout_sql));
    const auto points = tracking(fit, dataset, options);
    REQUIRE_FALSE(points.empty());
    CHECK(points.back().actual_cumulative == static_cast<double>(repeats_sql));
    CHECK(points.back().last_day == data::day_number(options.holdout_end));

    // The conditional expectation groups cover every customer and every holdout purchase.
    std::int64_t grouped = 0;
    double grouped_purchases = 0;
    for (const auto& group : conditional_expectations(fit, customers, holdout)) {
        grouped += group.customers;
        grouped_purchases += group.actual_mean * static_cast<double>(group.customers);
    }
    CHECK(grouped == 2357);
    CHECK(grouped_purchases == doctest::Approx(static_cast<double>(holdout_sql)).epsilon(1e-12));

    std::vector<CustomerSummary> calibration;
    for (const auto& customer : customers) calibration.push_back(customer.calibration);
    const auto frequencies = calibration_frequencies(fit, calibration);
    CHECK(frequencies[0].actual == 1411);
    double predicted_customers = 0;
    for (const auto& count : frequencies) {
        REQUIRE(count.predicted.has_value());
        CHECK(*count.predicted >= 0.0);
        predicted_customers += *count.predicted;
    }
    CHECK(predicted_customers == doctest::Approx(2357.0).epsilon(1e-9));
    // The model fits the zero class closely.
    CHECK(std::fabs(*frequencies[0].predicted - 1411.0) < 30.0);

    // Pareto/NBD at its published CDNOW estimates (Fader & Hardie) describes the same counts.
    FitResult pareto;
    pareto.kind = ModelKind::ParetoNbd;
    pareto.names = parameter_names(ModelKind::ParetoNbd);
    pareto.params = {0.553, 10.578, 0.606, 11.669};
    pareto.converged = true;
    double pareto_customers = 0;
    const auto pareto_frequencies = calibration_frequencies(pareto, calibration);
    for (const auto& count : pareto_frequencies) {
        REQUIRE(count.predicted.has_value());
        pareto_customers += *count.predicted;
    }
    CHECK(pareto_customers == doctest::Approx(2357.0).epsilon(1e-9));
    CHECK(std::fabs(*pareto_frequencies[0].predicted - 1411.0) < 30.0);
}
