#include "widgets/dataset_tables.hpp"

#include <limits>
#include <numeric>
#include <stdexcept>

namespace touchpoint::widgets {

namespace {

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

void check_dataset(const std::shared_ptr<const data::Dataset>& dataset) {
    if (!dataset) throw std::invalid_argument("dataset table needs a Dataset");
    if (dataset->order_offsets.size() != dataset->customer_count() + 1 ||
        dataset->order_offsets.back() != dataset->order_count() ||
        dataset->order_amounts.size() != dataset->order_count())
        throw std::invalid_argument("dataset table: the Dataset's offsets and order columns disagree");
    if (dataset->order_count() > std::numeric_limits<std::uint32_t>::max())
        throw std::invalid_argument("dataset table: more orders than 32-bit row indices hold");
}

}  // namespace

OrdersTable::OrdersTable(std::shared_ptr<const data::Dataset> dataset)
    : dataset_(std::move(dataset)),
      columns_{{{"Customer", CellKind::Text}, {"Order date", CellKind::Date}, {"Amount", CellKind::Money}}} {
    check_dataset(dataset_);
    customer_of_order_.resize(dataset_->order_count());
    for (std::size_t customer_index = 0; customer_index < dataset_->customer_count(); ++customer_index)
        for (std::size_t order = dataset_->order_offsets[customer_index]; order < dataset_->order_offsets[customer_index + 1];
             ++order)
            customer_of_order_[order] = static_cast<std::uint32_t>(customer_index);
}

double OrdersTable::number(std::size_t row, std::size_t column) const {
    switch (column) {
    case order_date: return dataset_->order_days[row];
    case amount: return dataset_->order_amounts[row];
    default: return missing;
    }
}

std::string_view OrdersTable::text(std::size_t row, std::size_t column) const {
    return column == customer ? std::string_view{dataset_->customer_ids[customer_of_order_[row]]} : std::string_view{};
}

CustomersTable::CustomersTable(std::shared_ptr<const data::Dataset> dataset)
    : dataset_(std::move(dataset)),
      columns_{{{"Customer", CellKind::Text},
                {"Orders", CellKind::Count},
                {"First order", CellKind::Date},
                {"Last order", CellKind::Date},
                {"Total spent", CellKind::Money},
                {"Average order", CellKind::Money}}} {
    check_dataset(dataset_);
    const auto& offsets = dataset_->order_offsets;
    const auto& amounts = dataset_->order_amounts;
    total_spent_.resize(dataset_->customer_count());
    for (std::size_t row = 0; row < total_spent_.size(); ++row)
        total_spent_[row] = std::accumulate(amounts.begin() + static_cast<std::ptrdiff_t>(offsets[row]),
                                            amounts.begin() + static_cast<std::ptrdiff_t>(offsets[row + 1]), 0.0);
}

double CustomersTable::number(std::size_t row, std::size_t column) const {
    const auto& offsets = dataset_->order_offsets;
    const std::size_t first = offsets[row], end = offsets[row + 1];
    const std::size_t order_count = end - first;
    switch (column) {
    case orders: return static_cast<double>(order_count);
    // Orders are sorted by date within a customer: the first and last are the ends of the run.
    case first_order: return order_count == 0 ? missing : dataset_->order_days[first];
    case last_order: return order_count == 0 ? missing : dataset_->order_days[end - 1];
    case total_spent: return total_spent_[row];
    case average_order: return order_count == 0 ? missing : total_spent_[row] / static_cast<double>(order_count);
    default: return missing;
    }
}

std::string_view CustomersTable::text(std::size_t row, std::size_t column) const {
    return column == customer ? std::string_view{dataset_->customer_ids[row]} : std::string_view{};
}

}  // namespace touchpoint::widgets
