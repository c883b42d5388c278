#include "touchpoint/data/field_parsers.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using namespace touchpoint::data;

namespace {

Day day(int year, unsigned month, unsigned day_of_month) {
    return Day{date::year{year} / date::month{month} / date::day{day_of_month}};
}

DateDetection detect(std::vector<std::string_view> values) { return detect_date_layout(values); }

constexpr AmountFormat decimal_point{'.'};
constexpr AmountFormat decimal_comma{','};

}  // namespace

// ---- Date layouts by name -----------------------------------------------------------------

TEST_CASE("date layouts have names, and the names lead back to the layouts") {
    CHECK(std::string(date_layout_name(DateLayout::Iso)) == "ISO 8601");
    CHECK(std::string(date_layout_name(DateLayout::DayMonthYear)) == "d/m/Y");
    CHECK(std::string(date_layout_name(DateLayout::MonthDayYear)) == "m/d/Y");
    CHECK(std::string(date_layout_name(DateLayout::DayMonthYearDots)) == "d.m.Y");
    CHECK(std::string(date_layout_name(DateLayout::YearMonthDay)) == "Y/m/d");
    CHECK(std::string(date_layout_name(DateLayout::Compact)) == "YYYYMMDD");
    CHECK(date_layout_from_name("ISO 8601") == DateLayout::Iso);
    CHECK(date_layout_from_name("m/d/Y") == DateLayout::MonthDayYear);
    CHECK(date_layout_from_name("YYYYMMDD") == DateLayout::Compact);
    CHECK_FALSE(date_layout_from_name("iso"));
    CHECK_FALSE(date_layout_from_name(""));
}

// ---- ISO dates ----------------------------------------------------------------------------

TEST_CASE("ISO dates, with or without a time of day") {
    CHECK(parse_date("2024-03-04", DateLayout::Iso) == day(2024, 3, 4));
    CHECK(parse_date("2024-03-04T10:15:00", DateLayout::Iso) == day(2024, 3, 4));
    CHECK(parse_date("2024-03-04 10:15", DateLayout::Iso) == day(2024, 3, 4));
    CHECK(parse_date("2024-03-04T10:15:00.123", DateLayout::Iso) == day(2024, 3, 4));
    CHECK(parse_date("2024-03-04T23:59:59,5", DateLayout::Iso) == day(2024, 3, 4));
    CHECK(parse_date(" 2024-03-04 ", DateLayout::Iso) == day(2024, 3, 4));
}

TEST_CASE("ISO dates with a zone keep the date as written") {
    CHECK(parse_date("2024-03-04T10:15:00Z", DateLayout::Iso) == day(2024, 3, 4));
    CHECK(parse_date("2024-03-04T10:15Z", DateLayout::Iso) == day(2024, 3, 4));
    CHECK(parse_date("2024-03-04T00:30:00+01:00", DateLayout::Iso) == day(2024, 3, 4));
    CHECK(parse_date("2024-03-04T23:30:00-0530", DateLayout::Iso) == day(2024, 3, 4));
    CHECK(parse_date("2024-03-04T10:15+01", DateLayout::Iso) == day(2024, 3, 4));
    CHECK(parse_date("2024-03-04 10:15:00 +0100", DateLayout::Iso) == day(2024, 3, 4));
}

TEST_CASE("ISO dates with an impossible time or zone are rejected") {
    CHECK_FALSE(parse_date("2024-03-04T25:00", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-03-04T24:00", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-03-04T10:60", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-03-04T10:15:60", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-03-04T10:15:00+25:00", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-03-04T10:15:00+01:60", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-03-04T10:15:00+01:", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-03-04T10:15:00.", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-03-04T10:15 PM", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-03-04T9:15", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-03-04T10", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-03-04T", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-03-04x", DateLayout::Iso));
}

