#include "sections/dashboard/window_presets.hpp"

#include <doctest/doctest.h>

using namespace touchpoint;
using touchpoint::web::ComparePreset;
using touchpoint::web::WindowPreset;

namespace {

metrics::DateWindow window(const char* from, const char* to) {
    return {*web::parse_day(from), *web::parse_day(to)};
}

void check_window(std::optional<metrics::DateWindow> got, const char* from, const char* to) {
    REQUIRE(got.has_value());
    CHECK(web::day_text(got->first_day) == from);
    CHECK(web::day_text(got->last_day) == to);
}

}  // namespace

TEST_CASE("presets end at the last order and never start before the first") {
    const auto history = window("2023-02-10", "2025-03-15");
    check_window(web::window_for(WindowPreset::WholeHistory, history), "2023-02-10", "2025-03-15");
    // 90 days ending 15 March: 16 + 31 + 28 + 15 days of December, January, February and March.
    check_window(web::window_for(WindowPreset::Last90Days, history), "2024-12-16", "2025-03-15");
    check_window(web::window_for(WindowPreset::Last12Months, history), "2024-03-16", "2025-03-15");
    check_window(web::window_for(WindowPreset::YearToDate, history), "2025-01-01", "2025-03-15");
    CHECK_FALSE(web::window_for(WindowPreset::Custom, history).has_value());

    const auto short_history = window("2025-02-01", "2025-03-15");
    check_window(web::window_for(WindowPreset::Last12Months, short_history), "2025-02-01", "2025-03-15");
    check_window(web::window_for(WindowPreset::Last90Days, short_history), "2025-02-01", "2025-03-15");
}

TEST_CASE("the compared window: the period before, or the same days a year earlier") {
    const auto a = window("2025-01-01", "2025-03-31");  // three whole months
    check_window(web::compare_window_for(ComparePreset::PreviousPeriod, a), "2024-10-01", "2024-12-31");
    // A year of whole months before a leap year's 366 days: the whole of 2024, not 2024-01-02 on.
    check_window(web::compare_window_for(ComparePreset::PreviousPeriod, window("2025-01-01", "2025-12-31")), "2024-01-01", "2024-12-31");
    // Not whole months: as many days (10 January to 19 February is 41 days).
    check_window(web::compare_window_for(ComparePreset::PreviousPeriod, window("2025-01-10", "2025-02-19")), "2024-11-30", "2025-01-09");
    check_window(web::compare_window_for(ComparePreset::YearEarlier, a), "2024-01-01", "2024-03-31");
    // 29 February has no day a year earlier: it becomes 28 February.
    check_window(web::compare_window_for(ComparePreset::YearEarlier, window("2024-02-01", "2024-02-29")), "2023-02-01", "2023-02-28");
    CHECK_FALSE(web::compare_window_for(ComparePreset::Custom, a).has_value());
}

TEST_CASE("dates are typed as YYYY-MM-DD and nothing else") {
    CHECK(web::parse_day("2024-02-29").has_value());
    CHECK_FALSE(web::parse_day("2023-02-29").has_value());
    CHECK_FALSE(web::parse_day("2024-2-1").has_value());
    CHECK_FALSE(web::parse_day("01/02/2024").has_value());
    CHECK_FALSE(web::parse_day("").has_value());
    CHECK(web::day_text(*web::parse_day("1999-12-31")) == "1999-12-31");
}
