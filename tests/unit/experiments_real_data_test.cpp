// Real experiments from the store: the outcome of each assigned customer on a store small enough
// to work out by hand (tests/fixtures/experiments/README.md), and the whole analysis of a seeded
// follow-up experiment against the oracle (make_fixtures.py works the outcomes out from the CSV
// rows on its own, then runs statsmodels and scipy).
#include "touchpoint/data/importer.hpp"
#include "touchpoint/experiments/outcomes.hpp"
#include "touchpoint/experiments/real_experiment.hpp"
#include "touchpoint/experiments/report_json.hpp"

#include "experiments_oracle.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using namespace touchpoint;
using namespace touchpoint::experiments;

namespace {

const std::string fixtures = std::string(TOUCHPOINT_SOURCE_DIR) + "/tests/fixtures/experiments/";

const nlohmann::json& oracle() { return testing::experiments_oracle(); }
using testing::agrees;

void import_fixture(data::Store& store, const std::string& name, data::TableKind table) {
    data::ImportOptions options;
    options.table = table;
    const auto report = data::import_file(store, name, testing::read_text(fixtures + name), options);
    REQUIRE_FALSE(report.fatal_error.has_value());
    REQUIRE(report.rows_rejected == 0);
}

data::Store store_with(const std::string& orders, const std::string& assignments) {
    auto store = data::Store::open(":memory:");
    import_fixture(store, orders, data::TableKind::Orders);
    import_fixture(store, assignments, data::TableKind::Assignments);
    return store;
}

// customer -> outcome, over every arm.
std::map<std::string, double> outcome_by_customer(const ExperimentOutcomes& outcomes) {
    std::map<std::string, double> values;
    for (const auto& arm : outcomes.arms)
        for (std::size_t i = 0; i < arm.customer_ids.size(); ++i) values[arm.customer_ids[i]] = arm.values[i];
    return values;
}

}  // namespace

TEST_CASE("metrics are read as repeat:N and revenue:N") {
    const auto repeat = parse_outcome_metric("repeat:30");
    REQUIRE(repeat.has_value());
    CHECK(repeat->kind == OutcomeKind::Repeat);
    CHECK(repeat->days == 30);
    CHECK(outcome_metric_name(*parse_outcome_metric("revenue:7")) == "revenue:7");
    for (const char* bad : {"repeat", "repeat:", "repeat:0", "repeat:-3", "repeat:3x", "churn:30", "revenue:99999", ""}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_outcome_metric(bad).has_value());
    }
}

TEST_CASE("outcomes per customer on the hand-worked store") {
    auto store = store_with("hand_orders.csv", "hand_assignments.csv");
    const auto assignments = load_assignments(store, "welcome");
    CHECK(assignments.size() == 11);
    const auto dataset = data::load_dataset(store);

    const auto repeat = compute_outcomes(assignments, dataset, *parse_outcome_metric("repeat:30"));
    CHECK(data::format_iso_date(data::day_from_number(repeat.data_end_day)) == "2024-03-15");
    REQUIRE(repeat.arms.size() == 2);
    CHECK(repeat.arms[0].arm == "control");
    CHECK(repeat.arms[0].customer_ids == std::vector<std::string>{"A", "D", "E"});
    CHECK(repeat.arms[1].customer_ids == std::vector<std::string>{"B", "C", "I"});
    CHECK(outcome_by_customer(repeat) == std::map<std::string, double>{{"A", 1}, {"D", 0}, {"E", 1}, {"B", 0}, {"C", 1}, {"I", 1}});
    CHECK(repeat.without_date == 1);     // G
    CHECK(repeat.in_several_arms == 1);  // F
    CHECK(repeat.too_recent == 1);       // H

    const auto revenue = compute_outcomes(assignments, dataset, *parse_outcome_metric("revenue:30"));
    const auto revenue_of = outcome_by_customer(revenue);
    CHECK(revenue_of.at("A") == doctest::Approx(50.00));  // 30.00 + 20.00; not the assignment day's 50.00, not day 31's 99.00
    CHECK(revenue_of.at("B") == 0);                       // a refund is not revenue
    CHECK(revenue_of.at("C") == doctest::Approx(15.50));  // two orders on one day both count
    CHECK(revenue_of.at("D") == 0);
    CHECK(revenue_of.at("E") == doctest::Approx(12.00));  // from the earlier of two assignments
    CHECK(revenue_of.at("I") == doctest::Approx(8.00));   // the window's last day is the data's last day

    const auto week = compute_outcomes(assignments, dataset, *parse_outcome_metric("repeat:7"));
    CHECK(outcome_by_customer(week) ==
          std::map<std::string, double>{{"A", 0}, {"D", 0}, {"E", 1}, {"B", 0}, {"C", 1}, {"H", 0}, {"I", 0}});
    CHECK(week.too_recent == 0);

    // An earlier end of data leaves more customers out.
    OutcomeOptions options;
    options.data_end_day = data::day_number(data::Day{date::year{2024} / 2 / 9});
    const auto early = compute_outcomes(assignments, dataset, *parse_outcome_metric("repeat:30"), options);
    CHECK(outcome_by_customer(early) == std::map<std::string, double>{{"A", 1}, {"D", 0}, {"E", 1}, {"B", 0}});
    CHECK(early.too_recent == 3);  // C (window to 02-11), H, I
}

