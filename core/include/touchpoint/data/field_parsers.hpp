#pragma once
// Turning the text of one field into a typed value, the way real shop exports write them.
// Formats are decided per column from many values, never from one: "03/04/2024" alone
// cannot say whether it is March or April.
#include "touchpoint/data/calendar.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace touchpoint::data {

// Every layout but Compact and Excel serial may carry a time of day after the date, behind a
// space or a 'T': hours and minutes, optionally seconds and a fraction ("10:15",
// "10:15:00.250"), then optionally AM/PM and a zone ("Z", "+01", "+0100", "+01:00", "UTC",
// "GMT", "GMT+01:00"), each optionally after a space. ISO hours take two digits, the others
// one or two. Day and month take one or two digits except in ISO and Compact; years always
// take four.
enum class DateLayout {
    Iso,          // 2024-03-04, 2024-03-04T10:15:00Z, 2024-03-04 10:15:00 +0100
    DayMonthYear, // 04/03/2024, 4/3/2024, 04-03-2024, 4/3/2024 8:26
    MonthDayYear, // 03/04/2024, 3/4/2024 2:15 PM
    DayMonthYearDots,  // 04.03.2024, 04.03.2024 08:26
    YearMonthDay, // 2024/03/04
    Compact,      // 20240304
    ExcelSerial,  // 45355, 45355.4270833333: days in a spreadsheet's 1900 date system (see calendar.hpp)
};

// "ISO 8601", "d/m/Y", "m/d/Y", "d.m.Y", "Y/m/d", "YYYYMMDD", "Excel serial"
const char* date_layout_name(DateLayout layout);

// Parses a --date-format argument or a stored mapping: one of the names above.
std::optional<DateLayout> date_layout_from_name(std::string_view name);

struct DateDetection {
    std::optional<DateLayout> layout;  // decided layout
    bool ambiguous_day_month = false;  // every date fits both d/m/Y and m/d/Y: ask the user
    std::string explanation;           // for the UI, e.g. "d/m/Y: all 3 values fit; '13/02/2024' on value 2 has a day above 12"
};

// Decides the layout of a column from its non-empty values, by a clear majority; the values
// the chosen layout does not fit are rejected later, row by row.
//
// Layout A is *clearly ahead* of layout B when the values A fits and B does not are at least
// one and at least ten times the values B fits and A does not. The layout fitting the most
// values is chosen when it fits more than half of all values and is clearly ahead of every
// other layout. Only d/m/Y and m/d/Y fit the same values (a date with no part above 12);
// between them only the values with a part above 12 count, so "13/02/2024" on 20 rows
// outweighs "02/13/2024" on 2, but not on 3.
//
// No layout is chosen when:
//  - no layout fits more than half of the values (mostly no dates, or a mix of layouts);
//  - d/m/Y and m/d/Y fit exactly the same values and are clearly ahead of every other layout:
//    then `ambiguous_day_month` is set, so the user is asked for the order;
//  - values with a part above 12 decide both ways and neither order is clearly ahead;
//  - the layout fitting the most is not clearly ahead of another ("the values mix layouts").
// Excel serial is chosen only for a column of plain numbers, nearly all of them (at least 99%)
// serials between 18264 (1950-01-01) and 73415 (2100-12-31): never when a value is a written
// date or holds date punctuation between digits ('/', '-', ':', a second '.'), nor when a
// value would read as a serial day outside that span ("12.5": amounts or counts, not days).
// Messages number values from 1, in `values` order.
DateDetection detect_date_layout(std::span<const std::string_view> values);

// Parses one value in the given layout. The time of day and zone, when present, are
// validated (hour <= 23, or 1..12 with AM/PM; minute and second <= 59; zone within
// ±14:00) and dropped: the store keeps calendar days (the date as written, not converted
// to UTC). An Excel serial is digits with an optional fraction after '.' or ',' (the time of
// day), read by day_from_excel_serial in the 1900 system. Surrounding blanks are ignored.
// nullopt when the text does not fit the layout or names a day or time that does not exist.
std::optional<Day> parse_date(std::string_view text, DateLayout layout) noexcept;

struct AmountFormat {
    char decimal_separator = '.';  // '.' or ','
};

// Decides the decimal separator of a column: a value with both '.' and ',' takes the
// rightmost as decimal; ',' followed by other than three digits means decimal comma (and
// '.' so followed a decimal point; a mark repeated, "1.234.567", groups thousands); the
// values vote, and without a majority for ',' the separator is '.'.
AmountFormat detect_amount_format(std::span<const std::string_view> values);

// Parses "1,234.50", "€1.234,50", "$ 12", "12.5 EUR", "-3.10", "(3.10)" (negative), "1 234,50".
// Currency symbols (€ $ £ ¥ and three-letter codes) before or after the number are allowed;
// thousands separators (the other mark, a space, U+00A0 or U+202F; one kind per number)
// must be in groups of three. A sign goes before the number or its currency, never after.
// nullopt for anything else (e.g. "12.3.4", "abc", "", "12-", "1e3", "nan").
std::optional<double> parse_amount(std::string_view text, AmountFormat format) noexcept;

// Ids are text: trims surrounding blanks, keeps everything else (leading zeros included).
// Inline: it runs on every field of every row, and most fields have nothing to trim.
inline std::string_view trim_blanks(std::string_view text) noexcept {
    const auto is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return text;
}

}  // namespace touchpoint::data
