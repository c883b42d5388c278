#include "touchpoint/data/dataset.hpp"

#include "touchpoint/data/calendar.hpp"
#include "string_lookup.hpp"

#include <boost/unordered/unordered_flat_map.hpp>

#include <algorithm>
#include <numeric>

namespace touchpoint::data {

Dataset load_dataset(Store& store) {
    // A plain scan, grouped and sorted in memory: faster than asking SQLite to sort a million
    // rows, and the store needs no customer/date index to keep up on every import.
    boost::unordered_flat_map<std::string, std::uint32_t, StringViewHash, StringViewEqual> index_of;
    std::vector<std::string> customer_ids;
    std::vector<OrderPoint> orders;
    auto rows = store.prepare("SELECT customer_id, order_date, amount FROM orders WHERE is_return = 0");
    while (rows.step()) {
        const auto customer_id = rows.column_text(0);
        const auto date_text = rows.column_text(1);
        const auto day = parse_iso_date(date_text);
        if (!day)
            throw StoreError("store '" + store.path() + "': order of customer '" + std::string(customer_id) +
                             "' has a date that is not YYYY-MM-DD: '" + std::string(date_text) + "'");
        auto found = index_of.find(customer_id);  // a view: no string built for known customers
        if (found == index_of.end()) {
            found = index_of.emplace(std::string(customer_id), static_cast<std::uint32_t>(customer_ids.size())).first;
            customer_ids.emplace_back(customer_id);
        }
        orders.push_back({found->second, day_number(*day), rows.column_double(2)});
    }
    return build_dataset(customer_ids, orders);
}

Dataset build_dataset(const std::vector<std::string>& customer_ids, const std::vector<OrderPoint>& orders) {
    const std::size_t customer_count = customer_ids.size();
    // Rank customers by id, so the Dataset reads the same whichever way it was built.
    std::vector<std::uint32_t> by_id(customer_count);
    std::iota(by_id.begin(), by_id.end(), 0u);
    std::sort(by_id.begin(), by_id.end(), [&](std::uint32_t a, std::uint32_t b) { return customer_ids[a] < customer_ids[b]; });
    std::vector<std::uint32_t> rank(customer_count);
    for (std::uint32_t r = 0; r < customer_count; ++r) rank[by_id[r]] = r;

    Dataset dataset;
    dataset.customer_ids.reserve(customer_count);
    for (auto index : by_id) dataset.customer_ids.push_back(customer_ids[index]);

    // Counting sort by customer rank: one pass to size each customer's run, one to fill it.
    dataset.order_offsets.assign(customer_count + 1, 0);
    for (const auto& order : orders) ++dataset.order_offsets[rank[order.customer] + 1];
    std::partial_sum(dataset.order_offsets.begin(), dataset.order_offsets.end(), dataset.order_offsets.begin());
    std::vector<std::size_t> next(dataset.order_offsets.begin(), dataset.order_offsets.end() - 1);
    dataset.order_days.resize(orders.size());
    dataset.order_amounts.resize(orders.size());
    for (const auto& order : orders) {
        const std::size_t slot = next[rank[order.customer]]++;
        dataset.order_days[slot] = order.day;
        dataset.order_amounts[slot] = order.amount;
    }

    // Within a customer, date order; most runs arrive sorted already, so check before sorting.
    std::vector<std::pair<int, double>> run;
    for (std::size_t c = 0; c < customer_count; ++c) {
        const auto begin = dataset.order_offsets[c], end = dataset.order_offsets[c + 1];
        if (std::is_sorted(dataset.order_days.begin() + static_cast<std::ptrdiff_t>(begin),
                           dataset.order_days.begin() + static_cast<std::ptrdiff_t>(end)))
            continue;
        run.clear();
        for (auto i = begin; i < end; ++i) run.emplace_back(dataset.order_days[i], dataset.order_amounts[i]);
        std::stable_sort(run.begin(), run.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto i = begin; i < end; ++i) {
            dataset.order_days[i] = run[i - begin].first;
            dataset.order_amounts[i] = run[i - begin].second;
        }
    }
    return dataset;
}

}  // namespace touchpoint::data
