#pragma once
// Calendar days as the whole core counts them: date::sys_days (days since 1970-01-01),
// written to the store as ISO 8601 text so the database stays readable with plain SQL.
#include <date/date.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace touchpoint::data {

using Day = date::sys_days;

// "YYYY-MM-DD".
inline constexpr std::size_t iso_date_length = 10;
std::string format_iso_date(Day day);
// Writes the 10 characters of "YYYY-MM-DD" to out (no terminator).
void write_iso_date(Day day, char* out);

// Parses exactly "YYYY-MM-DD" (the store's own format); nullopt for anything else
// or for a date that does not exist (2025-02-30).
std::optional<Day> parse_iso_date(std::string_view text);

// "YYYY-MM".
std::string format_year_month(date::year_month month);

// Days since 1970-01-01, the integer form the columnar Dataset keeps.
inline int day_number(Day day) { return static_cast<int>(day.time_since_epoch().count()); }
inline Day day_from_number(int number) { return Day{date::days{number}}; }

}  // namespace touchpoint::data
