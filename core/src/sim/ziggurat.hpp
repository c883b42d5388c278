#pragma once
// Exponential and normal draws by the ziggurat method (Marsaglia & Tsang 2000, "The Ziggurat
// Method for Generating Random Variables"): nearly every draw is a table lookup, a multiply and
// a compare, instead of a logarithm. The strip index and the value come from two separate
// 32-bit outputs (Doornik 2005 showed that sharing one biases the draws). The tables are built
// once from the deterministic exp and log, so they are the same bits in every build.
#include "deterministic_math.hpp"

#include <pcg_random.hpp>

#include <cstdint>

namespace touchpoint::sim::detail {

struct ZigguratTables {
    // Exponential: 256 strips.
    std::uint32_t ke[256];
    double we[256], fe[256];
    // Normal: 128 strips; kn compares against |a signed 32-bit value|.
    std::uint32_t kn[128];
    double wn[128], fn[128];
};

const ZigguratTables& ziggurat_tables();

inline constexpr double two_to_32 = 4294967296.0;
inline constexpr double two_to_31 = 2147483648.0;
inline constexpr double exponential_edge = 7.69711747013104972;  // where the exponential's base strip ends (r)
inline constexpr double normal_edge = 3.442619855899;            // the normal's r

inline double uniform_open(pcg32& random) { return (static_cast<double>(random()) + 0.5) * (1.0 / two_to_32); }

// Exp(1).
inline double ziggurat_exponential(pcg32& random, const ZigguratTables& t) {
    for (;;) {
        const std::uint32_t value = random();
        const std::uint32_t strip = random() & 255u;
        if (value < t.ke[strip]) return value * t.we[strip];
        if (strip == 0) return exponential_edge - det_log(uniform_open(random));  // the tail: memoryless
        const double x = value * t.we[strip];
        if (t.fe[strip] + uniform_open(random) * (t.fe[strip - 1] - t.fe[strip]) < det_exp(-x)) return x;
    }
}

inline double ziggurat_normal(pcg32& random, const ZigguratTables& t) {
    for (;;) {
        const auto value = static_cast<std::int32_t>(random());
        const std::uint32_t strip = random() & 127u;
        const std::uint32_t magnitude = value < 0 ? 0u - static_cast<std::uint32_t>(value) : static_cast<std::uint32_t>(value);
        const double x = value * t.wn[strip];
        if (magnitude < t.kn[strip]) return x;
        if (strip == 0) {  // the tail beyond r (Marsaglia 1964)
            double tail, y;
            do {
                tail = -det_log(uniform_open(random)) / normal_edge;
                y = -det_log(uniform_open(random));
            } while (y + y < tail * tail);
            return value > 0 ? normal_edge + tail : -normal_edge - tail;
        }
        if (t.fn[strip] + uniform_open(random) * (t.fn[strip - 1] - t.fn[strip]) < det_exp(-0.5 * x * x)) return x;
    }
}

}  // namespace touchpoint::sim::detail
