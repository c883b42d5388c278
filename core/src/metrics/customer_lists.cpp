#include "touchpoint/metrics/customer_lists.hpp"

#include <algorithm>

namespace touchpoint::metrics {

CustomerList cohort_cell_customers(const data::Dataset& dataset, const CohortMatrix& matrix, std::size_t row,
                                   std::size_t offset) {
    CustomerList customers;
    if (!matrix.window || row >= matrix.rows.size() || offset >= matrix.rows[row].cells.size()) return customers;
    const DateWindow window = *matrix.window;
    const PeriodTable periods(matrix.period, window);
    // The row's acquisition period, found by its first day (the matrix leaves empty periods out).
    const int cohort = periods.index_of(std::max(matrix.rows[row].first_day, window.first_day));
    const int wanted = cohort + static_cast<int>(offset);

    for (std::size_t customer = 0; customer < dataset.customer_count(); ++customer) {
        const std::size_t begin = dataset.order_offsets[customer], end = dataset.order_offsets[customer + 1];
        if (begin == end || !window.contains(dataset.order_days[begin])) continue;
        if (periods.index_of(dataset.order_days[begin]) != cohort) continue;
        for (std::size_t i = begin; i < end && dataset.order_days[i] <= window.last_day; ++i) {
            const int period = periods.index_of(dataset.order_days[i]);
            if (period > wanted) break;
            if (period == wanted) {
                customers.push_back(static_cast<std::uint32_t>(customer));
                break;
            }
        }
    }
    return customers;
}

CustomerList segment_customers(const std::vector<Segment>& customer_segments, Segment segment) {
    CustomerList customers;
    for (std::size_t c = 0; c < customer_segments.size(); ++c)
        if (customer_segments[c] == segment) customers.push_back(static_cast<std::uint32_t>(c));
    return customers;
}

CustomerList rfm_segment_customers(const RfmResult& rfm, RfmSegment segment) {
    CustomerList customers;
    if (segment == RfmSegment::NotYetCustomer) return customers;  // not a cell of the grid: never listed
    for (std::size_t c = 0; c < rfm.customers.size(); ++c)
        if (rfm.customers[c].segment == segment && rfm.customers[c].frequency > 0) customers.push_back(static_cast<std::uint32_t>(c));
    return customers;
}

CustomerList rfm_cell_customers(const RfmResult& rfm, int recency_score, int fm) {
    CustomerList customers;
    if (recency_score < 1 || recency_score > 5 || fm < 1 || fm > 5) return customers;
    for (std::size_t c = 0; c < rfm.customers.size(); ++c) {
        const auto& scores = rfm.customers[c];
        if (scores.frequency > 0 && scores.recency_score == recency_score &&
            fm_score(scores.frequency_score, scores.monetary_score) == fm)
            customers.push_back(static_cast<std::uint32_t>(c));
    }
    return customers;
}

PeriodCustomers period_customers(const data::Dataset& dataset, DateWindow window, Period period, std::size_t period_index) {
    PeriodCustomers result;
    if (window.last_day < window.first_day) return result;
    const PeriodTable periods(period, window);
    if (period_index >= periods.count()) return result;
    const int period_start = periods.first_day_of(period_index);
    const int period_end = periods.last_day_of(period_index);
    // The part of the calendar period inside the window: only purchases there count.
    const int first = std::max(period_start, window.first_day);
    const int last = std::min(period_end, window.last_day);

    for (std::size_t customer = 0; customer < dataset.customer_count(); ++customer) {
        const auto days = dataset.days_of(customer);
        if (days.empty() || days.front() > last) continue;
        bool active = false;
        for (const int day : days) {
            if (day > last) break;
            if (day >= first) {
                active = true;
                break;
            }
        }
        if (!active) continue;
        // As in the report: new when the first purchase ever is in this calendar period, even
        // on a day before the window starts.
        auto& list = days.front() < period_start ? result.returning_customers : result.new_customers;
        list.push_back(static_cast<std::uint32_t>(customer));
    }
    return result;
}

}  // namespace touchpoint::metrics
