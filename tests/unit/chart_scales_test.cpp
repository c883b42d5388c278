// The chart layer's UI-free logic: ticks and their labels, date axes, colour scales, histogram
// bins, zoom and pan arithmetic, series look-ups and the CSV export. Expected values are worked
// out by hand (day numbers are days since 1970-01-01; 2024-01-01 is day 19723).
#include "charts/chart_csv.hpp"
#include "charts/colour_scale.hpp"
#include "charts/date_axis.hpp"
#include "charts/histogram.hpp"
#include "charts/palette.hpp"
#include "charts/scales.hpp"
#include "charts/series_lookup.hpp"
#include "charts/view_range.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace touchpoint::charts;
using Strings = std::vector<std::string>;
using Doubles = std::vector<double>;

namespace {
constexpr double missing = std::numeric_limits<double>::quiet_NaN();  // NaN
}

// --- Numeric ticks ---------------------------------------------------------------

TEST_CASE("ticks fall on 1, 2 or 5 times a power of ten and cover the range") {
    const auto ticks = nice_ticks(0.0, 87.0, 5);
    CHECK(ticks.step == 20.0);
    CHECK(ticks.low == 0.0);
    CHECK(ticks.high == 100.0);
    CHECK(ticks.values == Doubles{0, 20, 40, 60, 80, 100});
}

TEST_CASE("ticks widen a range that does not start on a step and handle negatives") {
    const auto ticks = nice_ticks(-3.2, 7.9, 4);  // raw step 2.775 -> 5
    CHECK(ticks.step == 5.0);
    CHECK(ticks.values == Doubles{-5, 0, 5, 10});
    const auto flat = nice_ticks(3.0, 3.0, 5);  // widened to [3, 4]
    CHECK(flat.step == doctest::Approx(0.2));
    CHECK(flat.low == doctest::Approx(3.0));
    CHECK(flat.high == doctest::Approx(4.0));
    CHECK(flat.values.size() == 6);
}

TEST_CASE("nice steps round up to 1, 2 or 5 times a power of ten") {
    CHECK(nice_step_at_least(0.7) == doctest::Approx(1.0));
    CHECK(nice_step_at_least(1.0) == doctest::Approx(1.0));
    CHECK(nice_step_at_least(1.01) == doctest::Approx(2.0));
    CHECK(nice_step_at_least(3.0) == doctest::Approx(5.0));
    CHECK(nice_step_at_least(0.03) == doctest::Approx(0.05));
    CHECK(nice_step_at_least(600.0) == doctest::Approx(1000.0));
}

// --- Tick and value labels ---------------------------------------------------------

