// The Experiments section's UI-free logic: the days tied with the best and their strips, the
// curve's value range, the 2-D grid and its colours, the power curve's span, and the texts.
#include "sections/experiments/experiment_figures.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace touchpoint;

namespace {

// A 1-D sweep over `days` with the metric's mean at each and the points marked tied.
sim::SweepResult one_axis(const std::vector<int>& days, const std::vector<double>& means, const std::vector<bool>& tied, std::size_t best) {
    sim::SweepResult result;
    result.spec.first = {"Check-in", days};
    for (std::size_t i = 0; i < days.size(); ++i) {
        sim::SweepPoint point;
        point.days.first_day = days[i];
        point.metric = {means[i], means[i] - 0.1, means[i] + 0.1, 0.05};
        point.tied_with_best = tied[i];
        result.points.push_back(point);
    }
    result.best = best;
    result.baseline_metric = {0.0, 0.0, 0.0, 0.0};
    return result;
}

}  // namespace

TEST_CASE("tied points make runs, and runs make strips halfway to the neighbouring days") {
    const auto result = one_axis({1, 3, 5, 7, 9, 11}, {1, 2, 3, 2.9, 1, 2.8}, {false, true, true, true, false, true}, 2);
    const auto runs = web::tied_runs(result);
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].first == 1);
    CHECK(runs[0].last == 3);
    CHECK(runs[1].first == 5);
    CHECK(runs[1].last == 5);

    const auto spans = web::tied_spans(result);
    REQUIRE(spans.size() == 2);
    CHECK(spans[0].from == 2.0);   // halfway between day 1 and day 3
    CHECK(spans[0].to == 8.0);     // halfway between day 7 and day 9
    CHECK(spans[1].from == 10.0);
    CHECK(spans[1].to == 11.0);    // the last grid day: not past it
    CHECK(web::tied_days_text(result) == "days 3 to 7 and 11");
}

TEST_CASE("a lone best day, and tied runs at the grid's ends") {
    const auto alone = one_axis({0, 10, 20}, {1, 3, 2}, {false, true, false}, 1);
    CHECK(web::tied_days_text(alone) == "day 10");
    const auto spans = web::tied_spans(alone);
    REQUIRE(spans.size() == 1);
    CHECK(spans[0].from == 5.0);
    CHECK(spans[0].to == 15.0);

    const auto ends = one_axis({0, 10, 20, 30}, {3, 1, 1, 2.9}, {true, false, false, true}, 0);
    const auto end_spans = web::tied_spans(ends);
    REQUIRE(end_spans.size() == 2);
    CHECK(end_spans[0].from == 0.0);
    CHECK(end_spans[0].to == 5.0);
    CHECK(end_spans[1].from == 25.0);
    CHECK(end_spans[1].to == 30.0);
    CHECK(web::tied_days_text(ends) == "days 0 and 30");

    const auto three = one_axis({1, 2, 3, 4, 5}, {3, 1, 2.9, 1, 2.9}, {true, false, true, false, true}, 0);
    CHECK(web::tied_days_text(three) == "days 1, 3 and 5");
}

TEST_CASE("strips become one band broken by a missing value between them") {
    const std::vector<web::DaySpan> spans{{2, 8}, {10, 11}};
    const auto band = web::strip_band(spans, 0.5, 1.5);
    REQUIRE(band.xs.size() == 5);
    CHECK(band.xs == std::vector<double>{2, 8, 9, 10, 11});
    CHECK(band.lows[0] == 0.5);
    CHECK(band.highs[1] == 1.5);
    CHECK(std::isnan(band.lows[2]));
    CHECK(std::isnan(band.highs[2]));
    CHECK(band.highs[4] == 1.5);
    CHECK(web::strip_band({}, 0, 1).xs.empty());
}

TEST_CASE("the value range covers every interval, and the baseline when asked") {
    auto result = one_axis({1, 2, 3}, {1.0, 2.0, 1.5}, {false, true, false}, 1);
    result.baseline_metric.mean = -0.5;
    const auto range = web::sweep_value_range(result, false);
    CHECK(range.low == doctest::Approx(0.9));
    CHECK(range.high == doctest::Approx(2.1));
    CHECK(web::sweep_value_range(result, true).low == -0.5);
    result.points[0].metric.ci_low = std::numeric_limits<double>::quiet_NaN();  // one replication: no interval
    CHECK(web::sweep_value_range(result, false).low == 1.0);  // its mean still counts
}

