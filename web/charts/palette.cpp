#include "charts/palette.hpp"

namespace touchpoint::charts {

namespace {
// Neither very light nor very dark, and distinct in hue, so each reads against a white and a
// near-black background; the order puts the most separable hues first.
constexpr Rgba palette[palette_size] = {
    {46, 125, 196, 255},   // blue
    {232, 126, 34, 255},   // orange
    {56, 158, 92, 255},    // green
    {208, 72, 72, 255},    // red
    {140, 98, 190, 255},   // violet
    {30, 160, 168, 255},   // teal
    {190, 150, 30, 255},   // ochre
    {212, 98, 160, 255},   // pink
};
}  // namespace

Rgba series_colour(std::size_t index) { return palette[index % palette_size]; }

}  // namespace touchpoint::charts
