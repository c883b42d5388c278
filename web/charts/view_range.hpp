#pragma once
// The x range a chart shows, and how zooming and panning move it within the data's extent.
namespace touchpoint::charts {

struct Range {
    double low = 0, high = 1;
    double width() const { return high - low; }
    bool operator==(const Range&) const = default;
};

// The narrowest view zooming allows, as a fraction of the extent, so a view never collapses.
inline constexpr double minimum_view_fraction = 1e-3;

// view moved (not resized) to lie inside extent; a view wider than extent becomes extent.
Range clamp_range(Range view, Range extent);

// view scaled by factor (< 1 zooms in) around anchor, so anchor stays at the same place on
// screen; at least minimum_view_fraction of the extent wide, then clamped.
Range zoom_range(Range view, double factor, double anchor, Range extent);

// view shifted by delta (in x units), then clamped.
Range pan_range(Range view, double delta, Range extent);

// The view that shows all the data.
Range reset_range(Range extent);

}  // namespace touchpoint::charts
