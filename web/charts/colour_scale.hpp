#pragma once
// Colour scales for heatmaps: a value in [low, high] to a colour, and the ticks of the colour
// legend. Colours are plain RGBA bytes so this stays UI-free; the drawing layer converts them.
#include "charts/scales.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace touchpoint::charts {

struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    bool operator==(const Rgba&) const = default;
};

enum class ColourRamp {
    Blues,      // sequential: pale to deep blue, evenly stepped in lightness
    Viridis,    // sequential: dark violet through teal to yellow (viridis-like), reads on any theme
    Diverging,  // blue below the centre, near-white at it, red above
};

struct ColourScale {
    ColourRamp ramp = ColourRamp::Blues;
    double low = 0, high = 1;
    std::optional<double> centre;  // Diverging: the value drawn neutral; midway by default
};

// What a missing value (NaN) is drawn with: a grey no ramp uses.
inline constexpr Rgba missing_value_colour{150, 150, 150, 255};

// Where value sits on the ramp, 0 (low) to 1 (high), clamped; a Diverging centre sits at 0.5.
// NaN stays NaN. A scale with high == low puts everything at 0.5.
double ramp_position(const ColourScale& scale, double value);

// The ramp's colour at position t in [0, 1] (clamped).
Rgba ramp_colour(ColourRamp ramp, double t);

// The colour of value on the scale: clamped to the ends, missing_value_colour for NaN.
Rgba colour_at(const ColourScale& scale, double value);

struct ColourLegendTick {
    double value;
    double position;  // along the legend bar, 0 (low end) to 1 (high end)
    std::string label;
};

// Nice ticks that fall inside [low, high], placed where colour_at puts their colours.
std::vector<ColourLegendTick> colour_legend_ticks(const ColourScale& scale, int max_ticks, AxisFormat format,
                                                  const FormatOptions& options = {});

}  // namespace touchpoint::charts
