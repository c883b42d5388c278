#include "touchpoint/data/field_parsers.hpp"

#include <fast_float/fast_float.h>

#include <algorithm>
#include <array>
#include <vector>

// Sections: text cursor | dates: names, time of day, one value, a column | amounts.

namespace touchpoint::data {

namespace {

// ---- Text cursor ------------------------------------------------------------------------

bool is_digit(char byte) { return byte >= '0' && byte <= '9'; }

// Reads a value left to right; every read checks the end, so no read goes past it.
class Cursor {
public:
    explicit Cursor(std::string_view text) : text_(text) {}

    bool done() const { return at_ == text_.size(); }
    std::string_view rest() const { return text_.substr(at_); }
    bool next_is(char byte) const { return at_ < text_.size() && text_[at_] == byte; }
    bool next_is_digit() const { return at_ < text_.size() && is_digit(text_[at_]); }

    bool eat(char byte) {
        if (!next_is(byte)) return false;
        ++at_;
        return true;
    }
    bool eat(std::string_view word) {
        if (!rest().starts_with(word)) return false;
        at_ += word.size();
        return true;
    }
    // ASCII letters, either case.
    bool eat_word_ignoring_case(std::string_view word) {
        if (rest().size() < word.size()) return false;
        for (std::size_t i = 0; i < word.size(); ++i) {
            const char byte = text_[at_ + i];
            const char upper = byte >= 'a' && byte <= 'z' ? static_cast<char>(byte - 'a' + 'A') : byte;
            if (upper != word[i]) return false;
        }
        at_ += word.size();
        return true;
    }

    // Between min_digits and max_digits decimal digits, and no more digits after them.
    std::optional<int> number(std::size_t min_digits, std::size_t max_digits) {
        std::size_t count = 0;
        int value = 0;
        while (count < max_digits && at_ + count < text_.size() && is_digit(text_[at_ + count])) {
            value = value * 10 + (text_[at_ + count] - '0');
            ++count;
        }
        if (count < min_digits || (at_ + count < text_.size() && is_digit(text_[at_ + count]))) return std::nullopt;
        at_ += count;
        return value;
    }

    // Exactly `count` digits, whatever follows (the parts of "20240304").
    std::optional<int> fixed_digits(std::size_t count) {
        int value = 0;
        for (std::size_t i = 0; i < count; ++i) {
            if (!next_is_digit()) return std::nullopt;
            value = value * 10 + (text_[at_++] - '0');
        }
        return value;
    }

