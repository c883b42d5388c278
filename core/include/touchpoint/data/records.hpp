#pragma once
// Rows of the store's tables as plain structs, and writing them in one transaction.
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/store.hpp"

#include <span>
#include <string>

namespace touchpoint::data {

struct CustomerRecord {
    std::string customer_id;  // text: ids keep leading zeros
    Day signup_date;
    std::string region;
    std::string acquisition_channel;
};

struct OrderRecord {
    std::string order_id;
    std::string customer_id;
    Day order_date;
    double amount = 0.0;
    int quantity = 1;
    std::string category;
    std::string channel;
};

// Appends the rows in one transaction: either all of them are stored or none.
void insert_customers(Store& store, std::span<const CustomerRecord> customers);
void insert_orders(Store& store, std::span<const OrderRecord> orders);

}  // namespace touchpoint::data
