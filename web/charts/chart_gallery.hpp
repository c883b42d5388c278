#pragma once
// One chart of every kind on fixed illustrative data, in a 2-column grid that fits a 1280x800
// window: a visual check of the chart layer for people and for the browser screenshot tests.
namespace touchpoint::charts {

void draw_chart_gallery();

}  // namespace touchpoint::charts
