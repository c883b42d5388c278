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

// Every layout but Compact may carry a time of day after the date ("04/03/2024 10:15",
// "3/4/2024 2:15 PM"); day and month take one or two digits except in ISO and Compact;
// years always take four.
enum class DateLayout {
    Iso,          // 2024-03-04, 2024-03-04T10:15:00, 2024-03-04 10:15, with optional Z / +01:00 / +0100 / fractional seconds
    DayMonthYear, // 04/03/2024, 4/3/2024, 04-03-2024
    MonthDayYear, // 03/04/2024
    DayMonthYearDots,  // 04.03.2024
    YearMonthDay, // 2024/03/04
    Compact,      // 20240304
};

const char* date_layout_name(DateLayout layout);  // "ISO 8601", "d/m/Y", "m/d/Y", "d.m.Y", "Y/m/d", "YYYYMMDD"

// Parses a --date-format argument or a stored mapping: one of the names above.
std::optional<DateLayout> date_layout_from_name(std::string_view name);

struct DateDetection {
    std::optional<DateLayout> layout;  // decided layout
    bool ambiguous_day_month = false;  // every value fits both d/m/Y and m/d/Y: ask the user
    std::string explanation;           // for the UI, e.g. "d/m/Y: 13/02/2024 on value 5 has a day above 12"
};

// Decides the layout of a column from its non-empty values. A layout is chosen when all
// values fit it but at most 1% (those rows are rejected later, one by one). Slash dates
// decide day-month order from values with a first or second part above 12; if none has,
// the result is ambiguous and no layout is chosen; if some values fit only d/m/Y and others
// only m/d/Y, no layout is chosen either. Messages number values from 1, in `values` order.
DateDetection detect_date_layout(std::span<const std::string_view> values);

// Parses one value in the given layout. The time of day and zone, when present, are
// validated and dropped: the store keeps calendar days (the date as written, not converted
// to UTC). Surrounding blanks are ignored. nullopt when the text does not fit the layout or
// names a day or time that does not exist.
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
