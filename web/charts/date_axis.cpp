#include "charts/date_axis.hpp"

#include <date/date.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace touchpoint::charts {

namespace {

constexpr const char* month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct DateStep {
    DateUnit unit;
    int units_per_tick;
    double approximate_days;
};

// Finest first; the first that fits is chosen.
constexpr DateStep date_steps[] = {
    {DateUnit::Day, 1, 1},          {DateUnit::Day, 2, 2},         {DateUnit::Week, 1, 7},
    {DateUnit::Week, 2, 14},        {DateUnit::Month, 1, 30.44},   {DateUnit::Quarter, 1, 91.31},
    {DateUnit::Quarter, 2, 182.62}, {DateUnit::Year, 1, 365.25},   {DateUnit::Year, 2, 730.5},
    {DateUnit::Year, 5, 1826.25},   {DateUnit::Year, 10, 3652.5},  {DateUnit::Year, 20, 7305},
    {DateUnit::Year, 50, 18262.5},  {DateUnit::Year, 100, 36525},
};

date::year_month_day ymd_of(int day) { return date::year_month_day{date::sys_days{date::days{day}}}; }
int day_of(date::year_month_day ymd) { return static_cast<int>(date::sys_days{ymd}.time_since_epoch().count()); }

// The smallest multiple of step at or above value (step > 0), for negative values too.
long long round_up_to_multiple(long long value, long long step) {
    const long long quotient = value / step - ((value % step != 0 && value < 0) ? 1 : 0);
    const long long floor_multiple = quotient * step;
    return floor_multiple == value ? value : floor_multiple + step;
}

void add_day_ticks(DateTicks& ticks, int first, int last, int every) {
    for (long long day = round_up_to_multiple(first, every); day <= last; day += every)
        ticks.days.push_back(static_cast<double>(day));
}

// 1970-01-05 (day 4) was a Monday: Mondays are the days with (day + 3) divisible by 7.
void add_week_ticks(DateTicks& ticks, int first, int last, int every) {
    const long long first_week = round_up_to_multiple(round_up_to_multiple(first + 3, 7) / 7, every);
    for (long long week = first_week; week * 7 - 3 <= last; week += every)
        ticks.days.push_back(static_cast<double>(week * 7 - 3));
}

// Months counted from year 0, so quarter and year starts are multiples of 3 and 12.
void add_month_ticks(DateTicks& ticks, int first, int last, int months_per_tick) {
    const auto start = ymd_of(first);
    long long month_index = static_cast<int>(start.year()) * 12LL + static_cast<unsigned>(start.month()) - 1;
    if (start.day() != date::day{1}) ++month_index;
    month_index = round_up_to_multiple(month_index, months_per_tick);
    for (;; month_index += months_per_tick) {
        const auto year = static_cast<int>(month_index / 12);
        const auto month = static_cast<unsigned>(month_index % 12 + 1);
        const int day = day_of(date::year{year} / date::month{month} / date::day{1});
        if (day > last) break;
        ticks.days.push_back(static_cast<double>(day));
    }
}

}  // namespace

DateTicks date_ticks(double first_day, double last_day, int max_ticks) {
    DateTicks ticks;
    if (!std::isfinite(first_day) || !std::isfinite(last_day)) return ticks;
    if (last_day < first_day) std::swap(first_day, last_day);
    const double span = last_day - first_day;
    const DateStep* chosen = &date_steps[std::size(date_steps) - 1];
    for (const auto& candidate : date_steps)
        if (span / candidate.approximate_days <= std::max(1, max_ticks)) {
            chosen = &candidate;
            break;
        }
    ticks.unit = chosen->unit;
    ticks.units_per_tick = chosen->units_per_tick;
    const int first = static_cast<int>(std::ceil(first_day));
    const int last = static_cast<int>(std::floor(last_day));
    switch (chosen->unit) {
        case DateUnit::Day: add_day_ticks(ticks, first, last, chosen->units_per_tick); break;
        case DateUnit::Week: add_week_ticks(ticks, first, last, chosen->units_per_tick); break;
        case DateUnit::Month: add_month_ticks(ticks, first, last, chosen->units_per_tick); break;
        case DateUnit::Quarter: add_month_ticks(ticks, first, last, 3 * chosen->units_per_tick); break;
        case DateUnit::Year: add_month_ticks(ticks, first, last, 12 * chosen->units_per_tick); break;
    }
    for (double day : ticks.days) ticks.labels.push_back(date_label(static_cast<int>(day), ticks.unit));
    return ticks;
}

std::string date_label(int day, DateUnit unit) {
    const auto ymd = ymd_of(day);
    const std::string year = std::to_string(static_cast<int>(ymd.year()));
    const unsigned month = static_cast<unsigned>(ymd.month());
    const std::string month_name = month_names[month - 1];
    switch (unit) {
        case DateUnit::Day:
        case DateUnit::Week: return std::to_string(static_cast<unsigned>(ymd.day())) + " " + month_name;
        case DateUnit::Month: return month_name + " " + year;
        case DateUnit::Quarter: return "Q" + std::to_string((month - 1) / 3 + 1) + " " + year;
        case DateUnit::Year: return year;
    }
    return year;
}

std::string full_date_label(int day) {
    const auto ymd = ymd_of(day);
    return std::to_string(static_cast<unsigned>(ymd.day())) + " " + month_names[static_cast<unsigned>(ymd.month()) - 1] +
           " " + std::to_string(static_cast<int>(ymd.year()));
}

}  // namespace touchpoint::charts
