#include "sections/segments/segments_panel.hpp"

#include "ui/test_hooks.hpp"
#include "ui/help_window.hpp"
#include "ui/card_size.hpp"
#include "charts/chart.hpp"
#include "ui/format.hpp"
#include "ui/ui_scale.hpp"
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/help/glossary.hpp"
#include "touchpoint/metrics/cohorts.hpp"
#include "touchpoint/metrics/customer_lists.hpp"
#include "touchpoint/metrics/rfm.hpp"
#include "touchpoint/metrics/segments.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <vector>

namespace touchpoint::web {

namespace {

constexpr std::array<metrics::Segment, metrics::segment_count> shown_segments{
    metrics::Segment::New, metrics::Segment::Returning, metrics::Segment::Loyal, metrics::Segment::Lapsed};
constexpr const char* click_to_list = "Click to list the customers";
constexpr std::array<const char*, metrics::segment_count> segment_glossary_keys{"segment_new", "segment_returning", "segment_loyal",
                                                                                "segment_lapsed"};

void apply(SegmentsView& view) {
    const auto segments = metrics::apply_rules(view.stats, view.rules);
    view.totals = metrics::segment_totals(view.stats, segments);
    view.trend = metrics::segment_trend(view.history, view.rules, view.as_of_day);
    view.trend_labels.clear();
    for (const auto& point : view.trend) view.trend_labels.push_back(data::format_iso_date(data::day_from_number(point.day)).substr(0, 7));
    // A year of movement, or the whole history when it is shorter.
    const int first_day = view.trend.empty() ? view.as_of_day : view.trend.front().day;
    view.migration = metrics::segment_migration(view.history, view.rules, std::max(first_day, view.as_of_day - 365), view.as_of_day);
}

// The purchase history and each customer's figures as of the last purchase day.
void prepare_history(SegmentsView& view, const std::shared_ptr<const data::Dataset>& dataset) {
    view.dataset = dataset;
    const auto window = metrics::whole_history(*dataset);
    view.as_of_day = window ? window->last_day : 0;
    view.history = metrics::build_purchase_history(*dataset);
    view.stats = metrics::customer_stats_as_of(view.history, view.as_of_day);
}

void prepare(SegmentsView& view, const std::shared_ptr<const data::Dataset>& dataset) {
    prepare_history(view, dataset);
    view.cohorts = metrics::compute_cohorts(*dataset, {view.cohort_period, std::nullopt});
    view.rfm = metrics::compute_rfm(view.stats);
    apply(view);
}

std::string iso(int day) { return data::format_iso_date(data::day_from_number(day)); }

std::string label_of(metrics::Segment segment) { return std::string(metrics::segment_label(segment)); }

// The customers behind a figure of the section, counted as the figure is; none when the figure
// does not exist.
std::optional<CustomerListRequest> customers_of(const SegmentsView& view, const SegmentsClick& click) {
    const auto& dataset = *view.dataset;
    CustomerListRequest request;
    switch (click.figure) {
        case SegmentsFigure::Segment: {
            if (click.row >= metrics::segment_count) return std::nullopt;
            const auto segment = static_cast<metrics::Segment>(click.row);
            request.title = label_of(segment) + " customers as of " + iso(view.as_of_day);
            request.customers = metrics::segment_customers(metrics::apply_rules(view.stats, view.rules), segment);
            break;
        }
        case SegmentsFigure::CohortCell: {
            if (click.row >= view.cohorts.rows.size() || click.column >= view.cohorts.rows[click.row].cells.size()) return std::nullopt;
            const auto& row = view.cohorts.rows[click.row];
            const std::string period = view.cohort_period == metrics::Period::Month ? "month" : "week";
            request.title = "Cohort " + row.label + (click.column == 0 ? ": first purchases" : ", bought in " + period + " " + std::to_string(click.column));
            request.customers = metrics::cohort_cell_customers(dataset, view.cohorts, click.row, click.column);
            break;
        }
        case SegmentsFigure::RfmCell: {
            const int recency = static_cast<int>(click.row), fm = static_cast<int>(click.column);
            if (recency < 1 || recency > 5 || fm < 1 || fm > 5) return std::nullopt;
            request.title = "RFM R" + std::to_string(recency) + ", FM" + std::to_string(fm) + " as of " + iso(view.as_of_day);
            request.customers = metrics::rfm_cell_customers(view.rfm, recency, fm);
            break;
        }
        case SegmentsFigure::TrendBar: {
            if (click.row >= view.trend.size() || click.column >= metrics::segment_count) return std::nullopt;
            const int day = view.trend[click.row].day;
            const auto segment = static_cast<metrics::Segment>(click.column);
            request.title = label_of(segment) + " customers on " + iso(day);
            const auto stats = metrics::customer_stats_as_of(view.history, day);
            request.customers = metrics::segment_customers(metrics::apply_rules(stats, view.rules), segment);
            break;
        }
        case SegmentsFigure::MigrationCell: {
            if (click.row > metrics::segment_count || click.column >= metrics::segment_count) return std::nullopt;
            const auto before = metrics::apply_rules(metrics::customer_stats_as_of(view.history, view.migration.from_day), view.rules);
            const auto after = metrics::apply_rules(metrics::customer_stats_as_of(view.history, view.migration.to_day), view.rules);
            const auto from = static_cast<metrics::Segment>(click.row), to = static_cast<metrics::Segment>(click.column);
            request.title = label_of(from) + " on " + iso(view.migration.from_day) + ", " + label_of(to) + " on " + iso(view.migration.to_day);
            for (std::size_t c = 0; c < before.size(); ++c)
                if (before[c] == from && after[c] == to) request.customers.push_back(static_cast<std::uint32_t>(c));
            break;
        }
    }
    return request;
}

// Returns the segment whose card was clicked.
std::optional<metrics::Segment> draw_cards(const SegmentsView& view, ImFont* heading) {
    std::optional<metrics::Segment> clicked;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float width = (ImGui::GetContentRegionAvail().x - 3.0f * spacing) / 4.0f;
    for (std::size_t s = 0; s < shown_segments.size(); ++s) {
        if (s > 0) ImGui::SameLine();
        const auto segment = shown_segments[s];
        const auto customers = view.totals.customers[static_cast<std::size_t>(segment)];
        const double share = view.totals.total_customers > 0 ? static_cast<double>(customers) / static_cast<double>(view.totals.total_customers) : 0.0;
        ImGui::BeginChild(segment_glossary_keys[s], ImVec2(width, card_height(heading, 2)), true, ImGuiWindowFlags_NoScrollbar);
        const auto label = metrics::segment_label(segment);
        ImGui::TextDisabled("%.*s  (%s)", static_cast<int>(label.size()), label.data(), format_percent(share).c_str());
        if (heading) ImGui::PushFont(heading);
        ImGui::TextUnformatted(format_count(customers).c_str());
        if (heading) ImGui::PopFont();
        ImGui::TextDisabled("revenue %s", format_count(static_cast<std::int64_t>(view.totals.revenue[static_cast<std::size_t>(segment)])).c_str());
        ImGui::EndChild();
        if (test_hooks::recording()) test_hooks::record_click_target("segment:" + std::string(metrics::segment_key(segment)));
        if (ImGui::IsItemHovered()) {
            ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) clicked = segment;
        }
        hover_definition(segment_glossary_keys[s], click_to_list);
    }
    return clicked;
}

// Returns true when a rule changed.
bool draw_rules(metrics::SegmentRules& rules) {
    bool changed = false;
    const float width = px(150.0f);
    ImGui::SetNextItemWidth(width);
    changed |= ImGui::SliderInt("new within (days)", &rules.new_within_days, 1, 180);
    hover_definition("segment_rule_new_within_days");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(width);
    changed |= ImGui::SliderInt("loyal from (purchases)", &rules.loyal_min_purchase_days, 2, 20);
    hover_definition("segment_rule_loyal_min_purchase_days");
    ImGui::SetNextItemWidth(width);
    float multiple = static_cast<float>(rules.lapse_gap_multiple);
    if (ImGui::SliderFloat("lapsed after (x own median gap)", &multiple, 1.0f, 6.0f, "%.1f")) {
        rules.lapse_gap_multiple = static_cast<double>(multiple);
        changed = true;
    }
    hover_definition("segment_rule_lapse_gap_multiple");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(width);
    changed |= ImGui::SliderInt("one-time buyers lapse after (days)", &rules.one_time_lapse_days, 7, 365);
    hover_definition("segment_rule_one_time_lapse_days");
    return changed;
}

// Returns the bar or cell clicked.
std::optional<SegmentsClick> draw_trend_and_migration(const SegmentsView& view) {
    std::optional<SegmentsClick> clicked;
    const float height = std::max(px(220.0f), ImGui::GetContentRegionAvail().y - px(8.0f));
    const float width = ImGui::GetContentRegionAvail().x * 0.58f;
    std::array<std::vector<double>, metrics::segment_count> sizes;
    for (const auto& point : view.trend)
        for (std::size_t s = 0; s < metrics::segment_count; ++s) sizes[s].push_back(static_cast<double>(point.customers[s]));
    std::array<charts::BarSeries, metrics::segment_count> series;
    std::array<std::string, metrics::segment_count> labels;
    for (std::size_t s = 0; s < metrics::segment_count; ++s) {
        labels[s] = std::string(metrics::segment_label(shown_segments[s]));
        series[s] = {labels[s].c_str(), sizes[s]};
    }
    charts::ChartOptions trend_options;
    trend_options.title = "Segment sizes at each month end";
    trend_options.export_name = "segment-trend";
    trend_options.click_hint = click_to_list;
    if (charts::begin_chart("segment_trend", ImVec2(width, height), trend_options)) {
        charts::stacked_bars(view.trend_labels, series);
        charts::end_chart();
        if (const auto click = charts::last_chart_click(); click && click->category >= 0 && click->series >= 0)
            clicked = {SegmentsFigure::TrendBar, static_cast<std::size_t>(click->category),
                       static_cast<std::size_t>(shown_segments[static_cast<std::size_t>(click->series)])};
    }
    ImGui::SameLine();
    // Rows: the segment a year ago (or "not yet a customer"); columns: the segment now.
    std::vector<double> counts;
    std::vector<std::string> row_labels, column_labels;
    for (std::size_t r = 0; r <= metrics::segment_count; ++r) {
        row_labels.emplace_back(metrics::segment_label(static_cast<metrics::Segment>(r)));
        for (std::size_t c = 0; c < metrics::segment_count; ++c) counts.push_back(static_cast<double>(view.migration.counts[r][c]));
    }
    for (const auto segment : shown_segments) column_labels.emplace_back(metrics::segment_label(segment));
    const double highest = counts.empty() ? 1.0 : std::max(1.0, *std::max_element(counts.begin(), counts.end()));
    charts::ChartOptions migration_options;
    const std::string title = "From " + data::format_iso_date(data::day_from_number(view.migration.from_day)) + " (rows) to " +
                              data::format_iso_date(data::day_from_number(view.migration.to_day)) + " (columns)";
    migration_options.title = title.c_str();
    migration_options.export_name = "segment-migration";
    migration_options.click_hint = click_to_list;
    if (charts::begin_chart("segment_migration", ImVec2(0.0f, height), migration_options)) {
        charts::heatmap("customers", static_cast<int>(row_labels.size()), static_cast<int>(column_labels.size()), counts, row_labels,
                        column_labels, {charts::ColourRamp::Blues, 0.0, highest, std::nullopt});
        charts::end_chart();
        if (const auto click = charts::last_chart_click(); click && click->row >= 0)
            clicked = {SegmentsFigure::MigrationCell, static_cast<std::size_t>(click->row),
                       static_cast<std::size_t>(shown_segments[static_cast<std::size_t>(click->column)])};
    }
    return clicked;
}

// Month or week cohorts, and the share retained or the revenue in each cell; true when changed.
bool draw_cohort_choices(SegmentsView& view) {
    bool changed = false;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Cohorts by");
    ImGui::SameLine();
    int period = view.cohort_period == metrics::Period::Month ? 0 : 1;
    ImGui::SetNextItemWidth(px(100.0f));
    if (ImGui::Combo("##cohort_period", &period, "month\0week\0")) {
        view.cohort_period = period == 0 ? metrics::Period::Month : metrics::Period::Week;
        changed = true;
    }
    ImGui::SameLine(0.0f, px(24.0f));
    if (ImGui::RadioButton("Customers retained (%)", !view.cohort_revenue)) view.cohort_revenue = false;
    hover_definition("cohort_retention");
    ImGui::SameLine();
    if (ImGui::RadioButton("Revenue", view.cohort_revenue)) view.cohort_revenue = true;
    hover_definition("cohort_revenue");
    return changed;
}

// Returns the cell clicked.
std::optional<SegmentsClick> draw_cohorts(SegmentsView& view) {
    if (draw_cohort_choices(view)) view.cohorts = metrics::compute_cohorts(*view.dataset, {view.cohort_period, std::nullopt});
    const auto& rows = view.cohorts.rows;
    std::size_t columns = 0;
    for (const auto& row : rows) columns = std::max(columns, row.cells.size());
    std::vector<double> values;
    std::vector<std::string> row_labels, column_labels;
    double highest_revenue = 0.0;
    for (const auto& row : rows) {
        row_labels.push_back(row.label + " (" + format_count(row.size) + ")");
        for (std::size_t c = 0; c < columns; ++c) {
            const bool present = c < row.cells.size();
            const double value = !present ? std::numeric_limits<double>::quiet_NaN()
                                 : view.cohort_revenue ? row.cells[c].revenue : row.cells[c].retained;
            values.push_back(value);
            // Like the share retained, the scale spans the later periods: period 0 (the first
            // purchases) would dwarf them.
            if (present && c > 0 && view.cohort_revenue) highest_revenue = std::max(highest_revenue, value);
        }
    }
    const char* period_letter = view.cohort_period == metrics::Period::Month ? "M" : "W";
    for (std::size_t c = 0; c < columns; ++c) column_labels.push_back(period_letter + std::to_string(c));
    const char* period_word = view.cohort_period == metrics::Period::Month ? "month" : "week";
    if (view.cohort_revenue)
        ImGui::TextDisabled("Revenue: what each first-purchase %s's customers spent in each later %s.", period_word, period_word);
    else
        ImGui::TextDisabled("Customers retained: the share of each first-purchase %s's customers who bought again in each later %s.",
                            period_word, period_word);
    charts::ChartOptions options;
    options.y_format = view.cohort_revenue ? charts::AxisFormat::Money : charts::AxisFormat::Percent;
    options.export_name = view.cohort_revenue ? "cohort-revenue" : "cohort-retention";
    options.click_hint = click_to_list;
    if (charts::begin_chart("cohorts", ImVec2(0.0f, std::max(px(240.0f), ImGui::GetContentRegionAvail().y)), options)) {
        // Period 0 is always 100 %: the scale spans the later periods so their differences show.
        const charts::ColourScale scale = view.cohort_revenue
                                              ? charts::ColourScale{charts::ColourRamp::Viridis, 0.0, std::max(highest_revenue, 1.0), std::nullopt}
                                              : charts::ColourScale{charts::ColourRamp::Viridis, 0.0, 0.5, std::nullopt};
        charts::heatmap(view.cohort_revenue ? "revenue" : "retained", static_cast<int>(rows.size()), static_cast<int>(columns), values,
                        row_labels, column_labels, scale);
        charts::end_chart();
        if (const auto click = charts::last_chart_click(); click && click->row >= 0)
            return SegmentsClick{SegmentsFigure::CohortCell, static_cast<std::size_t>(click->row), static_cast<std::size_t>(click->column)};
    }
    return std::nullopt;
}

// Returns the cell clicked.
std::optional<SegmentsClick> draw_rfm(const SegmentsView& view) {
    ImGui::TextDisabled("Customers by recency score (rows, 5 = most recent) and the mean of frequency and monetary scores (columns).");
    std::vector<double> counts;
    std::vector<std::string> row_labels, column_labels;
    for (int r = 5; r >= 1; --r) {
        row_labels.push_back("R" + std::to_string(r));
        for (int fm = 1; fm <= 5; ++fm)
            counts.push_back(static_cast<double>(view.rfm.customers_by_r_and_fm[static_cast<std::size_t>(r - 1)][static_cast<std::size_t>(fm - 1)]));
    }
    for (int fm = 1; fm <= 5; ++fm) column_labels.push_back("FM" + std::to_string(fm));
    const double highest = std::max(1.0, *std::max_element(counts.begin(), counts.end()));
    charts::ChartOptions options;
    options.export_name = "rfm-grid";
    options.click_hint = click_to_list;
    if (charts::begin_chart("rfm", ImVec2(0.0f, std::max(px(240.0f), ImGui::GetContentRegionAvail().y)), options)) {
        charts::heatmap("customers", 5, 5, counts, row_labels, column_labels, {charts::ColourRamp::Blues, 0.0, highest, std::nullopt});
        charts::end_chart();
        // Rows run from R5 down to R1.
        if (const auto click = charts::last_chart_click(); click && click->row >= 0)
            return SegmentsClick{SegmentsFigure::RfmCell, static_cast<std::size_t>(5 - click->row), static_cast<std::size_t>(click->column + 1)};
    }
    return std::nullopt;
}

// The rules as the edit history holds them: an undo or redo elsewhere may have changed them.
metrics::SegmentRules rules_in(const workspace::UndoHistory& edits) {
    const auto& state = edits.current();
    if (!state.is_object() || !state.contains("segment_rules")) return {};
    try {
        return metrics::segment_rules_from_json(state["segment_rules"]);
    } catch (const metrics::SegmentRulesError&) {
        return {};
    }
}

// Brings the view up to the Dataset and the rules in the edit history, read again only when
// the workspace changed.
void sync(SegmentsView& view, const std::shared_ptr<const data::Dataset>& dataset, const workspace::UndoHistory& edits) {
    if (view.dataset != dataset) prepare(view, dataset);
    if (view.rules_revision == edits.revision()) return;
    view.rules_revision = edits.revision();
    if (const auto rules = rules_in(edits); !(rules == view.rules)) {
        view.rules = rules;
        apply(view);
    }
}

// Only what a click on `figure` needs: the drill-down's commands reach figures the section may
// never have drawn, and do not touch what it shows. Cohorts are monthly.
SegmentsView view_for_click(const std::shared_ptr<const data::Dataset>& dataset, const workspace::UndoHistory& edits,
                            SegmentsFigure figure) {
    SegmentsView view;
    view.rules = rules_in(edits);
    if (figure == SegmentsFigure::CohortCell) {
        view.dataset = dataset;
        view.cohorts = metrics::compute_cohorts(*dataset, {view.cohort_period, std::nullopt});
        return view;
    }
    prepare_history(view, dataset);
    if (figure == SegmentsFigure::RfmCell) view.rfm = metrics::compute_rfm(view.stats);
    if (figure == SegmentsFigure::TrendBar || figure == SegmentsFigure::MigrationCell) apply(view);
    return view;
}

}  // namespace