TEST_CASE("ISO dates must name a real day in the YYYY-MM-DD shape") {
    CHECK(parse_date("2024-02-29", DateLayout::Iso) == day(2024, 2, 29));
    CHECK(parse_date("2000-02-29", DateLayout::Iso) == day(2000, 2, 29));
    CHECK_FALSE(parse_date("2023-02-29", DateLayout::Iso));
    CHECK_FALSE(parse_date("1900-02-29", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-04-31", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-13-01", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-00-10", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-3-4", DateLayout::Iso));
    CHECK_FALSE(parse_date("24-03-04", DateLayout::Iso));
    CHECK_FALSE(parse_date("", DateLayout::Iso));
}

// ---- Other layouts ------------------------------------------------------------------------

TEST_CASE("d/m/Y takes one- or two-digit parts, slashes or dashes, and a four-digit year") {
    CHECK(parse_date("04/03/2024", DateLayout::DayMonthYear) == day(2024, 3, 4));
    CHECK(parse_date("4/3/2024", DateLayout::DayMonthYear) == day(2024, 3, 4));
    CHECK(parse_date("04-03-2024", DateLayout::DayMonthYear) == day(2024, 3, 4));
    CHECK(parse_date("31/12/2024", DateLayout::DayMonthYear) == day(2024, 12, 31));
    CHECK(parse_date("04/03/2024 10:15", DateLayout::DayMonthYear) == day(2024, 3, 4));
    CHECK(parse_date("04/03/2024 10:15:30", DateLayout::DayMonthYear) == day(2024, 3, 4));
    CHECK_FALSE(parse_date("04/03/24", DateLayout::DayMonthYear));  // a two-digit year is a guess
    CHECK_FALSE(parse_date("04/03-2024", DateLayout::DayMonthYear));
    CHECK_FALSE(parse_date("004/03/2024", DateLayout::DayMonthYear));
    CHECK_FALSE(parse_date("31/04/2024", DateLayout::DayMonthYear));
    CHECK_FALSE(parse_date("29/02/2023", DateLayout::DayMonthYear));
    CHECK_FALSE(parse_date("04/03/2024 25:00", DateLayout::DayMonthYear));
    CHECK_FALSE(parse_date("04/03/2024T10:15", DateLayout::DayMonthYear));
}

TEST_CASE("m/d/Y reads the month first, with an optional 12-hour time") {
    CHECK(parse_date("03/04/2024", DateLayout::MonthDayYear) == day(2024, 3, 4));
    CHECK(parse_date("12/31/2024", DateLayout::MonthDayYear) == day(2024, 12, 31));
    CHECK(parse_date("3/4/2024 2:15 PM", DateLayout::MonthDayYear) == day(2024, 3, 4));
    CHECK(parse_date("3/4/2024 12:00am", DateLayout::MonthDayYear) == day(2024, 3, 4));
    CHECK_FALSE(parse_date("3/4/2024 13:15 PM", DateLayout::MonthDayYear));
    CHECK_FALSE(parse_date("3/4/2024 0:15 AM", DateLayout::MonthDayYear));
    CHECK_FALSE(parse_date("13/04/2024", DateLayout::MonthDayYear));
}

TEST_CASE("d.m.Y, Y/m/d and YYYYMMDD") {
    CHECK(parse_date("04.03.2024", DateLayout::DayMonthYearDots) == day(2024, 3, 4));
    CHECK(parse_date("4.3.2024 10:15", DateLayout::DayMonthYearDots) == day(2024, 3, 4));
    CHECK_FALSE(parse_date("04/03/2024", DateLayout::DayMonthYearDots));
    CHECK_FALSE(parse_date("29.02.2023", DateLayout::DayMonthYearDots));
    CHECK(parse_date("2024/03/04", DateLayout::YearMonthDay) == day(2024, 3, 4));
    CHECK(parse_date("2024/3/4", DateLayout::YearMonthDay) == day(2024, 3, 4));
    CHECK_FALSE(parse_date("2024/13/01", DateLayout::YearMonthDay));
    CHECK_FALSE(parse_date("2024-03-04", DateLayout::YearMonthDay));
    CHECK(parse_date("20240304", DateLayout::Compact) == day(2024, 3, 4));
    CHECK(parse_date("19970101", DateLayout::Compact) == day(1997, 1, 1));
    CHECK_FALSE(parse_date("2024034", DateLayout::Compact));
    CHECK_FALSE(parse_date("202403041", DateLayout::Compact));
    CHECK_FALSE(parse_date("20230229", DateLayout::Compact));
    CHECK_FALSE(parse_date("2024-03-04", DateLayout::Compact));
}

