#pragma once
// The Dashboard's date windows: named presets over the data's history (the last order is "now",
// since an export is looked at after the fact) and the default window to compare with.
#include "touchpoint/metrics/date_window.hpp"

#include <array>
#include <optional>
#include <string>

namespace touchpoint::web {

enum class WindowPreset { WholeHistory, Last90Days, Last12Months, YearToDate, Custom };
inline constexpr std::array<const char*, 5> window_preset_labels{"Whole history", "Last 90 days", "Last 12 months",
                                                                 "Year to date", "Custom"};

// The preset's window over `history`, never starting before the history does; nullopt for Custom.
std::optional<metrics::DateWindow> window_for(WindowPreset preset, metrics::DateWindow history);

// What the compared window (B) is, given the first one (A).
enum class ComparePreset { PreviousPeriod, YearEarlier, Custom };
inline constexpr std::array<const char*, 3> compare_preset_labels{"Period before", "Same days a year earlier", "Custom"};

// PreviousPeriod: ends the day before A starts, with as many whole calendar months when A is
// whole months, else as many days. YearEarlier: A's days one calendar
// year back (29 February becomes 28 February). nullopt for Custom.
std::optional<metrics::DateWindow> compare_window_for(ComparePreset preset, metrics::DateWindow a);

// "2024-03-01"; parse_day accepts only that form and gives the day number.
std::string day_text(int day);
std::optional<int> parse_day(const std::string& text);

}  // namespace touchpoint::web
