#include "charts/colour_scale.hpp"

#include <algorithm>
#include <cmath>
#include <span>

namespace touchpoint::charts {

namespace {

// Stops are evenly spaced along the ramp; colours between them are interpolated in RGB.
constexpr Rgba blues_stops[] = {{237, 244, 252, 255}, {180, 210, 235, 255}, {107, 168, 214, 255},
                                {49, 115, 181, 255}, {12, 62, 130, 255}};
constexpr Rgba viridis_stops[] = {{68, 1, 84, 255}, {59, 82, 139, 255}, {33, 145, 140, 255},
                                  {94, 201, 98, 255}, {253, 231, 37, 255}};
constexpr Rgba diverging_stops[] = {{33, 102, 172, 255}, {146, 197, 222, 255}, {247, 247, 247, 255},
                                    {244, 165, 130, 255}, {178, 24, 43, 255}};

std::span<const Rgba> stops_of(ColourRamp ramp) {
    switch (ramp) {
        case ColourRamp::Blues: return blues_stops;
        case ColourRamp::Viridis: return viridis_stops;
        case ColourRamp::Diverging: return diverging_stops;
    }
    return blues_stops;
}

std::uint8_t mix(std::uint8_t from, std::uint8_t to, double fraction) {
    return static_cast<std::uint8_t>(std::lround(from + (to - from) * fraction));
}

}  // namespace

double ramp_position(const ColourScale& scale, double value) {
    if (std::isnan(value)) return value;
    if (!(scale.high > scale.low)) return 0.5;
    double position;
    if (scale.ramp == ColourRamp::Diverging) {
        const double centre = std::clamp(scale.centre.value_or((scale.low + scale.high) / 2), scale.low, scale.high);
        if (value < centre)
            position = centre > scale.low ? 0.5 * (value - scale.low) / (centre - scale.low) : 0.0;
        else
            position = scale.high > centre ? 0.5 + 0.5 * (value - centre) / (scale.high - centre) : 1.0;
    } else {
        position = (value - scale.low) / (scale.high - scale.low);
    }
    return std::clamp(position, 0.0, 1.0);
}

Rgba ramp_colour(ColourRamp ramp, double t) {
    const auto stops = stops_of(ramp);
    if (std::isnan(t)) return missing_value_colour;
    const double scaled = std::clamp(t, 0.0, 1.0) * static_cast<double>(stops.size() - 1);
    const auto index = std::min(static_cast<std::size_t>(scaled), stops.size() - 2);
    const double fraction = scaled - static_cast<double>(index);
    const Rgba& from = stops[index];
    const Rgba& to = stops[index + 1];
    return {mix(from.r, to.r, fraction), mix(from.g, to.g, fraction), mix(from.b, to.b, fraction),
            mix(from.a, to.a, fraction)};
}

Rgba colour_at(const ColourScale& scale, double value) {
    if (std::isnan(value)) return missing_value_colour;
    return ramp_colour(scale.ramp, ramp_position(scale, value));
}

std::vector<ColourLegendTick> colour_legend_ticks(const ColourScale& scale, int max_ticks, AxisFormat format,
                                                  const FormatOptions& options) {
    std::vector<ColourLegendTick> legend;
    const Ticks ticks = nice_ticks(scale.low, scale.high, max_ticks);
    const double tolerance = ticks.step * 1e-9;
    for (double value : ticks.values)
        if (value >= scale.low - tolerance && value <= scale.high + tolerance)
            legend.push_back({value, ramp_position(scale, value), tick_label(value, ticks.step, format, options)});
    return legend;
}

}  // namespace touchpoint::charts
