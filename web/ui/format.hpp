#pragma once
// How numbers read on screen. One place, so every panel writes "20,000" and "41.8%" alike.
#include "touchpoint/jobs/runner.hpp"

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
// Money and other amounts, two decimals: 1234567.891 -> "1,234,567.89"; none -> "n/a"
std::string format_amount(std::optional<double> amount);
// A plain number with `decimals` decimals: (2.3456, 2) -> "2.35"; none -> "n/a"
std::string format_decimal(std::optional<double> value, int decimals);
// Axis ticks: compact ("1.2k", "15", "0.5").
std::string format_tick(double value);
// A rate for progress lines: 1234567 -> "1.23M", 45300 -> "45.3k", 812 -> "812".
std::string format_rate(double per_second);
// Time left: 4.2 -> "5 s" (rounded up), 75 -> "1 min 15 s", 3700 -> "1 h 2 min".
std::string format_duration(double seconds);
// A job's progress line: "Reading rows: 120,000 rows · 45.3k rows/s · 5 s left".
std::string format_job_progress(const jobs::JobStatus& status);

}  // namespace touchpoint::web
