#pragma once
// Axis arithmetic shared by the charts: "nice" tick positions a reader can take in at a glance.
#include <vector>

namespace touchpoint::charts {

struct Ticks {
    double low = 0, high = 1;   // the axis range, widened to whole steps
    double step = 1;
    std::vector<double> values;
};

// Ticks at 1, 2 or 5 times a power of ten, at most about max_ticks of them, covering [low, high].
Ticks nice_ticks(double low, double high, int max_ticks);

}  // namespace touchpoint::charts
