// Property tests: random order logs (and random model parameters and simulations) checked against
// the invariants every figure must keep, whatever the data: rates in [0, 1], a cohort's first
// period at 100 %, segment sizes that add up to the customers, P(alive) in [0, 1], expected
// purchases that grow with the horizon, and simulation totals equal to the sums of their parts.
// The seed of every case is printed on failure (CAPTURE), so a failure can be replayed.
#include "touchpoint/cadence/templates.hpp"
#include "touchpoint/clv/bgnbd.hpp"
#include "touchpoint/clv/models.hpp"
#include "touchpoint/clv/pareto_nbd.hpp"
#include "touchpoint/clv/predictions.hpp"
#include "touchpoint/clv/summary.hpp"
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/metrics/cohorts.hpp"
#include "touchpoint/metrics/retention.hpp"
#include "touchpoint/metrics/segments.hpp"
#include "touchpoint/sim/simulator.hpp"

#include <doctest/doctest.h>
#include <pcg_random.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace touchpoint;

namespace {

constexpr int first_day = 19723;  // 2024-01-01

// A random shop: 1 to 400 customers, each with a first purchase somewhere in two years and a
// geometric number of later ones at random gaps (several on one day happen too), random amounts.
data::Dataset random_order_log(pcg32& random) {
    const int customers = std::uniform_int_distribution<int>(1, 400)(random);
    const double keep_buying = std::uniform_real_distribution<double>(0.0, 0.9)(random);
    std::vector<std::string> ids;
    std::vector<data::OrderPoint> orders;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int c = 0; c < customers; ++c) {
        ids.push_back("C" + std::to_string(c));
        int day = first_day + std::uniform_int_distribution<int>(0, 729)(random);
        const auto customer = static_cast<std::uint32_t>(c);
        orders.push_back({customer, day, std::round(unit(random) * 20000) / 100});
        while (unit(random) < keep_buying) {
            day += std::uniform_int_distribution<int>(0, 120)(random);
            if (day > first_day + 729) break;
            orders.push_back({customer, day, std::round(unit(random) * 20000) / 100});
        }
    }
    std::shuffle(orders.begin(), orders.end(), random);
    return data::build_dataset(ids, orders);
}

void check_rate(const std::optional<double>& rate) {
    if (rate) CHECK((*rate >= 0.0 && *rate <= 1.0));
}

}  // namespace

TEST_CASE("properties: retention rates stay in [0, 1] and counts are consistent, for any window") {
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
        CAPTURE(seed);
        pcg32 random(seed);
        const auto dataset = random_order_log(random);
        const int from = first_day + std::uniform_int_distribution<int>(-30, 700)(random);
        const metrics::DateWindow window{from, from + std::uniform_int_distribution<int>(0, 400)(random)};
        const auto report = metrics::compute_retention_report(dataset, window);
        check_rate(report.repeat_purchase_rate);
        check_rate(report.churn_rate);
        check_rate(report.lost_after_first_purchase);
        CHECK(report.new_customers <= report.active_customers);
        CHECK(report.active_customers <= static_cast<std::int64_t>(dataset.customer_count()));
        CHECK(report.purchases <= report.orders);
        CHECK(report.active_customers <= report.purchases);
        CHECK(report.churned_customers <= report.churn_base);
        CHECK(report.lost_after_first_purchase_customers <= report.first_purchase_base);
        if (report.purchase_frequency) CHECK(*report.purchase_frequency >= 1.0);
    }
}

TEST_CASE("properties: every cohort starts at 100 % and never retains more than all of it") {
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
        CAPTURE(seed);
        pcg32 random(seed);
        const auto dataset = random_order_log(random);
        metrics::CohortOptions options;
        options.period = seed % 2 == 0 ? metrics::Period::Month : metrics::Period::Week;
        const auto matrix = metrics::compute_cohorts(dataset, options);
        std::int64_t members = 0;
        for (const auto& row : matrix.rows) {
            CAPTURE(row.label);
            REQUIRE_FALSE(row.cells.empty());
            CHECK(row.cells[0].retained == 1.0);
            CHECK(row.cells[0].customers == row.size);
            for (const auto& cell : row.cells) CHECK((cell.retained >= 0.0 && cell.retained <= 1.0 && cell.customers <= row.size));
            members += row.size;
        }
        CHECK(members == static_cast<std::int64_t>(dataset.customer_count()));
    }
}

