#pragma once
// How numbers read on screen. One place, so every panel writes "20,000" and "41.8%" alike.
#include <cstdint>
#include <optional>
#include <string>

namespace touchpoint::web {

// 20000 -> "20,000"
std::string format_count(std::int64_t value);
// 0.4185 -> "41.8%"; none -> "n/a"
std::string format_percent(std::optional<double> share);
// 48 -> "48.0 days"; none -> "n/a"
std::string format_days(std::optional<double> days);
// Axis ticks: compact ("1.2k", "15", "0.5").
std::string format_tick(double value);

}  // namespace touchpoint::web
