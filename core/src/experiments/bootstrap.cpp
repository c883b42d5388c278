#include "touchpoint/experiments/bootstrap.hpp"

#include <pcg_random.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace touchpoint::experiments {

namespace {

double mean_of_resample(std::span<const double> values, pcg32& random) {
    const auto n = static_cast<std::uint32_t>(values.size());
    double sum = 0;
    for (std::uint32_t i = 0; i < n; ++i) sum += values[random(n)];  // pcg32(bound) is unbiased
    return sum / n;
}

double mean_of(std::span<const double> values) {
    double sum = 0;
    for (const double value : values) sum += value;
    return sum / static_cast<double>(values.size());
}

// numpy.percentile's default: position q (n - 1) between the sorted values, interpolated.
double percentile_of_sorted(const std::vector<double>& sorted, double q) {
    const double position = q * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const auto above = std::min(below + 1, sorted.size() - 1);
    const double weight = position - static_cast<double>(below);
    return sorted[below] + weight * (sorted[above] - sorted[below]);
}

}  // namespace

BootstrapInterval bootstrap_mean_difference(std::span<const double> control, std::span<const double> treatment,
                                            const BootstrapOptions& options) {
    check_alpha(options.alpha);
    if (control.empty() || treatment.empty()) throw std::invalid_argument("the bootstrap needs at least one value in each arm");
    if (control.size() > 0xffffffffu || treatment.size() > 0xffffffffu) throw std::invalid_argument("the bootstrap takes at most 2^32 - 1 values per arm");
    if (options.resamples < 100) throw std::invalid_argument("the bootstrap needs at least 100 resamples, got " + std::to_string(options.resamples));
    for (const auto arm : {control, treatment})
        for (const double value : arm)
            if (!std::isfinite(value)) throw std::invalid_argument("values must be finite numbers");

    BootstrapInterval result;
    result.difference = mean_of(treatment) - mean_of(control);
    result.resamples = options.resamples;
    pcg32 random(options.seed, 0xb0075eedULL);
    std::vector<double> differences(static_cast<std::size_t>(options.resamples));
    for (auto& difference : differences) {
        const double treatment_mean = mean_of_resample(treatment, random);
        difference = treatment_mean - mean_of_resample(control, random);
    }
    const double mean_difference = mean_of(differences);
    double sum_of_squares = 0;
    for (const double difference : differences) sum_of_squares += (difference - mean_difference) * (difference - mean_difference);
    result.standard_error = std::sqrt(sum_of_squares / static_cast<double>(differences.size() - 1));
    std::sort(differences.begin(), differences.end());
    result.interval = {percentile_of_sorted(differences, options.alpha / 2), percentile_of_sorted(differences, 1 - options.alpha / 2)};
    return result;
}

}  // namespace touchpoint::experiments
