#include "touchpoint/metrics/rfm.hpp"

#include "touchpoint/data/calendar.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

namespace touchpoint::metrics {

namespace {

constexpr std::array<std::string_view, rfm_segment_count + 1> rfm_keys{
    "champions",     "loyal_customers", "potential_loyalists", "new_customers", "promising", "need_attention",
    "about_to_sleep", "at_risk",        "cant_lose_them",      "hibernating",   "lost",      "not_yet_customer"};
constexpr std::array<std::string_view, rfm_segment_count + 1> rfm_labels{
    "Champions",      "Loyal customers", "Potential loyalists", "New customers", "Promising", "Need attention",
    "About to sleep", "At risk",         "Can't lose them",     "Hibernating",   "Lost",      "Not yet a customer"};

using enum RfmSegment;
// [R - 1][FM - 1]; the rows read bottom-up against the grid in rfm.hpp.
constexpr RfmSegment rfm_grid[5][5] = {
    {Lost, Hibernating, AtRisk, AtRisk, CantLoseThem},
    {Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem},
    {AboutToSleep, AboutToSleep, NeedAttention, LoyalCustomers, LoyalCustomers},
    {Promising, PotentialLoyalists, PotentialLoyalists, LoyalCustomers, LoyalCustomers},
    {NewCustomers, PotentialLoyalists, PotentialLoyalists, Champions, Champions},
};

// The values at ascending `positions` of the sorted values, by partial selection: the general
// way, for any values (NaN included, under the same `<` as a sort).
std::array<double, 4> order_statistics_by_selection(std::span<const double> values, const std::array<std::size_t, 4>& positions) {
    std::vector<double> work(values.begin(), values.end());
    std::array<double, 4> result{};
    std::size_t sorted_up_to = 0;  // work[0, sorted_up_to) holds the smallest values, partitioned
    for (std::size_t k = 0; k < positions.size(); ++k) {
        const std::size_t position = positions[k];
        if (position >= sorted_up_to) {
            std::nth_element(work.begin() + static_cast<std::ptrdiff_t>(sorted_up_to),
                             work.begin() + static_cast<std::ptrdiff_t>(position), work.end());
            sorted_up_to = position + 1;
        }
        result[k] = work[position];
    }
    return result;
}

// A key that orders doubles as `<` does (-0 just below +0, which compare equal): the sign bit
// flipped for positives, all bits for negatives.
std::uint64_t order_key(double value) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

// The same order statistics in two passes: a histogram of the keys' top 16 bits finds the
// bucket holding each position, then a selection runs within those few buckets only. The value
// at a position is the same as a sort's: keys order the values exactly as `<` does.
std::array<double, 4> order_statistics(std::span<const double> values, const std::array<std::size_t, 4>& positions) {
    constexpr int bucket_shift = 48;
    constexpr std::size_t bucket_count = std::size_t{1} << 16;
    const std::size_t n = values.size();
    if (n < 4096 || n > std::numeric_limits<std::uint32_t>::max()) return order_statistics_by_selection(values, positions);
    for (const double value : values)
        if (std::isnan(value)) return order_statistics_by_selection(values, positions);

    std::vector<std::uint32_t> count(bucket_count, 0);
    for (const double value : values) ++count[static_cast<std::size_t>(order_key(value) >> bucket_shift)];
    // The bucket of each position, and the position's rank within its bucket.
    std::array<std::size_t, 4> bucket{}, rank{};
    std::size_t below = 0, b = 0;
    for (std::size_t k = 0; k < positions.size(); ++k) {
        while (below + count[b] <= positions[k]) below += count[b++];
        bucket[k] = b;
        rank[k] = positions[k] - below;
    }
    // The values of the (at most four) buckets that hold a position.
    std::vector<std::int8_t> slot_of_bucket(bucket_count, -1);
    std::array<std::vector<double>, 4> members;
    std::size_t slots = 0;
    std::array<std::size_t, 4> slot_of_position{};
    for (std::size_t k = 0; k < positions.size(); ++k) {
        if (slot_of_bucket[bucket[k]] < 0) {
            members[slots].reserve(count[bucket[k]]);
            slot_of_bucket[bucket[k]] = static_cast<std::int8_t>(slots++);
        }
        slot_of_position[k] = static_cast<std::size_t>(slot_of_bucket[bucket[k]]);
    }
    for (const double value : values) {
        const std::int8_t slot = slot_of_bucket[static_cast<std::size_t>(order_key(value) >> bucket_shift)];
        if (slot >= 0) members[static_cast<std::size_t>(slot)].push_back(value);
    }
    std::array<double, 4> result{};
    for (std::size_t k = 0; k < positions.size(); ++k) {
        auto& bucket_values = members[slot_of_position[k]];
        const auto at = bucket_values.begin() + static_cast<std::ptrdiff_t>(rank[k]);
        std::nth_element(bucket_values.begin(), at, bucket_values.end());
        result[k] = *at;
    }
    return result;
}

// The same scores for whole numbers (days, purchase-day counts) by counting instead of selecting:
// one pass to count each value, one to rank the values, one to look the scores up.
std::vector<std::uint8_t> quintile_scores_of_whole_numbers(std::span<const int> values) {
    if (values.empty()) return {};
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    const auto range = static_cast<std::size_t>(static_cast<std::int64_t>(*high) - *low) + 1;
    if (range > 4 * values.size() + 1024) {  // sparse values: a table would waste memory
        const std::vector<double> as_doubles(values.begin(), values.end());
        return quintile_scores(as_doubles);
    }
    const int offset = *low;
    std::vector<std::int64_t> count(range, 0);
    for (const int value : values) ++count[static_cast<std::size_t>(value - offset)];
    const auto n = static_cast<std::int64_t>(values.size());
    std::vector<std::uint8_t> score_of_value(range, 0);
    std::int64_t lower = 0;  // customers with a smaller value
    for (std::size_t v = 0; v < range; ++v) {
        score_of_value[v] = static_cast<std::uint8_t>(1 + (5 * lower) / n);
        lower += count[v];
    }
    std::vector<std::uint8_t> scores(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) scores[i] = score_of_value[static_cast<std::size_t>(values[i] - offset)];
    return scores;
}

std::string iso_date(int day) { return data::format_iso_date(data::day_from_number(day)); }

}  // namespace

std::string_view rfm_segment_key(RfmSegment segment) { return rfm_keys[static_cast<std::size_t>(segment)]; }
std::string_view rfm_segment_label(RfmSegment segment) { return rfm_labels[static_cast<std::size_t>(segment)]; }

int fm_score(int frequency_score, int monetary_score) { return (frequency_score + monetary_score + 1) / 2; }

RfmSegment rfm_segment_of(int recency_score, int fm) {
    if (recency_score < 1 || recency_score > 5 || fm < 1 || fm > 5)
        throw std::invalid_argument("RFM scores run from 1 to 5, got R=" + std::to_string(recency_score) +
                                    " FM=" + std::to_string(fm));
    return rfm_grid[recency_score - 1][fm - 1];
}

std::vector<std::uint8_t> quintile_scores(std::span<const double> values) {
    // score = 1 + floor(5 L / n) reaches s exactly when L >= L_s = ceil((s - 1) n / 5), that is
    // when the value exceeds the L_s-th smallest value. So four order statistics and four
    // comparisons per value give every score, with no full sort.
    const std::size_t n = values.size();
    std::array<std::size_t, 4> positions{};
    for (std::size_t s = 2; s <= 5 && n > 0; ++s) positions[s - 2] = ((s - 1) * n + 4) / 5 - 1;  // L_s - 1, within [0, n - 1]
    const std::array<double, 4> cuts = n > 0 ? order_statistics(values, positions) : std::array<double, 4>{};
    std::vector<std::uint8_t> scores(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double value = values[i];
        scores[i] = static_cast<std::uint8_t>(1 + (value > cuts[0]) + (value > cuts[1]) + (value > cuts[2]) + (value > cuts[3]));
    }
    return scores;
}

RfmResult compute_rfm(const CustomerStats& stats) {
    RfmResult result;
    result.as_of_day = stats.as_of_day;
    result.customers.resize(stats.customers.size());

    // Only customers acquired by the as-of day are ranked.
    std::vector<std::size_t> acquired;
    acquired.reserve(stats.customers.size());
    std::vector<int> last_days, frequencies;
    std::vector<double> revenues;
    last_days.reserve(stats.customers.size());
    frequencies.reserve(stats.customers.size());
    revenues.reserve(stats.customers.size());
    for (std::size_t c = 0; c < stats.customers.size(); ++c) {
        const auto& customer = stats.customers[c];
        if (customer.purchase_days == 0) continue;
        acquired.push_back(c);
        last_days.push_back(customer.last_purchase_day);  // a later last day ranks higher: more recent
        frequencies.push_back(customer.purchase_days);
        revenues.push_back(customer.revenue);
    }
    const auto recency_scores = quintile_scores_of_whole_numbers(last_days);
    const auto frequency_scores = quintile_scores_of_whole_numbers(frequencies);
    const auto monetary_scores = quintile_scores(revenues);

    for (std::size_t i = 0; i < acquired.size(); ++i) {
        auto& customer = result.customers[acquired[i]];
        const auto& snapshot = stats.customers[acquired[i]];
        customer.recency_days = stats.as_of_day - snapshot.last_purchase_day;
        customer.frequency = snapshot.purchase_days;
        customer.monetary = snapshot.revenue;
        customer.recency_score = recency_scores[i];
        customer.frequency_score = frequency_scores[i];
        customer.monetary_score = monetary_scores[i];
        const int fm = fm_score(customer.frequency_score, customer.monetary_score);
        customer.segment = rfm_segment_of(customer.recency_score, fm);
        const auto segment = static_cast<std::size_t>(customer.segment);
        ++result.segment_customers[segment];
        result.segment_revenue[segment] += customer.monetary;
        ++result.customers_by_r_and_fm[customer.recency_score - 1u][static_cast<std::size_t>(fm - 1)];
    }
    result.total_customers = static_cast<std::int64_t>(acquired.size());
    return result;
}

RfmResult compute_rfm(const data::Dataset& dataset, std::optional<int> as_of_day) {
    const auto history = build_purchase_history(dataset);
    int day = 0;
    if (as_of_day)
        day = *as_of_day;
    else if (!history.days.empty())
        day = *std::max_element(history.days.begin(), history.days.end());
    return compute_rfm(customer_stats_as_of(history, day));
}

nlohmann::json to_json(const RfmResult& result, const data::Dataset& dataset, bool include_customers) {
    nlohmann::json segments = nlohmann::json::array();
    for (std::size_t s = 0; s < rfm_segment_count; ++s) {
        const auto segment = static_cast<RfmSegment>(s);
        segments.push_back({{"key", rfm_segment_key(segment)},
                            {"label", rfm_segment_label(segment)},
                            {"customers", result.segment_customers[s]},
                            {"revenue", result.segment_revenue[s]}});
    }
    nlohmann::json grid = nlohmann::json::array();
    for (const auto& row : result.customers_by_r_and_fm) grid.push_back(row);
    nlohmann::json json{{"as_of", iso_date(result.as_of_day)},
                        {"customers", result.total_customers},
                        {"segments", std::move(segments)},
                        {"customers_by_r_and_fm", std::move(grid)}};
    if (include_customers) {
        nlohmann::json customers = nlohmann::json::array();
        for (std::size_t c = 0; c < result.customers.size() && c < dataset.customer_count(); ++c) {
            const auto& customer = result.customers[c];
            if (customer.frequency == 0) continue;
            customers.push_back({{"customer_id", dataset.customer_ids[c]},
                                 {"recency_days", customer.recency_days},
                                 {"frequency", customer.frequency},
                                 {"monetary", customer.monetary},
                                 {"r", customer.recency_score},
                                 {"f", customer.frequency_score},
                                 {"m", customer.monetary_score},
                                 {"segment", rfm_segment_key(customer.segment)}});
        }
        json["customer_scores"] = std::move(customers);
    }
    return json;
}

}  // namespace touchpoint::metrics