TEST_CASE("analysing the hand-worked store: counts per arm, control first") {
    auto store = store_with("hand_orders.csv", "hand_assignments.csv");
    const auto analysis = analyze_experiment(store, "welcome", *parse_outcome_metric("repeat:7"));
    CHECK(analysis.control_arm == "control");
    REQUIRE(analysis.arms.size() == 2);
    CHECK(analysis.arms[0].customers == 3);
    CHECK(analysis.arms[0].successes == 1);
    CHECK(analysis.arms[1].customers == 4);
    CHECK(analysis.arms[1].successes == 1);
    REQUIRE(analysis.comparisons.size() == 1);
    CHECK(analysis.comparisons[0].arm == "treatment");
    CHECK(analysis.comparisons[0].proportions->difference == doctest::Approx(0.25 - 1.0 / 3));
    CHECK(analysis.comparisons[0].holm_p_value == analysis.comparisons[0].p_value);

    CHECK_THROWS_WITH_AS(analyze_experiment(store, "nope", *parse_outcome_metric("repeat:7")),
                         doctest::Contains("its experiments are other, welcome"), std::invalid_argument);
    ExperimentAnalysisOptions options;
    options.control_arm = "placebo";
    CHECK_THROWS_WITH_AS(analyze_experiment(store, "welcome", *parse_outcome_metric("repeat:7"), options),
                         doctest::Contains("no arm 'placebo'"), std::invalid_argument);
    // Experiment "other" has one arm only.
    CHECK_THROWS_WITH_AS(analyze_experiment(store, "other", *parse_outcome_metric("repeat:7")), doctest::Contains("at least 2"),
                         std::invalid_argument);
    const auto listing = list_experiments(store);
    REQUIRE(listing.size() == 2);
    CHECK(listing[1].experiment == "welcome");
    CHECK(listing[1].assignments == 11);
    CHECK(listing[1].arms == std::vector<std::string>{"control", "treatment"});
}

