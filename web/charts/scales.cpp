#include "scales.hpp"

#include <algorithm>
#include <cmath>

namespace touchpoint::charts {

namespace {
double nice_step(double raw) {
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double multiple : {1.0, 2.0, 5.0})
        if (multiple * power >= raw) return multiple * power;
    return 10.0 * power;
}
}  // namespace

Ticks nice_ticks(double low, double high, int max_ticks) {
    if (!(high > low)) high = low + 1.0;  // a flat series still gets an axis
    Ticks ticks;
    ticks.step = nice_step((high - low) / std::max(1, max_ticks));
    ticks.low = std::floor(low / ticks.step) * ticks.step;
    ticks.high = std::ceil(high / ticks.step) * ticks.step;
    for (double value = ticks.low; value <= ticks.high + ticks.step * 0.5; value += ticks.step)
        ticks.values.push_back(std::abs(value) < ticks.step * 1e-9 ? 0.0 : value);
    return ticks;
}

}  // namespace touchpoint::charts
