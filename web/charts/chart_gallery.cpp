#include "charts/chart_gallery.hpp"

#include "charts/chart.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace touchpoint::charts {

namespace {

constexpr double first_day_2024 = 19723;  // 2024-01-01 as a day number
constexpr int gallery_rows = 4;

// A fixed pseudo-random sequence (a linear congruential generator), so the gallery looks the
// same on every run and in every screenshot.
class Sequence {
public:
    explicit Sequence(std::uint32_t seed) : state_(seed) {}
    double uniform() {
        state_ = state_ * 1664525u + 1013904223u;
        return (state_ >> 8) / 16777216.0;
    }
    // Roughly normal: the sum of four uniforms, centred and scaled to unit variance.
    double normal() { return (uniform() + uniform() + uniform() + uniform() - 2.0) * std::sqrt(3.0); }

private:
    std::uint32_t state_;
};

struct GalleryData {
    std::vector<double> days, retained, retained_low, retained_high;
    std::vector<double> survival_days, survival_first, survival_repeat;
    std::vector<double> months, online, store;
    std::vector<std::string> quarters;
    std::vector<double> new_customers, returning, reactivated;
    std::vector<double> gaps;
    std::vector<double> orders_a, spend_a, orders_b, spend_b;
    std::vector<std::string> cohorts, ages;
    std::vector<double> cohort_retention;
    std::vector<std::string> segments, weeks;
    std::vector<double> weekly_change;
};

GalleryData make_gallery_data() {
    GalleryData data;
    Sequence random(2024);

    // Share of a cohort still active, with a widening interval.
    for (int day = 0; day < 180; ++day) {
        const double share = 0.32 + 0.45 * std::exp(-day / 35.0) + 0.015 * std::sin(day / 6.0);
        const double half_width = 0.02 + 0.0004 * day;
        data.days.push_back(first_day_2024 + day);
        data.retained.push_back(share);
        data.retained_low.push_back(share - half_width);
        data.retained_high.push_back(share + half_width);
    }

    // Survival to the second order: steps at the days customers reorder.
    double first = 1.0, repeat = 1.0;
    for (int day = 0; day <= 360; day += 12) {
        data.survival_days.push_back(day);
        data.survival_first.push_back(first);
        data.survival_repeat.push_back(repeat);
        first *= 0.93 + 0.02 * random.uniform();
        repeat *= 0.86 + 0.03 * random.uniform();
    }

    // Monthly revenue by channel.
    const double month_starts[] = {19723, 19754, 19783, 19814, 19844, 19875, 19905, 19936, 19967, 19997, 20028, 20058};
    for (int month = 0; month < 12; ++month) {
        data.months.push_back(month_starts[month]);
        data.online.push_back(std::round(18000 + 900 * month + 2500 * random.uniform()));
        data.store.push_back(std::round(14000 + 300 * month + 2000 * random.uniform()));
    }

    // Customers by kind per quarter.
    for (const char* quarter : {"Q1 2023", "Q2 2023", "Q3 2023", "Q4 2023", "Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024"}) {
        data.quarters.emplace_back(quarter);
        data.new_customers.push_back(std::round(900 + 300 * random.uniform()));
        data.returning.push_back(std::round(600 + 90.0 * static_cast<double>(data.quarters.size()) + 200 * random.uniform()));
        data.reactivated.push_back(std::round(120 + 80 * random.uniform()));
    }

    // Days between orders: a skewed spread, as order gaps are.
    for (int i = 0; i < 800; ++i) data.gaps.push_back(std::max(1.0, std::round(12 * std::exp(0.7 * random.normal()) + 3)));

    // Orders against spend for two segments.
    for (int i = 0; i < 60; ++i) {
        const double orders_a = 1 + std::floor(8 * random.uniform());
        data.orders_a.push_back(orders_a);
        data.spend_a.push_back(std::max(10.0, 45 * orders_a + 40 * random.normal()));
        const double orders_b = 2 + std::floor(10 * random.uniform());
        data.orders_b.push_back(orders_b);
        data.spend_b.push_back(std::max(10.0, 80 * orders_b + 70 * random.normal()));
    }

    // Monthly cohorts: the share still buying N months after the first order; later cohorts
    // have not reached the later months yet (NaN).
    const char* month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct"};
    for (int cohort = 0; cohort < 10; ++cohort) data.cohorts.push_back(std::string(month_names[cohort]) + " 2024");
    for (int age = 0; age < 10; ++age) data.ages.push_back("M" + std::to_string(age));
    for (int cohort = 0; cohort < 10; ++cohort)
        for (int age = 0; age < 10; ++age)
            data.cohort_retention.push_back(
                age + cohort >= 10 ? std::nan("")
                                   : (age == 0 ? 1.0 : 0.22 + 0.38 * std::exp(-age / 2.5) + 0.03 * random.normal()));

    // Week-over-week change by segment, around zero.
    for (const char* segment : {"Champions", "Loyal", "Promising", "At risk", "Lapsed"}) data.segments.emplace_back(segment);
    for (int week = 1; week <= 12; ++week) data.weeks.push_back("W" + std::to_string(week));
    for (std::size_t i = 0; i < data.segments.size() * data.weeks.size(); ++i)
        data.weekly_change.push_back(std::clamp(0.06 * random.normal(), -0.15, 0.15));
    return data;
}

const GalleryData& gallery_data() {
    static const GalleryData data = make_gallery_data();
    return data;
}

void retention_chart(const GalleryData& data, ImVec2 size) {
    ChartOptions options;
    options.title = "Line and band: share of a cohort active";
    options.x_format = AxisFormat::Date;
    options.y_format = AxisFormat::Percent;
    if (!begin_chart("gallery_line_band", size, options)) return;
    // The band in the line's colour, so they read as one estimate.
    const ImU32 blue = IM_COL32(46, 125, 196, 255);
    band("90% interval", data.days, data.retained_low, data.retained_high, blue);
    line("Active share", data.days, data.retained, blue);
    end_chart();
}

void survival_chart(const GalleryData& data, ImVec2 size) {
    ChartOptions options;
    options.title = "Steps: customers yet to reorder";
    options.x_label = "days since first order";
    options.y_format = AxisFormat::Percent;
    if (!begin_chart("gallery_step", size, options)) return;
    step("First-time buyers", data.survival_days, data.survival_first);
    step("Repeat buyers", data.survival_days, data.survival_repeat);
    end_chart();
}

void revenue_chart(const GalleryData& data, ImVec2 size) {
    ChartOptions options;
    options.title = "Bars: monthly revenue by channel";
    options.x_format = AxisFormat::Date;
    options.y_format = AxisFormat::Money;
    options.money_symbol = "$";
    if (!begin_chart("gallery_bars", size, options)) return;
    bars("Online", data.months, data.online, 22);
    bars("Store", data.months, data.store, 22);
    end_chart();
}

void customers_chart(const GalleryData& data, ImVec2 size) {
    ChartOptions options;
    options.title = "Stacked bars: customers by kind";
    if (!begin_chart("gallery_stacked_bars", size, options)) return;
    const BarSeries series[] = {{"New", data.new_customers}, {"Returning", data.returning}, {"Reactivated", data.reactivated}};
    stacked_bars(data.quarters, series);
    end_chart();
}

void gaps_chart(const GalleryData& data, ImVec2 size) {
    ChartOptions options;
    options.title = "Histogram: days between orders";
    if (!begin_chart("gallery_histogram", size, options)) return;
    histogram("Orders", data.gaps, 24);
    end_chart();
}

void spend_chart(const GalleryData& data, ImVec2 size) {
    ChartOptions options;
    options.title = "Scatter: orders and spend per customer";
    options.y_format = AxisFormat::Money;
    options.money_symbol = "$";
    if (!begin_chart("gallery_scatter", size, options)) return;
    scatter("Segment A", data.orders_a, data.spend_a);
    scatter("Segment B", data.orders_b, data.spend_b);
    end_chart();
}

void cohort_chart(const GalleryData& data, ImVec2 size) {
    ChartOptions options;
    options.title = "Heatmap: cohort retention by month";
    options.y_format = AxisFormat::Percent;
    if (!begin_chart("gallery_heatmap", size, options)) return;
    heatmap("Retention", 10, 10, data.cohort_retention, data.cohorts, data.ages, {ColourRamp::Viridis, 0.0, 1.0, {}});
    end_chart();
}

void change_chart(const GalleryData& data, ImVec2 size) {
    ChartOptions options;
    options.title = "Diverging heatmap: week-over-week change";
    options.y_format = AxisFormat::Percent;
    if (!begin_chart("gallery_diverging", size, options)) return;
    heatmap("Change", static_cast<int>(data.segments.size()), static_cast<int>(data.weeks.size()), data.weekly_change,
            data.segments, data.weeks, {ColourRamp::Diverging, -0.15, 0.15, 0.0});
    end_chart();
}

}  // namespace

void draw_chart_gallery() {
    const GalleryData& data = gallery_data();
    const ImVec2 spacing = ImGui::GetStyle().ItemSpacing;
    const ImVec2 available = ImGui::GetContentRegionAvail();
    const ImVec2 size{std::max(200.0f, (available.x - spacing.x) / 2),
                      std::max(100.0f, (available.y - spacing.y * (gallery_rows - 1)) / gallery_rows)};
    using Draw = void (*)(const GalleryData&, ImVec2);
    const std::array<Draw, 2 * gallery_rows> charts{retention_chart, survival_chart, revenue_chart, customers_chart,
                                                    gaps_chart,      spend_chart,    cohort_chart,  change_chart};
    for (std::size_t i = 0; i < charts.size(); ++i) {
        if (i % 2 == 1) ImGui::SameLine();
        charts[i](data, size);
    }
}

}  // namespace touchpoint::charts
