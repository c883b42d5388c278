#include "touchpoint/metrics/cohorts.hpp"

#include "cents.hpp"
#include "touchpoint/data/calendar.hpp"

#include <nlohmann/json.hpp>
#include <cmath>

namespace touchpoint::metrics {

namespace {

struct CellTally {
    std::int64_t customers = 0, cents = 0;
};

}  // namespace

CohortMatrix compute_cohorts(const data::Dataset& dataset, const CohortOptions& options) {
    CohortMatrix matrix;
    matrix.period = options.period;
    matrix.window = options.window ? options.window : whole_history(dataset);
    if (!matrix.window || matrix.window->last_day < matrix.window->first_day) return matrix;
    const DateWindow window = *matrix.window;

    // Cohort sizes first (one look per customer), so only cohorts with customers get cells: a
    // wide window with weekly periods would otherwise hold a mostly empty triangle.
    const PeriodTable periods(options.period, window);
    const std::size_t period_count = periods.count();
    std::vector<std::int64_t> cohort_size(period_count, 0);
    for (std::size_t customer = 0; customer < dataset.customer_count(); ++customer) {
        const std::size_t begin = dataset.order_offsets[customer];
        if (begin != dataset.order_offsets[customer + 1] && window.contains(dataset.order_days[begin]))
            ++cohort_size[static_cast<std::size_t>(periods.index_of(dataset.order_days[begin]))];
    }
    // Cohort c's cells (one per period from its own to the last) start at row_start[c].
    std::vector<std::size_t> row_start(period_count + 1, 0);
    for (std::size_t c = 0; c < period_count; ++c)
        row_start[c + 1] = row_start[c] + (cohort_size[c] > 0 ? period_count - c : 0);
    std::vector<CellTally> cells(row_start.back());

    // Plain pointers in the hot loop, so nothing is reloaded after each tally update.
    const int* order_days = dataset.order_days.data();
    const double* order_amounts = dataset.order_amounts.data();
    const std::size_t* order_offsets = dataset.order_offsets.data();
    const int last_day = window.last_day;
    for (std::size_t customer = 0; customer < dataset.customer_count(); ++customer) {
        const std::size_t begin = order_offsets[customer], end = order_offsets[customer + 1];
        if (begin == end || !window.contains(order_days[begin])) continue;
        const auto cohort = static_cast<std::size_t>(periods.index_of(order_days[begin]));
        CellTally* row = cells.data() + row_start[cohort];
        std::size_t counted = period_count;  // no period counted yet; each customer once per period
        for (std::size_t i = begin; i < end && order_days[i] <= last_day; ++i) {
            const std::size_t since = static_cast<std::size_t>(periods.index_of(order_days[i])) - cohort;
            row[since].cents += cents_of(order_amounts[i]);
            if (since != counted) {
                counted = since;
                ++row[since].customers;
            }
        }
    }

    for (std::size_t c = 0; c < period_count; ++c) {
        if (cohort_size[c] == 0) continue;
        CohortRow row{periods.label(c), periods.first_day_of(c), cohort_size[c], {}};
        row.cells.reserve(period_count - c);
        for (std::size_t k = 0; k < period_count - c; ++k) {
            const auto& tally = cells[row_start[c] + k];
            row.cells.push_back({tally.customers, static_cast<double>(tally.customers) / static_cast<double>(row.size),
                                 static_cast<double>(tally.cents) / 100.0});
        }
        matrix.rows.push_back(std::move(row));
    }
    return matrix;
}

nlohmann::json to_json(const CohortMatrix& matrix) {
    const auto iso = [](int day) { return data::format_iso_date(data::day_from_number(day)); };
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : matrix.rows) {
        nlohmann::json customers = nlohmann::json::array(), retained = nlohmann::json::array(),
                       revenue = nlohmann::json::array();
        for (const auto& cell : row.cells) {
            customers.push_back(cell.customers);
            retained.push_back(cell.retained);
            revenue.push_back(cell.revenue);
        }
        rows.push_back({{"cohort", row.label},
                        {"first_day", iso(row.first_day)},
                        {"size", row.size},
                        {"customers", std::move(customers)},
                        {"retained", std::move(retained)},
                        {"revenue", std::move(revenue)}});
    }
    return {{"period", std::string(period_name(matrix.period))},
            {"from", matrix.window ? nlohmann::json(iso(matrix.window->first_day)) : nlohmann::json(nullptr)},
            {"to", matrix.window ? nlohmann::json(iso(matrix.window->last_day)) : nlohmann::json(nullptr)},
            {"cohorts", std::move(rows)}};
}

}  // namespace touchpoint::metrics