    // The run of digits at the cursor, which the cursor moves past.
    std::string_view take_digits() {
        const std::size_t begin = at_;
        while (next_is_digit()) ++at_;
        return text_.substr(begin, at_ - begin);
    }

private:
    std::string_view text_;
    std::size_t at_ = 0;
};

// ---- Dates: names -----------------------------------------------------------------------

constexpr std::array all_layouts{DateLayout::Iso,          DateLayout::DayMonthYear, DateLayout::MonthDayYear,
                                 DateLayout::DayMonthYearDots, DateLayout::YearMonthDay, DateLayout::Compact};

// ---- Dates: time of day -----------------------------------------------------------------

// "+01:00", "-0530", "+01" or "Z" after an ISO time.
bool read_zone(Cursor& cursor) {
    if (cursor.eat('Z')) return true;
    if (!cursor.eat('+') && !cursor.eat('-')) return false;
    const auto hours = cursor.fixed_digits(2);  // "+0530" runs hours and minutes together
    if (!hours || *hours > 23) return false;
    if (cursor.done()) return true;
    const bool colon = cursor.eat(':');
    const auto minutes = cursor.fixed_digits(2);
    return minutes && *minutes < 60 && (colon || cursor.done());
}

// "10:15", "10:15:00", "10:15:00.250", then a zone (ISO) or AM/PM (other layouts).
// The values are checked and then dropped: the store keeps calendar days.
bool read_time_of_day(Cursor& cursor, bool iso) {
    const auto hour = cursor.number(iso ? 2 : 1, 2);
    if (!hour || !cursor.eat(':')) return false;
    const auto minute = cursor.number(2, 2);
    if (!minute || *minute > 59) return false;
    if (cursor.eat(':')) {
        const auto second = cursor.number(2, 2);
        if (!second || *second > 59) return false;
        if ((cursor.eat('.') || cursor.eat(',')) && cursor.take_digits().empty()) return false;
    }
    if (cursor.done()) return *hour <= 23;
    if (iso) {
        cursor.eat(' ');  // "2024-03-04 10:15:00 +0100", as some exporters write it
        return *hour <= 23 && read_zone(cursor) && cursor.done();
    }
    cursor.eat(' ');
    const bool meridiem = cursor.eat_word_ignoring_case("AM") || cursor.eat_word_ignoring_case("PM");
    return meridiem && *hour >= 1 && *hour <= 12 && cursor.done();
}

// After the date: nothing, or a time of day introduced by 'T' (ISO only) or a space.
bool read_optional_time(Cursor& cursor, bool iso) {
    if (cursor.done()) return true;
    if (!cursor.eat(' ') && !(iso && cursor.eat('T'))) return false;
    return read_time_of_day(cursor, iso);
}

// ---- Dates: one value -------------------------------------------------------------------

std::optional<Day> make_day(std::optional<int> year, std::optional<int> month, std::optional<int> day) {
    if (!year || !month || !day) return std::nullopt;
    const date::year_month_day ymd{date::year{*year}, date::month{static_cast<unsigned>(*month)},
                                   date::day{static_cast<unsigned>(*day)}};
    if (!ymd.ok()) return std::nullopt;
    return Day{ymd};
}

std::optional<Day> parse_iso(Cursor& cursor) {
    const auto year = cursor.number(4, 4);
    if (!year || !cursor.eat('-')) return std::nullopt;
    const auto month = cursor.number(2, 2);
    if (!month || !cursor.eat('-')) return std::nullopt;
    const auto day = cursor.number(2, 2);
    if (!read_optional_time(cursor, true)) return std::nullopt;
    return make_day(year, month, day);
}

// d/m/Y, m/d/Y (also with '-') and d.m.Y: 1- or 2-digit parts, a 4-digit year (a 2-digit
// year would be one more guess), the same separator twice.
std::optional<Day> parse_day_month_year(Cursor& cursor, bool month_first, std::string_view separators) {
    const auto first = cursor.number(1, 2);
    if (!first || cursor.done()) return std::nullopt;
    const char separator = cursor.rest().front();
    if (separators.find(separator) == std::string_view::npos || !cursor.eat(separator)) return std::nullopt;
    const auto second = cursor.number(1, 2);
    if (!second || !cursor.eat(separator)) return std::nullopt;
    const auto year = cursor.number(4, 4);
    if (!read_optional_time(cursor, false)) return std::nullopt;
    return month_first ? make_day(year, first, second) : make_day(year, second, first);
}

std::optional<Day> parse_year_month_day(Cursor& cursor) {
    const auto year = cursor.number(4, 4);
    if (!year || !cursor.eat('/')) return std::nullopt;
    const auto month = cursor.number(1, 2);
    if (!month || !cursor.eat('/')) return std::nullopt;
    const auto day = cursor.number(1, 2);
    if (!read_optional_time(cursor, false)) return std::nullopt;
    return make_day(year, month, day);
}

std::optional<Day> parse_compact(Cursor& cursor) {
    const auto year = cursor.fixed_digits(4);
    const auto month = cursor.fixed_digits(2);
    const auto day = cursor.fixed_digits(2);
    if (!cursor.done()) return std::nullopt;
    return make_day(year, month, day);
}

// ---- Dates: a column --------------------------------------------------------------------

struct IndexedValue {
    std::size_t number;  // 1-based position in the column's values, for messages
    std::string_view text;
};

std::string quoted(std::string_view text) {
    std::string result(1, '\'');
    result.append(text).push_back('\'');
    return result;
}

std::string on_value(const IndexedValue& value) { return quoted(value.text) + " on value " + std::to_string(value.number); }

struct LayoutFit {
    std::size_t misfits = 0;
    std::optional<IndexedValue> first_misfit;
};

// Stops counting once the misfits exceed what is tolerated: a wrong layout fails fast.
LayoutFit fit_layout(std::span<const IndexedValue> values, DateLayout layout, std::size_t tolerated) {
    LayoutFit fit;
    for (const auto& value : values) {
        if (parse_date(value.text, layout)) continue;
        if (!fit.first_misfit) fit.first_misfit = value;
        if (++fit.misfits > tolerated) break;
    }
    return fit;
}

std::string describe_fit(DateLayout layout, const LayoutFit& fit, std::size_t value_count) {
    std::string text = date_layout_name(layout);
    if (fit.misfits == 0) return text + (value_count == 1 ? ": the one value fits" : ": all " + std::to_string(value_count) + " values fit");
    return text + ": " + std::to_string(value_count - fit.misfits) + " of " + std::to_string(value_count) +
           " values fit; " + std::to_string(fit.misfits) + " will be rejected (first: " + on_value(*fit.first_misfit) + ")";
}

// The slash (or dash) layouts, where only a part above 12 tells day from month.
DateDetection decide_day_month_order(std::span<const IndexedValue> values, std::size_t tolerated) {
    DateDetection detection;
    std::optional<IndexedValue> only_day_first, only_month_first;
    LayoutFit day_first, month_first;
    for (const auto& value : values) {
        const bool fits_day_first = parse_date(value.text, DateLayout::DayMonthYear).has_value();
        const bool fits_month_first = parse_date(value.text, DateLayout::MonthDayYear).has_value();
        if (fits_day_first && !fits_month_first && !only_day_first) only_day_first = value;
        if (fits_month_first && !fits_day_first && !only_month_first) only_month_first = value;
        if (!fits_day_first && day_first.misfits++ == 0) day_first.first_misfit = value;
        if (!fits_month_first && month_first.misfits++ == 0) month_first.first_misfit = value;
    }
    if (only_day_first && only_month_first) {
        detection.explanation = "conflicting day-month order: " + on_value(*only_day_first) + " fits only d/m/Y, " +
                                on_value(*only_month_first) + " fits only m/d/Y";
        return detection;
    }
    if (only_day_first && day_first.misfits <= tolerated) {
        detection.layout = DateLayout::DayMonthYear;
        detection.explanation = describe_fit(DateLayout::DayMonthYear, day_first, values.size()) + "; " +
                                on_value(*only_day_first) + " has a day above 12";
        return detection;
    }
    if (only_month_first && month_first.misfits <= tolerated) {
        detection.layout = DateLayout::MonthDayYear;
        detection.explanation = describe_fit(DateLayout::MonthDayYear, month_first, values.size()) + "; " +
                                on_value(*only_month_first) + " has a day above 12";
        return detection;
    }
    if (!only_day_first && !only_month_first && day_first.misfits <= tolerated) {
        detection.ambiguous_day_month = true;
        detection.explanation = "every value fits both d/m/Y and m/d/Y (no part above 12): choose the order";
    }
    return detection;
}

std::optional<DateLayout> first_fitting_layout(std::string_view text) {
    for (const auto layout : all_layouts)
        if (parse_date(text, layout)) return layout;
    return std::nullopt;
}

// Why no layout fits: a value that is no date at all, or two values in different layouts.
std::string explain_misfit(std::span<const IndexedValue> values) {
    std::optional<IndexedValue> first_date;
    std::optional<DateLayout> first_layout;
    for (const auto& value : values) {
        const auto layout = first_fitting_layout(value.text);
        if (!layout) return on_value(value) + " is not a date in any layout";
        if (!first_date) {
            first_date = value;
            first_layout = layout;
        } else if (!parse_date(value.text, *first_layout)) {
            return "the values mix layouts (" + on_value(*first_date) + " is " + date_layout_name(*first_layout) +
                   ", " + on_value(value) + " is not)";
        }
    }
    return "the values mix layouts";
}

// ---- Amounts ----------------------------------------------------------------------------

constexpr std::string_view no_break_space = "\xC2\xA0";         // U+00A0
constexpr std::string_view narrow_no_break_space = "\xE2\x80\xAF";  // U+202F
constexpr std::array<std::string_view, 4> currency_symbols{"\xE2\x82\xAC", "$", "\xC2\xA3", "\xC2\xA5"};  // € $ £ ¥

bool eat_blank(Cursor& cursor) {
    return cursor.eat(' ') || cursor.eat('\t') || cursor.eat(no_break_space) || cursor.eat(narrow_no_break_space);
}

void skip_blanks(Cursor& cursor) {
    while (eat_blank(cursor)) {
    }
}

bool is_upper(char byte) { return byte >= 'A' && byte <= 'Z'; }

// A currency symbol or a three-letter code such as EUR (not followed by a fourth letter).
bool eat_currency(Cursor& cursor) {
    for (const auto symbol : currency_symbols)
        if (cursor.eat(symbol)) return true;
    const auto rest = cursor.rest();
    if (rest.size() >= 3 && is_upper(rest[0]) && is_upper(rest[1]) && is_upper(rest[2]) &&
        (rest.size() == 3 || !is_upper(rest[3])))
        return cursor.eat(rest.substr(0, 3));
    return false;
}

bool eat_sign(Cursor& cursor, bool& negative) {
    if (cursor.eat('-')) {
        negative = true;
        return true;
    }
    return cursor.eat('+');
}

// The number as plain ASCII ("1234.50") for fast_float; long enough for any real amount.
class PlainNumber {
public:
    bool push(char byte) {
        if (size_ == text_.size()) return false;
        text_[size_++] = byte;
        return true;
    }
    bool push_digits(std::string_view digits) {
        for (const char digit : digits)
            if (!push(digit)) return false;
        return true;
    }
    std::optional<double> value() const {
        double value = 0;
        const auto result = fast_float::from_chars(text_.data(), text_.data() + size_, value, fast_float::chars_format::fixed);
        if (result.ec != std::errc{} || result.ptr != text_.data() + size_) return std::nullopt;
        return value;
    }

private:
    std::array<char, 80> text_{};
    std::size_t size_ = 0;
};

// The thousands separator at the cursor, if it is one of those allowed, else empty.
std::string_view thousands_separator_at(const Cursor& cursor, char decimal_separator) {
    const auto rest = cursor.rest();
    const std::string_view other_mark = decimal_separator == '.' ? "," : ".";
    for (const auto separator : {other_mark, std::string_view(" "), no_break_space, narrow_no_break_space})
        if (rest.starts_with(separator)) return separator;
    return {};
}

// Digits in groups of three after the first group ("1,234,567"), one separator kind per
// number, then an optional decimal part. Exponents ("1e3"), hex, "inf" and "nan" are not
// numbers here: shop exports never write amounts that way, and accepting them would turn
// stray text into amounts.
bool read_plain_number(Cursor& cursor, char decimal_separator, PlainNumber& number) {
    const auto leading_group = cursor.take_digits();
    if (!number.push_digits(leading_group)) return false;
    std::string_view group_separator;
    while (!leading_group.empty()) {
        const auto separator = thousands_separator_at(cursor, decimal_separator);
        if (separator.empty() || (!group_separator.empty() && separator != group_separator)) break;
        Cursor after = cursor;
        after.eat(separator);
        const auto group = after.take_digits();
        if (group.size() != 3) break;  // "12 EUR" or "1,5": not a thousands group; the caller decides
        if (group_separator.empty() && leading_group.size() > 3) return false;  // "1234,567"
        group_separator = separator;
        cursor = after;
        if (!number.push_digits(group)) return false;
    }
    Cursor after = cursor;
    if (!after.eat(decimal_separator)) return !leading_group.empty();
    const auto fraction = after.take_digits();
    if (fraction.empty()) return !leading_group.empty();  // "12." leaves the mark for the caller to reject
    cursor = after;
    // fast_float wants a digit before the point: ".50" is read as "0.50".
    return (!leading_group.empty() || number.push('0')) && number.push('.') && number.push_digits(fraction);
}

// Digits with at most one decimal separator between digits ("1234.50"): what nearly every
// export writes, read without the general path's currency, sign and grouping checks. The
// general path reads these the same way, to the same value.
bool is_plain_decimal(std::string_view text, char decimal_separator) {
    if (text.empty() || text.size() > 40) return false;
    bool separator_seen = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') continue;
        if (c != decimal_separator || separator_seen || i == 0 || i + 1 == text.size()) return false;
        separator_seen = true;
    }
    return true;
}

}  // namespace

