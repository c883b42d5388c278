#include "touchpoint/data/field_parsers.hpp"

#include <fast_float/fast_float.h>

#include <algorithm>
#include <array>
#include <utility>
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

// In the enum's order: a layout's place here is its bit in a LayoutSet.
constexpr std::array all_layouts{DateLayout::Iso,          DateLayout::DayMonthYear, DateLayout::MonthDayYear,
                                 DateLayout::DayMonthYearDots, DateLayout::YearMonthDay, DateLayout::Compact,
                                 DateLayout::ExcelSerial};
static_assert(static_cast<std::size_t>(DateLayout::ExcelSerial) + 1 == all_layouts.size());

// ---- Dates: time of day -----------------------------------------------------------------

// Zones in use run from -12:00 to +14:00: an offset beyond ±14:00 is a typo, not a zone.
constexpr int widest_zone_offset_minutes = 14 * 60;

// ISO writes hours with two digits; the other layouts often with one ("12/1/2010 8:26").
constexpr std::size_t iso_hour_digits = 2;
constexpr std::size_t written_hour_digits = 1;

// "Z", "+01", "+0100", "+01:00", "-05:30", "UTC", "GMT", "GMT+01:00".
bool read_zone(Cursor& cursor) {
    if (cursor.eat('Z')) return true;
    const bool named = cursor.eat_word_ignoring_case("UTC") || cursor.eat_word_ignoring_case("GMT");
    if (named && cursor.done()) return true;
    if (!cursor.eat('+') && !cursor.eat('-')) return false;
    const auto hours = cursor.fixed_digits(2);  // "+0530" runs hours and minutes together
    if (!hours) return false;
    int minutes = 0;
    if (!cursor.done()) {
        cursor.eat(':');
        const auto written_minutes = cursor.fixed_digits(2);
        if (!written_minutes || *written_minutes > 59) return false;
        minutes = *written_minutes;
    }
    return *hours * 60 + minutes <= widest_zone_offset_minutes;
}

// "8:26", "10:15:00", "10:15:00.250", then AM/PM and a zone, each optional and each
// optionally after a space. The values are checked and then dropped: the store keeps
// calendar days.
bool read_time_of_day(Cursor& cursor, std::size_t min_hour_digits) {
    const auto hour = cursor.number(min_hour_digits, 2);
    if (!hour || !cursor.eat(':')) return false;
    const auto minute = cursor.number(2, 2);
    if (!minute || *minute > 59) return false;
    if (cursor.eat(':')) {
        const auto second = cursor.number(2, 2);
        if (!second || *second > 59) return false;
        if ((cursor.eat('.') || cursor.eat(',')) && cursor.take_digits().empty()) return false;
    }
    const bool spaced = cursor.eat(' ');
    const bool meridiem = cursor.eat_word_ignoring_case("AM") || cursor.eat_word_ignoring_case("PM");
    if (meridiem ? *hour < 1 || *hour > 12 : *hour > 23) return false;
    if (cursor.done()) return meridiem || !spaced;
    if (meridiem) cursor.eat(' ');
    return read_zone(cursor) && cursor.done();
}

// After the date: nothing, or a time of day after a space or a 'T'.
bool read_optional_time(Cursor& cursor, std::size_t min_hour_digits) {
    if (cursor.done()) return true;
    if (!cursor.eat(' ') && !cursor.eat('T')) return false;
    return read_time_of_day(cursor, min_hour_digits);
}

// ---- Dates: one value -------------------------------------------------------------------

