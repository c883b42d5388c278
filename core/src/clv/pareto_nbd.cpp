#include "touchpoint/clv/pareto_nbd.hpp"

#include "hypergeometric.hpp"

#include <algorithm>
#include <cmath>

namespace touchpoint::clv {

namespace {

double log_sum_exp(double u, double v) {
    const double high = std::max(u, v);
    if (high == -INFINITY) return high;
    return high + std::log(std::exp(u - high) + std::exp(v - high));
}

// The two parts of the likelihood after the common factor
// Gamma(r+x) alpha^r beta^s / Gamma(r): alive at T, and died between t_x and T.
struct LikelihoodParts {
    double log_alive_at_T;      // -(r+x) log(alpha+T) - s log(beta+T)
    double log_died_in_between; // log(s/(r+s+x) A0), -inf when t_x = T
};

LikelihoodParts likelihood_parts(const ParetoNbdParams& params, double x, double t_x, double T) {
    // Plain names rather than a structured binding: the lambda below captures them.
    const double r = params.r, alpha = params.alpha, s = params.s, beta = params.beta;
    const double c = r + s + x;
    // Fader & Hardie (2005): with the larger of alpha and beta in the denominator the
    // argument |alpha - beta| / (larger + t) lies in [0, 1).
    const double larger = std::max(alpha, beta);
    const double second_parameter = alpha >= beta ? s + 1 : r + x;
    const auto log_term = [&](double t) {
        const double z = std::abs(alpha - beta) / (larger + t);
        return detail::log_hypergeometric_2f1_c_is_a_plus_one(c, second_parameter, z) - c * std::log(larger + t);
    };
    // A0 = term(t_x) - term(T), a difference of positive numbers, in logs.
    const double log_at_t_x = log_term(t_x), log_at_T = log_term(T);
    const double log_a0 = log_at_t_x > log_at_T ? log_at_t_x + std::log(-std::expm1(log_at_T - log_at_t_x)) : -INFINITY;
    return {-(r + x) * std::log(alpha + T) - s * std::log(beta + T), std::log(s / c) + log_a0};
}

// (1 - e^(-e L)) / e, and its limit L as e -> 0.
double one_minus_power_over_exponent(double exponent, double log_base) {
    if (std::abs(exponent) < 1e-10) return log_base;
    return -std::expm1(-exponent * log_base) / exponent;
}

}  // namespace

double pareto_nbd_log_likelihood(const ParetoNbdParams& params, double x, double t_x, double T) {
    const auto& [r, alpha, s, beta] = params;
    const auto parts = likelihood_parts(params, x, t_x, T);
    const double common = (x > 0 ? std::lgamma(r + x) - std::lgamma(r) : 0.0) + r * std::log(alpha) + s * std::log(beta);
    return common + log_sum_exp(parts.log_alive_at_T, parts.log_died_in_between);
}

double pareto_nbd_probability_alive(const ParetoNbdParams& params, double x, double t_x, double T) {
    const auto parts = likelihood_parts(params, x, t_x, T);
    return std::exp(parts.log_alive_at_T - log_sum_exp(parts.log_alive_at_T, parts.log_died_in_between));
}

double pareto_nbd_expected_purchases(const ParetoNbdParams& params, double x, double t_x, double T, double t) {
    if (t <= 0) return 0;
    const auto& [r, alpha, s, beta] = params;
    // (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)] P(alive)
    const double log_base = std::log((beta + T + t) / (beta + T));
    return (r + x) * (beta + T) / (alpha + T) * one_minus_power_over_exponent(s - 1, log_base) *
           pareto_nbd_probability_alive(params, x, t_x, T);
}

double pareto_nbd_expected_purchases_new_customer(const ParetoNbdParams& params, double t) {
    if (t <= 0) return 0;
    const auto& [r, alpha, s, beta] = params;
    return r * beta / alpha * one_minus_power_over_exponent(s - 1, std::log((beta + t) / beta));
}

double pareto_nbd_probability_of_purchases(const ParetoNbdParams& params, double t, int k) {
    if (k < 0) return 0;
    if (t <= 0) return k == 0 ? 1 : 0;
    const auto& [r, alpha, s, beta] = params;
    const double x = k;
    // Alive at t with k purchases: the negative binomial count times (beta / (beta + t))^s.
    const double log_alive = std::lgamma(r + x) - std::lgamma(r) - std::lgamma(x + 1) - r * std::log1p(t / alpha) +
                             x * std::log(t / (alpha + t)) - s * std::log1p(t / beta);
    // Died in (0, t] after the k-th purchase: alpha^r beta^s B(r+x, s+1) / B(r, s) D.
    const double log_beta_ratio = std::lgamma(r + x) + std::lgamma(s + 1) - std::lgamma(r + s + x + 1) -
                                  (std::lgamma(r) + std::lgamma(s) - std::lgamma(r + s));
    const double log_died = r * std::log(alpha) + s * std::log(beta) + log_beta_ratio +
                            detail::log_pareto_nbd_died_part(r, alpha, s, beta, t, k);
    return std::exp(log_alive) + std::exp(log_died);
}

}  // namespace touchpoint::clv
