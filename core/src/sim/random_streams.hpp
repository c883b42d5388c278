#pragma once
// The simulator's random numbers. Every customer of every replication owns a family of pcg32
// streams keyed by (seed, replication, customer), one per kind of event, so a touch in one
// cadence never shifts the random numbers of an unrelated event: the n-th repeat purchase meets
// the same dropout draw, the n-th touch sent the same reach draw, in every cadence.
// Distributions are written here on the deterministic exp/log and the ziggurat tables built from
// them, like the sample shop's use of Boost.Random for the same reason: the same draws natively
// and in the browser.
#include "deterministic_math.hpp"
#include "ziggurat.hpp"

#include <pcg_random.hpp>

#include <cmath>
#include <cstdint>

namespace touchpoint::sim::detail {

enum class Substream : std::uint64_t {
    Population = 1,  // lambda, p, nu, the silence budget
    Purchases = 2,   // candidate purchase times and their acceptance draws
    Dropout = 3,     // one draw per repeat purchase
    Reach = 4,       // one draw per touch sent
    OptOut = 5,      // one draw per touch that reaches the customer
};

// SplitMix64's finaliser: spreads (seed, replication, customer) over 64 bits.
inline std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

inline std::uint64_t customer_key(std::uint64_t seed, std::uint64_t replication, std::uint64_t customer, std::uint64_t variant) {
    std::uint64_t key = mix64(seed + 0x9e3779b97f4a7c15ULL);
    key = mix64(key ^ (replication + 0x632be59bd9b4e019ULL));
    key = mix64(key ^ (customer + 0x85157af5ULL));
    return mix64(key ^ variant);  // variant 0 with common random numbers; 1 + cadence without
}

inline pcg32 make_stream(std::uint64_t key, Substream substream) { return pcg32(key, static_cast<std::uint64_t>(substream)); }

// Uniform on (0, 1), never 0 or 1: one 32-bit output, centred in its cell.
inline double uniform(pcg32& random) { return (static_cast<double>(random()) + 0.5) * (1.0 / 4294967296.0); }

inline double unit_exponential(pcg32& random) { return ziggurat_exponential(random, ziggurat_tables()); }

inline double standard_normal(pcg32& random) { return ziggurat_normal(random, ziggurat_tables()); }

// Gamma(shape, scale 1) by Marsaglia & Tsang (2000); shapes below 1 through Gamma(shape + 1) U^(1/shape).
inline double standard_gamma(pcg32& random, double shape) {
    if (shape < 1.0) {
        const double g = standard_gamma(random, shape + 1.0);
        return g * det_exp(det_log(uniform(random)) / shape);
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = standard_normal(random);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = uniform(random);
        const double x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
        if (det_log(u) < 0.5 * x2 + d * (1.0 - v + det_log(v))) return d * v;
    }
}

inline double gamma_with_rate(pcg32& random, double shape, double rate) { return standard_gamma(random, shape) / rate; }

inline double beta(pcg32& random, double a, double b) {
    const double x = standard_gamma(random, a);
    const double y = standard_gamma(random, b);
    return x + y > 0 ? x / (x + y) : a / (a + b);  // both shapes tiny: both draws can underflow to 0
}

}  // namespace touchpoint::sim::detail