// ---- Detecting a column's layout ----------------------------------------------------------

TEST_CASE("a column of ISO dates, with and without times, is ISO") {
    const auto detection = detect({"2024-03-04", "2024-03-05T10:00:00Z", "2024-03-06 09:30"});
    CHECK(detection.layout == DateLayout::Iso);
    CHECK_FALSE(detection.ambiguous_day_month);
    CHECK(detection.explanation == "ISO 8601: all 3 values fit");
}

TEST_CASE("the CDNOW date column is YYYYMMDD") {
    CHECK(detect({"19970101", "19970118", "19971212"}).layout == DateLayout::Compact);
}

TEST_CASE("dotted and year-first columns") {
    CHECK(detect({"04.03.2024", "13.03.2024"}).layout == DateLayout::DayMonthYearDots);
    CHECK(detect({"2024/03/04", "2024/3/13"}).layout == DateLayout::YearMonthDay);
}

TEST_CASE("a day above 12 decides d/m/Y") {
    const auto detection = detect({"04/03/2024", "13/02/2024", "01/01/2024"});
    CHECK(detection.layout == DateLayout::DayMonthYear);
    CHECK_FALSE(detection.ambiguous_day_month);
    CHECK(detection.explanation == "d/m/Y: all 3 values fit; '13/02/2024' on value 2 has a day above 12");
}

TEST_CASE("a day above 12 in second place decides m/d/Y") {
    const auto detection = detect({"03/04/2024", "02/13/2024"});
    CHECK(detection.layout == DateLayout::MonthDayYear);
    CHECK(detection.explanation == "m/d/Y: all 2 values fit; '02/13/2024' on value 2 has a day above 12");
}

TEST_CASE("slash dates with no part above 12 are ambiguous: no layout, ask the user") {
    const auto detection = detect({"03/04/2024", "01/02/2024", "12-11-2024"});
    CHECK_FALSE(detection.layout);
    CHECK(detection.ambiguous_day_month);
    CHECK(detection.explanation == "every value fits both d/m/Y and m/d/Y (no part above 12): choose the order");
}

TEST_CASE("conflicting day-month evidence chooses no layout and says why") {
    const auto detection = detect({"13/02/2024", "01/01/2024", "02/13/2024"});
    CHECK_FALSE(detection.layout);
    CHECK_FALSE(detection.ambiguous_day_month);
    CHECK(detection.explanation ==
          "conflicting day-month order: '13/02/2024' on value 1 fits only d/m/Y, '02/13/2024' on value 3 fits only m/d/Y");
}

TEST_CASE("up to 1% of values may fit no layout; they are rejected later") {
    std::vector<std::string_view> values(100, "2024-03-04");
    values.push_back("junk");
    const auto detection = detect_date_layout(values);
    CHECK(detection.layout == DateLayout::Iso);
    CHECK(detection.explanation == "ISO 8601: 100 of 101 values fit; 1 will be rejected (first: 'junk' on value 101)");
}

TEST_CASE("more misfits than tolerated chooses no layout and names one") {
    std::vector<std::string_view> values(97, "2024-03-04");
    values.push_back("junk");
    values.push_back("2024-02-30");
    values.push_back("nope");
    const auto detection = detect_date_layout(values);
    CHECK_FALSE(detection.layout);
    CHECK_FALSE(detection.ambiguous_day_month);
    CHECK(detection.explanation ==
          "no date layout fits all but 2 of the 100 values: 'junk' on value 98 is not a date in any layout");
}

