#pragma once
// The Cadences section's timeline, drawn on the window's ImDrawList: days from the first
// purchase across, one lane per channel, each step as a numbered marker where it first fires
// for a customer who bought on day 0 and its repeats as fainter dots. Conditional steps are
// hollow and say what they wait for. A marker can be clicked (to select its step) and dragged
// along the days (to change the step's delay); the caller turns the drag into edits.
#include "sections/cadences/cadence_timeline.hpp"
#include "touchpoint/cadence/cadence.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace touchpoint::web {

struct TimelineDrag {
    int step = 0;
    int delay_days = 0;  // the delay that puts the marker where the mouse is
    int serial = 0;      // one number per drag, from press to release: the edits of one drag are one undo step
};

struct TimelineInput {
    std::optional<int> clicked_step;  // a marker was pressed
    std::optional<TimelineDrag> drag;  // a marker is being dragged to a new day
};

// Draws the timeline across the width available, as tall as its lanes need (a lane where
// markers would cover each other stacks them in rows). `warned` has one flag per step: steps with
// validation warnings get an amber badge.
TimelineInput draw_cadence_timeline(const cadence::Cadence& cadence, int selected_step, const std::vector<bool>& warned);

// The colour of a step's markers (the steps list uses it too).
ImU32 step_marker_colour(int step, float alpha = 1.0f);

// Test API: the axis (day 0 and the last day in CSS pixels) and the markers of the last frame.
nlohmann::json timeline_state_json();

}  // namespace touchpoint::web
