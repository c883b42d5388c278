#pragma once
// Series colours: mid-tone hues that keep their contrast on both the light and the dark theme.
#include "charts/colour_scale.hpp"

#include <cstddef>

namespace touchpoint::charts {

inline constexpr std::size_t palette_size = 8;

// The colour of the index-th series of a chart; the palette repeats after palette_size.
Rgba series_colour(std::size_t index);

}  // namespace touchpoint::charts
