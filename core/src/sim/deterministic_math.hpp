#pragma once
// exp and log written with +, -, *, / and exact bit operations only, so the simulator gives the
// same bits natively (glibc) and in the browser (Emscripten's musl): libm implementations may
// round the last bit differently, and one differing draw changes a whole run. IEEE arithmetic
// is exact to the bit on both, as long as nothing is fused into an FMA (the project compiles
// with -std=c++20, where GCC does not contract, and wasm has no FMA).
// Both are accurate to a few units in the last place, which is all a simulation needs.
#include <cstdint>
#include <cstring>
#include <limits>

namespace touchpoint::sim::detail {

inline constexpr double ln2_hi = 6.93147180369123816490e-01;  // ln 2 with its low 32 bits zero: k * ln2_hi is exact
inline constexpr double ln2_lo = 1.90821492927058770002e-10;  // ln 2 - ln2_hi

// exp: x = (32 k + j) ln2/32 + r, |r| <= ln2/64, so exp(x) = 2^k 2^(j/32) exp(r). The table holds
// 2^(j/32) correctly rounded (computed to 60 digits with Python's decimal module).
inline constexpr double exp_table[32] = {
    0x1.0000000000000p+0, 0x1.059b0d3158574p+0, 0x1.0b5586cf9890fp+0, 0x1.11301d0125b51p+0, 0x1.172b83c7d517bp+0,
    0x1.1d4873168b9aap+0, 0x1.2387a6e756238p+0, 0x1.29e9df51fdee1p+0, 0x1.306fe0a31b715p+0, 0x1.371a7373aa9cbp+0,
    0x1.3dea64c123422p+0, 0x1.44e086061892dp+0, 0x1.4bfdad5362a27p+0, 0x1.5342b569d4f82p+0, 0x1.5ab07dd485429p+0,
    0x1.6247eb03a5585p+0, 0x1.6a09e667f3bcdp+0, 0x1.71f75e8ec5f74p+0, 0x1.7a11473eb0187p+0, 0x1.82589994cce13p+0,
    0x1.8ace5422aa0dbp+0, 0x1.93737b0cdc5e5p+0, 0x1.9c49182a3f090p+0, 0x1.a5503b23e255dp+0, 0x1.ae89f995ad3adp+0,
    0x1.b7f76f2fb5e47p+0, 0x1.c199bdd85529cp+0, 0x1.cb720dcef9069p+0, 0x1.d5818dcfba487p+0, 0x1.dfc97337b9b5fp+0,
    0x1.ea4afa2a490dap+0, 0x1.f50765b6e4540p+0};
inline constexpr double exp_step_inverse = 0x1.71547652b82fep+5;  // 32 / ln 2
inline constexpr double exp_step_hi = 0x1.62e4200000000p-6;       // ln 2 / 32, low 32 bits zero: n * hi is exact
inline constexpr double exp_step_lo = 0x1.fdf473de6af28p-27;      // ln 2 / 32 - hi

// Bit copies (Emscripten 3.1.6's libc++ has no std::bit_cast).
inline std::uint64_t bits_of(double x) {
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    return bits;
}
inline double double_from_bits(std::uint64_t bits) {
    double x;
    std::memcpy(&x, &bits, sizeof x);
    return x;
}

// 2^k for k in [-1022, 1023], built from its bits.
inline double power_of_two(int k) { return double_from_bits(static_cast<std::uint64_t>(k + 1023) << 52); }

inline double det_exp(double x) {
    if (x != x) return x;
    if (x > 709.0) return std::numeric_limits<double>::infinity();
    if (x < -745.0) return 0.0;
    const double nd = static_cast<double>(static_cast<std::int64_t>(x * exp_step_inverse + (x < 0 ? -0.5 : 0.5)));
    const double r = (x - nd * exp_step_hi) - nd * exp_step_lo;
    // exp(r) by its Taylor series to degree 6: |r| <= 0.0109, so the error is below 4e-18.
    double p = 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    const auto n = static_cast<std::int64_t>(nd);
    const auto j = static_cast<int>(n & 31);
    const int k = static_cast<int>((n - j) / 32);
    p *= exp_table[j];
    if (k < -1021) return p * power_of_two(k + 600) * power_of_two(-600);  // subnormal results
    if (k > 1023) return p * power_of_two(k - 1) * 2.0;
    return p * power_of_two(k);
}

// Natural logarithm of x > 0 (x <= 0 gives -infinity or NaN, as log does).
inline double det_log(double x) {
    if (!(x > 0)) return x == 0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
    if (x == std::numeric_limits<double>::infinity()) return x;
    int exponent_shift = 0;
    if (x < 2.2250738585072014e-308) {  // subnormal: scale into the normal range first
        x *= 18014398509481984.0;       // 2^54
        exponent_shift = -54;
    }
    std::uint64_t bits = bits_of(x);
    int e = static_cast<int>((bits >> 52) & 0x7ff) - 1023 + exponent_shift;
    bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;  // m in [1, 2)
    double m = double_from_bits(bits);
    if (m > 1.4142135623730951) {  // m in [sqrt(1/2), sqrt(2)]: the series converges fastest
        m *= 0.5;
        ++e;
    }
    // log m = 2 atanh(f) = 2 (f + f^3/3 + f^5/5 + ...), f = (m - 1) / (m + 1), |f| <= 0.1716.
    const double f = (m - 1.0) / (m + 1.0);
    const double s = f * f;
    double series = 1.0 / 23.0;
    series = series * s + 1.0 / 21.0;
    series = series * s + 1.0 / 19.0;
    series = series * s + 1.0 / 17.0;
    series = series * s + 1.0 / 15.0;
    series = series * s + 1.0 / 13.0;
    series = series * s + 1.0 / 11.0;
    series = series * s + 1.0 / 9.0;
    series = series * s + 1.0 / 7.0;
    series = series * s + 1.0 / 5.0;
    series = series * s + 1.0 / 3.0;
    const double log_m = 2.0 * f + 2.0 * f * s * series;
    const double ed = static_cast<double>(e);
    return ed * ln2_hi + (log_m + ed * ln2_lo);
}

}  // namespace touchpoint::sim::detail
