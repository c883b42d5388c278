#include "touchpoint/clv/bgnbd.hpp"

#include "hypergeometric.hpp"

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>

#include <algorithm>
#include <cmath>

namespace touchpoint::clv {

namespace {

double log_beta_function(double u, double v) { return std::lgamma(u) + std::lgamma(v) - std::lgamma(u + v); }

// log(e^u + e^v) without overflow; either may be -inf.
double log_sum_exp(double u, double v) {
    const double high = std::max(u, v);
    if (high == -INFINITY) return high;
    return high + std::log(std::exp(u - high) + std::exp(v - high));
}

// The odds (dead : alive) of a customer with x > 0, in logs.
double log_odds_dead(const BgNbdParams& params, double x, double t_x, double T) {
    return std::log(params.a / (params.b + x - 1)) + (params.r + x) * std::log((params.alpha + T) / (params.alpha + t_x));
}

// 1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z), z = t/(alpha+T+t), rewritten by
// Euler's transformation as 1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z): the original's
// terms grow without bound for large x, these shrink at once.
// Digits the series may lose to cancellation (its largest term over its sum) before the
// expectation is taken by quadrature instead: 1e4 leaves 12 of double's 16.
constexpr double max_series_cancellation = 1e4;

// NaN when the series cancelled too much to be trusted.
double expectation_bracket(const BgNbdParams& params, double x, double T, double t) {
    const double z = t / (params.alpha + T + t);
    double largest_term = 0;
    const double series = detail::hypergeometric_2f1_series(params.a + params.b - 1 - params.r, params.a - 1,
                                                            params.a + params.b + x - 1, z, &largest_term);
    if (!(largest_term <= max_series_cancellation * std::abs(series))) return NAN;
    return 1 - std::pow(1 - z, params.a - 1) * series;
}

double expected_purchases_given_a(const BgNbdParams& params, double x, double t_x, double T, double t) {
    const double scale = (params.a + params.b + x - 1) / (params.a - 1);
    return scale * expectation_bracket(params, x, T, t) * bgnbd_probability_alive(params, x, t_x, T);
}

}  // namespace

double bgnbd_log_likelihood(const BgNbdParams& params, double x, double t_x, double T) {
    const auto& [r, alpha, a, b] = params;
    double value = r * std::log(alpha) - (r + x) * std::log(alpha + T);  // the x = 0 case's a1 + a3
    if (x == 0) return value;
    value += std::lgamma(r + x) - std::lgamma(r);
    value += std::lgamma(a + b) + std::lgamma(b + x) - std::lgamma(b) - std::lgamma(a + b + x);
    // log(A3 + A4) - log A3, with A4/A3 the odds of having died after the last purchase.
    const double log_ratio = log_odds_dead(params, x, t_x, T);
    return value + log_sum_exp(0.0, log_ratio);
}

double bgnbd_log_likelihood_with_gradient(const BgNbdParams& params, double x, double t_x, double T, double gradient[4]) {
    const auto& [r, alpha, a, b] = params;
    const double log_alpha_T = std::log(alpha + T);
    if (x == 0) {
        gradient[0] = std::log(alpha) - log_alpha_T;
        gradient[1] = r / alpha - r / (alpha + T);
        gradient[2] = 0;
        gradient[3] = 0;
        return r * (std::log(alpha) - log_alpha_T);
    }
    using boost::math::digamma;
    const double log_alpha_t_x = std::log(alpha + t_x);
    const double a3 = -(r + x) * log_alpha_T;
    const double a4 = std::log(a) - std::log(b + x - 1) - (r + x) * log_alpha_t_x;
    const double log_mix = log_sum_exp(a3, a4);
    const double w3 = std::exp(a3 - log_mix), w4 = std::exp(a4 - log_mix);  // shares of the two terms

    const double psi_ab = digamma(a + b), psi_abx = digamma(a + b + x);
    gradient[0] = digamma(r + x) - digamma(r) + std::log(alpha) - w3 * log_alpha_T - w4 * log_alpha_t_x;
    gradient[1] = r / alpha - w3 * (r + x) / (alpha + T) - w4 * (r + x) / (alpha + t_x);
    gradient[2] = psi_ab - psi_abx + w4 / a;
    gradient[3] = psi_ab + digamma(b + x) - digamma(b) - psi_abx - w4 / (b + x - 1);
    return std::lgamma(r + x) - std::lgamma(r) + r * std::log(alpha) + std::lgamma(a + b) + std::lgamma(b + x) -
           std::lgamma(b) - std::lgamma(a + b + x) + log_mix;
}

double bgnbd_probability_alive(const BgNbdParams& params, double x, double t_x, double T) {
    if (x == 0) return 1;
    const double log_odds = log_odds_dead(params, x, t_x, T);
    // 1 / (1 + e^u), written so that neither branch overflows.
    return log_odds > 0 ? std::exp(-log_odds) / (1 + std::exp(-log_odds)) : 1 / (1 + std::exp(log_odds));
}

namespace {

// The closed form (FHL 2005, eq. 10) through the hypergeometric series.
double expected_purchases_by_series(const BgNbdParams& params, double x, double t_x, double T, double t) {
    // The formula divides by a - 1; at a = 1 both sides of the quotient vanish, so take the
    // mean of the two neighbours (the expectation is smooth in a).
    constexpr double step = 1e-6;
    if (std::abs(params.a - 1) < step) {
        BgNbdParams below = params, above = params;
        below.a = 1 - step;
        above.a = 1 + step;
        return 0.5 * (expected_purchases_given_a(below, x, t_x, T, t) + expected_purchases_given_a(above, x, t_x, T, t));
    }
    return expected_purchases_given_a(params, x, t_x, T, t);
}

// The same expectation by quadrature, from its definition: alive with P(alive), a customer's
// rate lambda ~ Gamma(r + x, alpha + T) and dropout p ~ Beta(a, b + x) after the history, and
// E[purchases in t | lambda, p] = (1 - e^(-lambda p t)) / p, so
//   E = P(alive) * integral over p of (1 - ((alpha+T)/(alpha+T+p t))^(r+x)) / p * Beta(p; a, b+x).
// Slower than the series but safe where the series cancels (dropout near certain, or a and b in
// the millions, as a fit to a shop with hardly any heterogeneity in dropout gives).
}  // namespace

double bgnbd_expected_purchases_by_quadrature(const BgNbdParams& params, double x, double t_x, double T, double t) {
    if (t <= 0) return 0;
    const double shape = params.r + x, scale = params.alpha + T;
    const double beta_a = params.a, beta_b = params.b + x;
    const double log_norm = log_beta_function(beta_a, beta_b);
    // Integrate where the Beta's mass is, between its 1e-18 and 1 - 1e-18 quantiles: with large
    // parameters it is a narrow spike the rule would otherwise step over.
    double low = 0, high = 1;
    try {
        low = boost::math::ibeta_inv(beta_a, beta_b, 1e-18);
        high = boost::math::ibetac_inv(beta_a, beta_b, 1e-18);
    } catch (const std::exception&) {
        low = 0;  // the quantiles did not converge: integrate over all of [0, 1]
        high = 1;
    }
    // tanh-sinh hands over, besides p, its distance to the nearer end of [low, high]; at high = 1
    // that keeps 1 - p precise where the density is singular.
    const auto integrand = [&](double p, double distance_to_end) {
        const double one_minus_p = distance_to_end > 0 && high == 1.0 ? distance_to_end : 1 - p;
        if (p <= 0 || one_minus_p <= 0) return 0.0;
        const double purchases = -std::expm1(-shape * std::log1p(p * t / scale)) / p;
        return purchases * std::exp((beta_a - 1) * std::log(p) + (beta_b - 1) * std::log(one_minus_p) - log_norm);
    };
    thread_local boost::math::quadrature::tanh_sinh<double> rule;  // it extends its tables as it goes
    return bgnbd_probability_alive(params, x, t_x, T) * rule.integrate(integrand, low, high, 1e-13);
}

double bgnbd_expected_purchases(const BgNbdParams& params, double x, double t_x, double T, double t) {
    if (t <= 0) return 0;
    const double by_series = expected_purchases_by_series(params, x, t_x, T, t);
    // Each purchase needs the customer alive and buying at rate lambda, so the expectation lies
    // between 0 and P(alive) * E[lambda] * t; outside that the series has lost its precision.
    const double upper = bgnbd_probability_alive(params, x, t_x, T) * (params.r + x) / (params.alpha + T) * t;
    if (std::isfinite(by_series) && by_series >= 0 && by_series <= upper * (1 + 1e-9)) return by_series;
    return bgnbd_expected_purchases_by_quadrature(params, x, t_x, T, t);
}

double bgnbd_expected_purchases_new_customer(const BgNbdParams& params, double t) {
    // A new customer is one with x = 0 observed for T = 0.
    return bgnbd_expected_purchases(params, 0, 0, 0, t);
}

double bgnbd_probability_of_purchases(const BgNbdParams& params, double t, int k) {
    const auto& [r, alpha, a, b] = params;
    if (k < 0) return 0;
    if (t <= 0) return k == 0 ? 1 : 0;
    const double kk = k;
    const double log_beta_ab = log_beta_function(a, b);
    // Still alive after k purchases, and exactly k purchases from the NBD.
    const double log_nbd = std::lgamma(r + kk) - std::lgamma(r) - std::lgamma(kk + 1) +
                           r * std::log(alpha / (alpha + t)) + kk * std::log(t / (alpha + t));
    double probability = std::exp(log_beta_function(a, b + kk) - log_beta_ab + log_nbd);
    if (k > 0) {
        // Dropped out at the k-th purchase, having made at least k by t: P(NBD >= k) is the
        // complemented regularised incomplete beta I_{alpha/(alpha+t)}(r, k).
        const double at_least_k = boost::math::ibetac(r, kk, alpha / (alpha + t));
        probability += std::exp(log_beta_function(a + 1, b + kk - 1) - log_beta_ab) * at_least_k;
    }
    return probability;
}

}  // namespace touchpoint::clv
