#include "sections/dashboard/window_presets.hpp"

#include "touchpoint/data/calendar.hpp"

#include <algorithm>

namespace touchpoint::web {

namespace {

int one_year_earlier(int day) {
    const date::year_month_day ymd{data::day_from_number(day)};
    date::year_month_day earlier = ymd - date::years{1};
    if (!earlier.ok()) earlier = earlier.year() / earlier.month() / date::last;  // 29 February
    return data::day_number(date::sys_days{earlier});
}

// [first, last] covers whole calendar months: returns how many.
std::optional<int> whole_months(metrics::DateWindow window) {
    const date::year_month_day first{data::day_from_number(window.first_day)};
    const date::year_month_day last{data::day_from_number(window.last_day)};
    const date::year_month_day after_last{data::day_from_number(window.last_day + 1)};
    if (first.day() != date::day{1} || after_last.day() != date::day{1}) return std::nullopt;
    return (static_cast<int>(last.year()) - static_cast<int>(first.year())) * 12 +
           static_cast<int>(static_cast<unsigned>(last.month())) - static_cast<int>(static_cast<unsigned>(first.month())) + 1;
}

}  // namespace

std::optional<metrics::DateWindow> window_for(WindowPreset preset, metrics::DateWindow history) {
    const int last = history.last_day;
    const auto clipped = [&](int first) { return metrics::DateWindow{std::clamp(first, history.first_day, last), last}; };
    switch (preset) {
        case WindowPreset::WholeHistory: return history;
        case WindowPreset::Last90Days: return clipped(last - 89);
        case WindowPreset::Last12Months: return clipped(one_year_earlier(last) + 1);
        case WindowPreset::YearToDate: {
            const date::year_month_day ymd{data::day_from_number(last)};
            return clipped(data::day_number(date::sys_days{ymd.year() / 1 / 1}));
        }
        case WindowPreset::Custom: return std::nullopt;
    }
    return std::nullopt;
}

std::optional<metrics::DateWindow> compare_window_for(ComparePreset preset, metrics::DateWindow a) {
    switch (preset) {
        case ComparePreset::PreviousPeriod: {
            // Whole months compare with as many whole months (a year with a leap day too).
            if (const auto months = whole_months(a)) {
                const date::year_month_day first{data::day_from_number(a.first_day)};
                const date::year_month start = first.year() / first.month() - date::months{*months};
                return metrics::DateWindow{data::day_number(date::sys_days{start / 1}), a.first_day - 1};
            }
            return metrics::DateWindow{a.first_day - a.length_in_days(), a.first_day - 1};
        }
        case ComparePreset::YearEarlier: return metrics::DateWindow{one_year_earlier(a.first_day), one_year_earlier(a.last_day)};
        case ComparePreset::Custom: return std::nullopt;
    }
    return std::nullopt;
}

std::string day_text(int day) { return data::format_iso_date(data::day_from_number(day)); }

std::optional<int> parse_day(const std::string& text) {
    const auto parsed = data::parse_iso_date(text);
    if (!parsed || text.size() != 10) return std::nullopt;
    return data::day_number(*parsed);
}

}  // namespace touchpoint::web
