#pragma once
// The Segments section: new, returning, loyal and lapsed customers under rules the user edits,
// their trend and migration; the cohort retention matrix; the RFM grid.
#include "app/workbench.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/metrics/cohorts.hpp"
#include "touchpoint/metrics/rfm.hpp"
#include "touchpoint/metrics/segments.hpp"

#include <nlohmann/json.hpp>

#include <imgui.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace touchpoint::web {

enum class SegmentsTab { Segments, Cohorts, Rfm };

// What the section drew in its last frame, for the page's test API.
struct SegmentsSnapshot {
    const char* tab = "";  // "segments", "cohorts", "rfm"
    std::array<std::int64_t, 4> customers{};  // new, returning, loyal, lapsed
    std::int64_t total_customers = 0;
    std::size_t cohort_rows = 0;
    const char* cohort_period = "month";     // "month" or "week"
    const char* cohort_measure = "retained";  // "retained" or "revenue"
    nlohmann::json rules;
};

// What the section shows for one Dataset: the rule-free work once, the rest per rule edit.
struct SegmentsView {
    std::shared_ptr<const data::Dataset> dataset;
    metrics::PurchaseHistory history;
    metrics::CustomerStats stats;
    int as_of_day = 0;
    metrics::SegmentRules rules;
    std::optional<std::uint64_t> rules_revision;  // the workspace revision the rules were read at
    metrics::SegmentTotals totals;
    std::vector<metrics::SegmentTrendPoint> trend;
    std::vector<std::string> trend_labels;
    metrics::SegmentMigration migration;
    metrics::CohortMatrix cohorts;
    metrics::Period cohort_period = metrics::Period::Month;
    bool cohort_revenue = false;  // the heatmap shows revenue instead of the share retained
    metrics::RfmResult rfm;
};

// The data shown was replaced: drops what was derived from the old (the next draw prepares the
// new), keeps the rules and the cohort choices.
void forget_data(SegmentsView& view);

// The Cohorts tab's choices, as its controls make them: period "month" or "week", measure
// "retained" or "revenue"; false for anything else.
bool choose_cohort_view(SegmentsView& view, const std::string& period, const std::string& measure);

// A figure of the section whose customers a click lists (sections/drill_down/drill_down.hpp). A
// mouse click and the page's "drill:" commands list the same customers.
enum class SegmentsFigure {
    Segment,        // row: the Segment (new, returning, loyal, lapsed) as of the as-of day
    CohortCell,     // row: cohort row, column: periods since the first purchase (months for "drill:cohort")
    RfmCell,        // row: recency score 1..5, column: FM score 1..5
    TrendBar,       // row: month-end point of the trend, column: the Segment
    MigrationCell,  // row: Segment on the first day (NotYetCustomer included), column: Segment on the as-of day
};
struct SegmentsClick {
    SegmentsFigure figure = SegmentsFigure::Segment;
    std::size_t row = 0;
    std::size_t column = 0;
};
// Asks the drill-down (workbench.handoffs.customer_list) for the customers of the figure over the
// shown Dataset under the rules in the workspace; false when the figure does not exist (a cell
// past the matrix). Needs nothing the Segments section keeps.
bool open_segments_click(Workbench& workbench, const SegmentsClick& click);

// heading may be nullptr. Work that does not depend on the rules is done once per Dataset.
// Rule edits go through workbench.edits() (undo/redo); its state is {"segment_rules": {...}}.
void draw_segments_panel(Workbench& workbench, ImFont* heading, std::optional<SegmentsTab>& select_tab, SegmentsView& view,
                         SegmentsSnapshot& snapshot);

}  // namespace touchpoint::web
