#include "order_lines.hpp"

#include <algorithm>
#include <cmath>

namespace touchpoint::data {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// `word` (lower case) anywhere in `text`, ignoring the case of `text`.
bool contains_word(std::string_view text, std::string_view word) {
    if (word.size() > text.size()) return false;
    for (std::size_t at = 0; at + word.size() <= text.size(); ++at) {
        std::size_t i = 0;
        while (i < word.size() && lower(text[at + i]) == word[i]) ++i;
        if (i == word.size()) return true;
    }
    return false;
}

bool equal_ignoring_case(std::string_view text, std::string_view word) {
    return text.size() == word.size() && contains_word(text, word);
}

}  // namespace

double OrderLine::line_amount() const {
    if (std::isnan(unit_price)) return no_number;
    return unit_price * (std::isnan(quantity) ? 1.0 : quantity);
}

const char* order_flag_name(OrderFlag flag) {
    switch (flag) {
        case OrderFlag::Purchase: return nullptr;
        case OrderFlag::Refund: return "refund";
        case OrderFlag::Cancelled: return "cancelled";
        case OrderFlag::Failed: return "failed";
    }
    return nullptr;
}

bool says_false(std::string_view text) {
    for (const auto word : {"false", "no", "0", "n"})
        if (equal_ignoring_case(text, word)) return true;
    return false;
}

OrderOutcome classify_order(double amount, std::string_view status, bool cancelled_date, bool uncaptured,
                            bool cancellation_invoice, double refunded) {
    // Failed payments never took money; a cancelled order was undone whatever it cost; only
    // then is a refund a refund.
    if (uncaptured || contains_word(status, "fail") || contains_word(status, "declin")) return {OrderFlag::Failed, amount};
    if (cancelled_date || cancellation_invoice || contains_word(status, "cancel") || contains_word(status, "void"))
        return {OrderFlag::Cancelled, amount};
    const bool partial = contains_word(status, "partial");
    const bool refund_status = !partial && (contains_word(status, "refund") || contains_word(status, "return"));
    const bool refunded_some = !std::isnan(refunded) && refunded > 0;
    if (amount < 0 || refund_status || (refunded_some && refunded >= amount)) return {OrderFlag::Refund, amount};
    return {OrderFlag::Purchase, refunded_some ? amount - refunded : amount};
}

void OrderLineGroups::reserve(std::size_t orders) {
    groups_.reserve(orders);
    group_of_id_.reserve(orders);
}

OrderLineGroups::Added OrderLineGroups::add(const OrderLine& line) {
    std::uint32_t index = static_cast<std::uint32_t>(groups_.size());
    if (line.order_id.empty()) {
        groups_.emplace_back();  // a line that names no order is an order of its own
    } else {
        const auto [entry, inserted] = group_of_id_.try_emplace(line.order_id, index);
        if (inserted) groups_.emplace_back();
        else index = entry->second;
    }
    Group& group = groups_[index];
    if (group.lines > 0) {
        if (!line.customer.empty() && !group.customer.empty() && line.customer != group.customer) return {Conflict::OtherCustomer, index};
        if (line.day != no_order_day && group.day != no_order_day && line.day != group.day) return {Conflict::OtherDay, index};
    } else {
        group.order_id = line.order_id;
        group.first_line = line.line;
    }
    ++group.lines;
    if (group.customer.empty()) group.customer = line.customer;
    if (group.day == no_order_day) group.day = line.day;
    if (std::isnan(group.total)) group.total = line.total;
    const double amount = line.line_amount();
    if (!std::isnan(amount)) {
        group.lines_amount += amount;
        group.has_line_amounts = true;
    }
    if (!std::isnan(line.quantity)) {
        group.quantity += static_cast<std::int64_t>(line.quantity);
        group.has_quantity = true;
    }
    if (group.channel.empty()) group.channel = line.channel;
    if (group.status.empty()) group.status = line.status;
    group.cancelled_date = group.cancelled_date || line.cancelled_date;
    group.uncaptured = group.uncaptured || line.uncaptured;
    group.cancellation_invoice = group.cancellation_invoice || line.cancellation_invoice;
    if (std::isnan(group.refunded)) group.refunded = line.refunded;
    if (!line.category.empty())
        category_amounts_.push_back({index, static_cast<std::uint32_t>(category_amounts_.size()), line.category,
                                     std::isnan(amount) ? 0.0 : amount});
    return {Conflict::None, index};
}

void OrderLineGroups::finish() {
    // Sum each order's amount per category, then keep the largest (the first seen on a tie).
    std::stable_sort(category_amounts_.begin(), category_amounts_.end(), [](const CategoryAmount& a, const CategoryAmount& b) {
        return a.group != b.group ? a.group < b.group : a.category < b.category;
    });
    std::vector<double> best_amount(groups_.size(), -std::numeric_limits<double>::infinity());
    std::vector<std::uint32_t> best_sequence(groups_.size(), 0);
    for (std::size_t i = 0; i < category_amounts_.size();) {
        const auto& first = category_amounts_[i];
        double sum = 0.0;
        std::uint32_t sequence = first.sequence;
        std::size_t j = i;
        for (; j < category_amounts_.size() && category_amounts_[j].group == first.group && category_amounts_[j].category == first.category; ++j) {
            sum += category_amounts_[j].amount;
            sequence = std::min(sequence, category_amounts_[j].sequence);
        }
        auto& group = groups_[first.group];
        if (sum > best_amount[first.group] || (sum == best_amount[first.group] && sequence < best_sequence[first.group])) {
            best_amount[first.group] = sum;
            best_sequence[first.group] = sequence;
            group.category = first.category;
        }
        i = j;
    }
    category_amounts_ = {};
}

const OrderLineGroups::Group* OrderLineGroups::find(std::string_view order_id) const {
    const auto found = group_of_id_.find(order_id);
    return found == group_of_id_.end() ? nullptr : &groups_[found->second];
}

}  // namespace touchpoint::data
