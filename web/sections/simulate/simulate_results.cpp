// Section index: colours and cells; the results table; the charts; segments and steps; the test API.
#include "sections/simulate/simulate_results.hpp"

#include "charts/chart.hpp"
#include "charts/palette.hpp"
#include "sections/simulate/simulate_figures.hpp"
#include "ui/ui_scale.hpp"
#include "touchpoint/metrics/segments.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace touchpoint::web {

namespace {

// ---- Colours and cells -------------------------------------------------------------------------

const ImU32 baseline_colour = IM_COL32(140, 140, 140, 255);

// The cadences of the run, then the no-touch baseline.
std::vector<const sim::CadenceOutcome*> columns_of(const sim::SimulationResult& result) {
    std::vector<const sim::CadenceOutcome*> columns;
    for (const auto& outcome : result.cadences) columns.push_back(&outcome);
    columns.push_back(&result.baseline);
    return columns;
}

// A header cell in the cadence's colour; the baseline's in the text colour.
void column_header(const char* name, std::size_t index, bool baseline) {
    if (!baseline) ImGui::PushStyleColor(ImGuiCol_Text, cadence_colour(index));
    ImGui::TableHeader(name);
    if (!baseline) ImGui::PopStyleColor();
}

// The mean, then its interval in the muted colour.
void estimate_cell(const sim::Estimate& estimate, FigureFormat format) {
    const std::string mean = figure_text(estimate.mean, format);
    ImGui::TextUnformatted(mean.c_str());
    if (std::isfinite(estimate.mean) && std::isfinite(estimate.ci_low) && std::isfinite(estimate.ci_high)) {
        ImGui::SameLine(0.0f, px(4.0f));
        ImGui::TextDisabled("(%s to %s)", figure_text(estimate.ci_low, format).c_str(), figure_text(estimate.ci_high, format).c_str());
    }
}

void hover_text(const std::string& text) {
    if (!ImGui::IsItemHovered()) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(px(360.0f));
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

bool begin_figure_table(const char* id, int columns, ImVec2 size = ImVec2(0.0f, 0.0f)) {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX | ImGuiTableFlags_NoHostExtendY;
    if (!ImGui::BeginTable(id, columns, flags, size)) return false;
    ImGui::TableSetupScrollFreeze(1, 1);
    return true;
}

// The height a table of `rows` rows and a header takes, so tables sit one under another.
float table_height(int rows) {
    const float row = ImGui::GetTextLineHeight() + 2.0f * ImGui::GetStyle().CellPadding.y;
    return row * static_cast<float>(rows + 1) + ImGui::GetStyle().ScrollbarSize + px(4.0f);
}

// ---- Charts ------------------------------------------------------------------------------------

std::vector<double> indices(std::size_t count, double first = 0.0) {
    std::vector<double> xs(count);
    for (std::size_t i = 0; i < count; ++i) xs[i] = first + static_cast<double>(i);
    return xs;
}

void record(std::vector<DrawnChart>& drawn, const char* name, std::size_t series) {
    const auto rect = charts::last_chart_rect();
    drawn.push_back({name, rect.min, rect.max, series});
}

void curve_chart(const char* id, const sim::SimulationResult& result, const sim::Curve& (*curve_of)(const sim::CadenceOutcome&),
                 const charts::ChartOptions& options, ImVec2 size, bool bands, double x_first, std::vector<DrawnChart>& drawn,
                 sim::Curve (*transform)(const sim::CadenceOutcome&) = nullptr) {
    if (!charts::begin_chart(id, size, options)) return;
    std::size_t series = 0;
    const auto draw = [&](const sim::CadenceOutcome& outcome, ImU32 colour, bool dashed_baseline) {
        const sim::Curve curve = transform ? transform(outcome) : curve_of(outcome);
        const auto xs = indices(curve.mean.size(), x_first);
        if (bands && !dashed_baseline) charts::band(("##band " + outcome.name).c_str(), xs, curve.ci_low, curve.ci_high, colour);
        charts::line(dashed_baseline ? "No touches" : outcome.name.c_str(), xs, curve.mean, colour);
        ++series;
    };
    for (std::size_t c = 0; c < result.cadences.size(); ++c) draw(result.cadences[c], cadence_colour(c), false);
    draw(result.baseline, baseline_colour, true);
    charts::end_chart();
    record(drawn, id, series);
}

}  // namespace

ImU32 cadence_colour(std::size_t index) {
    const auto colour = charts::series_colour(index);
    return IM_COL32(colour.r, colour.g, colour.b, colour.a);
}

// ---- The results table -------------------------------------------------------------------------

void draw_results_table(const sim::SimulationResult& result, std::vector<DrawnChart>& drawn) {
    const auto columns = columns_of(result);
    const auto& rows = figure_rows();
    ImGui::TextDisabled("Per customer over %d days: mean (95%% interval over %d replications). \"vs no touches\": the same customers "
                        "without any touch; ROI at a %.0f%% margin.",
                        result.options.days, result.options.replications, result.options.margin * 100.0);
    if (!begin_figure_table("simulation_results", static_cast<int>(columns.size()) + 1,
                            ImVec2(0.0f, std::min(table_height(static_cast<int>(rows.size())), ImGui::GetContentRegionAvail().y))))
        return;
    ImGui::TableSetupColumn("Figure");
    for (const auto* outcome : columns) ImGui::TableSetupColumn(outcome == &result.baseline ? "No touches" : outcome->name.c_str());
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    ImGui::TableSetColumnIndex(0);
    ImGui::TableHeader("Per customer");
    for (std::size_t c = 0; c < columns.size(); ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c) + 1);
        const bool baseline = columns[c] == &result.baseline;
        column_header(baseline ? "No touches" : columns[c]->name.c_str(), c, baseline);
    }
    for (const auto& row : rows) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(row.label.c_str());
        hover_text(row.hint);
        for (std::size_t c = 0; c < columns.size(); ++c) {
            ImGui::TableSetColumnIndex(static_cast<int>(c) + 1);
            if (row.incremental && columns[c] == &result.baseline) {
                ImGui::TextDisabled("-");
                continue;
            }
            estimate_cell(row.value(*columns[c]), row.format);
        }
    }
    ImGui::EndTable();
    // Under the table, when there is room: how much retention each cadence gains, day by day.
    const float left = ImGui::GetContentRegionAvail().y;
    if (left < px(150.0f)) return;
    charts::ChartOptions options;
    options.title = "Customers kept over no touches (percentage points of not dropped out, means), by day";
    options.x_label = "days since the first purchase";
    options.y_format = charts::AxisFormat::Percent;
    options.export_name = "simulated-retention-gain";
    if (!charts::begin_chart("sim_retention_gain", ImVec2(0.0f, left), options)) return;
    const auto& baseline = result.baseline.alive_by_day.mean;
    const auto days = indices(baseline.size());
    charts::line("No touches", days, std::vector<double>(baseline.size(), 0.0), baseline_colour);
    for (std::size_t c = 0; c < result.cadences.size(); ++c) {
        const auto& alive = result.cadences[c].alive_by_day.mean;
        std::vector<double> gain(std::min(alive.size(), baseline.size()));
        for (std::size_t d = 0; d < gain.size(); ++d) gain[d] = alive[d] - baseline[d];
        charts::line(result.cadences[c].name.c_str(), days, gain, cadence_colour(c));
    }
    charts::end_chart();
    record(drawn, "sim_retention_gain", result.cadences.size() + 1);
}

