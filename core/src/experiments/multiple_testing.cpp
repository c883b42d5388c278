#include "touchpoint/experiments/multiple_testing.hpp"

#include "touchpoint/experiments/common.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace touchpoint::experiments {

HolmCorrection holm_correction(std::span<const double> p_values, double alpha) {
    check_alpha(alpha);
    for (const double p : p_values)
        if (!(p >= 0 && p <= 1)) throw std::invalid_argument("p-values must lie in [0, 1]");
    const std::size_t m = p_values.size();
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });

    HolmCorrection correction;
    correction.adjusted_p_values.assign(m, 1.0);
    correction.rejected.assign(m, false);
    double running_max = 0;
    bool still_rejecting = true;
    for (std::size_t rank = 0; rank < m; ++rank) {
        const std::size_t index = order[rank];
        const double remaining = static_cast<double>(m - rank);
        // The decision compares p with alpha / remaining, not the adjusted p with alpha, so a
        // p-value exactly on the line is decided as statsmodels decides it.
        still_rejecting = still_rejecting && p_values[index] <= alpha / remaining;
        correction.rejected[index] = still_rejecting;
        running_max = std::max(running_max, p_values[index] * remaining);
        correction.adjusted_p_values[index] = std::min(1.0, running_max);
    }
    return correction;
}

}  // namespace touchpoint::experiments
