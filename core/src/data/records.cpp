#include "touchpoint/data/records.hpp"

namespace touchpoint::data {

void insert_customers(Store& store, std::span<const CustomerRecord> customers) {
    Transaction transaction(store);
    auto insert = store.prepare(
        "INSERT INTO customers (customer_id, signup_date, region, acquisition_channel) VALUES (?, ?, ?, ?)");
    for (const auto& customer : customers) {
        insert.bind(1, customer.customer_id)
            .bind(2, format_iso_date(customer.signup_date))
            .bind(3, customer.region)
            .bind(4, customer.acquisition_channel)
            .run();
    }
    transaction.commit();
}

void insert_orders(Store& store, std::span<const OrderRecord> orders) {
    Transaction transaction(store);
    auto insert = store.prepare(
        "INSERT INTO orders (order_id, customer_id, order_date, amount, quantity, category, channel)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const auto& order : orders) {
        insert.bind(1, order.order_id)
            .bind(2, order.customer_id)
            .bind(3, format_iso_date(order.order_date))
            .bind(4, order.amount)
            .bind(5, std::int64_t{order.quantity})
            .bind(6, order.category)
            .bind(7, order.channel)
            .run();
    }
    transaction.commit();
}

}  // namespace touchpoint::data
