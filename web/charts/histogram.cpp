#include "charts/histogram.hpp"

#include "charts/scales.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace touchpoint::charts {

Histogram histogram_bins(std::span<const double> values, int max_bins) {
    Histogram histogram;
    double smallest = std::numeric_limits<double>::infinity();
    double largest = -smallest;
    for (double value : values) {
        if (!std::isfinite(value)) {
            ++histogram.ignored;
            continue;
        }
        smallest = std::min(smallest, value);
        largest = std::max(largest, value);
    }
    if (!(smallest <= largest)) return histogram;

    double low, step;
    std::size_t bins;
    if (smallest == largest) {
        low = smallest - 0.5;
        step = 1.0;
        bins = 1;
    } else {
        step = nice_step_at_least((largest - smallest) / std::max(1, max_bins));
        for (;;) {
            low = std::floor(smallest / step) * step;
            bins = static_cast<std::size_t>(std::max(1L, std::lround(std::ceil(largest / step) - std::floor(smallest / step))));
            // Widening to whole steps can add a bin; the next nice step brings it back under.
            if (bins <= static_cast<std::size_t>(std::max(1, max_bins))) break;
            step = nice_step_at_least(step * 1.5);
        }
    }
    for (std::size_t i = 0; i <= bins; ++i) histogram.edges.push_back(low + step * static_cast<double>(i));
    histogram.counts.assign(bins, 0);
    for (double value : values) {
        if (!std::isfinite(value)) continue;
        // A small allowance so a value on an edge is not pushed down a bin by rounding (0.3 / 0.1).
        const double offset = std::floor((value - low) / step + 1e-9);
        const auto bin = std::min(bins - 1, static_cast<std::size_t>(std::max(0.0, offset)));
        ++histogram.counts[bin];
    }
    return histogram;
}

}  // namespace touchpoint::charts
