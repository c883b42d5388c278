#include "touchpoint/clv/diagnostics.hpp"

#include "touchpoint/clv/predictions.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace touchpoint::clv {

namespace {

double days_per_unit(TimeUnit unit) { return unit == TimeUnit::Week ? 7.0 : 1.0; }

// The purchase days of customer c, in order, each once.
template <typename Visit>
void for_each_purchase_day(const data::Dataset& dataset, std::size_t c, Visit visit) {
    int previous = 0;
    for (auto i = dataset.order_offsets[c]; i < dataset.order_offsets[c + 1]; ++i) {
        const int day = dataset.order_days[i];
        if (i != dataset.order_offsets[c] && day == previous) continue;
        visit(day);
        previous = day;
    }
}

// Groups of x: 0 .. largest_x - 1, then largest_x and more.
std::size_t group_of(int x, int largest_x) { return static_cast<std::size_t>(std::min(x, largest_x)); }

}  // namespace

double holdout_length(const HoldoutOptions& options) {
    const int days = data::day_number(options.holdout_end) - data::day_number(options.calibration_end);
    if (days < 1) throw std::invalid_argument("the holdout ends before it starts");
    return days / days_per_unit(options.unit);
}

std::vector<HoldoutCustomer> split_calibration_holdout(const data::Dataset& dataset, const HoldoutOptions& options) {
    holdout_length(options);  // throws when the holdout ends before it starts
    const int calibration_end = data::day_number(options.calibration_end), holdout_end = data::day_number(options.holdout_end);
    const auto summary = summarise_customers(dataset, {options.calibration_end, options.unit});
    std::vector<HoldoutCustomer> customers;
    customers.reserve(summary.size());
    std::size_t next = 0;  // summarise_customers keeps the Dataset's order
    for (std::size_t c = 0; c < dataset.customer_count() && next < summary.size(); ++c) {
        if (dataset.customer_ids[c] != summary[next].customer_id) continue;
        HoldoutCustomer customer{summary[next++], 0};
        for_each_purchase_day(dataset, c, [&](int day) {
            if (day > calibration_end && day <= holdout_end) ++customer.holdout_purchases;
        });
        customers.push_back(std::move(customer));
    }
    return customers;
}

std::vector<TrackingPoint> tracking(const FitResult& purchase_model, const data::Dataset& dataset, const HoldoutOptions& options) {
    holdout_length(options);  // throws when the holdout ends before it starts
    const int calibration_end = data::day_number(options.calibration_end), holdout_end = data::day_number(options.holdout_end);
    const int unit_days = options.unit == TimeUnit::Week ? 7 : 1;

    // The modelled customers' first days, and the actual repeat purchases by day.
    std::vector<int> first_days;
    int start = holdout_end;
    for (std::size_t c = 0; c < dataset.customer_count(); ++c) {
        const int first = dataset.order_days[dataset.order_offsets[c]];
        if (first > calibration_end) continue;
        first_days.push_back(first);
        start = std::min(start, first);
    }
    if (first_days.empty() || start > holdout_end) return {};
    const auto periods = static_cast<std::size_t>((holdout_end - start) / unit_days + 1);
    std::vector<TrackingPoint> points(periods);
    for (std::size_t p = 0; p < periods; ++p)
        points[p].last_day = std::min(start + static_cast<int>(p + 1) * unit_days - 1, holdout_end);
    for (std::size_t c = 0; c < dataset.customer_count(); ++c) {
        const int first = dataset.order_days[dataset.order_offsets[c]];
        if (first > calibration_end) continue;
        for_each_purchase_day(dataset, c, [&](int day) {
            if (day != first && day <= holdout_end) points[static_cast<std::size_t>((day - start) / unit_days)].actual += 1;
        });
    }

    // A new customer's expected repeat purchases depend only on the days since the first
    // purchase: one model evaluation per distinct number of days, not per customer and period.
    const int span = holdout_end - start;
    std::vector<double> expected_after(static_cast<std::size_t>(span) + 1);
    for (int days = 0; days <= span; ++days)
        expected_after[static_cast<std::size_t>(days)] =
            days == 0 ? 0.0 : expected_purchases_new_customer(purchase_model, days / days_per_unit(options.unit));
    std::vector<std::int64_t> customers_first_on(static_cast<std::size_t>(span) + 1);
    for (const int first : first_days) ++customers_first_on[static_cast<std::size_t>(first - start)];

    double actual_cumulative = 0;
    for (auto& point : points) {
        double cumulative = 0;
        for (int first = start; first <= std::min(point.last_day, calibration_end); ++first) {
            const auto count = customers_first_on[static_cast<std::size_t>(first - start)];
            if (count > 0) cumulative += static_cast<double>(count) * expected_after[static_cast<std::size_t>(point.last_day - first)];
        }
        point.predicted_cumulative = cumulative;
        actual_cumulative += point.actual;
        point.actual_cumulative = actual_cumulative;
    }
    for (std::size_t p = 0; p < periods; ++p)
        points[p].predicted = points[p].predicted_cumulative - (p == 0 ? 0.0 : points[p - 1].predicted_cumulative);
    return points;
}

