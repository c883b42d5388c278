#include "touchpoint/experiments/sample_ratio.hpp"

#include "distributions.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace touchpoint::experiments {

SampleRatioCheck check_sample_ratio(std::span<const std::int64_t> observed, std::span<const double> planned_weights,
                                    const SampleRatioOptions& options) {
    const std::size_t arms = observed.size();
    if (arms < 2) throw std::invalid_argument("a sample ratio check needs at least 2 arms");
    if (!planned_weights.empty() && planned_weights.size() != arms)
        throw std::invalid_argument("the planned allocation has " + std::to_string(planned_weights.size()) + " weights for " +
                                    std::to_string(arms) + " arms");
    if (!(options.threshold > 0 && options.threshold < 1))
        throw std::invalid_argument("the mismatch threshold must be between 0 and 1 (exclusive)");
    double total = 0, weight_sum = 0;
    for (std::size_t i = 0; i < arms; ++i) {
        if (observed[i] < 0) throw std::invalid_argument("arm counts cannot be negative");
        total += static_cast<double>(observed[i]);
        const double weight = planned_weights.empty() ? 1.0 : planned_weights[i];
        if (!(weight > 0) || !std::isfinite(weight)) throw std::invalid_argument("planned allocation weights must be positive");
        weight_sum += weight;
    }
    if (total <= 0) throw std::invalid_argument("a sample ratio check needs at least one customer");

    SampleRatioCheck check;
    check.degrees_of_freedom = static_cast<int>(arms) - 1;
    for (std::size_t i = 0; i < arms; ++i) {
        const double expected = total * (planned_weights.empty() ? 1.0 : planned_weights[i]) / weight_sum;
        const double deviation = static_cast<double>(observed[i]) - expected;
        check.expected.push_back(expected);
        check.chi_square += deviation * deviation / expected;
    }
    check.p_value = boost::math::cdf(boost::math::complement(detail::ChiSquared(check.degrees_of_freedom), check.chi_square));
    check.mismatch = check.p_value < options.threshold;
    return check;
}

}  // namespace touchpoint::experiments