// ---- The charts --------------------------------------------------------------------------------

void draw_result_charts(const sim::SimulationResult& result, ResultsView& view, std::vector<DrawnChart>& drawn) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Retention");
    ImGui::SameLine();
    int measure = view.retention == RetentionMeasure::Alive ? 0 : 1;
    ImGui::SetNextItemWidth(px(330.0f));
    char active_label[96];
    std::snprintf(active_label, sizeof active_label, "Active (bought within the last %d days)", result.options.active_window_days);
    const char* labels[] = {"Not dropped out (alive)", active_label};
    if (ImGui::Combo("##retention_measure", &measure, labels, 2))
        view.retention = measure == 0 ? RetentionMeasure::Alive : RetentionMeasure::Active;
    ImGui::SameLine();
    ImGui::TextDisabled("Bands: 95%% intervals over %d replications.", result.options.replications);

    const ImVec2 available = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    const float top_height = std::max(px(160.0f), (available.y - spacing) * 0.55f);
    const float bottom_height = std::max(px(140.0f), available.y - top_height - spacing);

    const bool alive = view.retention == RetentionMeasure::Alive;
    charts::ChartOptions retention;
    retention.title = alive ? "Share of customers who have not dropped out, by day since their first purchase"
                            : "Share of customers active (a purchase within the window), by day since their first purchase";
    retention.x_label = "days since the first purchase";
    retention.y_format = charts::AxisFormat::Percent;
    retention.y_includes_zero = false;  // the cadences differ by a few points: show them
    retention.export_name = "simulated-retention";
    curve_chart("sim_retention", result, alive ? +[](const sim::CadenceOutcome& o) -> const sim::Curve& { return o.alive_by_day; }
                                               : +[](const sim::CadenceOutcome& o) -> const sim::Curve& { return o.active_by_day; },
                retention, ImVec2(0.0f, top_height), true, 0.0, drawn);

    const float half = (available.x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    charts::ChartOptions revenue;
    revenue.title = "Cumulative revenue per customer from repeat purchases";
    revenue.x_label = "days since the first purchase";
    revenue.y_format = charts::AxisFormat::Money;
    revenue.export_name = "simulated-revenue";
    curve_chart("sim_revenue", result, nullptr, revenue, ImVec2(half, bottom_height), true, 0.0, drawn, &cumulative_revenue);
    ImGui::SameLine();
    charts::ChartOptions touches;
    touches.title = "Touches sent per customer, by week";
    touches.x_label = "week since the first purchase";
    touches.export_name = "simulated-touches";
    curve_chart("sim_touches", result, +[](const sim::CadenceOutcome& o) -> const sim::Curve& { return o.touches_by_week; }, touches,
                ImVec2(0.0f, bottom_height), false, 0.0, drawn);
}