TEST_CASE("number ticks are compact with the decimals the step needs") {
    CHECK(tick_labels(nice_ticks(0, 1500, 3), AxisFormat::Number) == Strings{"0", "500", "1k", "1.5k"});
    CHECK(tick_label(1200, 200, AxisFormat::Number) == "1.2k");
    CHECK(tick_label(3'400'000, 200'000, AxisFormat::Number) == "3.4M");
    CHECK(tick_label(2e9, 1e9, AxisFormat::Number) == "2B");
    CHECK(tick_label(-2500, 500, AxisFormat::Number) == "-2.5k");
    CHECK(tick_label(0.25, 0.05, AxisFormat::Number) == "0.25");
    CHECK(tick_label(15, 5, AxisFormat::Number) == "15");
    // 0.1 * 3 is 0.30000000000000004 in doubles; the label must not show it.
    CHECK(tick_labels(nice_ticks(0, 0.3, 3), AxisFormat::Number) == Strings{"0", "0.1", "0.2", "0.3"});
}

TEST_CASE("percent ticks read fractions as percentages, decimals from the step") {
    CHECK(tick_label(0.25, 0.05, AxisFormat::Percent) == "25%");
    CHECK(tick_label(0.125, 0.005, AxisFormat::Percent) == "12.5%");
    CHECK(tick_label(0.0, 0.1, AxisFormat::Percent) == "0%");
    CHECK(tick_labels(nice_ticks(0, 1, 4), AxisFormat::Percent) == Strings{"0%", "50%", "100%"});
}

TEST_CASE("money ticks group thousands, turn compact from ten thousand, symbol only when given") {
    CHECK(tick_label(1250, 50, AxisFormat::Money) == "1,250");
    CHECK(tick_label(1200, 200, AxisFormat::Money, {"$"}) == "$1,200");
    CHECK(tick_label(12'500, 500, AxisFormat::Money) == "12.5k");
    CHECK(tick_label(-3'000'000, 1'000'000, AxisFormat::Money, {"$"}) == "-$3M");
    CHECK(tick_label(12.5, 0.5, AxisFormat::Money) == "12.50");
    CHECK(tick_label(0, 1000, AxisFormat::Money) == "0");
}

TEST_CASE("date ticks given as numbers pick their label from the step") {
    CHECK(tick_label(19793, 1, AxisFormat::Date) == "11 Mar");
    CHECK(tick_label(19793, 30, AxisFormat::Date) == "Mar 2024");
    CHECK(tick_label(19723, 365, AxisFormat::Date) == "2024");
}

TEST_CASE("read-out values are more precise than ticks") {
    CHECK(value_label(1234.5, AxisFormat::Number) == "1,234.5");
    CHECK(value_label(0.25, AxisFormat::Number) == "0.25");
    CHECK(value_label(2'500'000, AxisFormat::Number) == "2.5M");
    CHECK(value_label(-42, AxisFormat::Number) == "-42");
    CHECK(value_label(0.418, AxisFormat::Percent) == "41.8%");
    CHECK(value_label(1250.5, AxisFormat::Money, {"$"}) == "$1,250.50");
    CHECK(value_label(1250, AxisFormat::Money) == "1,250");
    CHECK(value_label(19793, AxisFormat::Date) == "11 Mar 2024");
    CHECK(value_label(missing, AxisFormat::Number) == "n/a");
}

// --- Date axes -------------------------------------------------------------------------

TEST_CASE("a week of days gets a tick per day") {
    // 2024-03-11 (Monday) .. 2024-03-18
    const auto ticks = date_ticks(19793, 19800, 8);
    CHECK(ticks.unit == DateUnit::Day);
    CHECK(ticks.units_per_tick == 1);
    CHECK(ticks.days == Doubles{19793, 19794, 19795, 19796, 19797, 19798, 19799, 19800});
    CHECK(ticks.labels == Strings{"11 Mar", "12 Mar", "13 Mar", "14 Mar", "15 Mar", "16 Mar", "17 Mar", "18 Mar"});
}

TEST_CASE("six weeks with room for four ticks get every other Monday") {
    // 2024-03-01 .. 2024-04-12; Mondays are 4, 11, 18, 25 Mar, 1 and 8 Apr; even weeks since
    // the Monday before the epoch fall on 11 Mar, 25 Mar and 8 Apr.
    const auto ticks = date_ticks(19783, 19825, 4);
    CHECK(ticks.unit == DateUnit::Week);
    CHECK(ticks.units_per_tick == 2);
    CHECK(ticks.days == Doubles{19793, 19807, 19821});
    CHECK(ticks.labels == Strings{"11 Mar", "25 Mar", "8 Apr"});
}

TEST_CASE("three months get ticks on the first of each month") {
    // 2024-01-15 .. 2024-04-15: 91 days; fortnights would be 6.5 ticks, months 3.
    const auto ticks = date_ticks(19737, 19828, 6);
    CHECK(ticks.unit == DateUnit::Month);
    CHECK(ticks.days == Doubles{19754, 19783, 19814});  // 1 Feb, 1 Mar, 1 Apr 2024
    CHECK(ticks.labels == Strings{"Feb 2024", "Mar 2024", "Apr 2024"});
}

TEST_CASE("two years get quarter starts") {
    // 2023-01-01 .. 2024-12-31: 730 days, 24 months is too many for 8, 8 quarters fit.
    const auto ticks = date_ticks(19358, 20088, 8);
    CHECK(ticks.unit == DateUnit::Quarter);
    CHECK(ticks.units_per_tick == 1);
    CHECK(ticks.days == Doubles{19358, 19448, 19539, 19631, 19723, 19814, 19905, 19997});
    CHECK(ticks.labels ==
          Strings{"Q1 2023", "Q2 2023", "Q3 2023", "Q4 2023", "Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024"});
}

TEST_CASE("ten years get every other 1 January") {
    // 2015-06-01 .. 2025-06-01: 10 yearly ticks exceed 6, every 2 years gives 5.
    const auto ticks = date_ticks(16587, 20240, 6);
    CHECK(ticks.unit == DateUnit::Year);
    CHECK(ticks.units_per_tick == 2);
    CHECK(ticks.days == Doubles{16801, 17532, 18262, 18993, 19723});
    CHECK(ticks.labels == Strings{"2016", "2018", "2020", "2022", "2024"});
}

TEST_CASE("date labels per unit") {
    CHECK(date_label(19793, DateUnit::Day) == "11 Mar");
    CHECK(date_label(19793, DateUnit::Month) == "Mar 2024");
    CHECK(date_label(19814, DateUnit::Quarter) == "Q2 2024");
    CHECK(date_label(19723, DateUnit::Year) == "2024");
    CHECK(full_date_label(0) == "1 Jan 1970");
}

// --- Colour scales -------------------------------------------------------------------

TEST_CASE("a sequential scale maps its ends and middle to the ramp's stops, clamped") {
    const ColourScale scale{ColourRamp::Blues, 10.0, 20.0, {}};
    CHECK(colour_at(scale, 10.0) == Rgba{237, 244, 252, 255});
    CHECK(colour_at(scale, 20.0) == Rgba{12, 62, 130, 255});
    CHECK(colour_at(scale, 15.0) == Rgba{107, 168, 214, 255});
    // An eighth of the way: halfway between the first two stops (half-way rounds up).
    CHECK(colour_at(scale, 11.25) == Rgba{209, 227, 244, 255});
    CHECK(colour_at(scale, -100.0) == colour_at(scale, 10.0));
    CHECK(colour_at(scale, 1e9) == colour_at(scale, 20.0));
    CHECK(colour_at(scale, missing) == missing_value_colour);
    CHECK(colour_at(ColourScale{ColourRamp::Viridis, 0, 1, {}}, 0.0) == Rgba{68, 1, 84, 255});
    CHECK(colour_at(ColourScale{ColourRamp::Viridis, 0, 1, {}}, 1.0) == Rgba{253, 231, 37, 255});
}

TEST_CASE("a diverging scale is neutral at its centre, even off the middle of the range") {
    const ColourScale scale{ColourRamp::Diverging, -1.0, 3.0, 0.0};
    CHECK(ramp_position(scale, 0.0) == doctest::Approx(0.5));
    CHECK(colour_at(scale, 0.0) == Rgba{247, 247, 247, 255});
    CHECK(colour_at(scale, -0.5) == Rgba{146, 197, 222, 255});  // a quarter along
    CHECK(colour_at(scale, 1.5) == Rgba{244, 165, 130, 255});   // three quarters along
    CHECK(colour_at(scale, -1.0) == Rgba{33, 102, 172, 255});
    CHECK(colour_at(scale, 3.0) == Rgba{178, 24, 43, 255});
    CHECK(colour_at(scale, 99.0) == Rgba{178, 24, 43, 255});
    CHECK(std::isnan(ramp_position(scale, missing)));
}

TEST_CASE("colour legend ticks lie inside the scale at their colour's position") {
    const auto legend = colour_legend_ticks({ColourRamp::Blues, 0.0, 0.4, {}}, 4, AxisFormat::Percent);
    REQUIRE(legend.size() == 5);
    CHECK(legend[1].value == doctest::Approx(0.1));
    CHECK(legend[1].position == doctest::Approx(0.25));
    CHECK(legend[4].position == doctest::Approx(1.0));
    Strings labels;
    for (const auto& tick : legend) labels.push_back(tick.label);
    CHECK(labels == Strings{"0%", "10%", "20%", "30%", "40%"});

    const auto diverging = colour_legend_ticks({ColourRamp::Diverging, -1.0, 3.0, 0.0}, 4, AxisFormat::Number);
    REQUIRE(diverging.size() == 5);
    CHECK(diverging[0].position == doctest::Approx(0.0));
    CHECK(diverging[1].position == doctest::Approx(0.5));
    CHECK(diverging[2].position == doctest::Approx(0.5 + 0.5 / 3));
    CHECK(diverging[4].label == "3");

    // Ticks outside the scale are left out: 0.05 .. 0.95 with step 0.5 keeps only 0.5.
    const auto inside = colour_legend_ticks({ColourRamp::Blues, 0.05, 0.95, {}}, 4, AxisFormat::Number);
    REQUIRE(inside.size() == 1);
    CHECK(inside[0].label == "0.5");
}

TEST_CASE("the series palette cycles") {
    CHECK(series_colour(0) == series_colour(palette_size));
    CHECK_FALSE(series_colour(0) == series_colour(1));
}

// --- Histogram -----------------------------------------------------------------------

TEST_CASE("histogram bins are nice, cover the data and ignore NaN") {
    const Doubles values{1, 2, 2, 3, 7, 9.5, missing};
    const auto histogram = histogram_bins(values, 5);  // raw width 1.7 -> 2, from 0 to 10
    CHECK(histogram.edges == Doubles{0, 2, 4, 6, 8, 10});
    CHECK(histogram.counts == std::vector<std::size_t>{1, 3, 0, 1, 1});
    CHECK(histogram.ignored == 1);
}

TEST_CASE("the top edge belongs to the last bin") {
    const auto histogram = histogram_bins(Doubles{0, 10, 20, 30}, 3);
    CHECK(histogram.edges == Doubles{0, 10, 20, 30});
    CHECK(histogram.counts == std::vector<std::size_t>{1, 1, 2});
}

TEST_CASE("histogram bins never exceed max_bins, even when widening adds one") {
    // Width 20 would need -20 .. 100, six bins; the next nice width, 50, needs three.
    const auto histogram = histogram_bins(Doubles{-1, 99}, 5);
    CHECK(histogram.edges == Doubles{-50, 0, 50, 100});
    CHECK(histogram.counts == std::vector<std::size_t>{1, 0, 1});
}

TEST_CASE("equal values get one bin around them; no finite values get none") {
    const auto flat = histogram_bins(Doubles{4, 4, 4}, 10);
    CHECK(flat.edges == Doubles{3.5, 4.5});
    CHECK(flat.counts == std::vector<std::size_t>{3});
    const auto empty = histogram_bins(Doubles{missing, missing}, 10);
    CHECK(empty.edges.empty());
    CHECK(empty.counts.empty());
    CHECK(empty.ignored == 2);
}

// --- Zoom and pan -------------------------------------------------------------------------

TEST_CASE("zooming keeps the anchor in place and stays inside the extent") {
    const Range extent{0, 100};
    CHECK(zoom_range(extent, 0.5, 50, extent) == Range{25, 75});
    CHECK(zoom_range(extent, 0.5, 0, extent) == Range{0, 50});
    CHECK(zoom_range(extent, 0.5, 80, extent) == Range{40, 90});
    CHECK(zoom_range({10, 20}, 3, 12, extent) == Range{6, 36});
    CHECK(zoom_range({25, 75}, 2, 50, extent) == extent);
    // Zooming out at the edge: [80, 110] is moved back inside to [70, 100].
    CHECK(zoom_range({90, 100}, 3, 95, extent) == Range{70, 100});
    // Zooming out past the whole extent shows the whole extent.
    CHECK(zoom_range({40, 90}, 4, 90, extent) == extent);
}

TEST_CASE("zooming in stops at a thousandth of the extent") {
    const auto narrow = zoom_range({0, 100}, 1e-6, 50, {0, 100});
    CHECK(narrow.low == doctest::Approx(49.95));
    CHECK(narrow.high == doctest::Approx(50.05));
}

TEST_CASE("panning shifts the view and stops at the data's ends") {
    const Range extent{0, 100};
    CHECK(pan_range({25, 75}, 10, extent) == Range{35, 85});
    CHECK(pan_range({25, 75}, 40, extent) == Range{50, 100});
    CHECK(pan_range({25, 75}, -100, extent) == Range{0, 50});
    CHECK(clamp_range({-10, 20}, extent) == Range{0, 30});
    CHECK(clamp_range({-10, 200}, extent) == extent);
    CHECK(reset_range(extent) == extent);
}

// --- Series look-ups -------------------------------------------------------------------------

TEST_CASE("the hover read-out finds the nearest point, or the step in force") {
    CHECK(nearest_index(Doubles{1, 3, missing, 7}, 5.5) == 3u);
    CHECK(nearest_index(Doubles{0, 2}, 1.0) == 0u);
    CHECK_FALSE(nearest_index(Doubles{}, 1.0).has_value());
    const Doubles steps{0, 10, 20};
    CHECK(step_index_at(steps, 15) == 1u);
    CHECK(step_index_at(steps, 10) == 1u);
    CHECK(step_index_at(steps, 25) == 2u);
    CHECK_FALSE(step_index_at(steps, -1).has_value());
}

// --- CSV ---------------------------------------------------------------------------------------

TEST_CASE("chart CSV has x first, a column per series and blanks where a series has no point") {
    const std::vector<CsvSeries> series{{"a", {2, 1}, {20, 10}}, {"b", {2, 3}, {0.5, missing}}};
    CHECK(chart_csv("x", series, AxisFormat::Number) == "x,a,b\n1,10,\n2,20,0.5\n3,,\n");
}

TEST_CASE("chart CSV gives repeated x their own rows and writes dates as ISO") {
    const std::vector<CsvSeries> scatter{{"s", {1, 1, 2}, {5, 6, 7}}, {"t", {1}, {9}}};
    CHECK(chart_csv("x", scatter, AxisFormat::Number) == "x,s,t\n1,5,9\n1,6,\n2,7,\n");
    const std::vector<CsvSeries> dated{{"Revenue, net", {19793, 19794}, {1250.5, 0.1}}};
    CHECK(chart_csv("day", dated, AxisFormat::Date) == "day,\"Revenue, net\"\n2024-03-11,1250.5\n2024-03-12,0.1\n");
}

TEST_CASE("category CSV has a row per category, quoted when needed") {
    const Strings categories{"2024-01", "say \"hi\""};
    const std::vector<CsvSeries> series{{"Returning", {}, {3, 4}}, {"New", {}, {5}}};
    CHECK(category_csv("month", categories, series) == "month,Returning,New\n2024-01,3,5\n\"say \"\"hi\"\"\",4,\n");
    CHECK(csv_number(1.0 / 3.0) == "0.333333333333");
    CHECK(csv_number(missing).empty());
}