// ---- Public: dates ----------------------------------------------------------------------

const char* date_layout_name(DateLayout layout) {
    switch (layout) {
        case DateLayout::Iso: return "ISO 8601";
        case DateLayout::DayMonthYear: return "d/m/Y";
        case DateLayout::MonthDayYear: return "m/d/Y";
        case DateLayout::DayMonthYearDots: return "d.m.Y";
        case DateLayout::YearMonthDay: return "Y/m/d";
        case DateLayout::Compact: return "YYYYMMDD";
    }
    return "unknown";
}

std::optional<DateLayout> date_layout_from_name(std::string_view name) {
    for (const auto layout : all_layouts)
        if (name == date_layout_name(layout)) return layout;
    return std::nullopt;
}

// "YYYY-MM-DD" exactly, the form most exports use: read digit by digit, because the import
// parses one date for every row of files with millions of rows.
std::optional<Day> parse_plain_iso(std::string_view text) {
    const auto digit = [&](std::size_t at) { return static_cast<unsigned>(text[at]) - '0'; };
    for (std::size_t at : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (digit(at) > 9) return std::nullopt;
    if (text[4] != '-' || text[7] != '-') return std::nullopt;
    const int year = static_cast<int>(digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3));
    const unsigned month = digit(5) * 10 + digit(6), day = digit(8) * 10 + digit(9);
    const date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
    if (!ymd.ok()) return std::nullopt;
    return Day{ymd};
}

