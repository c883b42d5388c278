#pragma once
// Bootstrap percentile interval of the difference in means (treatment - control): each resample
// draws n_t treatment and n_c control values with replacement (each arm from itself), and the
// interval is the alpha/2 and 1 - alpha/2 percentiles of the resampled differences, with linear
// interpolation between order statistics (numpy's default percentile). It needs no normality, so
// it suits skewed revenue; the draws come from a pcg32 stream, so a seed gives the same interval
// natively and in the browser.
#include "touchpoint/experiments/common.hpp"

#include <cstdint>
#include <span>

namespace touchpoint::experiments {

struct BootstrapOptions {
    int resamples = 2000;
    double alpha = 0.05;
    std::uint64_t seed = 1;
};

struct BootstrapInterval {
    double difference = 0;      // of the observed means
    Interval interval;          // percentile interval of the resampled differences
    double standard_error = 0;  // standard deviation of the resampled differences
    int resamples = 0;
};

// Throws std::invalid_argument for an empty arm, a non-finite value, fewer than 100 resamples
// or alpha outside (0, 1).
BootstrapInterval bootstrap_mean_difference(std::span<const double> control, std::span<const double> treatment,
                                            const BootstrapOptions& options = {});

}  // namespace touchpoint::experiments
