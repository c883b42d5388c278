#include "touchpoint/metrics/headline.hpp"

#include "touchpoint/data/calendar.hpp"
#include "touchpoint/help/glossary.hpp"

#include <nlohmann/json.hpp>
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

// The median of the gaps counted by length (count_by_length[g] gaps of g days): the middle gap,
// or the mean of the two middle gaps for an even count.
double median_of_counts(const std::vector<std::int64_t>& count_by_length, std::int64_t total) {
    const auto length_at_rank = [&](std::int64_t rank) {
        std::int64_t seen = 0;
        for (std::size_t length = 0; length < count_by_length.size(); ++length) {
            seen += count_by_length[length];
            if (seen > rank) return static_cast<int>(length);
        }
        throw std::logic_error("gap rank beyond the number of gaps");
    };
    const int upper = length_at_rank(total / 2);
    if (total % 2 == 1) return upper;
    return (length_at_rank(total / 2 - 1) + upper) / 2.0;
}

}  // namespace

HeadlineMetrics compute_headline_metrics(const data::Dataset& dataset) {
    HeadlineMetrics metrics;
    metrics.customers = static_cast<std::int64_t>(dataset.customer_count());
    metrics.orders = static_cast<std::int64_t>(dataset.order_count());
    if (dataset.customer_count() == 0) return metrics;

    // Months are counted from the first month with an order, so a month is an array index; a
    // day -> month table over the span finds it with one load instead of a calendar conversion.
    const auto [first_day, last_day] = std::minmax_element(dataset.order_days.begin(), dataset.order_days.end());
    const int span_first = *first_day;
    const auto first_month = month_of(span_first);
    std::vector<std::uint32_t> month_of_day(static_cast<std::size_t>(*last_day - span_first) + 1);
    for (std::size_t d = 0; d < month_of_day.size(); ++d)
        month_of_day[d] = static_cast<std::uint32_t>((month_of(span_first + static_cast<int>(d)) - first_month).count());
    std::vector<MonthlyCustomers> months(month_of_day.back() + 1u);

    // Gaps lie within the span, so counting them by length gives the median without a sort.
    std::vector<std::int64_t> gaps_by_length(month_of_day.size(), 0);
    std::int64_t gap_count = 0;
    std::int64_t repeat_customers = 0;
    const std::uint32_t* month_index = month_of_day.data();
    for (std::size_t customer = 0; customer < dataset.customer_count(); ++customer) {
        const auto days = dataset.days_of(customer);
        if (days.empty()) continue;  // a customer id without purchases: in no month
        const std::uint32_t acquired = month_index[days.front() - span_first];
        ++months[acquired].new_customers;

        int purchase_days = 1;
        std::uint32_t counted_month = acquired;  // count each customer once per month
        for (std::size_t i = 1; i < days.size(); ++i) {
            if (days[i] == days[i - 1]) continue;  // same-day orders are one purchase
            ++purchase_days;
            ++gaps_by_length[static_cast<std::size_t>(days[i] - days[i - 1])];
            ++gap_count;
            const std::uint32_t month = month_index[days[i] - span_first];
            if (month != counted_month) {
                ++months[month].returning;
                counted_month = month;
            }
        }
        if (purchase_days >= 2) ++repeat_customers;
    }

    metrics.repeat_purchase_rate = static_cast<double>(repeat_customers) / static_cast<double>(metrics.customers);
    if (gap_count > 0) metrics.median_days_between_orders = median_of_counts(gaps_by_length, gap_count);

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