std::vector<ConditionalExpectation> conditional_expectations(const FitResult& purchase_model, const std::vector<HoldoutCustomer>& customers,
                                                             double holdout_units, int largest_x) {
    std::vector<ConditionalExpectation> groups(static_cast<std::size_t>(largest_x) + 1);
    for (std::size_t g = 0; g < groups.size(); ++g) {
        groups[g].x = static_cast<int>(g);
        groups[g].and_more = static_cast<int>(g) == largest_x;
    }
    for (const auto& customer : customers) {
        const auto& row = customer.calibration;
        auto& group = groups[group_of(row.x, largest_x)];
        ++group.customers;
        group.actual_mean += customer.holdout_purchases;
        group.predicted_mean += expected_purchases(purchase_model, row.x, row.t_x, row.T, holdout_units);
    }
    std::erase_if(groups, [](const ConditionalExpectation& group) { return group.customers == 0; });
    for (auto& group : groups) {
        group.actual_mean /= static_cast<double>(group.customers);
        group.predicted_mean /= static_cast<double>(group.customers);
    }
    return groups;
}

std::vector<FrequencyCount> calibration_frequencies(const FitResult& purchase_model, const std::vector<CustomerSummary>& customers,
                                                    int largest_x) {
    std::vector<FrequencyCount> counts(static_cast<std::size_t>(largest_x) + 1);
    for (std::size_t g = 0; g < counts.size(); ++g) {
        counts[g].x = static_cast<int>(g);
        counts[g].and_more = static_cast<int>(g) == largest_x;
    }
    for (const auto& row : customers) ++counts[group_of(row.x, largest_x)].actual;
    // Expected customers with k repeat purchases: the sum over customers of P(X(T) = k). It
    // depends on the customer only through T, which takes one value per first-purchase day:
    // one evaluation per distinct T, weighted by its customers.
    std::vector<double> lengths;
    lengths.reserve(customers.size());
    for (const auto& row : customers) lengths.push_back(row.T);
    std::sort(lengths.begin(), lengths.end());
    std::vector<double> predicted(counts.size());
    for (std::size_t i = 0; i < lengths.size();) {
        std::size_t same = i;
        while (same < lengths.size() && lengths[same] == lengths[i]) ++same;
        const double weight = static_cast<double>(same - i);
        double below_largest = 0;
        for (int k = 0; k < largest_x; ++k) {
            const double probability = probability_of_purchases(purchase_model, lengths[i], k);
            predicted[static_cast<std::size_t>(k)] += weight * probability;
            below_largest += probability;
        }
        predicted.back() += weight * std::max(0.0, 1.0 - below_largest);
        i = same;
    }
    for (std::size_t g = 0; g < counts.size(); ++g) counts[g].predicted = predicted[g];
    return counts;
}

HoldoutError holdout_error(const FitResult& purchase_model, const std::vector<HoldoutCustomer>& customers, double holdout_units) {
    HoldoutError error;
    double absolute = 0, squared = 0;
    for (const auto& customer : customers) {
        const auto& row = customer.calibration;
        const double predicted = expected_purchases(purchase_model, row.x, row.t_x, row.T, holdout_units);
        const double difference = predicted - customer.holdout_purchases;
        error.actual_total += customer.holdout_purchases;
        error.predicted_total += predicted;
        absolute += std::fabs(difference);
        squared += difference * difference;
    }
    error.customers = static_cast<std::int64_t>(customers.size());
    if (error.customers > 0) {
        error.mean_absolute_error = absolute / static_cast<double>(error.customers);
        error.root_mean_squared_error = std::sqrt(squared / static_cast<double>(error.customers));
    }
    return error;
}

}  // namespace touchpoint::clv
