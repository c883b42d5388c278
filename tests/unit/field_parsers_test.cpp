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

DateDetection detect_owned(const std::vector<std::string>& values) {
    const std::vector<std::string_view> views(values.begin(), values.end());
    return detect_date_layout(views);
}

std::vector<std::string> repeated(std::size_t count, std::string_view value) {
    return std::vector<std::string>(count, std::string(value));
}

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
    CHECK(std::string(date_layout_name(DateLayout::ExcelSerial)) == "Excel serial");
    CHECK(date_layout_from_name("Excel serial") == DateLayout::ExcelSerial);
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

// ---- Times of day and zones ---------------------------------------------------------------

TEST_CASE("a zone after the time, with or without a space, keeps the date as written") {
    CHECK(parse_date("2023-01-05 10:14:32 +0100", DateLayout::Iso) == day(2023, 1, 5));
    CHECK(parse_date("2023-01-05 10:14:32 +01:00", DateLayout::Iso) == day(2023, 1, 5));
    CHECK(parse_date("2023-01-05T10:14:32Z", DateLayout::Iso) == day(2023, 1, 5));
    CHECK(parse_date("2023-01-05T10:14:32.123+01:00", DateLayout::Iso) == day(2023, 1, 5));
    CHECK(parse_date("2023-01-05 23:59:59 -05:00", DateLayout::Iso) == day(2023, 1, 5));  // 2023-01-06 in UTC
    CHECK(parse_date("2023-01-05 00:10:00 +02:00", DateLayout::Iso) == day(2023, 1, 5));  // 2023-01-04 in UTC
    CHECK(parse_date("2023-01-05 10:14:32 UTC", DateLayout::Iso) == day(2023, 1, 5));
    CHECK(parse_date("2023-01-05 10:14:32 GMT", DateLayout::Iso) == day(2023, 1, 5));
    CHECK(parse_date("2023-01-05 10:14:32 GMT+01:00", DateLayout::Iso) == day(2023, 1, 5));
    CHECK(parse_date("2023-01-05 10:14 utc", DateLayout::Iso) == day(2023, 1, 5));
    CHECK(parse_date("05/01/2023 10:14:32 +0100", DateLayout::DayMonthYear) == day(2023, 1, 5));
    CHECK(parse_date("1/5/2023 10:14 PM UTC", DateLayout::MonthDayYear) == day(2023, 1, 5));
    CHECK(parse_date("1/5/2023 10:14PM -08:00", DateLayout::MonthDayYear) == day(2023, 1, 5));
    CHECK(parse_date("05.01.2023 10:14:32 +01:00", DateLayout::DayMonthYearDots) == day(2023, 1, 5));
    CHECK(parse_date("2023/01/05 10:14:32Z", DateLayout::YearMonthDay) == day(2023, 1, 5));
}

TEST_CASE("zones reach ±14:00 and no further") {
    CHECK(parse_date("2023-01-05T10:14+14:00", DateLayout::Iso) == day(2023, 1, 5));
    CHECK(parse_date("2023-01-05T10:14-14:00", DateLayout::Iso) == day(2023, 1, 5));
    CHECK(parse_date("2023-01-05T10:14+05:45", DateLayout::Iso) == day(2023, 1, 5));
    CHECK_FALSE(parse_date("2023-01-05T10:14+14:01", DateLayout::Iso));
    CHECK_FALSE(parse_date("2023-01-05T10:14-1500", DateLayout::Iso));
    CHECK_FALSE(parse_date("2023-01-05T10:14+15", DateLayout::Iso));
    CHECK_FALSE(parse_date("05/01/2023 10:14 +25:00", DateLayout::DayMonthYear));
    CHECK_FALSE(parse_date("2023-01-05T10:14+1", DateLayout::Iso));
    CHECK_FALSE(parse_date("2023-01-05T10:14+01000", DateLayout::Iso));
    CHECK_FALSE(parse_date("2023-01-05 10:14 UTC+", DateLayout::Iso));
    CHECK_FALSE(parse_date("2023-01-05 10:14 CET", DateLayout::Iso));
    CHECK_FALSE(parse_date("2023-01-05 10:14  +0100", DateLayout::Iso));
    CHECK_FALSE(parse_date("2023-01-05 +0100", DateLayout::Iso));
}

