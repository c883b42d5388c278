#include "charts/chart_csv.hpp"

#include <touchpoint/data/calendar.hpp>
#include <touchpoint/data/file_text.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace touchpoint::charts {

namespace {

std::string header_row(std::string_view x_name, std::span<const CsvSeries> series) {
    std::string row = data::csv_field(x_name);
    for (const auto& column : series) row += "," + data::csv_field(column.name);
    return row + "\n";
}

std::string x_text(double x, AxisFormat format) {
    if (format == AxisFormat::Date) return data::format_iso_date(data::day_from_number(static_cast<int>(std::floor(x + 0.5))));
    return csv_number(x);
}

}  // namespace

std::string csv_number(double value) {
    if (std::isnan(value)) return {};
    char text[48];
    std::snprintf(text, sizeof text, "%.12g", value);
    return text;
}

std::string chart_csv(std::string_view x_name, std::span<const CsvSeries> series, AxisFormat x_format) {
    // Each series' points ordered by x (stable, so repeated x keep their order).
    std::vector<std::vector<std::pair<double, double>>> points(series.size());
    std::vector<double> all_xs;
    for (std::size_t s = 0; s < series.size(); ++s) {
        const std::size_t count = std::min(series[s].xs.size(), series[s].ys.size());
        for (std::size_t i = 0; i < count; ++i) {
            if (std::isnan(series[s].xs[i])) continue;
            points[s].emplace_back(series[s].xs[i], series[s].ys[i]);
            all_xs.push_back(series[s].xs[i]);
        }
        std::stable_sort(points[s].begin(), points[s].end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    std::sort(all_xs.begin(), all_xs.end());
    all_xs.erase(std::unique(all_xs.begin(), all_xs.end()), all_xs.end());

    std::string text = header_row(x_name, series);
    std::vector<std::size_t> cursor(series.size(), 0);
    for (double x : all_xs) {
        // As many rows at this x as the series with the most points there needs.
        std::vector<std::size_t> at_x(series.size(), 0);
        std::size_t rows = 0;
        for (std::size_t s = 0; s < series.size(); ++s) {
            while (cursor[s] + at_x[s] < points[s].size() && points[s][cursor[s] + at_x[s]].first == x) ++at_x[s];
            rows = std::max(rows, at_x[s]);
        }
        for (std::size_t row = 0; row < rows; ++row) {
            text += x_text(x, x_format);
            for (std::size_t s = 0; s < series.size(); ++s) {
                text += ',';
                if (row < at_x[s]) text += csv_number(points[s][cursor[s] + row].second);
            }
            text += '\n';
        }
        for (std::size_t s = 0; s < series.size(); ++s) cursor[s] += at_x[s];
    }
    return text;
}

std::string category_csv(std::string_view x_name, std::span<const std::string> categories,
                         std::span<const CsvSeries> series) {
    std::string text = header_row(x_name, series);
    for (std::size_t c = 0; c < categories.size(); ++c) {
        text += data::csv_field(categories[c]);
        for (const auto& column : series) {
            text += ',';
            if (c < column.ys.size()) text += csv_number(column.ys[c]);
        }
        text += '\n';
    }
    return text;
}

}  // namespace touchpoint::charts
