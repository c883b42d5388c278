#pragma once
// Sample-ratio-mismatch (SRM) check: do the arms hold the share of customers the design
// planned? Pearson's chi-square goodness of fit, as scipy.stats.chisquare: expected counts
// E_i = N w_i / sum(w), statistic sum (O_i - E_i)^2 / E_i, p-value from the chi-square
// distribution with k - 1 degrees of freedom. A tiny p-value (below 0.001 by default, a common
// convention, as real experiments are large) means assignment or logging is broken, and the
// experiment's results should not be trusted until it is explained.
#include <cstdint>
#include <span>
#include <vector>

namespace touchpoint::experiments {

struct SampleRatioOptions {
    double threshold = 0.001;  // flag a mismatch when p < threshold
};

struct SampleRatioCheck {
    std::vector<double> expected;  // customers each arm should have
    double chi_square = 0;
    int degrees_of_freedom = 0;
    double p_value = 1;
    bool mismatch = false;
};

// `observed` customers per arm, `planned_weights` the planned allocation (any positive scale,
// e.g. {1, 1} or {0.2, 0.8}); empty weights mean equal allocation. Throws std::invalid_argument
// for fewer than 2 arms, negative counts, no customers at all, or weights that are not positive.
SampleRatioCheck check_sample_ratio(std::span<const std::int64_t> observed, std::span<const double> planned_weights = {},
                                    const SampleRatioOptions& options = {});

}  // namespace touchpoint::experiments
