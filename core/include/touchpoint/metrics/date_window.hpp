#pragma once
// A span of calendar days, both ends included: every retention metric can be asked for any
// window, and two windows can be compared side by side.
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/dataset.hpp"

#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::metrics {

struct DateWindow {
    int first_day = 0;  // day numbers (days since 1970-01-01), as the Dataset keeps them
    int last_day = 0;   // included

    bool contains(int day) const { return day >= first_day && day <= last_day; }
    int length_in_days() const { return last_day - first_day + 1; }
};

inline DateWindow window_of_dates(data::Day first, data::Day last) { return {data::day_number(first), data::day_number(last)}; }

// From the first order to the last; nullopt when the Dataset has no orders.
inline std::optional<DateWindow> whole_history(const data::Dataset& dataset) {
    if (dataset.order_days.empty()) return std::nullopt;
    int first = dataset.order_days.front(), last = first;
    for (const int day : dataset.order_days) {
        first = day < first ? day : first;
        last = day > last ? day : last;
    }
    return DateWindow{first, last};
}

// Calendar periods the per-period figures and cohorts are counted in. Weeks are ISO weeks:
// Monday to Sunday, labelled by the ISO year of their Thursday ("2025-W01" starts 2024-12-30).
enum class Period { Month, Week };

inline std::string_view period_name(Period period) { return period == Period::Month ? "month" : "week"; }
inline std::optional<Period> period_from_name(std::string_view name) {
    if (name == "month") return Period::Month;
    if (name == "week") return Period::Week;
    return std::nullopt;
}

// The periods covering a span of days, numbered 0, 1, ... from the one holding the span's first
// day, with a day -> period lookup table: hot loops then find a day's period with one load
// instead of a calendar conversion per order.
class PeriodTable {
public:
    PeriodTable(Period period, DateWindow span) : period_(period), span_(span) {
        const int days = span.length_in_days();
        period_of_day_.resize(days > 0 ? static_cast<std::size_t>(days) : 0);
        for (int day = span.first_day; day <= span.last_day; ++day) {
            const int start = start_of_period(day);
            if (period_starts_.empty() || period_starts_.back() != start) period_starts_.push_back(start);
            period_of_day_[static_cast<std::size_t>(day - span.first_day)] = static_cast<int>(period_starts_.size()) - 1;
        }
    }

    Period period() const { return period_; }
    std::size_t count() const { return period_starts_.size(); }
    // `day` must lie in the span.
    int index_of(int day) const { return period_of_day_[static_cast<std::size_t>(day - span_.first_day)]; }
    // The whole calendar period, which may reach outside the span at either end.
    int first_day_of(std::size_t index) const { return period_starts_[index]; }
    int last_day_of(std::size_t index) const {
        return index + 1 < period_starts_.size() ? period_starts_[index + 1] - 1 : end_of_period(period_starts_[index]);
    }
    bool lies_within_span(std::size_t index) const {
        return first_day_of(index) >= span_.first_day && last_day_of(index) <= span_.last_day;
    }
    // "2024-03" for a month, "2025-W01" for an ISO week.
    std::string label(std::size_t index) const {
        const int start = period_starts_[index];
        if (period_ == Period::Month) return data::format_year_month(year_month_of(start));
        const date::year_month_day thursday{data::day_from_number(start + 3)};
        const date::year_month_day january_first{thursday.year() / 1 / 1};
        const int week = (start + 3 - data::day_number(date::sys_days{january_first})) / 7 + 1;
        char text[32];
        std::snprintf(text, sizeof text, "%04d-W%02d", static_cast<int>(thursday.year()), week);
        return text;
    }

private:
    static date::year_month year_month_of(int day) {
        const date::year_month_day ymd{data::day_from_number(day)};
        return ymd.year() / ymd.month();
    }
    int start_of_period(int day) const {
        if (period_ == Period::Month) return data::day_number(date::sys_days{year_month_of(day) / 1});
        const int monday_based_weekday = ((day + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
        return day - monday_based_weekday;
    }
    int end_of_period(int start) const {
        if (period_ == Period::Week) return start + 6;
        return data::day_number(date::sys_days{year_month_of(start) / date::last});
    }

    Period period_;
    DateWindow span_;
    std::vector<int> period_of_day_;
    std::vector<int> period_starts_;
};

}  // namespace touchpoint::metrics
