#pragma once
// The Simulate section's outcome tabs: the results table (a column per cadence and the no-touch
// baseline, a row per figure as "mean (ci_low to ci_high)"), the charts (retention curves with
// their bands, cumulative revenue, touches per customer per week) and the breakdown by segment
// and by step. Each cadence keeps its palette colour everywhere.
#include "sections/simulate/simulate_effects.hpp"

#include "touchpoint/sim/simulator.hpp"

#include <imgui.h>
#include <nlohmann/json_fwd.hpp>

#include <vector>

namespace touchpoint::web {

enum class RetentionMeasure { Alive, Active };

struct ResultsView {
    RetentionMeasure retention = RetentionMeasure::Alive;
};

// The colour of the i-th cadence of a run (the palette's i-th colour).
ImU32 cadence_colour(std::size_t index);

// The table, and under it (when there is room) the retention each cadence gains over no touches.
void draw_results_table(const sim::SimulationResult& result, std::vector<DrawnChart>& drawn);
void draw_result_charts(const sim::SimulationResult& result, ResultsView& view, std::vector<DrawnChart>& drawn);
void draw_segment_breakdown(const sim::SimulationResult& result);

// Test API: the table as shown, row by row: {"key", "label", "cells": [per cadence, then the baseline]}.
nlohmann::json results_table_json(const sim::SimulationResult& result);

}  // namespace touchpoint::web
