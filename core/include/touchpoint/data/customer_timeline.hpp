#pragma once
// One customer's history as the store holds it: orders (returns and refunds flagged), touches,
// survey answers and support tickets, in date order.
#include "touchpoint/data/store.hpp"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::data {

enum class TimelineEventKind : std::uint8_t { Order, Touch, Survey, Ticket };
inline constexpr std::size_t timeline_event_kind_count = 4;

std::string_view timeline_event_kind_key(TimelineEventKind kind);  // "order", "touch", "survey", "ticket"

// One dated event. Only the fields of its kind are filled; text the store does not hold is empty.
struct TimelineEvent {
    TimelineEventKind kind = TimelineEventKind::Order;
    int day = 0;          // days since 1970-01-01: the order date, touch date, answer date, ticket opening
    std::string channel;  // orders, touches and tickets

    // Order
    std::string order_id;
    double amount = 0.0;
    bool is_return = false;  // not a purchase (a refund, a cancelled order, a failed payment): kept, not counted
    std::string flag;        // why not: "refund", "cancelled" or "failed" (docs/import.md); empty for a purchase
    std::optional<std::int64_t> quantity;
    std::string category;
    std::string status;

    // Touch
    std::string touch_type;
    std::string outcome;

    // Survey: the scores the customer gave
    std::optional<double> nps, csat, ces;

    // Ticket
    std::string ticket_id;
    std::optional<int> first_response_day;
    std::optional<int> resolved_day;
};

// The customer's row of the customers table.
struct CustomerProfile {
    std::optional<int> signup_day;
    std::string region;
    std::string acquisition_channel;
    std::optional<int> renewal_day;
};

struct CustomerTimeline {
    std::string customer_id;
    std::optional<CustomerProfile> profile;  // none when the customers table has no row for them
    // By day; on one day: orders, then touches, survey answers and tickets, each in stored order.
    std::vector<TimelineEvent> events;

    std::array<std::int64_t, timeline_event_kind_count> count_by_kind() const;  // indexed by TimelineEventKind
    std::int64_t returns() const;       // orders flagged as returns or refunds
    std::int64_t purchase_days() const; // distinct days with a purchase (returns left out)
    double revenue() const;             // purchases, added in whole cents; returns left out
};

// Everything the store holds about the customer; nullopt when no table mentions the id.
// Throws StoreError when a stored date is not YYYY-MM-DD.
std::optional<CustomerTimeline> load_customer_timeline(Store& store, std::string_view customer_id);

// {"customer_id", "profile": {...} or null, "counts": {"order", "return", "touch", "survey",
// "ticket", "purchase_days", "revenue"}, "events": [{"date", "kind", ...fields of the kind}]}.
nlohmann::json to_json(const CustomerTimeline& timeline);

}  // namespace touchpoint::data
