#pragma once
// Bayesian comparison of two conversion rates with the beta-binomial model: each arm's rate has
// a Beta(alpha0, beta0) prior (Beta(1, 1), uniform, by default), so after x conversions of n
// customers its posterior is Beta(alpha0 + x, beta0 + n - x).
//  - P(treatment rate > control rate), exactly: for X ~ Beta(a1, b1), Y ~ Beta(a2, b2) with a
//    whole a2, P(Y > X) = sum_{i < a2} B(a1 + i, b1 + b2) / ((b2 + i) B(1 + i, b2) B(a1, b1))
//    (Evan Miller, "Formulas for Bayesian A/B testing", 2015), summed in logs by the ratio of
//    successive terms; the same sum over a1, b1 or b2 (by symmetry) when that has fewer terms.
//    When no parameter is whole (a fractional prior) or every sum would be longer than 10^7
//    terms: the integral of f_X(x) (1 - F_Y(x)) by adaptive Gauss-Kronrod quadrature.
//  - Expected loss of choosing an arm: the rate given up on average if the other arm is really
//    better, E[max(p_other - p_chosen, 0)], from the same probabilities: E[X 1{X > Y}] =
//    E[X] P(X' > Y) with X' ~ Beta(a + 1, b) (Chris Stucchio, "Bayesian A/B Testing at VWO", 2015).
//  - Credible intervals, equal-tailed: of each rate, Beta quantiles; of the difference
//    p_t - p_c, by inverting its distribution function P(p_t - p_c <= d) = integral of
//    f_c(x) F_t(x + d) dx (adaptive Gauss-Kronrod quadrature, TOMS 748 root finding).
#include "touchpoint/experiments/common.hpp"

namespace touchpoint::experiments {

struct BetaPrior {
    double alpha = 1;
    double beta = 1;
};

struct BayesianOptions {
    BetaPrior prior;
    double credible_level = 0.95;  // of every interval, in (0, 1)
};

struct BetaPosterior {
    double alpha = 1;
    double beta = 1;
    double mean = 0.5;
    Interval credible_interval;
};

struct BayesianComparison {
    BetaPosterior control, treatment;
    double probability_treatment_better = 0.5;  // P(p_t > p_c)
    double expected_loss_treatment = 0;  // E[max(p_c - p_t, 0)]: the cost of choosing treatment if control is better
    double expected_loss_control = 0;    // E[max(p_t - p_c, 0)]: the cost of keeping control if treatment is better
    double difference_mean = 0;          // E[p_t - p_c]
    Interval difference_credible_interval;
};

// Throws std::invalid_argument for invalid arms, a non-positive prior or a level outside (0, 1).
BayesianComparison compare_beta_binomial(const ArmCounts& control, const ArmCounts& treatment, const BayesianOptions& options = {});

// P(Y > X) for X ~ Beta(x_alpha, x_beta), Y ~ Beta(y_alpha, y_beta): the exact sum when a
// parameter is whole, else quadrature.
double probability_beta_exceeds(double x_alpha, double x_beta, double y_alpha, double y_beta);
// The same by quadrature only, to check the sum against.
double probability_beta_exceeds_by_quadrature(double x_alpha, double x_beta, double y_alpha, double y_beta);
// P(Y - X <= d) for the same X and Y, d in [-1, 1].
double beta_difference_cdf(double x_alpha, double x_beta, double y_alpha, double y_beta, double d);
// The q-quantile of Y - X, q in (0, 1).
double beta_difference_quantile(double x_alpha, double x_beta, double y_alpha, double y_beta, double q);

}  // namespace touchpoint::experiments
