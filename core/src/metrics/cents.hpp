#pragma once
// Money is added in whole cents: exact, so totals are the same in any order (and equal SQL's).
#include <cmath>
#include <cstdint>

namespace touchpoint::metrics {

// Equal to std::llround(amount * 100.0) (halves away from zero) without its library call, which
// is most of the per-order cost in wasm: below 2^53 the whole part and the rest are exact.
inline std::int64_t cents_of(double amount) {
    const double cents = amount * 100.0;
    if (!(std::fabs(cents) < 4.0e15)) return std::llround(cents);
    const auto whole = static_cast<std::int64_t>(cents);  // toward zero
    const double rest = cents - static_cast<double>(whole);
    return whole + (rest >= 0.5 ? 1 : 0) - (rest <= -0.5 ? 1 : 0);
}

inline double money_of(std::int64_t cents) { return static_cast<double>(cents) / 100.0; }

}  // namespace touchpoint::metrics
