// Section index: names and texts; the headline; the response curve; the table of points.
// (The heatmap of a 2-D sweep is in experiments_sweep_heatmap.cpp.)
#include "sections/experiments/experiments_sweep_results.hpp"

#include "charts/chart.hpp"
#include "sections/experiments/experiment_figures.hpp"
#include "ui/help_window.hpp"
#include "ui/ui_scale.hpp"
#include "touchpoint/cadence/cadence.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace touchpoint::web {

namespace {

// ---- Names and texts ---------------------------------------------------------------------------

// "day 9 of "Past the usual time"", or both steps' days in a 2-D sweep.
std::string point_days_text(const sim::SweepResult& result, const sim::SweepPoint& point) {
    std::string text = "day " + std::to_string(point.days.first_day) + " of \"" + result.spec.first.step + "\"";
    if (result.spec.second) text += " and day " + std::to_string(point.days.second_day) + " of \"" + result.spec.second->step + "\"";
    return text;
}

// "0.381 (0.341 to 0.421)", or the signed difference "-0.005 (-0.017 to +0.007)".
std::string estimate_of(const sim::Estimate& estimate, sim::SweepMetric metric, bool difference = false) {
    std::string text = sweep_value_text(estimate.mean, metric, difference);
    if (std::isfinite(estimate.ci_low) && std::isfinite(estimate.ci_high))
        text += " (" + sweep_value_text(estimate.ci_low, metric, difference) + " to " + sweep_value_text(estimate.ci_high, metric, difference) + ")";
    return text;
}

std::string metric_label(const sim::SweepResult& result) { return std::string(sim::sweep_metric_label(result.spec.metric)); }

// The x axis's words: which delay it is and what the step's trigger counts from.
std::string axis_label(const sim::SweepResult& result, const std::string& step_name) {
    std::string label = "delay of \"" + step_name + "\", days";
    for (const auto& step : result.spec.cadence.steps)
        if (step.name == step_name) label += " (trigger: " + std::string(cadence::trigger_label(step.trigger)) + ")";
    return label;
}

// A small filled square in `colour` on the text line, then SameLine.
void key_swatch(ImU32 colour, bool round = false) {
    const float size = ImGui::GetTextLineHeight() * 0.6f;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float top = at.y + (ImGui::GetTextLineHeight() - size) * 0.5f;
    auto* draw = ImGui::GetWindowDrawList();
    if (round) draw->AddCircleFilled(ImVec2(at.x + size * 0.5f, top + size * 0.5f), size * 0.5f, colour, 12);
    else draw->AddRectFilled(ImVec2(at.x, top), ImVec2(at.x + size, top + size), colour, px(2.0f));
    ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0.0f, px(6.0f));
}

ImU32 faded(ImU32 colour, float alpha) {
    ImVec4 value = ImGui::ColorConvertU32ToFloat4(colour);
    value.w *= alpha;
    return ImGui::ColorConvertFloat4ToU32(value);
}

}  // namespace

// ---- The headline ------------------------------------------------------------------------------

void draw_sweep_headline(const sim::SweepResult& result) {
    const auto metric = result.spec.metric;
    const bool grid = result.spec.second.has_value();
    const auto& best = result.points[result.best];
    key_swatch(best_colour(), true);
    ImGui::PushStyleColor(ImGuiCol_Text, best_colour());
    ImGui::Text("Best: %s", point_days_text(result, best).c_str());
    ImGui::PopStyleColor();
    hover_definition("sweep_best_day");
    ImGui::SameLine();
    ImGui::Text("%s%s", estimate_of(best.metric, metric).c_str(), grid ? ", outlined" : "");
    hover_hint((metric_label(result) + ": the mean over the replications and its 95% interval.").c_str());
    if (!grid) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", metric_label(result).c_str());
    }

    key_swatch(faded(tied_colour(), 0.55f));
    ImGui::Text("Tied with the best: %s%s", tied_days_text(result).c_str(), grid ? ", dotted" : "");
    hover_definition("sweep_tied_with_best");
    ImGui::SameLine();
    ImGui::TextDisabled("(the paired 95%% interval of the difference from the best holds 0)");
    hover_definition("sweep_paired_difference");
    ImGui::SameLine(0.0f, px(24.0f));
    ImGui::TextDisabled("No touches: %s", sweep_value_text(result.baseline_metric.mean, metric).c_str());
    hover_hint("The same customers with no touch at all; with common random numbers the gap to it is the cadence's doing.");
}

// ---- The response curve ------------------------------------------------------------------------

