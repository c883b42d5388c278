#pragma once
// Where the Cadences section's timeline puts a cadence's steps, without drawing anything: days
// on the x axis from the first purchase (day 0), one lane per channel. Each step is shown where
// it first fires for a customer who bought once, on day 0, and its repeats as fainter markers.
// Conditional triggers (after N days of silence, at the usual repurchase time, on a segment
// change) are placed as if their condition held at the earliest moment: a silent customer, one
// who has not come back, one who changed segment on day 0.
//
// Dragging a marker moves the day it first fires; first_day and delay_for_first_day turn one
// into the other, for every trigger (before a renewal, a later day is a shorter delay).
#include "touchpoint/cadence/cadence.hpp"

#include <string>
#include <vector>

namespace touchpoint::web {

struct TimelineMarker {
    int step = 0;  // index into Cadence::steps
    int day = 0;
    bool first = true;         // the step's first touch; false for a repeat
    bool conditional = false;  // the trigger fires only if something happens (or does not)
};

// Whether a trigger depends on the customer's behaviour rather than on the calendar.
bool is_conditional(cadence::Trigger trigger);

// The day the step first fires for the one-time buyer of day 0 (never negative).
int first_day(const cadence::CadenceStep& step, const cadence::CadenceTiming& timing);

// The delay_days that makes the step first fire on `day`, kept inside what validate_cadence
// accepts for the trigger (after silence at least 1 day; before renewal from 0 to less than the
// renewal period; the usual repurchase time not before day 0; the others 0 or more).
int delay_for_first_day(const cadence::CadenceStep& step, const cadence::CadenceTiming& timing, int day);

// Every marker before horizon_days, ordered by step, then day. Repeats follow repeat_every_days
// (and each renewal for steps before a renewal).
std::vector<TimelineMarker> timeline_markers(const cadence::Cadence& cadence, int horizon_days);

// The days the axis spans: the first touches of every step with room to the right, rounded up
// to a readable length (30, 60, 90, 120, 180, 270, 365 days, then whole half years).
int timeline_horizon(const cadence::Cadence& cadence);

// Days at which the axis has a labelled tick, from 0, about min_spacing_pixels apart or more.
std::vector<int> day_ticks(int horizon_days, double pixels_per_day, double min_spacing_pixels);

// What a conditional marker says under its name ("if 60 days without a purchase"); empty for
// triggers that are not conditional.
std::string condition_text(const cadence::CadenceStep& step);

// Days to pixels and back for an axis from day 0 at x0 to horizon_days at x1.
struct TimelineScale {
    float x0 = 0, x1 = 1;
    int horizon_days = 1;

    float x_of(double day) const { return x0 + static_cast<float>(day / horizon_days) * (x1 - x0); }
    double pixels_per_day() const { return static_cast<double>(x1 - x0) / horizon_days; }
    // The whole number of days a drag of dx pixels moves a marker.
    int days_moved(float dx) const;
};

}  // namespace touchpoint::web
