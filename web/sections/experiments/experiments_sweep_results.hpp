#pragma once
// What a timing sweep found: the headline (the best day with its interval, the days tied with
// it, the level with no touches), the response curve of a 1-D sweep (the metric's mean by day
// with its 95% band, the best day marked with its interval, the tied days shaded), the heatmap
// of a 2-D sweep (colour = the metric's mean, the best cell outlined, tied cells dotted), and
// the table of every grid point.
#include "sections/experiments/experiments_controls.hpp"
#include "touchpoint/sim/timing_sweep.hpp"

#include <imgui.h>

#include <vector>

namespace touchpoint::web {

void draw_sweep_headline(const sim::SweepResult& result);
// In a box of `size`; recorded in `drawn` as "sweep_curve".
void draw_sweep_curve(const sim::SweepResult& result, ImVec2 size, std::vector<DrawnChart>& drawn);
// In a box of `size`; recorded in `drawn` as "sweep_heatmap".
void draw_sweep_heatmap(const sim::SweepResult& result, ImVec2 size, std::vector<DrawnChart>& drawn);
// Fills `size`; the best row highlighted, tied rows marked.
void draw_sweep_table(const sim::SweepResult& result, ImVec2 size);

}  // namespace touchpoint::web