void draw_sweep_curve(const sim::SweepResult& result, ImVec2 size, std::vector<DrawnChart>& drawn) {
    const std::size_t count = result.points.size();
    std::vector<double> days(count), means(count), lows(count), highs(count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto& point = result.points[i];
        days[i] = point.days.first_day;
        means[i] = point.metric.mean;
        lows[i] = point.metric.ci_low;
        highs[i] = point.metric.ci_high;
    }
    const std::string title = metric_label(result) + " by the day \"" + result.spec.first.step + "\" goes out";
    const std::string x_label = axis_label(result, result.spec.first.step);
    charts::ChartOptions options;
    options.title = title.c_str();
    options.x_label = x_label.c_str();
    options.y_format = sweep_axis_format(result.spec.metric);
    options.y_includes_zero = false;  // the days differ by little: show the differences
    options.export_name = "timing-sweep";
    if (!charts::begin_chart("sweep_curve", size, options)) return;

    // The tied days as strips as tall as the intervals reach, under everything else.
    const auto range = sweep_value_range(result, false);
    const auto spans = tied_spans(result);
    const auto strips = strip_band(spans, range.low, range.high);
    charts::band("##tied with the best", strips.xs, strips.lows, strips.highs, tied_colour());
    charts::band("95% interval", days, lows, highs, estimate_colour());
    charts::line("Mean", days, means, estimate_colour());

    // The best day: its interval as an error bar with caps, and a dot at its mean.
    const auto& best = result.points[result.best];
    const double day = best.days.first_day;
    double spacing = 1.0;
    for (std::size_t i = 1; i < count; ++i) spacing = i == 1 ? days[1] - days[0] : std::min(spacing, days[i] - days[i - 1]);
    const double cap_low = std::max(days.front(), day - 0.3 * spacing), cap_high = std::min(days.back(), day + 0.3 * spacing);
    if (std::isfinite(best.metric.ci_low) && std::isfinite(best.metric.ci_high)) {
        const double bar_x[] = {day, day};
        const double bar_y[] = {best.metric.ci_low, best.metric.ci_high};
        charts::line("##best interval", bar_x, bar_y, best_colour());
        const double cap_x[] = {cap_low, cap_high};
        const double low_y[] = {best.metric.ci_low, best.metric.ci_low};
        const double high_y[] = {best.metric.ci_high, best.metric.ci_high};
        charts::line("##best interval low", cap_x, low_y, best_colour());
        charts::line("##best interval high", cap_x, high_y, best_colour());
    }
    const double best_x[] = {day, day};
    const double best_y[] = {best.metric.mean, best.metric.mean};
    charts::scatter("##best day", best_x, best_y, best_colour());
    charts::end_chart();
    const auto rect = charts::last_chart_rect();
    drawn.push_back({"sweep_curve", rect.min, rect.max, 2});
}

// ---- The table of points -----------------------------------------------------------------------

void draw_sweep_table(const sim::SweepResult& result, ImVec2 size) {
    const bool two_steps = result.spec.second.has_value();
    const int columns = two_steps ? 5 : 4;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX;
    if (!ImGui::BeginTable("sweep_points", columns, flags, size)) return;
    ImGui::TableSetupScrollFreeze(two_steps ? 2 : 1, 1);
    ImGui::TableSetupColumn(two_steps ? "Day 1" : "Day");
    if (two_steps) ImGui::TableSetupColumn("Day 2");
    ImGui::TableSetupColumn("Mean");
    ImGui::TableSetupColumn("95% interval");
    ImGui::TableSetupColumn("vs best, paired (95% interval)");
    ImGui::TableHeadersRow();
    const auto metric = result.spec.metric;
    // The best row in the best colour, tied rows in the tied colour, as in the chart.
    const ImU32 best_row = faded(best_colour(), 0.28f), tied_row = faded(tied_colour(), 0.18f);
    const ImVec4 best_text = ImGui::ColorConvertU32ToFloat4(best_colour());
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(result.points.size()));
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const auto index = static_cast<std::size_t>(row);
            const auto& point = result.points[index];
            const bool best = index == result.best;
            ImGui::TableNextRow();
            if (best || point.tied_with_best) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, best ? best_row : tied_row);
            int column = 0;
            ImGui::TableSetColumnIndex(column++);
            if (best) ImGui::TextColored(best_text, "%d", point.days.first_day);
            else ImGui::Text("%d", point.days.first_day);
            if (two_steps) {
                ImGui::TableSetColumnIndex(column++);
                if (best) ImGui::TextColored(best_text, "%d", point.days.second_day);
                else ImGui::Text("%d", point.days.second_day);
            }
            ImGui::TableSetColumnIndex(column++);
            ImGui::TextUnformatted(sweep_value_text(point.metric.mean, metric).c_str());
            ImGui::TableSetColumnIndex(column++);
            ImGui::TextDisabled("%s to %s", sweep_value_text(point.metric.ci_low, metric).c_str(),
                                sweep_value_text(point.metric.ci_high, metric).c_str());
            ImGui::TableSetColumnIndex(column);
            if (best) ImGui::TextColored(best_text, "the best");
            else ImGui::TextUnformatted(estimate_of(point.difference_from_best, metric, true).c_str());
        }
    }
    ImGui::EndTable();
}

}  // namespace touchpoint::web
