#include "ui/format.hpp"

#include <algorithm>
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

std::string format_amount(std::optional<double> amount) {
    if (!amount) return "n/a";
    // Whole cents, so the grouping of the integer part and the rounding of the cents agree.
    const auto cents = static_cast<std::int64_t>(std::llround(*amount * 100.0));
    const std::int64_t magnitude = cents < 0 ? -cents : cents;
    char decimals[8];
    std::snprintf(decimals, sizeof decimals, ".%02lld", static_cast<long long>(magnitude % 100));
    return (cents < 0 ? "-" : "") + format_count(magnitude / 100) + decimals;
}

std::string format_decimal(std::optional<double> value, int decimals) {
    if (!value) return "n/a";
    char text[48];
    std::snprintf(text, sizeof text, "%.*f", decimals, *value);
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

std::string format_rate(double per_second) {
    char text[32];
    if (per_second >= 1e6) std::snprintf(text, sizeof text, "%.2fM", per_second / 1e6);
    else if (per_second >= 1e4) std::snprintf(text, sizeof text, "%.1fk", per_second / 1e3);
    else std::snprintf(text, sizeof text, "%.0f", per_second);
    return text;
}

std::string format_duration(double seconds) {
    // Rounded up: "0 s" left would read as finished.
    const auto whole = static_cast<std::int64_t>(std::ceil(std::max(0.0, seconds)));
    if (whole < 60) return std::to_string(whole) + " s";
    if (whole < 3600) return std::to_string(whole / 60) + " min " + std::to_string(whole % 60) + " s";
    return std::to_string(whole / 3600) + " h " + std::to_string(whole % 3600 / 60) + " min";
}

std::string format_job_progress(const jobs::JobStatus& status) {
    const auto& progress = status.progress;
    std::string text = progress.phase.empty() ? status.title : progress.phase;
    if (status.state == jobs::JobState::Waiting) return text + ": waiting for your answer";
    const std::string unit = progress.items_unit.empty() ? "items" : progress.items_unit;
    if (progress.items > 0) text += ": " + format_count(static_cast<std::int64_t>(progress.items)) + " " + unit;
    if (status.items_per_second) text += " \u00b7 " + format_rate(*status.items_per_second) + " " + unit + "/s";
    if (status.seconds_left) text += " \u00b7 " + format_duration(*status.seconds_left) + " left";
    return text;
}

}  // namespace touchpoint::web
