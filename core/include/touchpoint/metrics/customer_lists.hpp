#pragma once
// The customers behind a figure: the members of a cohort cell, a segment, an RFM cell or a
// period's new and returning customers, as indices into the Dataset's customer_ids, in id order.
// Each list is counted by the same rules as the figure it explains, so its size is that figure.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/metrics/cohorts.hpp"
#include "touchpoint/metrics/date_window.hpp"
#include "touchpoint/metrics/rfm.hpp"
#include "touchpoint/metrics/segments.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace touchpoint::metrics {

// Indices into the Dataset's customers, ascending (the Dataset keeps them in id order).
using CustomerList = std::vector<std::uint32_t>;

// Cell (row, offset) of a matrix made by compute_cohorts(dataset, ...): the customers of cohort
// `row` who bought in the period `offset` periods after their first. Its size is the cell's
// `customers`. Empty when the matrix has no such cell.
CustomerList cohort_cell_customers(const data::Dataset& dataset, const CohortMatrix& matrix, std::size_t row,
                                   std::size_t offset);

// The customers in `segment`, from apply_rules (or SegmentReport::customer_segments); its size
// is SegmentTotals::customers[segment].
CustomerList segment_customers(const std::vector<Segment>& customer_segments, Segment segment);

// The customers in a named RFM segment; its size is RfmResult::segment_customers[segment].
CustomerList rfm_segment_customers(const RfmResult& rfm, RfmSegment segment);
// The customers with recency score R and FM score (both 1..5); its size is
// RfmResult::customers_by_r_and_fm[R - 1][FM - 1]. Scores outside 1..5 give an empty list.
CustomerList rfm_cell_customers(const RfmResult& rfm, int recency_score, int fm);

// The active customers of one period of a retention report, split as PeriodFigures splits them.
struct PeriodCustomers {
    CustomerList new_customers;        // first purchase ever in this calendar period
    CustomerList returning_customers;  // first purchase in an earlier period
};

// Period `period_index` of compute_retention_report(dataset, window, {.period = period}): the
// customers who bought on a day of the period inside the window. The sizes are that period's
// new_customers and returning_customers. Empty lists when the index is past the last period.
PeriodCustomers period_customers(const data::Dataset& dataset, DateWindow window, Period period, std::size_t period_index);

}  // namespace touchpoint::metrics
