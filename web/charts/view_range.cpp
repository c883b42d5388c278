#include "charts/view_range.hpp"

#include <algorithm>

namespace touchpoint::charts {

Range clamp_range(Range view, Range extent) {
    if (!(extent.width() > 0) || view.width() >= extent.width()) return extent;
    const double width = view.width();
    const double low = std::clamp(view.low, extent.low, extent.high - width);
    return {low, low + width};
}

Range zoom_range(Range view, double factor, double anchor, Range extent) {
    Range zoomed{anchor - (anchor - view.low) * factor, anchor + (view.high - anchor) * factor};
    const double narrowest = extent.width() * minimum_view_fraction;
    if (zoomed.width() < narrowest) {
        // Keep the anchor's relative place while widening to the narrowest view.
        const double anchor_share = view.width() > 0 ? (anchor - view.low) / view.width() : 0.5;
        zoomed = {anchor - narrowest * anchor_share, anchor - narrowest * anchor_share + narrowest};
    }
    return clamp_range(zoomed, extent);
}

Range pan_range(Range view, double delta, Range extent) {
    return clamp_range({view.low + delta, view.high + delta}, extent);
}

Range reset_range(Range extent) { return extent; }

}  // namespace touchpoint::charts
