#include "touchpoint/clv/gamma_gamma.hpp"

#include <boost/math/special_functions/digamma.hpp>

#include <cmath>

namespace touchpoint::clv {

double gamma_gamma_log_likelihood(const GammaGammaParams& params, double x, double m) {
    const auto& [p, q, gamma] = params;
    const double px = p * x;
    return std::lgamma(px + q) - std::lgamma(px) - std::lgamma(q) + q * std::log(gamma) + (px - 1) * std::log(m) +
           px * std::log(x) - (px + q) * std::log(gamma + m * x);
}

double gamma_gamma_log_likelihood_with_gradient(const GammaGammaParams& params, double x, double m, double gradient[3]) {
    const auto& [p, q, gamma] = params;
    using boost::math::digamma;
    const double px = p * x;
    const double psi_pxq = digamma(px + q);
    const double log_gamma_mx = std::log(gamma + m * x);
    gradient[0] = x * (psi_pxq - digamma(px) + std::log(m) + std::log(x) - log_gamma_mx);
    gradient[1] = psi_pxq - digamma(q) + std::log(gamma) - log_gamma_mx;
    gradient[2] = q / gamma - (px + q) / (gamma + m * x);
    return gamma_gamma_log_likelihood(params, x, m);
}

std::optional<double> gamma_gamma_expected_spend(const GammaGammaParams& params, double x, double m) {
    const auto& [p, q, gamma] = params;
    if (q <= 1) return std::nullopt;
    return (p * gamma + p * x * m) / (p * x + q - 1);
}

std::optional<double> gamma_gamma_population_mean_spend(const GammaGammaParams& params) {
    if (params.q <= 1) return std::nullopt;
    return params.p * params.gamma / (params.q - 1);
}

}  // namespace touchpoint::clv