TEST_CASE("in a short file one bad date does not refuse the column") {
    const auto detection = detect({"2024-01-05", "2024-02-05", "2024-13-01", "2024-03-01", "2024-03-09", "2024-04-01"});
    CHECK(detection.layout == DateLayout::Iso);
    CHECK(detection.explanation == "ISO 8601: 5 of 6 values fit; 1 will be rejected (first: '2024-13-01' on value 3)");
}

TEST_CASE("a column mixing layouts chooses none") {
    const auto detection = detect({"2024-03-04", "04.03.2024"});
    CHECK_FALSE(detection.layout);
    CHECK(detection.explanation == "no date layout fits all 2 values: the values mix layouts "
                                   "('2024-03-04' on value 1 is ISO 8601, '04.03.2024' on value 2 is not)");
}

TEST_CASE("empty values are left out, but values keep their numbers") {
    const auto detection = detect({"", "  ", "13/02/2024"});
    CHECK(detection.layout == DateLayout::DayMonthYear);
    CHECK(detection.explanation == "d/m/Y: the one value fits; '13/02/2024' on value 3 has a day above 12");
    const auto nothing = detect({"", " "});
    CHECK_FALSE(nothing.layout);
    CHECK(nothing.explanation == "no values to decide the date layout from");
}

// ---- Amounts ------------------------------------------------------------------------------

TEST_CASE("plain amounts, signs and parentheses") {
    CHECK(parse_amount("12.50", decimal_point) == 12.5);
    CHECK(parse_amount("7", decimal_point) == 7.0);
    CHECK(parse_amount("-3.10", decimal_point) == -3.1);
    CHECK(parse_amount("+3", decimal_point) == 3.0);
    CHECK(parse_amount("(3.10)", decimal_point) == -3.1);
    CHECK(parse_amount(".50", decimal_point) == 0.5);
    CHECK(parse_amount(" 12.50 ", decimal_point) == 12.5);
    CHECK(parse_amount("007", decimal_point) == 7.0);
}

TEST_CASE("digits with a decimal point read the same on the short path and the general one") {
    // Up to 40 characters take the short path; longer ones, and any with blanks, the general one.
    const std::string digits_41 = "1234567890123456789012345678901234567.125";
    const std::string digits_40 = digits_41.substr(1);
    CHECK(parse_amount(digits_40, decimal_point) == 234567890123456789012345678901234567.125);
    CHECK(parse_amount(digits_41, decimal_point) == 1234567890123456789012345678901234567.125);
    CHECK(parse_amount("0.1", decimal_point) == parse_amount(" 0.1", decimal_point));
    CHECK(parse_amount("1234.50", decimal_point) == parse_amount("1234.50 ", decimal_point));
    CHECK(parse_amount("9007199254740993", decimal_point) == 9007199254740992.0);  // rounds to nearest even
    CHECK_FALSE(parse_amount("12.", decimal_point));
    CHECK_FALSE(parse_amount("1.2.3", decimal_point));
    CHECK_FALSE(parse_amount("12.5e3", decimal_point));
}

TEST_CASE("thousands separators in groups of three") {
    CHECK(parse_amount("1,234.50", decimal_point) == 1234.5);
    CHECK(parse_amount("1,234,567.89", decimal_point) == 1234567.89);
    CHECK(parse_amount("1.234,50", decimal_comma) == 1234.5);
    CHECK(parse_amount("1 234,50", decimal_comma) == 1234.5);
    CHECK(parse_amount("12 345", decimal_point) == 12345.0);
    CHECK(parse_amount("1\xC2\xA0" "234,50", decimal_comma) == 1234.5);      // no-break space
    CHECK(parse_amount("1\xE2\x80\xAF" "234,50", decimal_comma) == 1234.5);  // narrow no-break space
}

