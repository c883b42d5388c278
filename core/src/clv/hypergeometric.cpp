#include "hypergeometric.hpp"

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace touchpoint::clv::detail {

namespace {

constexpr int max_series_terms = 100000;
constexpr double series_tolerance = 1e-17;
// Above this argument the Pareto/NBD series needs thousands of terms: integrate instead.
constexpr double quadrature_threshold = 0.98;

// P(X(t) = x): the 2F1 expression is used while its argument is at most this, x at most the
// next (so its series stay short and their sums far from overflow), and the difference
// B1 - sum keeps at least the fraction below of B1 (three digits lost at most).
constexpr double died_part_series_threshold = 0.9;
constexpr int died_part_series_max_purchases = 100;
constexpr double died_part_min_kept = 1e-3;

}  // namespace

double hypergeometric_2f1_series(double a, double b, double c, double z, double* largest_term) {
    double term = 1, sum = 1, largest = 1;
    for (int n = 0; n < max_series_terms; ++n) {
        const double k = n;
        term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
        sum += term;
        largest = std::max(largest, std::abs(term));
        if (term == 0 || std::abs(term) <= series_tolerance * std::abs(sum)) break;
    }
    if (largest_term) *largest_term = largest;
    return sum;
}

double log_hypergeometric_2f1_c_is_a_plus_one_by_quadrature(double a, double b, double z) {
    // Euler's integral for 2F1(1, g; h; z) with g = a+1-b, h = a+1 (so h > g > 0 for the
    // models' parameters): the mean of 1/(1 - z t) under a Beta(g, b) density.
    const double g = a + 1 - b;
    const double log_beta = boost::math::lgamma(g) + boost::math::lgamma(b) - boost::math::lgamma(g + b);
    // tanh-sinh hands over, besides t, its distance to the nearer end (positive near 1, the
    // negative of t near 0), so 1 - t keeps its precision where the density is singular.
    const auto integrand = [&](double t, double distance_to_end) {
        const double one_minus_t = distance_to_end > 0 ? distance_to_end : 1 - t;
        if (t <= 0 || one_minus_t <= 0) return 0.0;
        const double log_density = (g - 1) * std::log(t) + (b - 1) * std::log(one_minus_t) - log_beta;
        return std::exp(log_density) / (1 - z * t);
    };
    boost::math::quadrature::tanh_sinh<double> quadrature;
    const double mean = quadrature.integrate(integrand, 0.0, 1.0, 1e-14);
    return (1 - b) * std::log1p(-z) + std::log(mean);
}

double log_hypergeometric_2f1_c_is_a_plus_one(double a, double b, double z) {
    if (z <= 0) return 0;
    if (z > quadrature_threshold) return log_hypergeometric_2f1_c_is_a_plus_one_by_quadrature(a, b, z);
    // Terms of 2F1(1, a+1-b; a+1; z): each is the last times (a+1-b+n)/(a+1+n) z.
    const double g = a + 1 - b, h = a + 1;
    double term = 1, sum = 1;
    for (int n = 0; n < max_series_terms; ++n) {
        term *= (g + n) / (h + n) * z;
        sum += term;
        if (term <= series_tolerance * sum) break;
    }
    return (1 - b) * std::log1p(-z) + std::log(sum);
}

// The incomplete beta function in double precision throughout: Boost's default works in long
// double, which WebAssembly emulates in software (eight times slower there), for no digits the
// 1e-9 the callers need would miss.
using DoublePrecision = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

double log_pareto_nbd_died_part_by_quadrature(double r, double alpha, double s, double beta, double t, int x) {
    const double shape_a = r + x, shape_b = s + 1, rs = r + s, events = x + 1.0;
    const double log_beta = boost::math::lgamma(shape_a) + boost::math::lgamma(shape_b) - boost::math::lgamma(shape_a + shape_b);
    // c^-(r+s) I_{t/(c+t)} falls as c grows, so its value at the smallest c bounds the
    // integrand: dividing by it keeps the values near 1 however small D is.
    const double smallest_c = std::min(alpha, beta);
    const double log_reference = -rs * std::log(smallest_c) + std::log(boost::math::ibeta(events, rs, t / (smallest_c + t), DoublePrecision()));
    if (!std::isfinite(log_reference)) return -std::numeric_limits<double>::infinity();
    const auto integrand = [&](double omega, double distance_to_end) {
        const double one_minus_omega = distance_to_end > 0 ? distance_to_end : 1 - omega;
        if (omega <= 0 || one_minus_omega <= 0) return 0.0;
        // c = beta + (alpha - beta) omega, from whichever end keeps its digits.
        const double c = omega < 0.5 ? beta + (alpha - beta) * omega : alpha - (alpha - beta) * one_minus_omega;
        const double log_density = (shape_a - 1) * std::log(omega) + (shape_b - 1) * std::log(one_minus_omega) - log_beta;
        const double tail = boost::math::ibeta(events, rs, t / (c + t), DoublePrecision());
        if (tail <= 0) return 0.0;
        return std::exp(log_density - rs * std::log(c) + std::log(tail) - log_reference);
    };
    // Its tables are built once per thread: a P(k) curve integrates many times.
    thread_local boost::math::quadrature::tanh_sinh<double> quadrature;
    const double mean = quadrature.integrate(integrand, 0.0, 1.0, 1e-14);
    return log_reference + std::log(mean);
}

double log_pareto_nbd_died_part(double r, double alpha, double s, double beta, double t, int x) {
    const double larger = std::max(alpha, beta);
    const double z = std::abs(alpha - beta) / larger;
    if (z <= died_part_series_threshold && x <= died_part_series_max_purchases) {
        const double rs = r + s, c = rs + x + 1, b = alpha >= beta ? s + 1 : r + x;
        const double log_b1 = std::log(hypergeometric_2f1_series(rs, b, c, z)) - rs * std::log(larger);
        const double z_at_t = std::abs(alpha - beta) / (larger + t);
        const double log_t = std::log(t), log_larger_t = std::log(larger + t);
        // The sum over i as a fraction of B1; once it comes within died_part_min_kept of 1,
        // the difference has lost too many digits.
        double fraction = 0;
        bool kept = true;
        for (int i = 0; i <= x && kept; ++i) {
            const double log_term = std::lgamma(rs + i) - std::lgamma(rs) - std::lgamma(i + 1.0) + i * log_t -
                                    (rs + i) * log_larger_t + std::log(hypergeometric_2f1_series(rs + i, b, c, z_at_t));
            fraction += std::exp(log_term - log_b1);
            kept = fraction <= 1 - died_part_min_kept;
        }
        if (kept) return log_b1 + std::log1p(-fraction);
    }
    return log_pareto_nbd_died_part_by_quadrature(r, alpha, s, beta, t, x);
}

}  // namespace touchpoint::clv::detail
