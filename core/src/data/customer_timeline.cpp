#include "touchpoint/data/customer_timeline.hpp"

#include "touchpoint/data/calendar.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>

namespace touchpoint::data {

namespace {

// A stored date as a day number; a malformed one is a broken store, said with where it is.
int day_of(Store& store, std::string_view table, std::string_view customer_id, std::string_view text) {
    const auto day = parse_iso_date(text);
    if (!day)
        throw StoreError("store '" + store.path() + "': a " + std::string(table) + " row of customer '" +
                         std::string(customer_id) + "' has a date that is not YYYY-MM-DD: '" + std::string(text) + "'");
    return day_number(*day);
}

std::optional<int> optional_day(Store& store, Statement& row, int column, std::string_view table, std::string_view customer_id) {
    if (row.column_is_null(column) || row.column_text(column).empty()) return std::nullopt;
    return day_of(store, table, customer_id, row.column_text(column));
}

std::optional<double> optional_number(Statement& row, int column) {
    if (row.column_is_null(column)) return std::nullopt;
    return row.column_double(column);
}

std::string text_of(Statement& row, int column) { return std::string(row.column_text(column)); }

void read_orders(Store& store, std::string_view customer_id, std::vector<TimelineEvent>& events) {
    auto rows = store.prepare(
        "SELECT order_id, order_date, amount, quantity, category, channel, status, is_return, flag FROM orders "
        "WHERE customer_id = ?1 ORDER BY order_date, rowid");
    rows.bind_static(1, customer_id);
    while (rows.step()) {
        TimelineEvent& event = events.emplace_back();
        event.kind = TimelineEventKind::Order;
        event.order_id = text_of(rows, 0);
        event.day = day_of(store, "orders", customer_id, rows.column_text(1));
        event.amount = rows.column_double(2);
        if (!rows.column_is_null(3)) event.quantity = rows.column_int(3);
        event.category = text_of(rows, 4);
        event.channel = text_of(rows, 5);
        event.status = text_of(rows, 6);
        event.is_return = rows.column_int(7) != 0;
        event.flag = text_of(rows, 8);
    }
}

void read_touches(Store& store, std::string_view customer_id, std::vector<TimelineEvent>& events) {
    auto rows = store.prepare(
        "SELECT touch_date, touch_type, channel, outcome FROM touches WHERE customer_id = ?1 ORDER BY touch_date, rowid");
    rows.bind_static(1, customer_id);
    while (rows.step()) {
        TimelineEvent& event = events.emplace_back();
        event.kind = TimelineEventKind::Touch;
        event.day = day_of(store, "touches", customer_id, rows.column_text(0));
        event.touch_type = text_of(rows, 1);
        event.channel = text_of(rows, 2);
        event.outcome = text_of(rows, 3);
    }
}

void read_surveys(Store& store, std::string_view customer_id, std::vector<TimelineEvent>& events) {
    auto rows = store.prepare(
        "SELECT response_date, nps, csat, ces FROM surveys WHERE customer_id = ?1 ORDER BY response_date, rowid");
    rows.bind_static(1, customer_id);
    while (rows.step()) {
        TimelineEvent& event = events.emplace_back();
        event.kind = TimelineEventKind::Survey;
        event.day = day_of(store, "surveys", customer_id, rows.column_text(0));
        event.nps = optional_number(rows, 1);
        event.csat = optional_number(rows, 2);
        event.ces = optional_number(rows, 3);
    }
}

void read_tickets(Store& store, std::string_view customer_id, std::vector<TimelineEvent>& events) {
    auto rows = store.prepare(
        "SELECT ticket_id, opened_date, first_response_date, resolved_date, channel FROM tickets "
        "WHERE customer_id = ?1 ORDER BY opened_date, rowid");
    rows.bind_static(1, customer_id);
    while (rows.step()) {
        TimelineEvent& event = events.emplace_back();
        event.kind = TimelineEventKind::Ticket;
        event.ticket_id = text_of(rows, 0);
        event.day = day_of(store, "tickets", customer_id, rows.column_text(1));
        event.first_response_day = optional_day(store, rows, 2, "tickets", customer_id);
        event.resolved_day = optional_day(store, rows, 3, "tickets", customer_id);
        event.channel = text_of(rows, 4);
    }
}

std::optional<CustomerProfile> read_profile(Store& store, std::string_view customer_id) {
    auto row = store.prepare(
        "SELECT signup_date, region, acquisition_channel, renewal_date FROM customers WHERE customer_id = ?1");
    row.bind_static(1, customer_id);
    if (!row.step()) return std::nullopt;
    CustomerProfile profile;
    profile.signup_day = optional_day(store, row, 0, "customers", customer_id);
    profile.region = text_of(row, 1);
    profile.acquisition_channel = text_of(row, 2);
    profile.renewal_day = optional_day(store, row, 3, "customers", customer_id);
    return profile;
}

std::string iso(int day) { return format_iso_date(day_from_number(day)); }

nlohmann::json optional_json(const std::optional<double>& value) { return value ? nlohmann::json(*value) : nlohmann::json(nullptr); }
nlohmann::json optional_date(const std::optional<int>& day) { return day ? nlohmann::json(iso(*day)) : nlohmann::json(nullptr); }

}  // namespace

std::string_view timeline_event_kind_key(TimelineEventKind kind) {
    switch (kind) {
        case TimelineEventKind::Order: return "order";
        case TimelineEventKind::Touch: return "touch";
        case TimelineEventKind::Survey: return "survey";
        case TimelineEventKind::Ticket: return "ticket";
    }
    return "unknown";
}

std::array<std::int64_t, timeline_event_kind_count> CustomerTimeline::count_by_kind() const {
    std::array<std::int64_t, timeline_event_kind_count> counts{};
    for (const auto& event : events) ++counts[static_cast<std::size_t>(event.kind)];
    return counts;
}

std::int64_t CustomerTimeline::returns() const {
    return std::count_if(events.begin(), events.end(),
                         [](const TimelineEvent& event) { return event.kind == TimelineEventKind::Order && event.is_return; });
}

std::int64_t CustomerTimeline::purchase_days() const {
    std::int64_t days = 0;
    std::optional<int> previous;
    for (const auto& event : events) {  // events are in day order
        if (event.kind != TimelineEventKind::Order || event.is_return || event.day == previous) continue;
        previous = event.day;
        ++days;
    }
    return days;
}

double CustomerTimeline::revenue() const {
    std::int64_t cents = 0;  // whole cents, as the retention figures add money
    for (const auto& event : events)
        if (event.kind == TimelineEventKind::Order && !event.is_return) cents += std::llround(event.amount * 100.0);  // as the metrics round (core/src/metrics/cents.hpp)
    return static_cast<double>(cents) / 100.0;
}

std::optional<CustomerTimeline> load_customer_timeline(Store& store, std::string_view customer_id) {
    CustomerTimeline timeline;
    timeline.customer_id = std::string(customer_id);
    timeline.profile = read_profile(store, customer_id);
    read_orders(store, customer_id, timeline.events);
    read_touches(store, customer_id, timeline.events);
    read_surveys(store, customer_id, timeline.events);
    read_tickets(store, customer_id, timeline.events);
    if (!timeline.profile && timeline.events.empty()) return std::nullopt;
    // Each kind arrived in date order; a stable sort by (day, kind) keeps stored order within both.
    std::stable_sort(timeline.events.begin(), timeline.events.end(), [](const TimelineEvent& a, const TimelineEvent& b) {
        if (a.day != b.day) return a.day < b.day;
        return a.kind < b.kind;
    });
    return timeline;
}

nlohmann::json to_json(const CustomerTimeline& timeline) {
    nlohmann::json profile = nullptr;
    if (timeline.profile)
        profile = {{"signup_date", optional_date(timeline.profile->signup_day)},
                   {"region", timeline.profile->region},
                   {"acquisition_channel", timeline.profile->acquisition_channel},
                   {"renewal_date", optional_date(timeline.profile->renewal_day)}};

    nlohmann::json events = nlohmann::json::array();
    for (const auto& event : timeline.events) {
        nlohmann::json item{{"date", iso(event.day)}, {"kind", std::string(timeline_event_kind_key(event.kind))}};
        switch (event.kind) {
            case TimelineEventKind::Order:
                item["order_id"] = event.order_id;
                item["amount"] = event.amount;
                item["is_return"] = event.is_return;
                item["flag"] = event.flag;
                item["quantity"] = event.quantity ? nlohmann::json(*event.quantity) : nlohmann::json(nullptr);
                item["category"] = event.category;
                item["channel"] = event.channel;
                item["status"] = event.status;
                break;
            case TimelineEventKind::Touch:
                item["touch_type"] = event.touch_type;
                item["channel"] = event.channel;
                item["outcome"] = event.outcome;
                break;
            case TimelineEventKind::Survey:
                item["nps"] = optional_json(event.nps);
                item["csat"] = optional_json(event.csat);
                item["ces"] = optional_json(event.ces);
                break;
            case TimelineEventKind::Ticket:
                item["ticket_id"] = event.ticket_id;
                item["first_response_date"] = optional_date(event.first_response_day);
                item["resolved_date"] = optional_date(event.resolved_day);
                item["channel"] = event.channel;
                break;
        }
        events.push_back(std::move(item));
    }

    const auto counts = timeline.count_by_kind();
    nlohmann::json count_json = nlohmann::json::object();
    for (std::size_t k = 0; k < timeline_event_kind_count; ++k)
        count_json[std::string(timeline_event_kind_key(static_cast<TimelineEventKind>(k)))] = counts[k];
    count_json["return"] = timeline.returns();
    count_json["purchase_days"] = timeline.purchase_days();
    count_json["revenue"] = timeline.revenue();
    return {{"customer_id", timeline.customer_id}, {"profile", std::move(profile)}, {"counts", std::move(count_json)},
            {"events", std::move(events)}};
}

}  // namespace touchpoint::data
