#pragma once
// RFM: recency, frequency and monetary value scored 1-5 as of a day, and the named segments of
// the R x FM grid. Works on the same CustomerStats as the segments (metrics/segments.hpp), so a
// change of as-of day is one pass over the purchase history. Words: help/glossary, "Segments".
//
// Scores are quintiles by rank, deterministic and tie-safe: among the n customers acquired by the
// as-of day, with L customers ranking strictly lower (bought longer ago, on fewer days, spent
// less), score = 1 + floor(5 L / n). Equal values share the lowest rank of their group, so equal
// values always get equal scores: every one-time buyer has F = 1, and with many ties a score can
// hold more or less than a fifth of the customers (or none).
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/metrics/segments.hpp"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace touchpoint::metrics {

// The named segments, in the order the views list them.
enum class RfmSegment : std::uint8_t {
    Champions,
    LoyalCustomers,
    PotentialLoyalists,
    NewCustomers,
    Promising,
    NeedAttention,
    AboutToSleep,
    AtRisk,
    CantLoseThem,
    Hibernating,
    Lost,
    NotYetCustomer,
};
inline constexpr std::size_t rfm_segment_count = 11;  // Champions..Lost

std::string_view rfm_segment_key(RfmSegment segment);    // "champions", ..., "not_yet_customer"
std::string_view rfm_segment_label(RfmSegment segment);  // "Champions", ..., "Not yet a customer"

// FM = the mean of F and M rounded half up: (F + M + 1) / 2.
int fm_score(int frequency_score, int monetary_score);

// The R x FM grid (R rows 5..1, FM columns 1..5):
//   R 5: New customers, Potential loyalists, Potential loyalists, Champions, Champions
//   R 4: Promising, Potential loyalists, Potential loyalists, Loyal customers, Loyal customers
//   R 3: About to sleep, About to sleep, Need attention, Loyal customers, Loyal customers
//   R 2: Hibernating, Hibernating, At risk, At risk, Can't lose them
//   R 1: Lost, Hibernating, At risk, At risk, Can't lose them
// Scores outside 1..5 throw std::invalid_argument.
RfmSegment rfm_segment_of(int recency_score, int fm);

// Quintile scores (1..5) of the values by rank, ascending: 1 + floor(5 x share strictly lower).
std::vector<std::uint8_t> quintile_scores(std::span<const double> values);

struct RfmCustomer {
    int recency_days = 0;       // as-of day minus the last purchase day
    int frequency = 0;          // purchase days; 0: not yet a customer
    double monetary = 0.0;      // purchases to date
    std::uint8_t recency_score = 0;    // 1..5, 5 = bought most recently; 0: not yet a customer
    std::uint8_t frequency_score = 0;
    std::uint8_t monetary_score = 0;
    RfmSegment segment = RfmSegment::NotYetCustomer;
};

struct RfmResult {
    int as_of_day = 0;
    std::vector<RfmCustomer> customers;  // aligned with the Dataset's customers
    std::int64_t total_customers = 0;    // acquired by the as-of day
    std::array<std::int64_t, rfm_segment_count> segment_customers{};
    std::array<double, rfm_segment_count> segment_revenue{};
    std::array<std::array<std::int64_t, 5>, 5> customers_by_r_and_fm{};  // [R - 1][FM - 1]
};

RfmResult compute_rfm(const CustomerStats& stats);
// as_of_day defaults to the last purchase day in the data.
RfmResult compute_rfm(const data::Dataset& dataset, std::optional<int> as_of_day = std::nullopt);

// Segment sizes and revenue, and the R x FM grid; per-customer scores only with include_customers.
nlohmann::json to_json(const RfmResult& result, const data::Dataset& dataset, bool include_customers = false);

}  // namespace touchpoint::metrics
