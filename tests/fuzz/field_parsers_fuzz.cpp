// The date and amount parsers on any text: the input's lines are one column's values. Every
// layout and both decimal separators are tried on each value; detection runs on the column.
// A parsed date prints back as ISO 8601 and reads back the same; a parsed amount is finite.
#include "fuzz_check.hpp"
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/field_parsers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

using namespace touchpoint::data;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> values;
    for (std::size_t start = 0; start <= text.size();) {
        const auto end = std::min(text.find('\n', start), text.size());
        values.push_back(text.substr(start, end - start));
        start = end + 1;
    }

    constexpr DateLayout layouts[] = {DateLayout::Iso,         DateLayout::DayMonthYear,     DateLayout::MonthDayYear,
                                      DateLayout::DayMonthYearDots, DateLayout::YearMonthDay, DateLayout::Compact,
                                      DateLayout::ExcelSerial};
    for (const auto value : values) {
        for (const auto layout : layouts) {
            const auto day = parse_date(value, layout);
            if (!day) continue;
            FUZZ_CHECK(date::year_month_day(*day).ok());
            const auto iso = format_iso_date(*day);
            const auto again = parse_date(iso, DateLayout::Iso);
            FUZZ_CHECK(again && *again == *day);
        }
        for (const char separator : {'.', ','}) {
            const auto amount = parse_amount(value, AmountFormat{separator});
            if (amount) FUZZ_CHECK(std::isfinite(*amount));
        }
    }

    const auto detection = detect_date_layout(values);
    FUZZ_CHECK(!(detection.layout && detection.ambiguous_day_month));
    const auto format = detect_amount_format(values);
    FUZZ_CHECK(format.decimal_separator == '.' || format.decimal_separator == ',');
    if (const auto layout = date_layout_from_name(date_layout_name(detection.layout.value_or(DateLayout::Iso))))
        FUZZ_CHECK(*layout == detection.layout.value_or(DateLayout::Iso));
    return 0;
}