// ---- Segments and steps ------------------------------------------------------------------------

void draw_segment_breakdown(const sim::SimulationResult& result) {
    const auto columns = columns_of(result);
    const int column_count = static_cast<int>(columns.size()) + 1;
    const auto segment_table = [&](const char* id, const char* first_header, bool shares) {
        if (!begin_figure_table(id, column_count, ImVec2(0.0f, table_height(static_cast<int>(metrics::segment_count))))) return;
        ImGui::TableSetupColumn(first_header);
        for (std::size_t c = 0; c < columns.size(); ++c) ImGui::TableSetupColumn(columns[c]->name.c_str());
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        ImGui::TableSetColumnIndex(0);
        ImGui::TableHeader(first_header);
        for (std::size_t c = 0; c < columns.size(); ++c) {
            ImGui::TableSetColumnIndex(static_cast<int>(c) + 1);
            const bool baseline = columns[c] == &result.baseline;
            column_header(baseline ? "No touches" : columns[c]->name.c_str(), c, baseline);
        }
        for (std::size_t s = 0; s < metrics::segment_count; ++s) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            const auto label = metrics::segment_label(static_cast<metrics::Segment>(s));
            ImGui::TextUnformatted(label.data(), label.data() + label.size());
            for (std::size_t c = 0; c < columns.size(); ++c) {
                ImGui::TableSetColumnIndex(static_cast<int>(c) + 1);
                const auto& segments = columns[c]->segments;
                if (s >= segments.size()) continue;
                estimate_cell(shares ? segments[s].share_at_end : segments[s].touches_per_customer,
                              shares ? FigureFormat::Percent : FigureFormat::Decimal);
            }
        }
        ImGui::EndTable();
    };
    ImGui::TextUnformatted("Customers in each segment on the last day");
    segment_table("segment_shares", "Segment", true);
    ImGui::Spacing();
    ImGui::TextUnformatted("Touches sent per customer, by the segment the customer was in when touched");
    segment_table("segment_touches", "Segment", false);
    ImGui::Spacing();

    ImGui::TextUnformatted("Steps: touches per customer sent, reached and blocked by the caps or quiet days");
    int step_rows = 0;
    for (const auto& outcome : result.cadences) step_rows += static_cast<int>(outcome.steps.size());
    if (step_rows == 0) {
        ImGui::TextDisabled("No cadence of this run has steps.");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX;
    if (!ImGui::BeginTable("step_outcomes", 5, flags, ImVec2(0.0f, std::max(px(120.0f), ImGui::GetContentRegionAvail().y)))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Cadence");
    ImGui::TableSetupColumn("Step");
    ImGui::TableSetupColumn("Sent");
    ImGui::TableSetupColumn("Reached");
    ImGui::TableSetupColumn("Blocked");
    ImGui::TableHeadersRow();
    for (std::size_t c = 0; c < result.cadences.size(); ++c) {
        for (const auto& step : result.cadences[c].steps) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(cadence_colour(c)), "%s", result.cadences[c].name.c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(step.name.c_str());
            ImGui::TableSetColumnIndex(2);
            estimate_cell(step.sent, FigureFormat::Decimal);
            ImGui::TableSetColumnIndex(3);
            estimate_cell(step.reached, FigureFormat::Decimal);
            ImGui::TableSetColumnIndex(4);
            estimate_cell(step.blocked, FigureFormat::Decimal);
        }
    }
    ImGui::EndTable();
}

// ---- The test API ------------------------------------------------------------------------------

nlohmann::json results_table_json(const sim::SimulationResult& result) {
    const auto columns = columns_of(result);
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : figure_rows()) {
        nlohmann::json cells = nlohmann::json::array();
        for (const auto* outcome : columns)
            cells.push_back(row.incremental && outcome == &result.baseline ? std::string("-") : estimate_text(row.value(*outcome), row.format));
        rows.push_back({{"key", row.key}, {"label", row.label}, {"cells", cells}});
    }
    return rows;
}

}  // namespace touchpoint::web