std::optional<Day> make_day(std::optional<int> year, std::optional<int> month, std::optional<int> day) {
    if (!year || !month || !day) return std::nullopt;
    const date::year_month_day ymd{date::year{*year}, date::month{static_cast<unsigned>(*month)},
                                   date::day{static_cast<unsigned>(*day)}};
    if (!ymd.ok()) return std::nullopt;
    return Day{ymd};
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

std::optional<Day> parse_iso(Cursor& cursor) {
    const auto year = cursor.number(4, 4);
    if (!year || !cursor.eat('-')) return std::nullopt;
    const auto month = cursor.number(2, 2);
    if (!month || !cursor.eat('-')) return std::nullopt;
    const auto day = cursor.number(2, 2);
    if (!read_optional_time(cursor, iso_hour_digits)) return std::nullopt;
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
    if (!read_optional_time(cursor, written_hour_digits)) return std::nullopt;
    return month_first ? make_day(year, first, second) : make_day(year, second, first);
}

std::optional<Day> parse_year_month_day(Cursor& cursor) {
    const auto year = cursor.number(4, 4);
    if (!year || !cursor.eat('/')) return std::nullopt;
    const auto month = cursor.number(1, 2);
    if (!month || !cursor.eat('/')) return std::nullopt;
    const auto day = cursor.number(1, 2);
    if (!read_optional_time(cursor, written_hour_digits)) return std::nullopt;
    return make_day(year, month, day);
}

std::optional<Day> parse_compact(Cursor& cursor) {
    const auto year = cursor.fixed_digits(4);
    const auto month = cursor.fixed_digits(2);
    const auto day = cursor.fixed_digits(2);
    if (!cursor.done()) return std::nullopt;
    return make_day(year, month, day);
}

// The whole days of a spreadsheet serial: digits, then optionally the time of day as a
// fraction after '.' or ','. Seven digits reach past 9999-12-31, the last serial day, and
// keep an eight-digit YYYYMMDD from reading as a serial.
std::optional<int> excel_serial_whole_days(std::string_view text) {
    Cursor cursor(text);
    const auto whole_days = cursor.number(1, 7);
    if (!whole_days) return std::nullopt;
    if ((cursor.eat('.') || cursor.eat(',')) && cursor.take_digits().empty()) return std::nullopt;
    if (!cursor.done()) return std::nullopt;
    return whole_days;
}

std::optional<Day> parse_excel_serial(std::string_view text) {
    const auto whole_days = excel_serial_whole_days(text);
    if (!whole_days) return std::nullopt;
    return day_from_excel_serial(static_cast<double>(*whole_days));
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

std::string count_of_values(std::size_t count) { return std::to_string(count) + (count == 1 ? " value" : " values"); }

// A bit per layout, at the layout's place in all_layouts.
using LayoutSet = unsigned;
constexpr LayoutSet bit_of(DateLayout layout) { return 1u << static_cast<unsigned>(layout); }

// Plain numbers count as serial dates only between 1950-01-01 and 2100-12-31: a shop's
// orders fall in these years, while ids, quantities and amounts seldom all fall in the span.
constexpr int first_plausible_serial = 18264;
constexpr int last_plausible_serial = 73415;
// Numbers are weak evidence of dates: nearly all values must be serials.
constexpr std::size_t serial_share_percent = 99;
// How far the chosen layout must lead any other; see "clearly ahead" in the header.
constexpr std::size_t clear_lead_factor = 10;

bool is_plausible_serial(std::string_view text) {
    const auto whole_days = excel_serial_whole_days(text);
    return whole_days && *whole_days >= first_plausible_serial && *whole_days <= last_plausible_serial;
}

// The layouts a trimmed value's leading digits and the character after them leave open.
// Detection parses each value only in these: when the importer must read a whole column to
// settle the day-month order, that is a parse or two per value instead of seven.
LayoutSet layouts_open_by_shape(std::string_view text) {
    std::size_t digits = 0;
    while (digits < text.size() && is_digit(text[digits])) ++digits;
    const bool ended = digits == text.size();
    const char after = ended ? '\0' : text[digits];
    LayoutSet open = 0;
    if (digits == 4 && after == '-') open |= bit_of(DateLayout::Iso);
    if (digits == 4 && after == '/') open |= bit_of(DateLayout::YearMonthDay);
    if ((digits == 1 || digits == 2) && (after == '/' || after == '-'))
        open |= bit_of(DateLayout::DayMonthYear) | bit_of(DateLayout::MonthDayYear);
    if ((digits == 1 || digits == 2) && after == '.') open |= bit_of(DateLayout::DayMonthYearDots);
    if (digits == 8 && ended) open |= bit_of(DateLayout::Compact);
    if (digits >= 1 && digits <= 7 && (ended || after == '.' || after == ',')) open |= bit_of(DateLayout::ExcelSerial);
    return open;
}

// The layouts one trimmed value fits; Excel serial only within the plausible span.
LayoutSet layouts_fitting(std::string_view text) {
    const LayoutSet open = layouts_open_by_shape(text);
    LayoutSet fitting = 0;
    for (const auto layout : all_layouts) {
        if ((open & bit_of(layout)) == 0) continue;
        const bool fits = layout == DateLayout::ExcelSerial ? is_plausible_serial(text) : parse_date(text, layout).has_value();
        if (fits) fitting |= bit_of(layout);
    }
    return fitting;
}

// Values counted, and the first of them.
struct Tally {
    std::size_t count = 0;
    std::optional<IndexedValue> first;
};

// A column's values grouped by the exact set of layouts each fits: every count the decision
// needs is a sum over these groups, so each value is parsed once, in the layouts its shape
// leaves open.
class ColumnFit {
public:
    explicit ColumnFit(std::span<const IndexedValue> values) : value_count_(values.size()) {
        for (const auto& value : values) {
            auto& group = groups_[layouts_fitting(value.text)];
            if (group.count++ == 0) group.first = value;
        }
    }

    std::size_t value_count() const { return value_count_; }

    template <class Predicate>
    Tally where(Predicate wanted) const {
        Tally tally;
        for (LayoutSet set = 0; set < groups_.size(); ++set) {
            const auto& group = groups_[set];
            if (group.count == 0 || !wanted(set)) continue;
            tally.count += group.count;
            if (!tally.first || group.first->number < tally.first->number) tally.first = group.first;
        }
        return tally;
    }
    Tally fitting(DateLayout layout) const {
        return where([&](LayoutSet set) { return (set & bit_of(layout)) != 0; });
    }
    Tally not_fitting(DateLayout layout) const {
        return where([&](LayoutSet set) { return (set & bit_of(layout)) == 0; });
    }
    Tally fitting_but_not(DateLayout layout, DateLayout other) const {
        return where([&](LayoutSet set) { return (set & bit_of(layout)) != 0 && (set & bit_of(other)) == 0; });
    }

private:
    std::size_t value_count_;
    std::array<Tally, std::size_t{1} << all_layouts.size()> groups_{};
};

bool clearly_ahead(const ColumnFit& fit, DateLayout layout, DateLayout other) {
    const auto ahead = fit.fitting_but_not(layout, other).count;
    const auto behind = fit.fitting_but_not(other, layout).count;
    return ahead >= 1 && ahead >= clear_lead_factor * behind;
}

// The first in all_layouts on a tie.
DateLayout layout_fitting_most(const ColumnFit& fit) {
    DateLayout best = all_layouts.front();
    std::size_t best_count = 0;
    for (const auto layout : all_layouts) {
        const auto count = fit.fitting(layout).count;
        if (count > best_count) {
            best = layout;
            best_count = count;
        }
    }
    return best;
}

// Of the layouts `best` is not clearly ahead of, the one fitting most values `best` does not.
std::optional<DateLayout> closest_rival(const ColumnFit& fit, DateLayout best, std::optional<DateLayout> ignored) {
    std::optional<DateLayout> rival;
    std::size_t rival_lead = 0;
    for (const auto layout : all_layouts) {
        if (layout == best || layout == ignored || clearly_ahead(fit, best, layout)) continue;
        const auto lead = fit.fitting_but_not(layout, best).count;
        if (!rival || lead > rival_lead) {
            rival = layout;
            rival_lead = lead;
        }
    }
    return rival;
}

// The slash layouts fit the same values unless a part is above 12.
std::optional<DateLayout> day_month_twin(DateLayout layout) {
    if (layout == DateLayout::DayMonthYear) return DateLayout::MonthDayYear;
    if (layout == DateLayout::MonthDayYear) return DateLayout::DayMonthYear;
    return std::nullopt;
}

// "('x' on value 3)" for one value, "(first: 'x' on value 3)" for more.
std::string example_of(const Tally& tally) {
    if (!tally.first) return "";
    return (tally.count == 1 ? " (" : " (first: ") + on_value(*tally.first) + ")";
}

DateDetection refusal(std::string explanation) {
    DateDetection detection;
    detection.explanation = std::move(explanation);
    return detection;
}

DateDetection choice(const ColumnFit& fit, DateLayout layout) {
    const auto total = fit.value_count();
    const auto misfits = fit.not_fitting(layout);
    std::string text = date_layout_name(layout);
    if (misfits.count == 0)
        text += total == 1 ? ": the one value fits" : ": all " + std::to_string(total) + " values fit";
    else
        text += ": " + std::to_string(total - misfits.count) + " of " + std::to_string(total) + " values fit; " +
                std::to_string(misfits.count) + " will be rejected (first: " + on_value(*misfits.first) + ")";
    if (const auto twin = day_month_twin(layout))
        text += "; " + on_value(*fit.fitting_but_not(layout, *twin).first) + " has a day above 12";
    DateDetection detection;
    detection.layout = layout;
    detection.explanation = std::move(text);
    return detection;
}

DateDetection day_month_question(const ColumnFit& fit) {
    const auto neither = fit.not_fitting(DateLayout::DayMonthYear);
    DateDetection detection;
    detection.ambiguous_day_month = true;
    detection.explanation =
        neither.count == 0
            ? "every value fits both d/m/Y and m/d/Y (no part above 12): choose the order"
            : "every date fits both d/m/Y and m/d/Y (no part above 12): choose the order; " + std::to_string(neither.count) +
                  " of " + std::to_string(fit.value_count()) + " values fit neither and will be rejected (first: " +
                  on_value(*neither.first) + ")";
    return detection;
}

std::string explain_day_month_conflict(const ColumnFit& fit) {
    const auto day_first = fit.fitting_but_not(DateLayout::DayMonthYear, DateLayout::MonthDayYear);
    const auto month_first = fit.fitting_but_not(DateLayout::MonthDayYear, DateLayout::DayMonthYear);
    std::string text = "conflicting day-month order: " + on_value(*day_first.first) + " fits only d/m/Y, " +
                       on_value(*month_first.first) + " fits only m/d/Y";
    if (day_first.count > 1 || month_first.count > 1)
        text += "; d/m/Y alone fits " + count_of_values(day_first.count) + ", m/d/Y alone " +
                std::to_string(month_first.count) + ", and neither outnumbers the other ten to one";
    return text;
}

std::string explain_mix(const ColumnFit& fit, DateLayout best, DateLayout rival) {
    const auto ahead = fit.fitting_but_not(best, rival), behind = fit.fitting_but_not(rival, best);
    return std::string("the values mix layouts: ") + date_layout_name(best) + " fits " + count_of_values(ahead.count) +
           example_of(ahead) + ", " + date_layout_name(rival) + " " + std::to_string(behind.count) + example_of(behind) +
           "; neither outnumbers the other ten to one";
}

// No layout fits more than half of the values: mostly no dates at all, or a mix of layouts.
std::string explain_no_majority(const ColumnFit& fit) {
    const auto total = fit.value_count();
    const auto none = fit.where([](LayoutSet set) { return set == 0; });
    std::vector<std::pair<DateLayout, Tally>> fitting;
    for (const auto layout : all_layouts)
        if (auto tally = fit.fitting(layout); tally.count > 0) fitting.emplace_back(layout, tally);
    std::stable_sort(fitting.begin(), fitting.end(),
                     [](const auto& a, const auto& b) { return a.second.count > b.second.count; });
    const auto fits_text = [](const std::pair<DateLayout, Tally>& layout_fit) {
        return std::string(date_layout_name(layout_fit.first)) + " fits " + std::to_string(layout_fit.second.count) +
               example_of(layout_fit.second);
    };
    if (none.count * 2 > total) {
        std::string text = "most values are not dates in any layout: " + std::to_string(none.count) + " of " +
                           std::to_string(total) + example_of(none);
        if (!fitting.empty()) text += "; the closest layout: " + fits_text(fitting.front());
        return text;
    }
    std::string text = "no date layout fits more than half of the " + std::to_string(total) + " values: ";
    for (std::size_t i = 0; i < fitting.size(); ++i) text += (i == 0 ? "" : ", ") + fits_text(fitting[i]);
    if (none.count > 0) text += ", " + std::to_string(none.count) + " fit none" + example_of(none);
    return text;
}

// Digits on both sides of '/', '-' or ':', or a second '.': a written date or time, which
// a serial number never holds.
bool has_date_punctuation(std::string_view text) {
    std::size_t points = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char byte = text[i];
        if (byte == '.' && ++points > 1) return true;
        if ((byte == '/' || byte == '-' || byte == ':') && i > 0 && i + 1 < text.size() && is_digit(text[i - 1]) &&
            is_digit(text[i + 1]))
            return true;
    }
    return false;
}

// Why a column where plausible serials are the majority is still not one of serial dates.
std::optional<std::string> objection_to_serials(std::span<const IndexedValue> values, const ColumnFit& fit) {
    const auto serials = fit.fitting(DateLayout::ExcelSerial);
    auto written = fit.where([](LayoutSet set) { return (set & ~bit_of(DateLayout::ExcelSerial)) != 0; }).first;
    std::optional<IndexedValue> out_of_span;
    for (const auto& value : values) {
        if (written && value.number >= written->number) break;
        if (has_date_punctuation(value.text)) written = value;
        else if (!out_of_span && parse_excel_serial(value.text) && !is_plausible_serial(value.text)) out_of_span = value;
    }
    if (written)
        return "the values mix spreadsheet serial numbers and written dates: " + on_value(*serials.first) +
               " is an Excel serial, " + on_value(*written) + " is written as a date";
    if (out_of_span)
        return "Excel serial: " + on_value(*out_of_span) + " would be " +
               format_iso_date(*parse_excel_serial(out_of_span->text)) +
               ", outside 1950-01-01 to 2100-12-31; numbers so far out are amounts or counts, not days";
    if (serials.count * 100 < serial_share_percent * fit.value_count())
    {
        const auto others = fit.not_fitting(DateLayout::ExcelSerial);
        return "Excel serial: only " + std::to_string(serials.count) + " of " + std::to_string(fit.value_count()) +
               " values are serial days from 1950 to 2100, " + std::to_string(others.count) + " are not" +
               example_of(others) + "; plain numbers are read as dates only when at least 99% of them are";
    }
    return std::nullopt;
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
        case DateLayout::ExcelSerial: return "Excel serial";
    }
    return "unknown";
}

