#pragma once
// The columnar view every analysis reads: customers in id order, each customer's orders
// sorted by date and stored contiguously (CSR offsets), so per-customer scans touch
// memory in order and need no lookups.
#include "touchpoint/data/store.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace touchpoint::data {

struct Dataset {
    std::vector<std::string> customer_ids;   // sorted
    std::vector<std::size_t> order_offsets;  // customer c owns orders [order_offsets[c], order_offsets[c + 1])
    std::vector<int> order_days;             // days since 1970-01-01, ascending within a customer
    std::vector<double> order_amounts;

    std::size_t customer_count() const { return customer_ids.size(); }
    std::size_t order_count() const { return order_days.size(); }
    std::span<const int> days_of(std::size_t customer) const {
        return {order_days.data() + order_offsets[customer], order_offsets[customer + 1] - order_offsets[customer]};
    }
};

// Reads every purchase in the store (returns and refunds are kept in the store but are not
// purchases). Throws StoreError if a stored date is not ISO 8601.
Dataset load_dataset(Store& store);

// One purchase, with its customer given as an index into a list of ids.
struct OrderPoint {
    std::uint32_t customer;
    int day;
    double amount;
};

// Builds the Dataset from purchases in any order: customers sorted by id, each customer's
// orders by date (orders on the same day keep their given order).
Dataset build_dataset(const std::vector<std::string>& customer_ids, const std::vector<OrderPoint>& orders);

}  // namespace touchpoint::data
