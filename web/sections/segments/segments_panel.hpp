#pragma once
// The Segments section: new, returning, loyal and lapsed customers under rules the user edits,
// their trend and migration; the cohort retention matrix; the RFM grid.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/workspace/undo_history.hpp"

#include <nlohmann/json.hpp>

#include <imgui.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

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
const SegmentsSnapshot& last_segments_snapshot();

// The Cohorts tab's choices, as its controls make them: period "month" or "week", measure
// "retained" or "revenue"; false for anything else.
bool choose_cohort_view(const std::string& period, const std::string& measure);

// A figure of the section whose customers a click lists (panels/drill_down.hpp). A mouse click
// and the page's "drill:" commands both go through open_segments_click.
enum class SegmentsFigure {
    Segment,        // row: the Segment (new, returning, loyal, lapsed) as of the as-of day
    CohortCell,     // row: cohort row, column: months since the first purchase
    RfmCell,        // row: recency score 1..5, column: FM score 1..5
    TrendBar,       // row: month-end point of the trend, column: the Segment
    MigrationCell,  // row: Segment on the first day (NotYetCustomer included), column: Segment on the as-of day
};
struct SegmentsClick {
    SegmentsFigure figure = SegmentsFigure::Segment;
    std::size_t row = 0;
    std::size_t column = 0;
};
// Opens the customer list of the figure under the rules in `edits`, as the section shows it;
// false when the figure does not exist (a cell past the matrix).
bool open_segments_click(const std::shared_ptr<const data::Dataset>& dataset, workspace::UndoHistory& edits,
                         const SegmentsClick& click);

// heading may be nullptr. Work that does not depend on the rules is done once per Dataset.
// Rule edits go through `edits` (undo/redo); its state is {"segment_rules": {...}}.
void draw_segments_panel(const std::shared_ptr<const data::Dataset>& dataset, ImFont* heading,
                         std::optional<SegmentsTab>& select_tab, workspace::UndoHistory& edits);

}  // namespace touchpoint::web
