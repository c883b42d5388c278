#pragma once
// Finding a series' point at an x, for the hover read-out.
#include <cstddef>
#include <optional>
#include <span>

namespace touchpoint::charts {

// The point whose x is nearest to x (xs in any order; NaN skipped; the first of ties);
// nullopt when there is none.
std::optional<std::size_t> nearest_index(std::span<const double> xs, double x);

// A step series (xs ascending) holds each value until the next point: the last point at or
// before x; nullopt before the first point.
std::optional<std::size_t> step_index_at(std::span<const double> xs, double x);

}  // namespace touchpoint::charts
