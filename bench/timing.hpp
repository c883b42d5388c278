#pragma once
// Timing helpers the benchmarks share: wall and CPU milliseconds, and the median, best and
// worst of repeated runs.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <ctime>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#endif

namespace touchpoint::bench {

using Clock = std::chrono::steady_clock;

inline double milliseconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The process's CPU time: on a shared machine, the difference from the wall time is time spent
// waiting for a core. In wasm clock() follows the wall clock, so under node it comes from
// process.cpuUsage() (all of node's threads); in the browser there is none (NaN).
inline double cpu_milliseconds() {
#ifdef __EMSCRIPTEN__
    return EM_ASM_DOUBLE({
        if (typeof process === 'undefined' || !process.cpuUsage) return NaN;
        const usage = process.cpuUsage();
        return (usage.user + usage.system) / 1000;
    });
#else
    return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
#endif
}

// Median, best and worst of a list of times.
struct Spread {
    double median = 0, min = 0, max = 0;
};

inline Spread spread_of(std::vector<double> values) {
    if (values.empty()) return {};
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
    return {median, values.front(), values.back()};
}

}  // namespace touchpoint::bench
