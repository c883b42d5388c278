#pragma once
// The cohort retention matrix: customers grouped by the month or ISO week of their first purchase
// (rows), followed period by period since then (columns 0, 1, 2, ...). Each cell holds the cohort's
// customers who bought in that period, their share of the cohort, and the revenue they brought.
// Column 0 is the acquisition period, so its share is 1 by construction.
//
// Counting as in the retention report: a purchase is a day with orders; returns and refunds are
// not purchases; revenue is added in whole cents.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/metrics/date_window.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace touchpoint::metrics {

struct CohortOptions {
    Period period = Period::Month;
    // Cohorts are the customers whose first purchase falls in the window; purchases after its last
    // day are not looked at. Empty: the whole history.
    std::optional<DateWindow> window;
};

struct CohortCell {
    std::int64_t customers = 0;  // cohort members who bought in this period
    double retained = 0;         // customers / cohort size, in [0, 1]
    double revenue = 0;          // their purchases in this period
};

struct CohortRow {
    std::string label;        // the acquisition period: "2024-03" or "2025-W01"
    int first_day = 0;        // of the acquisition period
    std::int64_t size = 0;    // customers acquired in it (at least 1: empty periods have no row)
    std::vector<CohortCell> cells;  // periods 0, 1, ... up to the one holding the window's last day
};

struct CohortMatrix {
    Period period = Period::Month;
    std::optional<DateWindow> window;  // none when the Dataset has no orders
    std::vector<CohortRow> rows;       // in time order
};

CohortMatrix compute_cohorts(const data::Dataset& dataset, const CohortOptions& options = {});

// {"period", "from", "to", "cohorts": [{"cohort", "first_day", "size", "customers": [...],
// "retained": [...], "revenue": [...]}]}: one array per measure, ready for a heatmap.
nlohmann::json to_json(const CohortMatrix& matrix);

}  // namespace touchpoint::metrics
