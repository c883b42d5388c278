#include "touchpoint/data/calendar.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace touchpoint::data {

std::string format_iso_date(Day day) {
    char text[iso_date_length];
    write_iso_date(day, text);
    return {text, iso_date_length};
}

void write_iso_date(Day day, char* out) {
    // By hand rather than snprintf: imports format a date for every row they store.
    const date::year_month_day ymd{day};
    const int year = static_cast<int>(ymd.year());
    const unsigned month = static_cast<unsigned>(ymd.month()), day_of_month = static_cast<unsigned>(ymd.day());
    if (year < 0 || year > 9999) {  // outside what the store's text form can hold; never produced by the importer
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", year, month, day_of_month);
        std::copy_n(text, iso_date_length, out);
        return;
    }
    out[0] = static_cast<char>('0' + year / 1000);
    out[1] = static_cast<char>('0' + year / 100 % 10);
    out[2] = static_cast<char>('0' + year / 10 % 10);
    out[3] = static_cast<char>('0' + year % 10);
    out[4] = '-';
    out[5] = static_cast<char>('0' + month / 10);
    out[6] = static_cast<char>('0' + month % 10);
    out[7] = '-';
    out[8] = static_cast<char>('0' + day_of_month / 10);
    out[9] = static_cast<char>('0' + day_of_month % 10);
}

std::string format_year_month(date::year_month month) {
    char text[12];
    std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(month.year()),
                  static_cast<unsigned>(month.month()));
    return text;
}

namespace {
bool parse_digits(std::string_view text, int& value) {
    const auto* end = text.data() + text.size();
    const auto [ptr, error] = std::from_chars(text.data(), end, value);
    return error == std::errc{} && ptr == end;
}
}  // namespace

std::optional<Day> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int year = 0, month = 0, day = 0;
    if (!parse_digits(text.substr(0, 4), year) || !parse_digits(text.substr(5, 2), month) ||
        !parse_digits(text.substr(8, 2), day))
        return std::nullopt;
    const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                   date::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return std::nullopt;
    return Day{ymd};
}

std::optional<Day> day_from_excel_serial(double serial, bool system_1904) {
    if (!std::isfinite(serial)) return std::nullopt;
    const double whole = std::floor(serial);
    constexpr double last_serial = 2958465;  // 9999-12-31 in the 1900 system
    if (system_1904) {
        if (whole < 0 || whole > last_serial - 1462) return std::nullopt;
        return Day{date::year{1904} / 1 / 1} + date::days{static_cast<int>(whole)};
    }
    if (whole < 1 || whole > last_serial || whole == 60) return std::nullopt;
    // Before the phantom 29 February 1900 serials count from 1899-12-31, after it from 1899-12-30.
    const Day base = whole < 60 ? Day{date::year{1899} / 12 / 31} : Day{date::year{1899} / 12 / 30};
    return base + date::days{static_cast<int>(whole)};
}

}  // namespace touchpoint::data
