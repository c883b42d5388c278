#pragma once
// Ticks for an axis of calendar days (day numbers: days since 1970-01-01, as
// touchpoint::data::day_number counts them). Ticks fall on calendar boundaries a reader
// expects: every day, Mondays, the first of a month, quarter starts, Jan 1.
#include <string>
#include <vector>

namespace touchpoint::charts {

enum class DateUnit { Day, Week, Month, Quarter, Year };

struct DateTicks {
    DateUnit unit = DateUnit::Day;
    int units_per_tick = 1;          // 2 with Week: every other Monday; 5 with Year: 2020, 2025...
    std::vector<double> days;        // tick positions (day numbers), ascending, inside the range
    std::vector<std::string> labels; // one per tick
};

// The finest unit that puts at most about max_ticks ticks on [first_day, last_day].
DateTicks date_ticks(double first_day, double last_day, int max_ticks);

// "12 Mar" (Day, Week), "Mar 2024" (Month), "Q2 2024" (Quarter), "2024" (Year).
std::string date_label(int day, DateUnit unit);
// "12 Mar 2024", for read-outs.
std::string full_date_label(int day);

}  // namespace touchpoint::charts