TEST_CASE("a 2-D sweep becomes a grid of rows by columns with the best cell and the tied ones") {
    sim::SweepResult result;
    result.spec.first = {"First", {1, 5}};
    result.spec.second = sim::SweepAxis{"Second", {10, 20, 30}};
    result.spec.metric = sim::SweepMetric::Purchases;
    double mean = 1.0;
    for (int first : {1, 5})
        for (int second : {10, 20, 30}) {
            sim::SweepPoint point;
            point.days = {first, second};
            point.metric.mean = mean;
            point.tied_with_best = mean >= 5.0;
            mean += 1.0;
            result.points.push_back(point);
        }
    result.best = 5;  // day 5 / day 30, mean 6
    const auto map = web::sweep_heatmap(result);
    CHECK(map.rows == 2);
    CHECK(map.columns == 3);
    CHECK(map.row_days == std::vector<int>{1, 5});
    CHECK(map.column_days == std::vector<int>{10, 20, 30});
    CHECK(map.means == std::vector<double>{1, 2, 3, 4, 5, 6});
    CHECK(map.tied == std::vector<bool>{false, false, false, false, true, true});
    CHECK(map.best_row == 1);
    CHECK(map.best_column == 2);
    CHECK(map.scale.low == 1.0);
    CHECK(map.scale.high == 6.0);
    // Higher is better: the best is the ramp's bright end.
    CHECK(web::heatmap_cell_colour(map, 6.0) == charts::ramp_colour(charts::ColourRamp::Viridis, 1.0));
    CHECK(web::heatmap_cell_colour(map, 1.0) == charts::ramp_colour(charts::ColourRamp::Viridis, 0.0));
    CHECK(web::tied_days_text(result) == "2 of 6 pairs");
    CHECK(web::tied_spans(result).empty());

    // Opt-outs: lower is better, so the lowest rate is the bright end.
    result.spec.metric = sim::SweepMetric::OptOuts;
    const auto opt_outs = web::sweep_heatmap(result);
    CHECK(opt_outs.better_is_lower);
    CHECK(web::heatmap_cell_colour(opt_outs, 1.0) == charts::ramp_colour(charts::ColourRamp::Viridis, 1.0));
    CHECK(web::heatmap_legend_position(opt_outs, 6.0) == 0.0);
    CHECK(web::heatmap_cell_colour(opt_outs, std::numeric_limits<double>::quiet_NaN()) == charts::missing_value_colour);

    result.spec.second.reset();
    CHECK_THROWS_AS(web::sweep_heatmap(result), std::invalid_argument);
}

TEST_CASE("metrics read as shares, money or plain numbers") {
    CHECK(web::sweep_axis_format(sim::SweepMetric::RepeatRate) == charts::AxisFormat::Percent);
    CHECK(web::sweep_axis_format(sim::SweepMetric::IncrementalProfit) == charts::AxisFormat::Money);
    CHECK(web::sweep_axis_format(sim::SweepMetric::Purchases) == charts::AxisFormat::Number);
    CHECK(web::sweep_figure_format(sim::SweepMetric::OptOuts) == web::FigureFormat::FinePercent);
    CHECK(web::figure_text(0.3807, web::sweep_figure_format(sim::SweepMetric::IncrementalProfit)) == "+0.38");
}

TEST_CASE("sweep values keep the decimals that tell neighbouring days apart") {
    CHECK(web::sweep_value_text(0.44123, sim::SweepMetric::RepeatRate) == "44.12%");
    CHECK(web::sweep_value_text(-0.0019, sim::SweepMetric::RepeatRate, true) == "-0.19 pts");
    CHECK(web::sweep_value_text(0.000312, sim::SweepMetric::OptOuts) == "0.031%");
    CHECK(web::sweep_value_text(0.94694, sim::SweepMetric::Purchases) == "0.9469");
    CHECK(web::sweep_value_text(0.38071, sim::SweepMetric::IncrementalProfit) == "0.381");
    CHECK(web::sweep_value_text(0.0, sim::SweepMetric::IncrementalProfit, true) == "+0.000");
    CHECK(web::sweep_value_text(-0.0054, sim::SweepMetric::Revenue, true) == "-0.005");
    CHECK(web::sweep_value_text(std::numeric_limits<double>::quiet_NaN(), sim::SweepMetric::Revenue) == "n/a");
}

TEST_CASE("the power curve spans twice the required arm, as the CLI's does") {
    experiments::SampleSize size;
    size.n_control = 1000;
    CHECK(web::power_curve_span(size).n_min == 2.0);
    CHECK(web::power_curve_span(size).n_max == 2000.0);
    size.n_control = 1;
    CHECK(web::power_curve_span(size).n_max == 4.0);
}

TEST_CASE("p-values and lifts as text") {
    CHECK(web::p_value_text(0.0342) == "0.034");
    CHECK(web::p_value_text(0.0004) == "< 0.001");
    CHECK(web::p_value_text(std::numeric_limits<double>::quiet_NaN()) == "n/a");
    CHECK(web::signed_percent_text(0.1234) == "+12.3%");
    CHECK(web::signed_percent_text(-0.04) == "-4.0%");
}
