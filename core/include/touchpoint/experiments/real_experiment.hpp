#pragma once
// Analysis of a real experiment from the store: the outcome of every assigned customer
// (outcomes.hpp), then the same statistics as for planned experiments:
//  - a sample-ratio-mismatch check over the analysed customers of every arm (sample_ratio.hpp);
//  - each other arm against control: for repeat:N (0/1 outcomes) the z-test, the relative lift
//    and the beta-binomial comparison (proportions.hpp, bayesian.hpp); for revenue:N Welch's
//    t-test, Mann-Whitney U and a bootstrap interval (means.hpp, bootstrap.hpp);
//  - Holm's correction over those comparisons (z-test or Welch p-values), which with a single
//    treatment arm leaves the p-value as it is (multiple_testing.hpp);
//  - sequential monitoring as if the test had been watched while it ran: a look every
//    `look_every_days` days of the calendar, each with the customers whose outcome was known by
//    then (assignment day + N), and the always-valid p-value and interval of the mixture SPRT
//    (sequential.hpp) at each look. The mixture's tau is given, or 0.05 (5 rate points) for
//    repeat:N and a fifth of the outcome's pooled standard deviation for revenue:N.
// The control arm is the one given, else the arm named "control" (any case), else the first
// arm by name.
#include "touchpoint/data/store.hpp"
#include "touchpoint/experiments/bayesian.hpp"
#include "touchpoint/experiments/bootstrap.hpp"
#include "touchpoint/experiments/means.hpp"
#include "touchpoint/experiments/outcomes.hpp"
#include "touchpoint/experiments/proportions.hpp"
#include "touchpoint/experiments/sample_ratio.hpp"
#include "touchpoint/experiments/sequential.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::experiments {

struct ExperimentAnalysisOptions {
    std::string control_arm;              // empty: "control", else the first arm by name
    double alpha = 0.05;                  // of the tests, the intervals and Holm's correction
    std::vector<double> planned_weights;  // planned allocation, in the order of the arms by name; empty: equal
    SampleRatioOptions sample_ratio;
    BayesianOptions bayesian;
    BootstrapOptions bootstrap;
    OutcomeOptions outcome;
    int look_every_days = 7;    // sequential monitoring: days between looks
    double mixture_sd = 0;      // sequential monitoring: tau; 0 chooses it (see above)
};

struct ArmResult {
    std::string arm;
    std::int64_t customers = 0;
    double mean = 0;                // the repeat rate, or the mean revenue per customer
    std::int64_t successes = 0;     // repeat:N only: customers who bought again
};

struct ArmComparison {
    std::string arm;  // the treatment arm compared with control
    // repeat:N
    std::optional<ProportionTest> proportions;
    std::optional<BayesianComparison> bayesian;
    // revenue:N
    std::optional<WelchTest> welch;
    std::optional<MannWhitneyTest> mann_whitney;
    std::optional<BootstrapInterval> bootstrap;
    double p_value = 1;        // of the z-test or Welch's t-test
    double holm_p_value = 1;   // adjusted across the comparisons
    bool significant = false;  // rejected by Holm at alpha
    // Sequential monitoring: the day of each look and what the always-valid test said then.
    std::vector<int> look_days;
    std::vector<SequentialLook> looks;
    double mixture_sd = 0;     // the tau used
};

struct ExperimentAnalysis {
    std::string experiment;
    OutcomeMetric metric;
    std::string control_arm;
    int data_end_day = 0;
    std::int64_t without_date = 0, in_several_arms = 0, too_recent = 0;
    std::vector<ArmResult> arms;  // control first, then the others by name
    SampleRatioCheck sample_ratio;
    std::vector<ArmComparison> comparisons;  // one per arm other than control, in the order of `arms`
};

// Throws std::invalid_argument when there are fewer than 2 arms, an arm has no analysed
// customer (or, for revenue, fewer than 2), or the named control arm does not exist.
ExperimentAnalysis analyze_outcomes(std::string_view experiment, const ExperimentOutcomes& outcomes, const ExperimentAnalysisOptions& options = {});

// Loads the assignments and orders and analyses them. Throws std::invalid_argument naming the
// experiments the store has when `experiment` is not one of them.
ExperimentAnalysis analyze_experiment(data::Store& store, std::string_view experiment, const OutcomeMetric& metric,
                                      const ExperimentAnalysisOptions& options = {});

}  // namespace touchpoint::experiments