std::optional<Day> parse_date(std::string_view text, DateLayout layout) noexcept {
    if (layout == DateLayout::Iso && text.size() == 10) return parse_plain_iso(text);
    Cursor cursor(trim_blanks(text));
    switch (layout) {
        case DateLayout::Iso: return parse_iso(cursor);
        case DateLayout::DayMonthYear: return parse_day_month_year(cursor, false, "/-");
        case DateLayout::MonthDayYear: return parse_day_month_year(cursor, true, "/-");
        case DateLayout::DayMonthYearDots: return parse_day_month_year(cursor, false, ".");
        case DateLayout::YearMonthDay: return parse_year_month_day(cursor);
        case DateLayout::Compact: return parse_compact(cursor);
    }
    return std::nullopt;
}

DateDetection detect_date_layout(std::span<const std::string_view> values) {
    std::vector<IndexedValue> present;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto text = trim_blanks(values[i]);
        if (!text.empty()) present.push_back({i + 1, text});
    }
    DateDetection detection;
    if (present.empty()) {
        detection.explanation = "no values to decide the date layout from";
        return detection;
    }
    // Up to 1% of the values may fit no layout (and in a small file, up to two of them, as
    // long as they are under a third): those rows are rejected one by one later, instead of
    // one typo in a short file refusing the whole column.
    const std::size_t tolerated = std::max(present.size() / 100, std::min<std::size_t>(2, present.size() / 3));

    // These layouts cannot be mistaken for one another: the first that fits is the one.
    for (const auto layout : {DateLayout::Iso, DateLayout::Compact, DateLayout::YearMonthDay, DateLayout::DayMonthYearDots}) {
        const auto fit = fit_layout(present, layout, tolerated);
        if (fit.misfits <= tolerated) {
            detection.layout = layout;
            detection.explanation = describe_fit(layout, fit, present.size());
            return detection;
        }
    }
    detection = decide_day_month_order(present, tolerated);
    if (detection.layout || !detection.explanation.empty()) return detection;
    detection.explanation = (tolerated == 0 ? "no date layout fits all " + std::to_string(present.size()) + " values"
                                            : "no date layout fits all but " + std::to_string(tolerated) + " of the " +
                                                  std::to_string(present.size()) + " values") +
                            ": " + explain_misfit(present);
    return detection;
}

