#include "touchpoint/data/dataset.hpp"

#include "touchpoint/data/calendar.hpp"

namespace touchpoint::data {

Dataset load_dataset(Store& store) {
    Dataset dataset;
    dataset.order_offsets.push_back(0);
    auto rows = store.prepare("SELECT customer_id, order_date, amount FROM orders ORDER BY customer_id, order_date, rowid");
    while (rows.step()) {
        const auto customer_id = rows.column_text(0);
        if (dataset.customer_ids.empty() || dataset.customer_ids.back() != customer_id) {
            if (!dataset.customer_ids.empty()) dataset.order_offsets.push_back(dataset.order_days.size());
            dataset.customer_ids.emplace_back(customer_id);
        }
        const auto date_text = rows.column_text(1);
        const auto day = parse_iso_date(date_text);
        if (!day)
            throw StoreError("store '" + store.path() + "': order of customer '" + std::string(customer_id) +
                             "' has a date that is not YYYY-MM-DD: '" + std::string(date_text) + "'");
        dataset.order_days.push_back(day_number(*day));
        dataset.order_amounts.push_back(rows.column_double(2));
    }
    if (!dataset.customer_ids.empty()) dataset.order_offsets.push_back(dataset.order_days.size());
    return dataset;
}

}  // namespace touchpoint::data
