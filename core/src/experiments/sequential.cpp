#include "touchpoint/experiments/sequential.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace touchpoint::experiments {

MixtureSprt::MixtureSprt(const SequentialOptions& options, Interval initial_ci) : options_(options) {
    check_alpha(options.alpha);
    if (!(options.mixture_sd > 0) || !std::isfinite(options.mixture_sd))
        throw std::invalid_argument("the mixture standard deviation (tau) must be positive, got " + number_text(options.mixture_sd));
    latest_.ci = initial_ci;
}

const SequentialLook& MixtureSprt::observe(double estimate, double variance, double n_control, double n_treatment) {
    if (!std::isfinite(estimate) || !(variance >= 0) || !std::isfinite(variance))
        throw std::invalid_argument("a look needs a finite estimate and a non-negative variance");
    latest_.n_control = n_control;
    latest_.n_treatment = n_treatment;
    latest_.estimate = estimate;
    latest_.variance = variance;
    if (variance == 0) {
        latest_.log_likelihood_ratio = 0;
        return latest_;
    }
    const double tau2 = options_.mixture_sd * options_.mixture_sd;
    const double spread = variance + tau2;
    latest_.log_likelihood_ratio = 0.5 * std::log(variance / spread) + tau2 * estimate * estimate / (2 * variance * spread);
    latest_.p_value = std::min(latest_.p_value, std::min(1.0, std::exp(-latest_.log_likelihood_ratio)));
    const double half_width = std::sqrt(2 * variance * spread / tau2 * (std::log(1 / options_.alpha) + 0.5 * std::log(spread / variance)));
    latest_.ci.low = std::max(latest_.ci.low, estimate - half_width);
    latest_.ci.high = std::min(latest_.ci.high, estimate + half_width);
    latest_.significant = latest_.p_value <= options_.alpha;
    return latest_;
}

std::vector<SequentialLook> monitor_proportions(std::span<const ProportionLookCounts> looks, const SequentialOptions& options) {
    MixtureSprt test(options, {-1, 1});
    std::vector<SequentialLook> results;
    results.reserve(looks.size());
    for (const auto& look : looks) {
        check_arm(look.control, "control");
        check_arm(look.treatment, "treatment");
        const double p_c = look.control.rate(), p_t = look.treatment.rate();
        const double n_c = static_cast<double>(look.control.n), n_t = static_cast<double>(look.treatment.n);
        results.push_back(test.observe(p_t - p_c, p_t * (1 - p_t) / n_t + p_c * (1 - p_c) / n_c, n_c, n_t));
    }
    return results;
}

std::vector<SequentialLook> monitor_means(std::span<const MeanLookSummary> looks, const SequentialOptions& options) {
    MixtureSprt test(options);
    std::vector<SequentialLook> results;
    results.reserve(looks.size());
    for (const auto& look : looks) {
        if (look.control.n < 2 || look.treatment.n < 2) throw std::invalid_argument("each look needs at least 2 values per arm");
        const double n_c = static_cast<double>(look.control.n), n_t = static_cast<double>(look.treatment.n);
        const double s_c = look.control.standard_deviation, s_t = look.treatment.standard_deviation;
        results.push_back(test.observe(look.treatment.mean - look.control.mean, s_t * s_t / n_t + s_c * s_c / n_c, n_c, n_t));
    }
    return results;
}

}  // namespace touchpoint::experiments
