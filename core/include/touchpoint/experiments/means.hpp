#pragma once
// Difference in a per-customer mean (revenue per customer) between a treatment and a control arm.
//  - Welch's t-test (no equal-variance assumption), as scipy.stats.ttest_ind(equal_var=False):
//    t = (m_t - m_c) / se, se = sqrt(s_t^2/n_t + s_c^2/n_c), Welch-Satterthwaite degrees of freedom
//    df = se^4 / ((s_t^2/n_t)^2/(n_t - 1) + (s_c^2/n_c)^2/(n_c - 1)); the interval m_t - m_c +- t_(df) se.
//  - Mann-Whitney U, as scipy.stats.mannwhitneyu(treatment, control, method="asymptotic",
//    use_continuity=True): U_t = R_t - n_t (n_t + 1)/2 from midranks, the normal approximation with
//    the tie-corrected sd sqrt(n_t n_c / 12 ((n + 1) - sum(t^3 - t) / (n (n - 1)))) and a continuity
//    correction of 1/2. It compares whole distributions, so a few large orders cannot swing it.
#include "touchpoint/experiments/common.hpp"

#include <cstdint>
#include <span>

namespace touchpoint::experiments {

// Count, mean and sample standard deviation (n - 1 in the denominator) of one arm.
struct SampleSummary {
    std::int64_t n = 0;
    double mean = 0;
    double standard_deviation = 0;
};

// Welford's one-pass mean and variance. Throws std::invalid_argument for a non-finite value.
SampleSummary summarize(std::span<const double> values);

struct WelchTest {
    SampleSummary control, treatment;
    double difference = 0;  // treatment mean - control mean
    double standard_error = 0;
    double degrees_of_freedom = 0;
    double t = 0;
    double p_value = 1;  // 1 when both arms are constant and equal; 0 when constant and different
    Interval difference_ci;
};

struct MeanTestOptions {
    double alpha = 0.05;  // the interval is 1 - alpha, two-sided
    Alternative alternative = Alternative::TwoSided;
};

// Each arm needs at least two values. Throws std::invalid_argument otherwise.
WelchTest welch_t_test(std::span<const double> control, std::span<const double> treatment, const MeanTestOptions& options = {});
// The same from summaries (n >= 2 in each arm).
WelchTest welch_t_test(const SampleSummary& control, const SampleSummary& treatment, const MeanTestOptions& options = {});

struct MannWhitneyTest {
    double u_treatment = 0;  // U of the treatment arm: pairs where treatment is higher, ties counting one half
    double u_control = 0;    // n_t n_c - u_treatment
    double z = 0;
    double p_value = 1;      // 1 when every value is tied
    // P(a treatment value > a control value) + P(tie)/2 = u_treatment / (n_t n_c): 0.5 means no shift.
    double probability_treatment_higher = 0.5;
};

// Each arm needs at least one value.
MannWhitneyTest mann_whitney_u(std::span<const double> control, std::span<const double> treatment,
                               Alternative alternative = Alternative::TwoSided);

}  // namespace touchpoint::experiments
