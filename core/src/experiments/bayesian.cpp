#include "touchpoint/experiments/bayesian.hpp"

#include "distributions.hpp"

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/tools/roots.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace touchpoint::experiments {

namespace {

using detail::Beta;

// Beyond this many terms the quadrature is faster than the sum.
constexpr double max_sum_terms = 1e7;
// Mass of X left out of the quadrature at each end: far below the 1e-6 the results promise.
constexpr double neglected_tail = 1e-14;
// Absolute error allowed in one integral (a thousandth of the 1e-6 promised), and how often an
// interval may be halved to reach it. A tighter tolerance would sit in the rounding noise of
// Gauss-Kronrod's own error estimate, and halving would chase the noise instead of digits.
constexpr double quadrature_tolerance = 1e-9;
constexpr int max_halvings = 10;

bool is_whole(double value) { return value >= 1 && value == std::floor(value); }

void check_beta(double alpha, double beta) {
    if (!(alpha > 0 && beta > 0) || !std::isfinite(alpha) || !std::isfinite(beta))
        throw std::invalid_argument("beta parameters must be positive and finite");
}

// P(Y > X) = sum_{i < a2} B(a1 + i, b1 + b2) / ((b2 + i) B(1 + i, b2) B(a1, b1)) for a whole a2.
// Term i+1 is term i times (a1 + i)(b2 + i) / ((a1 + b1 + b2 + i)(1 + i)); the sum is kept as
// exp(log_scale) * scaled so that neither a tiny first term nor a huge middle one leaves the doubles.
double evan_miller_sum(double a1, double b1, double a2, double b2) {
    double log_term = detail::log_beta_function(a1, b1 + b2) - detail::log_beta_function(a1, b1);
    double log_scale = log_term, scaled = 0;
    const auto terms = static_cast<std::int64_t>(a2);
    for (std::int64_t k = 0; k < terms; ++k) {
        if (k > 0) {
            const double i = static_cast<double>(k - 1);
            log_term += std::log((a1 + i) * (b2 + i)) - std::log((a1 + b1 + b2 + i) * (1 + i));
        }
        if (log_term > log_scale) {
            scaled = scaled * std::exp(log_scale - log_term) + 1;
            log_scale = log_term;
        } else {
            scaled += std::exp(log_term - log_scale);
        }
    }
    return std::clamp(std::exp(log_scale + std::log(scaled)), 0.0, 1.0);
}

// 61-point Gauss-Kronrod on [a, b], halved where its error estimate exceeds the absolute tolerance.
template <class Integrand>
double integrate_adaptively(const Integrand& f, double a, double b, double tolerance, int halvings_left) {
    double error = 0;
    const double estimate = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(f, a, b, 0, 0.0, &error);
    if (error <= tolerance || halvings_left == 0) return estimate;
    const double middle = (a + b) / 2;
    return integrate_adaptively(f, a, middle, tolerance / 2, halvings_left - 1) +
           integrate_adaptively(f, middle, b, tolerance / 2, halvings_left - 1);
}

// The integral of f_X(x) g(x) over X's support, in pieces split where either factor changes fast.
template <class Integrand>
double integrate_against_beta(const Beta& x_distribution, double low, double high, std::vector<double> split_points, Integrand g) {
    low = std::max(low, boost::math::quantile(x_distribution, neglected_tail));
    high = std::min(high, boost::math::quantile(boost::math::complement(x_distribution, neglected_tail)));
    if (!(high > low)) return 0;
    for (const double q : {1e-6, 0.5, 1 - 1e-6}) split_points.push_back(boost::math::quantile(x_distribution, q));
    split_points.push_back(low);
    split_points.push_back(high);
    std::sort(split_points.begin(), split_points.end());
    const auto integrand = [&](double x) { return boost::math::pdf(x_distribution, x) * g(x); };
    double total = 0, previous = low;
    for (const double point : split_points) {
        if (!(point > previous) || point > high) continue;
        total += integrate_adaptively(integrand, previous, point, quadrature_tolerance / 8, max_halvings);
        previous = point;
    }
    return total;
}

}  // namespace

double probability_beta_exceeds_by_quadrature(double x_alpha, double x_beta, double y_alpha, double y_beta) {
    check_beta(x_alpha, x_beta);
    check_beta(y_alpha, y_beta);
    const Beta x_distribution(x_alpha, x_beta), y_distribution(y_alpha, y_beta);
    std::vector<double> splits{boost::math::quantile(y_distribution, 1e-6), boost::math::quantile(y_distribution, 0.5),
                               boost::math::quantile(y_distribution, 1 - 1e-6)};
    return std::clamp(integrate_against_beta(x_distribution, 0.0, 1.0, splits,
                                             [&](double x) { return boost::math::cdf(boost::math::complement(y_distribution, x)); }),
                      0.0, 1.0);
}

double probability_beta_exceeds(double x_alpha, double x_beta, double y_alpha, double y_beta) {
    check_beta(x_alpha, x_beta);
    check_beta(y_alpha, y_beta);
    // Four sums give the same probability; take the shortest one that exists. With 1 - p ~ Beta(b, a),
    // Y > X exactly when 1 - X > 1 - Y.
    struct Candidate {
        double terms;
        bool complement;
        double a1, b1, a2, b2;
    };
    const Candidate candidates[] = {
        {y_alpha, false, x_alpha, x_beta, y_alpha, y_beta},  // P(Y > X), sum over y_alpha
        {x_alpha, true, y_alpha, y_beta, x_alpha, x_beta},   // 1 - P(X > Y), over x_alpha
        {x_beta, false, y_beta, y_alpha, x_beta, x_alpha},   // P(1 - X > 1 - Y), over x_beta
        {y_beta, true, x_beta, x_alpha, y_beta, y_alpha},    // 1 - P(1 - Y > 1 - X), over y_beta
    };
    const Candidate* best = nullptr;
    for (const auto& candidate : candidates)
        if (is_whole(candidate.terms) && candidate.terms <= max_sum_terms && (!best || candidate.terms < best->terms)) best = &candidate;
    if (!best) return probability_beta_exceeds_by_quadrature(x_alpha, x_beta, y_alpha, y_beta);
    const double sum = evan_miller_sum(best->a1, best->b1, best->a2, best->b2);
    return best->complement ? 1 - sum : sum;
}

double beta_difference_cdf(double x_alpha, double x_beta, double y_alpha, double y_beta, double d) {
    check_beta(x_alpha, x_beta);
    check_beta(y_alpha, y_beta);
    if (d <= -1) return 0;
    if (d >= 1) return 1;
    const Beta x_distribution(x_alpha, x_beta), y_distribution(y_alpha, y_beta);
    std::vector<double> splits;
    for (const double q : {1e-6, 0.5, 1 - 1e-6}) splits.push_back(boost::math::quantile(y_distribution, q) - d);
    const double low = std::max(0.0, -d), high = std::min(1.0, 1 - d);
    // Integrate whichever tail is the smaller one: an integrand near 1 across X's whole mass
    // would have to be summed to full precision, one near 0 is done at once.
    const bool below_mean = d <= boost::math::mean(y_distribution) - boost::math::mean(x_distribution);
    if (below_mean) {
        // P(Y - X <= d): Y <= x + d is impossible while x < -d and certain once x >= 1 - d.
        const double certain = d > 0 ? boost::math::cdf(boost::math::complement(x_distribution, 1 - d)) : 0.0;
        const double partial = integrate_against_beta(x_distribution, low, high, splits, [&](double x) {
            const double y = x + d;
            return y <= 0 ? 0.0 : y >= 1 ? 1.0 : boost::math::cdf(y_distribution, y);
        });
        return std::clamp(partial + certain, 0.0, 1.0);
    }
    // 1 - P(Y - X > d): Y > x + d is certain while x < -d and impossible once x >= 1 - d.
    const double certain = d < 0 ? boost::math::cdf(x_distribution, -d) : 0.0;
    const double partial = integrate_against_beta(x_distribution, low, high, splits, [&](double x) {
        const double y = x + d;
        return y <= 0 ? 1.0 : y >= 1 ? 0.0 : boost::math::cdf(boost::math::complement(y_distribution, y));
    });
    return std::clamp(1 - (partial + certain), 0.0, 1.0);
}

double beta_difference_quantile(double x_alpha, double x_beta, double y_alpha, double y_beta, double q) {
    if (!(q > 0 && q < 1)) throw std::invalid_argument("a quantile level must be between 0 and 1, got " + number_text(q));
    check_beta(x_alpha, x_beta);
    check_beta(y_alpha, y_beta);
    const auto below = [&](double d) { return beta_difference_cdf(x_alpha, x_beta, y_alpha, y_beta, d) - q; };
    // Start from the normal approximation's neighbourhood; fall back to the whole range.
    const Beta x_distribution(x_alpha, x_beta), y_distribution(y_alpha, y_beta);
    const double mean = boost::math::mean(y_distribution) - boost::math::mean(x_distribution);
    const double sd = std::sqrt(boost::math::variance(x_distribution) + boost::math::variance(y_distribution));
    double low = std::max(-1.0, mean - 12 * sd), high = std::min(1.0, mean + 12 * sd);
    double f_low = below(low), f_high = below(high);
    if (f_low > 0) low = -1, f_low = -q;
    if (f_high < 0) high = 1, f_high = 1 - q;
    std::uintmax_t iterations = 100;
    const auto bracket = boost::math::tools::toms748_solve(
        below, low, high, f_low, f_high, [](double a, double b) { return std::abs(b - a) < 1e-12; }, iterations, detail::DoublePrecision());
    return (bracket.first + bracket.second) / 2;
}

BayesianComparison compare_beta_binomial(const ArmCounts& control, const ArmCounts& treatment, const BayesianOptions& options) {
    check_arm(control, "control");
    check_arm(treatment, "treatment");
    if (!(options.prior.alpha > 0 && options.prior.beta > 0) || !std::isfinite(options.prior.alpha) || !std::isfinite(options.prior.beta))
        throw std::invalid_argument("the Beta prior's parameters must be positive");
    if (!(options.credible_level > 0 && options.credible_level < 1))
        throw std::invalid_argument("the credible level must be between 0 and 1 (exclusive), got " + number_text(options.credible_level));
    const double tail = (1 - options.credible_level) / 2;

    const auto posterior_of = [&](const ArmCounts& arm) {
        BetaPosterior posterior;
        posterior.alpha = options.prior.alpha + static_cast<double>(arm.successes);
        posterior.beta = options.prior.beta + static_cast<double>(arm.n - arm.successes);
        const Beta distribution(posterior.alpha, posterior.beta);
        posterior.mean = boost::math::mean(distribution);
        posterior.credible_interval = {boost::math::quantile(distribution, tail), boost::math::quantile(boost::math::complement(distribution, tail))};
        return posterior;
    };
    BayesianComparison result;
    result.control = posterior_of(control);
    result.treatment = posterior_of(treatment);
    const double a_c = result.control.alpha, b_c = result.control.beta, a_t = result.treatment.alpha, b_t = result.treatment.beta;

    result.probability_treatment_better = probability_beta_exceeds(a_c, b_c, a_t, b_t);
    // E[max(p_c - p_t, 0)] = E[p_c 1{p_c > p_t}] - E[p_t 1{p_c > p_t}], each a mean times a probability.
    result.expected_loss_treatment = std::max(0.0, result.control.mean * probability_beta_exceeds(a_t, b_t, a_c + 1, b_c) -
                                                       result.treatment.mean * probability_beta_exceeds(a_t + 1, b_t, a_c, b_c));
    result.expected_loss_control = std::max(0.0, result.treatment.mean * probability_beta_exceeds(a_c, b_c, a_t + 1, b_t) -
                                                     result.control.mean * probability_beta_exceeds(a_c + 1, b_c, a_t, b_t));
    result.difference_mean = result.treatment.mean - result.control.mean;
    result.difference_credible_interval = {beta_difference_quantile(a_c, b_c, a_t, b_t, tail),
                                           beta_difference_quantile(a_c, b_c, a_t, b_t, 1 - tail)};
    return result;
}

}  // namespace touchpoint::experiments
