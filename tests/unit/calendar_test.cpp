#include "touchpoint/data/calendar.hpp"

#include <doctest/doctest.h>

using namespace touchpoint::data;

TEST_CASE("ISO dates round-trip through the store's text form") {
    const Day day = date::year{2024} / 2 / 29;
    CHECK(format_iso_date(day) == "2024-02-29");
    CHECK(parse_iso_date("2024-02-29") == day);
    CHECK(day_number(Day{date::year{1970} / 1 / 1}) == 0);
    CHECK(day_number(Day{date::year{2024} / 1 / 1}) == 19723);  // 54 years incl. 13 leap days: 54*365+13
    CHECK(day_from_number(19723) == Day{date::year{2024} / 1 / 1});
    CHECK(format_year_month(date::year{2025} / date::month{3}) == "2025-03");
}

TEST_CASE("dates that are not YYYY-MM-DD or do not exist are rejected") {
    CHECK_FALSE(parse_iso_date("2023-02-29"));  // not a leap year
    CHECK_FALSE(parse_iso_date("2024-13-01"));
    CHECK_FALSE(parse_iso_date("2024-1-01"));
    CHECK_FALSE(parse_iso_date("2024/01/01"));
    CHECK_FALSE(parse_iso_date("2024-01-0x"));
    CHECK_FALSE(parse_iso_date(""));
}

TEST_CASE("spreadsheet serial dates: Excel's 1900 system with its phantom 29 February, and the 1904 system") {
    using namespace touchpoint::data;
    // Serials as Excel and LibreOffice show them for these days (Format Cells > Number).
    CHECK(format_iso_date(*day_from_excel_serial(1)) == "1900-01-01");
    CHECK(format_iso_date(*day_from_excel_serial(59)) == "1900-02-28");
    CHECK_FALSE(day_from_excel_serial(60));  // 1900-02-29 never existed
    CHECK(format_iso_date(*day_from_excel_serial(61)) == "1900-03-01");
    CHECK(format_iso_date(*day_from_excel_serial(40148.3263888889)) == "2009-12-01");  // 2009-12-01 07:50
    CHECK(format_iso_date(*day_from_excel_serial(45000)) == "2023-03-15");
    CHECK(format_iso_date(*day_from_excel_serial(2958465)) == "9999-12-31");
    CHECK_FALSE(day_from_excel_serial(0));
    CHECK_FALSE(day_from_excel_serial(2958466));
    CHECK(format_iso_date(*day_from_excel_serial(0, true)) == "1904-01-01");
    CHECK(format_iso_date(*day_from_excel_serial(38686, true)) == "2009-12-01");
}
