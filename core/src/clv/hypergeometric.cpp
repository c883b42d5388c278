#include "hypergeometric.hpp"

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <cmath>
#include <limits>

namespace touchpoint::clv::detail {

namespace {

constexpr int max_series_terms = 100000;
constexpr double series_tolerance = 1e-17;
// Above this argument the Pareto/NBD series needs thousands of terms: integrate instead.
constexpr double quadrature_threshold = 0.98;

}  // namespace

double hypergeometric_2f1_series(double a, double b, double c, double z) {
    double term = 1, sum = 1;
    for (int n = 0; n < max_series_terms; ++n) {
        const double k = n;
        term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
        sum += term;
        if (term == 0 || std::abs(term) <= series_tolerance * std::abs(sum)) break;
    }
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

}  // namespace touchpoint::clv::detail
