#include "touchpoint/clv/summary.hpp"

#include <nlohmann/json.hpp>

namespace touchpoint::clv {

const char* time_unit_name(TimeUnit unit) { return unit == TimeUnit::Week ? "week" : "day"; }

std::vector<CustomerSummary> summarise_customers(const data::Dataset& dataset, const SummaryOptions& options) {
    const int end = data::day_number(options.calibration_end);
    const double days_per_unit = options.unit == TimeUnit::Week ? 7.0 : 1.0;
    std::vector<CustomerSummary> summary;
    summary.reserve(dataset.customer_count());
    for (std::size_t c = 0; c < dataset.customer_count(); ++c) {
        const auto begin = dataset.order_offsets[c], stop = dataset.order_offsets[c + 1];
        const int first = dataset.order_days[begin];
        if (first > end) continue;

        // Walk the transactions (distinct days) of the calibration period; the first is the
        // customer's acquisition, the rest are repeats.
        int transactions = 0, last_day = first;
        double repeat_value = 0, day_value = 0;
        for (auto i = begin; i < stop && dataset.order_days[i] <= end; ++i) {
            const int day = dataset.order_days[i];
            if (transactions == 0 || day != last_day) {
                if (transactions > 1) repeat_value += day_value;  // close the previous repeat transaction
                ++transactions;
                day_value = 0;
                last_day = day;
            }
            day_value += dataset.order_amounts[i];
        }
        if (transactions > 1) repeat_value += day_value;

        CustomerSummary row;
        row.customer_id = dataset.customer_ids[c];
        row.x = transactions - 1;
        row.t_x = row.x > 0 ? (last_day - first) / days_per_unit : 0.0;
        row.T = (end - first) / days_per_unit;
        row.monetary = row.x > 0 ? repeat_value / row.x : 0.0;
        summary.push_back(std::move(row));
    }
    return summary;
}

nlohmann::json to_json(const std::vector<CustomerSummary>& summary) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : summary)
        rows.push_back({{"customer_id", row.customer_id}, {"x", row.x}, {"t_x", row.t_x}, {"T", row.T}, {"monetary", row.monetary}});
    return rows;
}

}  // namespace touchpoint::clv
