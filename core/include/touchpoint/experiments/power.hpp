#pragma once
// Power and sample size of a two-arm experiment, for a conversion rate (proportion) or a mean
// (e.g. revenue per customer), the way statsmodels.stats.power computes them:
//  - proportions: a z-test on Cohen's effect size h = 2 asin(sqrt(p_t)) - 2 asin(sqrt(p_c))
//    (statsmodels' proportion_effectsize), power of NormalIndPower:
//      power = P(Z > z_crit - |h| sqrt(n_eff)) [+ P(Z < -z_crit - |h| sqrt(n_eff)) when two-sided]
//    with n_eff = 1 / (1/n_c + 1/n_t);
//  - means: Cohen's d = mde / sd, power of TTestIndPower: the noncentral t with
//    df = n_c + n_t - 2 and noncentrality d sqrt(n_eff), both tails when two-sided.
// The allocation ratio r = n_treatment / n_control (statsmodels' `ratio`, with nobs1 = control).
// Solving for n inverts the power function (TOMS 748 root bracketing), so the unrounded n is
// statsmodels' solve_power; the customers to recruit are that n rounded up, the treatment arm
// r times the rounded control arm, rounded up.
#include <cstdint>
#include <string_view>
#include <optional>
#include <vector>

namespace touchpoint::experiments {

enum class MetricKind { Proportion, Mean };

std::optional<MetricKind> metric_kind_from_name(std::string_view name);  // "proportion" or "mean"

struct PowerDesign {
    MetricKind metric = MetricKind::Proportion;
    // The control arm's conversion rate (proportion, in (0, 1)), or its mean (mean; used only to
    // turn a relative effect into an absolute one).
    double baseline = 0.1;
    double standard_deviation = 0;  // means only: the outcome's standard deviation per customer
    // The smallest true difference (treatment - control) the experiment should detect: absolute,
    // or a fraction of the baseline when `relative` (0.1 = a 10% lift). May be negative.
    double minimum_detectable_effect = 0.01;
    bool relative = false;
    double alpha = 0.05;
    double power = 0.8;             // the chance to detect the effect when it is real, in (alpha, 1)
    double allocation_ratio = 1.0;  // n_treatment / n_control, > 0
    bool one_sided = false;         // test only in the direction of the effect
};

// The absolute difference (treatment - control) the design asks to detect.
double absolute_effect(const PowerDesign& design);
// Cohen's h (proportions) or d (means), signed like the effect. Throws std::invalid_argument
// for an invalid design (baseline outside (0, 1), a treatment rate outside (0, 1), sd <= 0, ...).
double standardized_effect(const PowerDesign& design);

// Power with n_control customers in control and allocation_ratio * n_control in treatment
// (n_control need not be whole: this is the curve statsmodels' power() draws).
double power_at(const PowerDesign& design, double n_control);

struct SampleSize {
    double n_control_exact = 0;  // the unrounded solution of power_at(n) = design.power
    std::int64_t n_control = 0;  // rounded up
    std::int64_t n_treatment = 0;
    std::int64_t n_total = 0;
    double effect = 0;              // absolute difference detected
    double standardized_effect = 0; // Cohen's h or d
    double treatment_value = 0;     // baseline + effect: the treatment rate or mean assumed
    double achieved_power = 0;      // power with the rounded arms
};

SampleSize required_sample_size(const PowerDesign& design);

struct PowerCurvePoint {
    double n_control = 0;
    double n_treatment = 0;
    double power = 0;
};

// `points` (>= 2) control-arm sizes spread evenly from n_min to n_max, with their power.
std::vector<PowerCurvePoint> power_curve(const PowerDesign& design, double n_min, double n_max, int points);

}  // namespace touchpoint::experiments