std::optional<DateLayout> date_layout_from_name(std::string_view name) {
    for (const auto layout : all_layouts)
        if (name == date_layout_name(layout)) return layout;
    return std::nullopt;
}

std::optional<Day> parse_date(std::string_view text, DateLayout layout) noexcept {
    // Most ISO values start with a plain "YYYY-MM-DD": read it on the fast path, then only
    // what follows it with the cursor. Anything else (leading blanks) takes the general path.
    if (layout == DateLayout::Iso && text.size() >= iso_date_length) {
        if (const auto day = parse_plain_iso(text.substr(0, iso_date_length))) {
            if (text.size() == iso_date_length) return day;
            Cursor time(trim_blanks(text).substr(iso_date_length));  // the text starts with a digit: only its end is trimmed
            return read_optional_time(time, iso_hour_digits) ? day : std::nullopt;
        }
    }
    const auto trimmed = trim_blanks(text);
    Cursor cursor(trimmed);
    switch (layout) {
        case DateLayout::Iso: return parse_iso(cursor);
        case DateLayout::DayMonthYear: return parse_day_month_year(cursor, false, "/-");
        case DateLayout::MonthDayYear: return parse_day_month_year(cursor, true, "/-");
        case DateLayout::DayMonthYearDots: return parse_day_month_year(cursor, false, ".");
        case DateLayout::YearMonthDay: return parse_year_month_day(cursor);
        case DateLayout::Compact: return parse_compact(cursor);
        case DateLayout::ExcelSerial: return parse_excel_serial(trimmed);
    }
    return std::nullopt;
}

DateDetection detect_date_layout(std::span<const std::string_view> values) {
    std::vector<IndexedValue> present;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto text = trim_blanks(values[i]);
        if (!text.empty()) present.push_back({i + 1, text});
    }
    if (present.empty()) return refusal("no values to decide the date layout from");

    const ColumnFit fit(present);
    const auto best = layout_fitting_most(fit);
    if (fit.fitting(best).count * 2 <= fit.value_count()) return refusal(explain_no_majority(fit));
    if (best == DateLayout::ExcelSerial)
        if (auto objection = objection_to_serials(present, fit)) return refusal(std::move(*objection));

    const auto rival = closest_rival(fit, best, std::nullopt);
    if (!rival) return choice(fit, best);
    if (rival != day_month_twin(best)) return refusal(explain_mix(fit, best, *rival));
    const bool same_values =
        fit.fitting_but_not(best, *rival).count == 0 && fit.fitting_but_not(*rival, best).count == 0;
    if (!same_values) return refusal(explain_day_month_conflict(fit));
    // Only the order is open: the user can settle it, unless another layout contends too.
    if (const auto other = closest_rival(fit, best, rival)) return refusal(explain_mix(fit, best, *other));
    return day_month_question(fit);
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