TEST_CASE("properties: segment sizes add up to the customers acquired, on any day and under any rules") {
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
        CAPTURE(seed);
        pcg32 random(seed);
        const auto dataset = random_order_log(random);
        metrics::SegmentOptions options;
        options.rules.new_within_days = std::uniform_int_distribution<int>(1, 120)(random);
        options.rules.loyal_min_purchase_days = std::uniform_int_distribution<int>(2, 8)(random);
        options.rules.lapse_gap_multiple = std::uniform_real_distribution<double>(1.0, 5.0)(random);
        options.rules.one_time_lapse_days = std::uniform_int_distribution<int>(30, 365)(random);
        const int as_of = first_day + std::uniform_int_distribution<int>(0, 760)(random);
        options.as_of_day = as_of;
        const auto report = metrics::compute_segments(dataset, options);
        std::int64_t acquired = 0;
        for (std::size_t c = 0; c < dataset.customer_count(); ++c)
            if (dataset.days_of(c).front() <= as_of) ++acquired;
        std::int64_t sum = 0;
        for (const auto size : report.totals.customers) sum += size;
        CHECK(report.totals.total_customers == acquired);
        CHECK(sum == acquired);
        for (const auto& point : report.trend) {
            std::int64_t at_point = 0;
            for (const auto size : point.customers) at_point += size;
            std::int64_t acquired_then = 0;
            for (std::size_t c = 0; c < dataset.customer_count(); ++c)
                if (dataset.days_of(c).front() <= point.day) ++acquired_then;
            CHECK(at_point == acquired_then);
        }
    }
}

TEST_CASE("properties: P(alive) stays in [0, 1] and expected purchases grow with the horizon, for any parameters") {
    pcg32 random(2026);
    std::uniform_real_distribution<double> log_scale(std::log(0.01), std::log(100.0));
    for (int trial = 0; trial < 400; ++trial) {
        CAPTURE(trial);
        const clv::BgNbdParams bgnbd{std::exp(log_scale(random)), std::exp(log_scale(random)), std::exp(log_scale(random)),
                                     std::exp(log_scale(random))};
        const clv::ParetoNbdParams pnbd{bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b};
        CAPTURE(bgnbd.r);
        CAPTURE(bgnbd.alpha);
        CAPTURE(bgnbd.a);
        CAPTURE(bgnbd.b);
        const double T = std::uniform_real_distribution<double>(0.5, 104.0)(random);
        const int x = std::uniform_int_distribution<int>(0, 30)(random);
        const double t_x = x == 0 ? 0.0 : std::uniform_real_distribution<double>(0.0, T)(random);
        CAPTURE(x);
        CAPTURE(t_x);
        CAPTURE(T);
        const double alive = clv::bgnbd_probability_alive(bgnbd, x, t_x, T);
        CHECK((alive >= 0.0 && alive <= 1.0));
        const double pnbd_alive = clv::pareto_nbd_probability_alive(pnbd, x, t_x, T);
        CHECK((pnbd_alive >= 0.0 && pnbd_alive <= 1.0));
        double previous = 0.0, previous_pnbd = 0.0;
        for (const double horizon : {1.0, 4.0, 13.0, 26.0, 52.0, 104.0}) {
            const double expected = clv::bgnbd_expected_purchases(bgnbd, x, t_x, T, horizon);
            const double expected_pnbd = clv::pareto_nbd_expected_purchases(pnbd, x, t_x, T, horizon);
            CHECK(std::isfinite(expected));
            CHECK(expected >= previous * (1 - 1e-12));
            CHECK(expected_pnbd >= previous_pnbd * (1 - 1e-12));
            previous = expected;
            previous_pnbd = expected_pnbd;
        }
    }
}

TEST_CASE("properties: BG/NBD's closed form and its quadrature agree wherever the closed form is precise") {
    // The published CDNOW estimates (FHL 2005) and parameters around them: the series is exact
    // here, so the quadrature (the fallback for extreme parameters) must give the same numbers.
    pcg32 random(7);
    std::uniform_real_distribution<double> factor(0.25, 4.0);
    for (int trial = 0; trial < 100; ++trial) {
        CAPTURE(trial);
        const clv::BgNbdParams params{0.243 * factor(random), 4.414 * factor(random), 0.793 * factor(random), 2.426 * factor(random)};
        const double T = std::uniform_real_distribution<double>(1.0, 78.0)(random);
        const int x = std::uniform_int_distribution<int>(0, 20)(random);
        const double t_x = x == 0 ? 0.0 : std::uniform_real_distribution<double>(0.0, T)(random);
        for (const double horizon : {4.0, 39.0, 104.0}) {
            const double series = clv::bgnbd_expected_purchases(params, x, t_x, T, horizon);
            const double quadrature = clv::bgnbd_expected_purchases_by_quadrature(params, x, t_x, T, horizon);
            CHECK(quadrature == doctest::Approx(series).epsilon(1e-8));
        }
    }
}

