#pragma once
// A chart's data as CSV text, for "Save data as CSV": x first, then one column per series.
#include "charts/scales.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::charts {

struct CsvSeries {
    std::string name;
    std::vector<double> xs;  // ignored by category_csv
    std::vector<double> ys;
};

// Rows are the distinct x values of all series, ascending (NaN x skipped); a cell is empty where
// a series has no point at that x. When a series has several points at one x (a scatter), that
// x gets as many rows. Date x are written as ISO dates ("2024-03-12"); numbers in full.
std::string chart_csv(std::string_view x_name, std::span<const CsvSeries> series, AxisFormat x_format);

// One row per category (bars, heatmap rows); series ys are indexed by category.
std::string category_csv(std::string_view x_name, std::span<const std::string> categories,
                         std::span<const CsvSeries> series);

// A number as CSV writes it: up to 12 significant digits ("0.25", "1250"); NaN is empty.
std::string csv_number(double value);

}  // namespace touchpoint::charts