void forget_data(SegmentsView& view) {
    SegmentsView kept;
    kept.rules = view.rules;
    kept.rules_revision = view.rules_revision;
    kept.cohort_period = view.cohort_period;
    kept.cohort_revenue = view.cohort_revenue;
    view = std::move(kept);
}

bool choose_cohort_view(SegmentsView& view, const std::string& period, const std::string& measure) {
    const auto chosen_period = metrics::period_from_name(period);
    if (!chosen_period || (measure != "retained" && measure != "revenue")) return false;
    view.cohort_revenue = measure == "revenue";
    if (*chosen_period != view.cohort_period) {
        view.cohort_period = *chosen_period;
        if (view.dataset) view.cohorts = metrics::compute_cohorts(*view.dataset, {view.cohort_period, std::nullopt});
    }
    return true;
}

bool open_segments_click(Workbench& workbench, const SegmentsClick& click) {
    const auto dataset = workbench.dataset();
    if (!dataset) return false;
    auto request = customers_of(view_for_click(dataset, workbench.edits(), click.figure), click);
    if (!request) return false;
    workbench.handoffs.customer_list = std::move(*request);
    return true;
}

void draw_segments_panel(Workbench& workbench, ImFont* heading, std::optional<SegmentsTab>& select_tab, SegmentsView& view,
                         SegmentsSnapshot& snapshot) {
    snapshot = {};
    const auto dataset = workbench.dataset();
    if (!dataset) return;
    auto& edits = workbench.edits();
    sync(view, dataset, edits);
    std::optional<SegmentsClick> clicked;
    ImGui::TextDisabled("As of %s, the last purchase day in the data. %s customers.",
                        data::format_iso_date(data::day_from_number(view.as_of_day)).c_str(), format_count(view.totals.total_customers).c_str());
    snapshot.total_customers = view.totals.total_customers;
    for (std::size_t s = 0; s < shown_segments.size(); ++s) snapshot.customers[s] = view.totals.customers[static_cast<std::size_t>(shown_segments[s])];
    snapshot.cohort_rows = view.cohorts.rows.size();
    snapshot.cohort_period = view.cohort_period == metrics::Period::Month ? "month" : "week";
    snapshot.cohort_measure = view.cohort_revenue ? "revenue" : "retained";
    snapshot.rules = metrics::to_json(view.rules);
    const auto flags_for = [&](SegmentsTab tab) { return select_tab == tab ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None; };
    if (ImGui::BeginTabBar("segments_tabs")) {
        if (ImGui::BeginTabItem("Segments", nullptr, flags_for(SegmentsTab::Segments))) {
            snapshot.tab = "segments";
            if (const auto segment = draw_cards(view, heading)) clicked = {SegmentsFigure::Segment, static_cast<std::size_t>(*segment), 0};
            auto rules = view.rules;
            if (draw_rules(rules)) {
                // A slider drag is one edit: consecutive changes merge into one undo step.
                auto state = edits.current().is_object() ? edits.current() : nlohmann::json::object();
                state["segment_rules"] = metrics::to_json(rules);
                edits.commit("change the segment rules", state, "segment_rules");
                view.rules = rules;
                apply(view);
            }
            if (const auto figure = draw_trend_and_migration(view)) clicked = figure;
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Cohorts", nullptr, flags_for(SegmentsTab::Cohorts))) {
            snapshot.tab = "cohorts";
            clicked = draw_cohorts(view);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("RFM", nullptr, flags_for(SegmentsTab::Rfm))) {
            snapshot.tab = "rfm";
            clicked = draw_rfm(view);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    select_tab.reset();
    // The drill-down, drawn after the section, shows the list in this frame.
    if (clicked)
        if (auto request = customers_of(view, *clicked)) workbench.handoffs.customer_list = std::move(*request);
}

}  // namespace touchpoint::web
