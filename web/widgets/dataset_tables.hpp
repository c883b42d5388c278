#pragma once
// Tables over the core's columnar Dataset, read in place (no copy of the Dataset):
//   OrdersTable     one row per order, customers in id order, each customer's orders by date:
//                   Customer | Order date | Amount
//   CustomersTable  one row per customer, in id order:
//                   Customer | Orders | First order | Last order | Total spent | Average order
// Both keep the Dataset alive through the shared pointer they hold.
#include "widgets/table_source.hpp"
#include "touchpoint/data/dataset.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace touchpoint::widgets {

class OrdersTable final : public TableSource {
public:
    enum Column : std::size_t { customer, order_date, amount, column_total };

    explicit OrdersTable(std::shared_ptr<const data::Dataset> dataset);

    std::size_t row_count() const override { return dataset_->order_count(); }
    std::size_t column_count() const override { return column_total; }
    const ColumnInfo& column(std::size_t column) const override { return columns_[column]; }
    double number(std::size_t row, std::size_t column) const override;
    std::string_view text(std::size_t row, std::size_t column) const override;

    // The customer (index into customer_ids) who placed order `row`.
    std::uint32_t customer_of(std::size_t row) const { return customer_of_order_[row]; }

private:
    std::shared_ptr<const data::Dataset> dataset_;
    // Built once (4 bytes an order), so a row finds its customer without searching the offsets.
    std::vector<std::uint32_t> customer_of_order_;
    std::array<ColumnInfo, column_total> columns_;
};

class CustomersTable final : public TableSource {
public:
    enum Column : std::size_t { customer, orders, first_order, last_order, total_spent, average_order, column_total };

    explicit CustomersTable(std::shared_ptr<const data::Dataset> dataset);

    std::size_t row_count() const override { return dataset_->customer_count(); }
    std::size_t column_count() const override { return column_total; }
    const ColumnInfo& column(std::size_t column) const override { return columns_[column]; }
    double number(std::size_t row, std::size_t column) const override;
    std::string_view text(std::size_t row, std::size_t column) const override;

private:
    std::shared_ptr<const data::Dataset> dataset_;
    // Summed once: sorting or filtering on the total would otherwise re-add every order per look.
    std::vector<double> total_spent_;
    std::array<ColumnInfo, column_total> columns_;
};

}  // namespace touchpoint::widgets