// ---- Public: amounts --------------------------------------------------------------------

AmountFormat detect_amount_format(std::span<const std::string_view> values) {
    std::size_t comma_votes = 0, point_votes = 0;
    for (const auto value : values) {
        const auto last_point = value.rfind('.');
        const auto last_comma = value.rfind(',');
        const bool has_point = last_point != std::string_view::npos;
        const bool has_comma = last_comma != std::string_view::npos;
        if (has_point && has_comma) {
            ++(last_comma > last_point ? comma_votes : point_votes);
            continue;
        }
        if (!has_point && !has_comma) continue;
        const char mark = has_point ? '.' : ',';
        const auto last = has_point ? last_point : last_comma;
        const bool repeated = value.find(mark) != last;  // "1.234.567": the mark groups thousands
        const auto digits_after = value.substr(last + 1).find_first_not_of("0123456789");
        const auto digit_count = digits_after == std::string_view::npos ? value.size() - last - 1 : digits_after;
        const bool decimal = !repeated && digit_count != 3;
        if (decimal || repeated) ++((mark == ',') == decimal ? comma_votes : point_votes);
    }
    return {comma_votes > point_votes ? ',' : '.'};
}

std::optional<double> parse_amount(std::string_view text, AmountFormat format) noexcept {
    if (format.decimal_separator == '.' && is_plain_decimal(text, '.')) {
        double value = 0;
        const auto result = fast_float::from_chars(text.data(), text.data() + text.size(), value, fast_float::chars_format::fixed);
        if (result.ec == std::errc{} && result.ptr == text.data() + text.size()) return value;
    }
    auto rest = trim_blanks(text);
    bool negative = false;
    const bool in_parentheses = rest.size() >= 2 && rest.front() == '(' && rest.back() == ')';
    if (in_parentheses) rest = trim_blanks(rest.substr(1, rest.size() - 2));

    Cursor cursor(rest);
    bool has_sign = eat_sign(cursor, negative);
    const bool currency_first = eat_currency(cursor);
    if (currency_first) {
        skip_blanks(cursor);
        if (!has_sign) has_sign = eat_sign(cursor, negative);  // "€-12.50", "EUR -12.50"
    }
    if (has_sign && in_parentheses) return std::nullopt;  // "(-3.10)": which sign is meant?

    PlainNumber number;
    if (!read_plain_number(cursor, format.decimal_separator, number)) return std::nullopt;
    if (!currency_first) {
        skip_blanks(cursor);
        eat_currency(cursor);
    }
    if (!cursor.done()) return std::nullopt;
    const auto value = number.value();
    if (!value) return std::nullopt;
    return negative || in_parentheses ? -*value : *value;
}


}  // namespace touchpoint::data
