#include "format.hpp"

#include <cmath>
#include <cstdio>

namespace touchpoint::web {

std::string format_count(std::int64_t value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
        grouped += digits[i];
    }
    return value < 0 ? "-" + grouped : grouped;
}

std::string format_percent(std::optional<double> share) {
    if (!share) return "n/a";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", *share * 100.0);
    return text;
}

std::string format_days(std::optional<double> days) {
    if (!days) return "n/a";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f days", *days);
    return text;
}

std::string format_tick(double value) {
    char text[32];
    const double magnitude = std::abs(value);
    if (magnitude >= 1e6)
        std::snprintf(text, sizeof text, "%gM", value / 1e6);
    else if (magnitude >= 1e4)
        std::snprintf(text, sizeof text, "%gk", value / 1e3);
    else
        std::snprintf(text, sizeof text, "%g", value);
    return text;
}

}  // namespace touchpoint::web
