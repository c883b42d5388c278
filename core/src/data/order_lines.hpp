#pragma once
// From the rows of an orders file to orders (docs/import.md): what one row says about its
// order, the rules that make an order a purchase or not, and the grouping of a line-item
// file's lines into one order per order id.
#include <boost/unordered/unordered_flat_map.hpp>

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

namespace touchpoint::data {

inline constexpr int no_order_day = std::numeric_limits<int>::min();
inline constexpr double no_number = std::numeric_limits<double>::quiet_NaN();

// What one row of an orders file says. Views point into the file's text (or into text the
// importer keeps alive until the import ends).
struct OrderLine {
    std::int64_t line = 0;         // 1-based line of the file
    std::string_view order_id;     // empty: the row names no order
    std::string_view customer;     // the customer id, or else the e-mail; empty: none on this row
    int day = no_order_day;
    double total = no_number;      // the order's total, when this row carries it
    double unit_price = no_number;
    double quantity = no_number;   // NaN: the row has no quantity
    std::string_view category, channel, status;
    bool cancelled_date = false;   // the row has a cancellation date
    bool uncaptured = false;       // the payment was not captured
    bool cancellation_invoice = false;  // a UCI-style "C" invoice number
    double refunded = no_number;   // the refunded amount, when the row carries it

    // The line's own amount: quantity x unit price (one unit when no quantity), or NaN.
    double line_amount() const;
};

enum class OrderFlag : unsigned char { Purchase, Refund, Cancelled, Failed };

// The store's orders.flag value: nullptr for a purchase, else "refund", "cancelled", "failed".
const char* order_flag_name(OrderFlag flag);

struct OrderOutcome {
    OrderFlag flag = OrderFlag::Purchase;
    double amount = 0.0;  // as stored: a partly refunded purchase counts what was kept
};

// The rules of docs/import.md, "Not every order is a purchase".
OrderOutcome classify_order(double amount, std::string_view status, bool cancelled_date, bool uncaptured,
                            bool cancellation_invoice, double refunded);

// "false", "no", "0", "n" in any case: a Captured column that says the payment was not taken.
bool says_false(std::string_view text);

// The lines of a line-item file, grouped into one order per order id, in order of first line.
class OrderLineGroups {
public:
    enum class Conflict { None, OtherCustomer, OtherDay };

    struct Group {
        std::string_view order_id;
        std::string_view customer;
        int day = no_order_day;
        double total = no_number;   // from whichever line carries it
        double lines_amount = 0.0;  // sum of the lines' quantity x unit price
        bool has_line_amounts = false;
        std::int64_t quantity = 0;
        bool has_quantity = false;
        std::string_view channel, status;
        bool cancelled_date = false, uncaptured = false, cancellation_invoice = false;
        double refunded = no_number;
        std::int64_t first_line = 0;
        std::uint32_t lines = 0;
        std::string_view category;  // set by finish(): the category carrying most of the amount
    };

    struct Added {
        Conflict conflict = Conflict::None;
        std::uint32_t group = 0;  // the order the line belongs to
    };

    void reserve(std::size_t orders);
    // Adds a line to its order. A line whose customer or day differs from its order's is left
    // out, and the conflict returned so the importer can reject it.
    Added add(const OrderLine& line);
    // Decides each order's category; call once, after the last line.
    void finish();

    const std::vector<Group>& groups() const { return groups_; }
    // The order a line with this id joined, or null (its lines named no order id).
    const Group* find(std::string_view order_id) const;

private:
    struct CategoryAmount {
        std::uint32_t group;
        std::uint32_t sequence;  // first seen first, on a tie
        std::string_view category;
        double amount;
    };
    std::vector<Group> groups_;
    boost::unordered_flat_map<std::string_view, std::uint32_t> group_of_id_;
    std::vector<CategoryAmount> category_amounts_;
};

}  // namespace touchpoint::data
