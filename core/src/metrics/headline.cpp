#include "touchpoint/metrics/headline.hpp"

#include "touchpoint/data/calendar.hpp"
#include "touchpoint/help/glossary.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace touchpoint::metrics {

const std::vector<MetricDefinition>& metric_definitions() {
    // The keys of to_json(); the words live in the glossary, the one place they are written.
    static const std::vector<MetricDefinition> definitions = [] {
        constexpr const char* keys[] = {"customers", "orders", "repeat_purchase_rate", "median_days_between_orders",
                                        "returning_by_month"};
        std::vector<MetricDefinition> result;
        for (const char* key : keys) {
            const auto* entry = help::find_entry(key);
            if (!entry) throw std::logic_error(std::string("the glossary has no entry for the metric ") + key);
            // Glossary texts are string literals, so data() is null-terminated.
            result.push_back({entry->key.data(), entry->label.data(), entry->definition.data()});
        }
        return result;
    }();
    return definitions;
}

namespace {

date::year_month month_of(int day) {
    const date::year_month_day ymd{data::day_from_number(day)};
    return ymd.year() / ymd.month();
}

double median_of(std::vector<int>& values) {
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    if (values.size() % 2 == 1) return *middle;
    const int upper = *middle;
    const int lower = *std::max_element(values.begin(), middle);
    return (lower + upper) / 2.0;
}

}  // namespace

HeadlineMetrics compute_headline_metrics(const data::Dataset& dataset) {
    HeadlineMetrics metrics;
    metrics.customers = static_cast<std::int64_t>(dataset.customer_count());
    metrics.orders = static_cast<std::int64_t>(dataset.order_count());
    if (dataset.customer_count() == 0) return metrics;

    // Months are counted from the first month with an order, so a month is an array index.
    const auto [first_day, last_day] = std::minmax_element(dataset.order_days.begin(), dataset.order_days.end());
    const auto first_month = month_of(*first_day);
    const auto month_index = [&](int day) {
        return static_cast<std::size_t>((month_of(day) - first_month).count());
    };
    std::vector<MonthlyCustomers> months(month_index(*last_day) + 1);

    std::int64_t repeat_customers = 0;
    std::vector<int> gaps;
    gaps.reserve(dataset.order_count());
    for (std::size_t customer = 0; customer < dataset.customer_count(); ++customer) {
        const auto days = dataset.days_of(customer);
        const std::size_t acquired = month_index(days.front());
        ++months[acquired].new_customers;

        int purchase_days = 1;
        std::size_t counted_month = acquired;  // count each customer once per month
        for (std::size_t i = 1; i < days.size(); ++i) {
            if (days[i] == days[i - 1]) continue;  // same-day orders are one purchase
            ++purchase_days;
            gaps.push_back(days[i] - days[i - 1]);
            const std::size_t month = month_index(days[i]);
            if (month != counted_month) {
                ++months[month].returning;
                counted_month = month;
            }
        }
        if (purchase_days >= 2) ++repeat_customers;
    }

    metrics.repeat_purchase_rate = static_cast<double>(repeat_customers) / static_cast<double>(metrics.customers);
    if (!gaps.empty()) metrics.median_days_between_orders = median_of(gaps);

    // Every calendar month in the span, so quiet months show as zero rather than vanish.
    auto month = first_month;
    for (auto& entry : months) {
        entry.month = data::format_year_month(month);
        month += date::months{1};
    }
    metrics.returning_by_month = std::move(months);
    return metrics;
}

nlohmann::json to_json(const HeadlineMetrics& metrics) {
    auto optional_number = [](const std::optional<double>& value) -> nlohmann::json {
        return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
    };
    nlohmann::json months = nlohmann::json::array();
    for (const auto& month : metrics.returning_by_month)
        months.push_back({{"month", month.month}, {"returning", month.returning}, {"new", month.new_customers}});
    return {
        {"customers", metrics.customers},
        {"orders", metrics.orders},
        {"repeat_purchase_rate", optional_number(metrics.repeat_purchase_rate)},
        {"median_days_between_orders", optional_number(metrics.median_days_between_orders)},
        {"returning_by_month", std::move(months)},
    };
}

}  // namespace touchpoint::metrics