TEST_CASE("properties: a model fitted to a random shop gives every customer P(alive) in [0, 1]") {
    int fitted = 0;
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        CAPTURE(seed);
        pcg32 random(seed);
        const auto dataset = random_order_log(random);
        clv::SummaryOptions options;
        options.calibration_end = data::day_from_number(first_day + 729);
        const auto summary = clv::summarise_customers(dataset, options);
        const auto fit = clv::fit_model(clv::ModelKind::BgNbd, summary);
        if (!fit.ok()) continue;  // a small shop may not pin the model down; the fit says why
        ++fitted;
        for (const auto& customer : summary) {
            CAPTURE(customer.x);
            CAPTURE(customer.t_x);
            CAPTURE(customer.T);
            CAPTURE(fit.params[0]);
            CAPTURE(fit.params[1]);
            CAPTURE(fit.params[2]);
            CAPTURE(fit.params[3]);
            const double alive = clv::probability_alive(fit, customer.x, customer.t_x, customer.T);
            CHECK((alive >= 0.0 && alive <= 1.0));
            CHECK(clv::expected_purchases(fit, customer.x, customer.t_x, customer.T, 52) >=
                  clv::expected_purchases(fit, customer.x, customer.t_x, customer.T, 13));
        }
    }
    CHECK(fitted >= 3);
}

TEST_CASE("properties: simulation totals equal the sums of their parts, for random populations and cadences") {
    std::vector<cadence::Cadence> templates;
    for (const auto& loaded : cadence::load_cadence_templates(std::string(TOUCHPOINT_SOURCE_DIR) + "/assets/cadences"))
        templates.push_back(loaded.cadence);
    REQUIRE(templates.size() >= 3);
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        CAPTURE(seed);
        pcg32 random(seed);
        sim::Population population = sim::sample_shop_population();
        std::uniform_real_distribution<double> factor(0.5, 2.0);
        population.purchase.r *= factor(random);
        population.purchase.alpha *= factor(random);
        population.purchase.a *= factor(random);
        population.purchase.b *= factor(random);
        std::shuffle(templates.begin(), templates.end(), random);
        const std::vector<cadence::Cadence> chosen(templates.begin(), templates.begin() + 1 + seed % 3);
        sim::SimulationOptions options;
        options.customers = std::uniform_int_distribution<int>(50, 400)(random);
        options.days = std::uniform_int_distribution<int>(30, 400)(random);
        options.replications = std::uniform_int_distribution<int>(2, 5)(random);
        options.seed = seed;
        const auto result = sim::simulate_cadences(population, chosen, sim::default_effect_model(), options);
        std::vector<const sim::CadenceOutcome*> outcomes{&result.baseline};
        for (const auto& outcome : result.cadences) outcomes.push_back(&outcome);
        for (const auto* outcome : outcomes) {
            CAPTURE(outcome->name);
            CHECK((outcome->repeat_rate.mean >= 0.0 && outcome->repeat_rate.mean <= 1.0));
            // Purchases by day are cumulative: they never fall and end at the total.
            const auto& cumulative = outcome->purchases_by_day.mean;
            REQUIRE_FALSE(cumulative.empty());
            CHECK(cumulative.back() == doctest::Approx(outcome->purchases.mean));
            for (std::size_t day = 1; day < cumulative.size(); ++day) CHECK(cumulative[day] >= cumulative[day - 1]);
            for (const double active_share : outcome->active_by_day.mean) CHECK((active_share >= 0.0 && active_share <= 1.0));
            double share = 0, touches_by_segment = 0;
            for (const auto& segment : outcome->segments) {
                share += segment.share_at_end.mean;
                touches_by_segment += segment.touches_per_customer.mean;
            }
            CHECK(share == doctest::Approx(1.0));
            CHECK(touches_by_segment == doctest::Approx(outcome->touches_per_customer.mean));
            double sent = 0, reached = 0;
            for (const auto& step : outcome->steps) {
                sent += step.sent.mean;
                reached += step.reached.mean;
            }
            CHECK(sent == doctest::Approx(outcome->touches_per_customer.mean));
            CHECK(reached == doctest::Approx(outcome->reached_per_customer.mean));
            double by_week = 0;
            for (const double week : outcome->touches_by_week.mean) by_week += week;
            CHECK(by_week == doctest::Approx(outcome->touches_per_customer.mean));
            // Nobody comes back to life: the share alive never rises.
            for (const double alive_share : outcome->alive_by_day.mean) CHECK((alive_share >= 0.0 && alive_share <= 1.0));
            for (std::size_t day = 1; day < outcome->alive_by_day.mean.size(); ++day)
                CHECK(outcome->alive_by_day.mean[day] <= outcome->alive_by_day.mean[day - 1] + 1e-12);
        }
    }
}