TEST_CASE("a lone mark is read by the column's decimal separator") {
    CHECK(parse_amount("1.234", decimal_point) == 1.234);
    CHECK(parse_amount("1.234", decimal_comma) == 1234.0);
    CHECK(parse_amount("12,5", decimal_comma) == 12.5);
    CHECK_FALSE(parse_amount("12,5", decimal_point));
}

TEST_CASE("currency symbols and codes before or after, with or without a space") {
    CHECK(parse_amount("\xE2\x82\xAC" "1.234,50", decimal_comma) == 1234.5);  // €1.234,50
    CHECK(parse_amount("$ 12", decimal_point) == 12.0);
    CHECK(parse_amount("12.5 EUR", decimal_point) == 12.5);
    CHECK(parse_amount("EUR 12.50", decimal_point) == 12.5);
    CHECK(parse_amount("USD12", decimal_point) == 12.0);
    CHECK(parse_amount("12,50\xC2\xA0\xE2\x82\xAC", decimal_comma) == 12.5);  // 12,50 € with a no-break space
    CHECK(parse_amount("\xC2\xA3" "3", decimal_point) == 3.0);                // £3
    CHECK(parse_amount("\xC2\xA5" "1,000", decimal_point) == 1000.0);         // ¥1,000
    CHECK(parse_amount("-$12.50", decimal_point) == -12.5);
    CHECK(parse_amount("$-12.50", decimal_point) == -12.5);
    CHECK(parse_amount("EUR -12.50", decimal_point) == -12.5);
    CHECK(parse_amount("($3.10)", decimal_point) == -3.1);
    CHECK(parse_amount("(3.10 \xE2\x82\xAC)", decimal_point) == -3.1);
}

TEST_CASE("long numbers are read exactly as far as a double goes") {
    CHECK(parse_amount("123456789012345678901234567890", decimal_point) == 123456789012345678901234567890.0);
    CHECK(parse_amount("0.1", decimal_point) == 0.1);
}

TEST_CASE("anything that is not a plain amount is rejected") {
    for (const std::string_view text :
         {"12.3.4", "abc", "", " ", "12-", "1e3", "1E3", "nan", "inf", "-inf", "0x1A", "1,23", "1234,567.00",
          "1,234 567", "--1", "+-1", "(-3)", "(3", "3)", "()", "-", "$", "EUR", "\xE2\x82\xAC" "12 EUR", "12 $$",
          "EURO 12", "eur 12", "12.", "1 23", "1,2345", "12 34", "$ $12", "12 - ", "1.234,50"}) {
        CAPTURE(text);
        CHECK_FALSE(parse_amount(text, decimal_point));
    }
    CHECK_FALSE(parse_amount("1,234.50", decimal_comma));
    CHECK_FALSE(parse_amount("1.23", decimal_comma));
}

TEST_CASE("the decimal separator of a column is decided by its values") {
    const auto format_of = [](std::vector<std::string_view> values) { return detect_amount_format(values).decimal_separator; };
    CHECK(format_of({"12.50", "7.00"}) == '.');
    CHECK(format_of({"12,50", "7,25"}) == ',');
    CHECK(format_of({"1.234,50"}) == ',');
    CHECK(format_of({"1,234.50"}) == '.');
    CHECK(format_of({"1.234.567"}) == ',');
    CHECK(format_of({"1,234,567"}) == '.');
    CHECK(format_of({"\xE2\x82\xAC 12,50"}) == ',');
    CHECK(format_of({"1,234", "2,500"}) == '.');  // three digits after a comma: thousands, or nothing to go on
    CHECK(format_of({"12", "7"}) == '.');
    CHECK(format_of({}) == '.');
    CHECK(format_of({"1,5", "2,25", "3.00"}) == ',');
}

// ---- Ids ----------------------------------------------------------------------------------

TEST_CASE("trimming blanks keeps everything else, leading zeros included") {
    CHECK(trim_blanks(" \t00042 \r\n") == "00042");
    CHECK(trim_blanks("C 1") == "C 1");
    CHECK(trim_blanks("   ") == "");
    CHECK(trim_blanks("") == "");
}