TEST_CASE("the follow-up experiment agrees with the oracle, repeat:30 and revenue:30") {
    auto store = store_with("followup_orders.csv", "followup_assignments.csv");
    for (const char* metric_name : {"repeat:30", "revenue:30"}) {
        CAPTURE(metric_name);
        const auto& expected = oracle()["followup"][metric_name];
        const auto analysis = analyze_experiment(store, "followup", *parse_outcome_metric(metric_name));
        const auto json = to_json(analysis);
        CHECK(json["data_end"] == expected["data_end"]);
        CHECK(json["excluded"] == expected["excluded"]);
        CHECK(analysis.control_arm == "control");
        CHECK(analysis.arms[0].customers == expected["control"]["customers"].get<std::int64_t>());
        CHECK(agrees(analysis.arms[0].mean, expected["control"]["mean"]));
        CHECK(agrees(analysis.sample_ratio.chi_square, expected["sample_ratio"]["chi_square"]));
        CHECK(agrees(analysis.sample_ratio.p_value, expected["sample_ratio"]["p_value"]));
        REQUIRE(analysis.comparisons.size() == expected["comparisons"].size());
        for (std::size_t k = 0; k < analysis.comparisons.size(); ++k) {
            const auto& comparison = analysis.comparisons[k];
            const auto& oracle_comparison = expected["comparisons"][k];
            CAPTURE(comparison.arm);
            CHECK(comparison.arm == oracle_comparison["arm"]);
            CHECK(analysis.arms[k + 1].customers == oracle_comparison["customers"].get<std::int64_t>());
            CHECK(agrees(comparison.p_value, oracle_comparison["p_value"]));
            CHECK(agrees(comparison.holm_p_value, oracle_comparison["holm_p_value"]));
            if (analysis.metric.kind == OutcomeKind::Repeat) {
                CHECK(analysis.arms[k + 1].successes == oracle_comparison["successes"].get<std::int64_t>());
                CHECK(agrees(comparison.proportions->difference_ci.low, oracle_comparison["ci_low"]));
                CHECK(agrees(comparison.proportions->difference_ci.high, oracle_comparison["ci_high"]));
                CHECK(std::abs(comparison.bayesian->probability_treatment_better - oracle_comparison["prob_beat_control"].get<double>()) <= 1e-6);
            } else {
                CHECK(agrees(analysis.arms[k + 1].mean, oracle_comparison["mean"]));
                CHECK(agrees(comparison.welch->t, oracle_comparison["t"]));
                CHECK(agrees(comparison.mann_whitney->p_value, oracle_comparison["mann_whitney_p_value"]));
                CHECK(comparison.bootstrap->interval.contains(comparison.bootstrap->difference));
            }
        }
    }
}

TEST_CASE("the follow-up experiment watched while it ran: weekly looks with always-valid intervals, the last look being the whole test") {
    auto store = store_with("followup_orders.csv", "followup_assignments.csv");
    for (const char* metric_name : {"repeat:30", "revenue:30"}) {
        CAPTURE(metric_name);
        const auto analysis = analyze_experiment(store, "followup", *parse_outcome_metric(metric_name));
        for (std::size_t k = 0; k < analysis.comparisons.size(); ++k) {
            const auto& comparison = analysis.comparisons[k];
            REQUIRE(comparison.looks.size() >= 3);
            REQUIRE(comparison.look_days.size() == comparison.looks.size());
            CHECK(comparison.mixture_sd > 0);
            for (std::size_t i = 1; i < comparison.looks.size(); ++i) {
                CHECK(comparison.look_days[i] - comparison.look_days[i - 1] <= 7);
                CHECK(comparison.looks[i].n_control >= comparison.looks[i - 1].n_control);
                CHECK(comparison.looks[i].p_value <= comparison.looks[i - 1].p_value);  // always valid: a running minimum
                CHECK(comparison.looks[i].ci.low >= comparison.looks[i - 1].ci.low);    // and a running intersection
                CHECK(comparison.looks[i].ci.high <= comparison.looks[i - 1].ci.high);
            }
            const auto& last = comparison.looks.back();
            CHECK(last.n_control == static_cast<double>(analysis.arms[0].customers));
            CHECK(last.n_treatment == static_cast<double>(analysis.arms[k + 1].customers));
            const auto fixed = analysis.metric.kind == OutcomeKind::Repeat ? comparison.proportions->difference_ci : comparison.welch->difference_ci;
            const double difference = analysis.metric.kind == OutcomeKind::Repeat ? comparison.proportions->difference : comparison.welch->difference;
            CHECK(last.estimate == doctest::Approx(difference).epsilon(1e-12));
            // Valid at every look, so never narrower than the interval of one look at the end.
            CHECK(last.ci.high - last.ci.low >= fixed.high - fixed.low);
        }
    }
}

TEST_CASE("a store without purchases cannot judge outcome windows") {
    std::vector<Assignment> assignments{{"A", "control", 19000}, {"B", "treatment", 19000}};
    CHECK_THROWS_WITH_AS(compute_outcomes(assignments, data::Dataset{}, *parse_outcome_metric("repeat:30")),
                         doctest::Contains("no purchases"), std::invalid_argument);
}
