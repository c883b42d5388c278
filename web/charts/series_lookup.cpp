#include "charts/series_lookup.hpp"

#include <algorithm>
#include <cmath>

namespace touchpoint::charts {

std::optional<std::size_t> nearest_index(std::span<const double> xs, double x) {
    std::optional<std::size_t> nearest;
    double nearest_distance = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        const double distance = std::abs(xs[i] - x);
        if (std::isnan(distance)) continue;
        if (!nearest || distance < nearest_distance) {
            nearest = i;
            nearest_distance = distance;
        }
    }
    return nearest;
}

std::optional<std::size_t> step_index_at(std::span<const double> xs, double x) {
    const auto after = std::upper_bound(xs.begin(), xs.end(), x);
    if (after == xs.begin()) return std::nullopt;
    return static_cast<std::size_t>(after - xs.begin()) - 1;
}

}  // namespace touchpoint::charts
