#pragma once
// Histogram binning: nice bin edges (1, 2 or 5 times a power of ten apart) covering the data.
#include <cstddef>
#include <span>
#include <vector>

namespace touchpoint::charts {

struct Histogram {
    std::vector<double> edges;         // bins + 1 ascending edges; bin i is [edges[i], edges[i+1])
    std::vector<std::size_t> counts;   // one per bin; the last bin also holds values equal to its top
    std::size_t ignored = 0;           // NaN and infinite values, left out
};

// At most max_bins bins of equal, nice width covering the finite values. No finite values give
// no bins; values all equal give one bin of width 1 centred on them.
Histogram histogram_bins(std::span<const double> values, int max_bins);

}  // namespace touchpoint::charts