TEST_CASE("times without seconds, on a 24-hour or 12-hour clock") {
    CHECK(parse_date("12/1/2010 8:26", DateLayout::MonthDayYear) == day(2010, 12, 1));
    CHECK(parse_date("12/1/2010 8:26 PM", DateLayout::MonthDayYear) == day(2010, 12, 1));
    CHECK(parse_date("1/12/2010 8:26 am", DateLayout::DayMonthYear) == day(2010, 12, 1));
    CHECK(parse_date("01.12.2010 08:26", DateLayout::DayMonthYearDots) == day(2010, 12, 1));
    CHECK(parse_date("1.12.2010 8:26 PM", DateLayout::DayMonthYearDots) == day(2010, 12, 1));
    CHECK(parse_date("2010-12-01 08:26", DateLayout::Iso) == day(2010, 12, 1));
    CHECK(parse_date("2010-12-01 08:26 PM", DateLayout::Iso) == day(2010, 12, 1));
    CHECK(parse_date("2024-03-04T10:15 PM", DateLayout::Iso) == day(2024, 3, 4));
    CHECK(parse_date("2010/12/01 8:26 PM", DateLayout::YearMonthDay) == day(2010, 12, 1));
    CHECK_FALSE(parse_date("12/1/2010 8:6", DateLayout::MonthDayYear));
    CHECK_FALSE(parse_date("12/1/2010 8", DateLayout::MonthDayYear));
    CHECK_FALSE(parse_date("12/1/2010 8:26 XM", DateLayout::MonthDayYear));
    CHECK_FALSE(parse_date("12/1/2010 13:26 PM", DateLayout::MonthDayYear));
    CHECK_FALSE(parse_date("01.12.2010 24:00", DateLayout::DayMonthYearDots));
    CHECK_FALSE(parse_date("2010-12-01 8:26", DateLayout::Iso));  // ISO hours take two digits
}

TEST_CASE("a 'T' may separate date and time in every layout with a time") {
    CHECK(parse_date("04/03/2024T10:15", DateLayout::DayMonthYear) == day(2024, 3, 4));
    CHECK(parse_date("03/04/2024T10:15:00Z", DateLayout::MonthDayYear) == day(2024, 3, 4));
    CHECK(parse_date("04.03.2024T10:15:00", DateLayout::DayMonthYearDots) == day(2024, 3, 4));
    CHECK(parse_date("2024/03/04T10:15", DateLayout::YearMonthDay) == day(2024, 3, 4));
    CHECK_FALSE(parse_date("04/03/2024T", DateLayout::DayMonthYear));
    CHECK_FALSE(parse_date("04/03/2024 T10:15", DateLayout::DayMonthYear));
}

TEST_CASE("YYYYMMDD takes no time of day") {
    CHECK_FALSE(parse_date("20240304 10:15", DateLayout::Compact));
    CHECK_FALSE(parse_date("20240304T10:15", DateLayout::Compact));
}

