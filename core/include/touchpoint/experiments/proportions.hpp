#pragma once
// Difference in conversion rates between a treatment and a control arm.
//  - Test: the two-sample z-test with the pooled rate p = (x_t + x_c) / (n_t + n_c) under the
//    null hypothesis of no difference, z = (p_t - p_c) / sqrt(p (1 - p) (1/n_t + 1/n_c)), as
//    statsmodels' proportions_ztest. When no customer or every customer converted in both arms
//    there is nothing to test: z = 0 and p = 1.
//  - Interval of the difference: Wald, with the unpooled standard error
//    sqrt(p_t (1 - p_t)/n_t + p_c (1 - p_c)/n_c) (statsmodels' confint_proportions_2indep, "wald").
//  - Relative lift p_t/p_c - 1 with a delta-method interval on the log of the ratio:
//    log(p_t/p_c) +- z sqrt((1 - p_t)/x_t + (1 - p_c)/x_c), then exp() - 1 (Katz's log interval;
//    statsmodels' confint_proportions_2indep, compare="ratio", method="log"). The interval stays
//    above -100% and is skewed like the ratio; it needs a conversion in each arm.
#include "touchpoint/experiments/common.hpp"

#include <optional>

namespace touchpoint::experiments {

struct ProportionTestOptions {
    double alpha = 0.05;  // the intervals are 1 - alpha; two-sided whatever the test's alternative
    Alternative alternative = Alternative::TwoSided;
};

struct ProportionTest {
    double control_rate = 0;
    double treatment_rate = 0;
    double difference = 0;      // treatment_rate - control_rate
    double standard_error = 0;  // unpooled, of the difference
    Interval difference_ci;
    double z = 0;               // pooled
    double p_value = 1;
    // p_t / p_c - 1 and its interval; empty when control has no conversion (no ratio) and the
    // interval also when treatment has none (its log is -infinity).
    std::optional<double> relative_lift;
    std::optional<Interval> relative_lift_ci;
};

// Throws std::invalid_argument for an empty arm, successes outside [0, n] or alpha outside (0, 1).
ProportionTest compare_proportions(const ArmCounts& control, const ArmCounts& treatment, const ProportionTestOptions& options = {});

}  // namespace touchpoint::experiments
