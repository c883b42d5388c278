#include "charts/scales.hpp"

#include "charts/date_axis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace touchpoint::charts {

namespace {

// Decimals needed to write multiples of step (a 1/2/5 x 10^k step has one significant digit).
int decimals_for_step(double step) {
    if (!(step > 0) || !std::isfinite(step)) return 0;
    return std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 6);
}

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

// "12.50" -> "12.5", "3.00" -> "3": compact labels drop zeros that carry no information.
std::string trim_zeros(std::string text) {
    if (text.find('.') == std::string::npos) return text;
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
}

// Thousands separators in the integer part of an unsigned decimal text.
std::string group_thousands(const std::string& text) {
    const std::size_t integer_end = std::min(text.find('.'), text.size());
    std::string grouped;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i > 0 && i < integer_end && (integer_end - i) % 3 == 0) grouped += ',';
        grouped += text[i];
    }
    return grouped;
}

struct CompactUnit {
    double size;
    const char* suffix;
};
constexpr CompactUnit compact_units[] = {{1e9, "B"}, {1e6, "M"}, {1e3, "k"}};

// |value| written compactly ("1.5k", "3.4M"), with the decimals the step needs in that unit.
std::string compact_magnitude(double magnitude, double step) {
    for (const auto& unit : compact_units)
        if (magnitude >= unit.size * (1 - 1e-12))
            return trim_zeros(fixed(magnitude / unit.size, decimals_for_step(step / unit.size))) + unit.suffix;
    return trim_zeros(fixed(magnitude, decimals_for_step(step)));
}

std::string signed_text(bool negative, const std::string& prefix, const std::string& magnitude) {
    return (negative ? "-" : "") + prefix + magnitude;
}

// Ticks land on rounding noise (0.30000000000000004, -1e-17); a tick that is zero reads "0".
bool is_zero_tick(double value, double step) { return std::abs(value) < std::abs(step) * 1e-9; }

}  // namespace

double nice_step_at_least(double raw) {
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double multiple : {1.0, 2.0, 5.0})
        if (multiple * power >= raw * (1 - 1e-12)) return multiple * power;
    return 10.0 * power;
}

Ticks nice_ticks(double low, double high, int max_ticks) {
    if (!(high > low)) high = low + 1.0;  // a flat series still gets an axis
    Ticks ticks;
    ticks.step = nice_step_at_least((high - low) / std::max(1, max_ticks));
    ticks.low = std::floor(low / ticks.step) * ticks.step;
    ticks.high = std::ceil(high / ticks.step) * ticks.step;
    const auto intervals = static_cast<int>(std::lround((ticks.high - ticks.low) / ticks.step));
    // Each tick from its index, not by repeated addition, so errors do not accumulate.
    for (int i = 0; i <= intervals; ++i) {
        const double value = ticks.low + ticks.step * i;
        ticks.values.push_back(is_zero_tick(value, ticks.step) ? 0.0 : value);
    }
    return ticks;
}

std::string tick_label(double value, double step, AxisFormat format, const FormatOptions& options) {
    if (std::isnan(value)) return "n/a";
    if (is_zero_tick(value, step)) value = 0.0;
    const bool negative = value < 0;
    const double magnitude = std::abs(value);
    switch (format) {
        case AxisFormat::Number:
            return signed_text(negative, "", compact_magnitude(magnitude, step));
        case AxisFormat::Percent:
            return fixed(value * 100.0, decimals_for_step(step * 100.0)) + "%";
        case AxisFormat::Money:
            if (magnitude >= 1e4) return signed_text(negative, options.money_symbol, compact_magnitude(magnitude, step));
            return signed_text(negative, options.money_symbol, group_thousands(fixed(magnitude, step < 1 ? 2 : 0)));
        case AxisFormat::Date: {
            const int day = static_cast<int>(std::floor(value + 0.5));
            if (step < 28) return date_label(day, DateUnit::Day);
            if (step < 365) return date_label(day, DateUnit::Month);
            return date_label(day, DateUnit::Year);
        }
    }
    return {};
}

std::vector<std::string> tick_labels(const Ticks& ticks, AxisFormat format, const FormatOptions& options) {
    std::vector<std::string> labels;
    labels.reserve(ticks.values.size());
    for (double value : ticks.values) labels.push_back(tick_label(value, ticks.step, format, options));
    return labels;
}

std::string value_label(double value, AxisFormat format, const FormatOptions& options) {
    if (std::isnan(value)) return "n/a";
    const bool negative = value < 0;
    const double magnitude = std::abs(value);
    switch (format) {
        case AxisFormat::Number:
            if (magnitude >= 1e6) return signed_text(negative, "", compact_magnitude(magnitude, 0.01 * 1e6));
            if (magnitude > 0 && magnitude < 0.01) {
                char text[32];
                std::snprintf(text, sizeof text, "%.3g", value);
                return text;
            }
            return signed_text(negative, "", group_thousands(trim_zeros(fixed(magnitude, 2))));
        case AxisFormat::Percent:
            return fixed(value * 100.0, 1) + "%";
        case AxisFormat::Money: {
            const bool whole = std::abs(magnitude - std::round(magnitude)) < 0.005;
            return signed_text(negative, options.money_symbol, group_thousands(fixed(magnitude, whole ? 0 : 2)));
        }
        case AxisFormat::Date:
            return full_date_label(static_cast<int>(std::floor(value + 0.5)));
    }
    return {};
}

}  // namespace touchpoint::charts