TEST_CASE("ISO values past the plain date read the same as through the general path") {
    CHECK(parse_date("2024-03-04 10:15:00  ", DateLayout::Iso) == day(2024, 3, 4));
    CHECK(parse_date("  2024-03-04 10:15:00", DateLayout::Iso) == day(2024, 3, 4));
    CHECK(parse_date("2024-03-04\t", DateLayout::Iso) == day(2024, 3, 4));
    CHECK_FALSE(parse_date("2024-02-30 10:00", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-03-04  10:15", DateLayout::Iso));
    CHECK_FALSE(parse_date("2024-03-041", DateLayout::Iso));
}

// ---- Spreadsheet serial dates -------------------------------------------------------------

TEST_CASE("Excel serials: whole days, the fraction being the time of day") {
    // Serial 25569 is 1970-01-01; 40148 is 14579 days later.
    CHECK(parse_date("25569", DateLayout::ExcelSerial) == day(1970, 1, 1));
    CHECK(parse_date("40148", DateLayout::ExcelSerial) == day(2009, 12, 1));
    CHECK(parse_date("40148.3263888889", DateLayout::ExcelSerial) == day(2009, 12, 1));
    CHECK(parse_date("40148.9999999", DateLayout::ExcelSerial) == day(2009, 12, 1));
    CHECK(parse_date("40148,5", DateLayout::ExcelSerial) == day(2009, 12, 1));
    CHECK(parse_date(" 45355 ", DateLayout::ExcelSerial) == day(2024, 3, 4));
    CHECK(parse_date("18264", DateLayout::ExcelSerial) == day(1950, 1, 1));
    CHECK(parse_date("73415", DateLayout::ExcelSerial) == day(2100, 12, 31));
    CHECK(parse_date("2958465", DateLayout::ExcelSerial) == day(9999, 12, 31));
    CHECK_FALSE(parse_date("2958466", DateLayout::ExcelSerial));
}

TEST_CASE("Excel serials around the 29 February 1900 that never was") {
    CHECK(parse_date("1", DateLayout::ExcelSerial) == day(1900, 1, 1));
    CHECK(parse_date("59", DateLayout::ExcelSerial) == day(1900, 2, 28));
    CHECK_FALSE(parse_date("60", DateLayout::ExcelSerial));
    CHECK_FALSE(parse_date("60.5", DateLayout::ExcelSerial));
    CHECK(parse_date("61", DateLayout::ExcelSerial) == day(1900, 3, 1));
    CHECK_FALSE(parse_date("0", DateLayout::ExcelSerial));
}

TEST_CASE("Excel serials are plain numbers, nothing else") {
    for (const std::string_view text : {"", "-40148", "+40148", "40148.", ".5", "4e4", "40 148", "40,148.5",
                                        "40148.5.5", "40148 10:00", "12345678", "20240304", "2024-03-04", "abc"}) {
        CAPTURE(text);
        CHECK_FALSE(parse_date(text, DateLayout::ExcelSerial));
    }
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

TEST_CASE("a value fitting no layout is rejected later, not the column") {
    std::vector<std::string_view> values(100, "2024-03-04");
    values.push_back("junk");
    const auto detection = detect_date_layout(values);
    CHECK(detection.layout == DateLayout::Iso);
    CHECK(detection.explanation == "ISO 8601: 100 of 101 values fit; 1 will be rejected (first: 'junk' on value 101)");
}

TEST_CASE("3% misfits still leave a clear majority; the misfits are named") {
    std::vector<std::string_view> values(97, "2024-03-04");
    values.push_back("junk");
    values.push_back("2024-02-30");
    values.push_back("nope");
    const auto detection = detect_date_layout(values);
    CHECK(detection.layout == DateLayout::Iso);
    CHECK_FALSE(detection.ambiguous_day_month);
    CHECK(detection.explanation == "ISO 8601: 97 of 100 values fit; 3 will be rejected (first: 'junk' on value 98)");
}

TEST_CASE("in a short file one bad date does not refuse the column") {
    const auto detection = detect({"2024-01-05", "2024-02-05", "2024-13-01", "2024-03-01", "2024-03-09", "2024-04-01"});
    CHECK(detection.layout == DateLayout::Iso);
    CHECK(detection.explanation == "ISO 8601: 5 of 6 values fit; 1 will be rejected (first: '2024-13-01' on value 3)");
}

TEST_CASE("a column mixing layouts chooses none") {
    const auto detection = detect({"2024-03-04", "04.03.2024"});
    CHECK_FALSE(detection.layout);
    CHECK(detection.explanation == "no date layout fits more than half of the 2 values: "
                                   "ISO 8601 fits 1 ('2024-03-04' on value 1), d.m.Y fits 1 ('04.03.2024' on value 2)");
}

TEST_CASE("empty values are left out, but values keep their numbers") {
    const auto detection = detect({"", "  ", "13/02/2024"});
    CHECK(detection.layout == DateLayout::DayMonthYear);
    CHECK(detection.explanation == "d/m/Y: the one value fits; '13/02/2024' on value 3 has a day above 12");
    const auto nothing = detect({"", " "});
    CHECK_FALSE(nothing.layout);
    CHECK(nothing.explanation == "no values to decide the date layout from");
}

TEST_CASE("a semicolon file's d.m.Y column with 2% impossible dates is d.m.Y; those dates fail") {
    std::vector<std::string> values;
    for (int i = 0; i < 98; ++i) {
        const int day_of_month = i % 28 + 1, month = i % 12 + 1;
        values.push_back((day_of_month < 10 ? "0" : "") + std::to_string(day_of_month) + "." + (month < 10 ? "0" : "") +
                         std::to_string(month) + ".2023" + (i % 2 == 0 ? " 10:14" : ""));
    }
    values.insert(values.begin() + 20, "31.02.2023");
    values.insert(values.begin() + 70, "30.02.2023 08:26");
    const auto detection = detect_owned(values);
    CHECK(detection.layout == DateLayout::DayMonthYearDots);
    CHECK(detection.explanation == "d.m.Y: 98 of 100 values fit; 2 will be rejected (first: '31.02.2023' on value 21)");
    CHECK_FALSE(parse_date("31.02.2023", DateLayout::DayMonthYearDots));
    CHECK_FALSE(parse_date("30.02.2023 08:26", DateLayout::DayMonthYearDots));
    CHECK(parse_date(values[0], DateLayout::DayMonthYearDots) == day(2023, 1, 1));
}

TEST_CASE("values split evenly between day-first and month-first are refused, without asking") {
    auto values = repeated(5, "13/02/2024");
    for (const auto& value : repeated(90, "01/02/2024")) values.push_back(value);
    for (const auto& value : repeated(5, "02/13/2024")) values.push_back(value);
    const auto detection = detect_owned(values);
    CHECK_FALSE(detection.layout);
    CHECK_FALSE(detection.ambiguous_day_month);
    CHECK(detection.explanation ==
          "conflicting day-month order: '13/02/2024' on value 1 fits only d/m/Y, '02/13/2024' on value 96 fits only "
          "m/d/Y; d/m/Y alone fits 5 values, m/d/Y alone 5, and neither outnumbers the other ten to one");
}

TEST_CASE("a day-month order wins with ten times the deciding values of the other") {
    auto nine_to_one = repeated(9, "13/02/2024");
    nine_to_one.push_back("02/13/2024");
    for (const auto& value : repeated(10, "01/02/2024")) nine_to_one.push_back(value);
    CHECK_FALSE(detect_owned(nine_to_one).layout);

    auto ten_to_one = repeated(10, "13/02/2024");
    ten_to_one.push_back("02/13/2024");
    for (const auto& value : repeated(10, "01/02/2024")) ten_to_one.push_back(value);
    const auto detection = detect_owned(ten_to_one);
    CHECK(detection.layout == DateLayout::DayMonthYear);
    CHECK(detection.explanation == "d/m/Y: 20 of 21 values fit; 1 will be rejected (first: '02/13/2024' on value 11); "
                                   "'13/02/2024' on value 1 has a day above 12");
}

TEST_CASE("a column of mostly non-dates is refused, naming the closest layout") {
    auto values = repeated(40, "2024-03-04");
    for (const auto& value : repeated(60, "n/a")) values.push_back(value);
    const auto detection = detect_owned(values);
    CHECK_FALSE(detection.layout);
    CHECK_FALSE(detection.ambiguous_day_month);
    CHECK(detection.explanation == "most values are not dates in any layout: 60 of 100 (first: 'n/a' on value 41); "
                                   "the closest layout: ISO 8601 fits 40 (first: '2024-03-04' on value 1)");
    CHECK(detect({"abc", "n/a"}).explanation == "most values are not dates in any layout: 2 of 2 (first: 'abc' on value 1)");
}

TEST_CASE("a layout fitting exactly half of the values is no majority") {
    const auto detection = detect({"2024-03-04", "2024-03-05", "junk", "junk"});
    CHECK_FALSE(detection.layout);
    CHECK(detection.explanation == "no date layout fits more than half of the 4 values: ISO 8601 fits 2 "
                                   "(first: '2024-03-04' on value 1), 2 fit none (first: 'junk' on value 3)");
}

TEST_CASE("two layouts in one column: the larger must outnumber the other ten to one") {
    auto close = repeated(85, "2024-03-04");
    for (const auto& value : repeated(15, "20240304")) close.push_back(value);
    const auto refused = detect_owned(close);
    CHECK_FALSE(refused.layout);
    CHECK(refused.explanation == "the values mix layouts: ISO 8601 fits 85 values (first: '2024-03-04' on value 1), "
                                 "YYYYMMDD 15 (first: '20240304' on value 86); neither outnumbers the other ten to one");

    auto clear = repeated(91, "2024-03-04");
    for (const auto& value : repeated(9, "20240304")) clear.push_back(value);
    const auto chosen = detect_owned(clear);
    CHECK(chosen.layout == DateLayout::Iso);
    CHECK(chosen.explanation == "ISO 8601: 91 of 100 values fit; 9 will be rejected (first: '20240304' on value 92)");
}

TEST_CASE("slash dates with no part above 12 still ask, even with a misfit, but not beside another layout") {
    const auto asked = detect({"03/04/2024", "01/02/2024", "junk"});
    CHECK_FALSE(asked.layout);
    CHECK(asked.ambiguous_day_month);
    CHECK(asked.explanation == "every date fits both d/m/Y and m/d/Y (no part above 12): choose the order; "
                               "1 of 3 values fit neither and will be rejected (first: 'junk' on value 3)");

    auto mixed = repeated(6, "03/04/2024");
    for (const auto& value : repeated(4, "2024-03-04")) mixed.push_back(value);
    const auto refused = detect_owned(mixed);
    CHECK_FALSE(refused.layout);
    CHECK_FALSE(refused.ambiguous_day_month);
    CHECK(refused.explanation == "the values mix layouts: d/m/Y fits 6 values (first: '03/04/2024' on value 1), "
                                 "ISO 8601 4 (first: '2024-03-04' on value 7); neither outnumbers the other ten to one");
}

TEST_CASE("a column of spreadsheet serials is Excel serial") {
    const auto detection = detect({"40148", "40149.5", "45355.4270833333"});
    CHECK(detection.layout == DateLayout::ExcelSerial);
    CHECK(detection.explanation == "Excel serial: all 3 values fit");
    CHECK(detect({"18264"}).layout == DateLayout::ExcelSerial);
    CHECK(detect({"73415"}).layout == DateLayout::ExcelSerial);
    CHECK_FALSE(detect({"18263"}).layout);
    CHECK_FALSE(detect({"73416"}).layout);
}

TEST_CASE("serials must be nearly all of the column: 99%") {
    auto one_missing = repeated(99, "40148");
    one_missing.push_back("n/a");
    const auto chosen = detect_owned(one_missing);
    CHECK(chosen.layout == DateLayout::ExcelSerial);
    CHECK(chosen.explanation == "Excel serial: 99 of 100 values fit; 1 will be rejected (first: 'n/a' on value 100)");

    auto two_missing = repeated(98, "40148");
    two_missing.push_back("n/a");
    two_missing.push_back("n/a");
    const auto refused = detect_owned(two_missing);
    CHECK_FALSE(refused.layout);
    CHECK(refused.explanation == "Excel serial: only 98 of 100 values are serial days from 1950 to 2100, 2 are not "
                                 "(first: 'n/a' on value 99); plain numbers are read as dates only when at least 99% of them are");
}

TEST_CASE("serials are never chosen beside written dates or date punctuation") {
    const auto written = detect({"40148", "40149", "12/13/2010"});
    CHECK_FALSE(written.layout);
    CHECK(written.explanation == "the values mix spreadsheet serial numbers and written dates: '40148' on value 1 is an "
                                 "Excel serial, '12/13/2010' on value 3 is written as a date");
    const auto punctuated = detect({"40148", "40149", "40150", "13/13/2010"});
    CHECK_FALSE(punctuated.layout);
    CHECK(punctuated.explanation == "the values mix spreadsheet serial numbers and written dates: '40148' on value 1 "
                                    "is an Excel serial, '13/13/2010' on value 4 is written as a date");
    CHECK_FALSE(detect({"40148", "40149", "40150", "40151.2.5"}).layout);
    CHECK_FALSE(detect({"40148", "40149", "40150", "20240304"}).layout);
}

TEST_CASE("plain numbers outside 1950 to 2100 are not serial dates") {
    auto values = repeated(99, "40148");
    values.push_back("12.5");
    const auto detection = detect_owned(values);
    CHECK_FALSE(detection.layout);
    CHECK(detection.explanation == "Excel serial: '12.5' on value 100 would be 1900-01-12, outside 1950-01-01 to "
                                   "2100-12-31; numbers so far out are amounts or counts, not days");
    const auto quantities = detect({"1", "2", "3"});
    CHECK_FALSE(quantities.layout);
    CHECK(quantities.explanation == "most values are not dates in any layout: 3 of 3 (first: '1' on value 1)");
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
