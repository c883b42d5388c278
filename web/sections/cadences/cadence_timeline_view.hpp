#pragma once
// The Cadences section's timeline, drawn on the window's ImDrawList: days from the first
// purchase across, one lane per channel, each step as a numbered marker where it first fires
// for a customer who bought on day 0 and its repeats as fainter dots. Conditional steps are
// hollow and say what they wait for. A marker can be clicked (to select its step) and dragged
// along the days (to change the step's delay); the caller turns the drag into edits.
#include "sections/cadences/cadence_timeline.hpp"
#include "touchpoint/cadence/cadence.hpp"

#include <imgui.h>
#include <nlohmann/json_fwd.hpp>

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

// Where the last frame drew the timeline: its axis, its markers and the rows of its lanes.
struct TimelineLayout {
    int horizon = 0;
    ImVec2 plot_min{}, plot_max{};
    float x0 = 0, x1 = 0;
    std::vector<TimelineMarker> markers;
    // Steps whose first markers would cover each other in a lane sit in rows of the lane.
    std::vector<int> step_row;                 // per step
    std::vector<float> step_offset;            // per step: from the lane's centre line
    std::vector<int> lane_rows;                // per channel
    std::vector<float> lane_top, lane_height;  // per channel; a lane with rows is taller
    int dragging = -1;
};

// What the timeline keeps between frames: the marker being dragged and the last frame's layout.
struct TimelineView {
    struct Drag {
        int step = -1;  // -1: no drag
        float start_x = 0;
        int start_day = 0;
        int horizon = 0;  // the axis stays put while a marker moves along it
        int serial = 0;
    };
    Drag drag;
    TimelineLayout layout;
};

// Draws the timeline across the width available, as tall as its lanes need (a lane where
// markers would cover each other stacks them in rows). `warned` has one flag per step: steps with
// validation warnings get an amber badge.
TimelineInput draw_cadence_timeline(TimelineView& view, const cadence::Cadence& cadence, int selected_step, const std::vector<bool>& warned);

// The colour of a step's markers (the steps list uses it too).
ImU32 step_marker_colour(int step, float alpha = 1.0f);

// Test API: the axis (day 0 and the last day in CSS pixels) and the markers of the last frame.
nlohmann::json timeline_state_json(const TimelineView& view);

}  // namespace touchpoint::web
