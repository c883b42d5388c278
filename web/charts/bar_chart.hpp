#pragma once
// Stacked bars over categories (months, segments), drawn on the window's ImDrawList.
// Hovering a bar shows a crosshair band and its values; clicking a legend entry hides
// or shows that series.
#include <imgui.h>

#include <span>
#include <string>

namespace touchpoint::charts {

struct BarSeries {
    const char* label;
    std::span<const double> values;  // one per category
    ImU32 color;
};

struct BarChartResult {
    ImVec2 min, max;           // the chart's rectangle on screen
    int hovered_category = -1;
};

BarChartResult stacked_bar_chart(const char* id, std::span<const std::string> categories,
                                 std::span<const BarSeries> series, ImVec2 size);

}  // namespace touchpoint::charts
