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

// The day of a spreadsheet serial date ("40148.33" is 2009-12-01 08:00). In Excel's default
// 1900 system serial 1 is 1900-01-01 and serial 60 is 29 February 1900, a day that never
// existed (kept for Lotus 1-2-3): nullopt. In the 1904 system (old Mac workbooks) serial 0 is
// 1904-01-01. The fraction is the time of day and is dropped. nullopt outside 1 (0) .. 9999-12-31.
std::optional<Day> day_from_excel_serial(double serial, bool system_1904 = false);

// Days since 1970-01-01, the integer form the columnar Dataset keeps.
inline int day_number(Day day) { return static_cast<int>(day.time_since_epoch().count()); }
inline Day day_from_number(int number) { return Day{date::days{number}}; }

}  // namespace touchpoint::data
