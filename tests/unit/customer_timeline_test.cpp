// One customer's timeline from a store written by hand: every kind of event, a refund and two
// orders on one day, in the expected order with the stored values; other customers left out.
#include "touchpoint/data/customer_timeline.hpp"

#include "touchpoint/data/calendar.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <string>

using namespace touchpoint;

namespace {

int day(const char* iso) { return data::day_number(*data::parse_iso_date(iso)); }

data::Store hand_made_store() {
    auto store = data::Store::open(":memory:");
    store.execute(R"sql(
        INSERT INTO customers (customer_id, signup_date, region, acquisition_channel, renewal_date)
            VALUES ('C-7', '2024-02-20', 'North', 'web', '2025-02-20'), ('C-8', '2024-01-01', 'South', 'app', NULL);
        -- Stored out of id order on the same day: the timeline keeps stored order.
        INSERT INTO orders (order_id, customer_id, order_date, amount, quantity, category, channel, status, is_return) VALUES
            ('B-2', 'C-7', '2024-03-01', 15.5, 1, 'Tea', 'app', NULL, 0),
            ('A-1', 'C-7', '2024-03-01', 40.0, 2, 'Coffee', 'web', NULL, 0),
            ('R-1', 'C-7', '2024-03-10', -15.5, 1, 'Tea', 'app', 'refunded', 1),
            ('D-4', 'C-7', '2024-05-02', 22.25, NULL, NULL, NULL, NULL, 0),
            ('X-9', 'C-8', '2024-03-01', 99.0, 1, 'Coffee', 'web', NULL, 0);
        INSERT INTO touches (customer_id, touch_date, touch_type, channel, outcome) VALUES
            ('C-7', '2024-04-15', 'follow-up call', 'phone', 'reached'),
            ('C-7', '2024-03-01', 'welcome', 'email', 'opened'),
            ('C-8', '2024-03-02', 'welcome', 'email', 'sent'),
            ('O''Brien', '2024-06-01', 'win-back', 'sms', NULL);
        INSERT INTO surveys (customer_id, response_date, nps, csat, ces) VALUES
            ('C-7', '2024-03-05', 9, 5, NULL), ('C-8', '2024-03-05', 3, 2, 6);
        INSERT INTO tickets (ticket_id, customer_id, opened_date, first_response_date, resolved_date, channel) VALUES
            ('T-1', 'C-7', '2024-03-08', '2024-03-09', '2024-03-12', 'chat'),
            ('T-2', 'C-7', '2024-05-02', NULL, NULL, 'email');
    )sql");
    return store;
}

}  // namespace

TEST_CASE("a customer's timeline: every kind, in date order, with the stored values") {
    auto store = hand_made_store();
    const auto timeline = data::load_customer_timeline(store, "C-7");
    REQUIRE(timeline.has_value());
    CHECK(timeline->customer_id == "C-7");

    REQUIRE(timeline->profile.has_value());
    CHECK(timeline->profile->signup_day == day("2024-02-20"));
    CHECK(timeline->profile->region == "North");
    CHECK(timeline->profile->acquisition_channel == "web");
    CHECK(timeline->profile->renewal_day == day("2025-02-20"));

    using Kind = data::TimelineEventKind;
    const auto& events = timeline->events;
    REQUIRE(events.size() == 9);
    // 03-01: both orders (stored order), then the touch; a survey, a ticket, the refund, a touch; 05-02: order, then ticket.
    const Kind kinds[] = {Kind::Order, Kind::Order, Kind::Touch, Kind::Survey, Kind::Ticket, Kind::Order, Kind::Touch, Kind::Order, Kind::Ticket};
    const char* dates[] = {"2024-03-01", "2024-03-01", "2024-03-01", "2024-03-05", "2024-03-08", "2024-03-10", "2024-04-15", "2024-05-02", "2024-05-02"};
    for (std::size_t i = 0; i < events.size(); ++i) {
        CAPTURE(i);
        CHECK(events[i].kind == kinds[i]);
        CHECK(events[i].day == day(dates[i]));
    }

    CHECK(events[0].order_id == "B-2");
    CHECK(events[0].amount == 15.5);
    CHECK_FALSE(events[0].is_return);
    CHECK(events[1].order_id == "A-1");
    CHECK(events[1].amount == 40.0);
    CHECK(events[1].quantity == 2);
    CHECK(events[1].category == "Coffee");
    CHECK(events[1].channel == "web");
    CHECK(events[2].touch_type == "welcome");
    CHECK(events[2].channel == "email");
    CHECK(events[2].outcome == "opened");
    CHECK(events[3].nps == 9.0);
    CHECK(events[3].csat == 5.0);
    CHECK_FALSE(events[3].ces.has_value());
    CHECK(events[4].ticket_id == "T-1");
    CHECK(events[4].first_response_day == day("2024-03-09"));
    CHECK(events[4].resolved_day == day("2024-03-12"));
    CHECK(events[4].channel == "chat");
    CHECK(events[5].order_id == "R-1");
    CHECK(events[5].is_return);
    CHECK(events[5].amount == -15.5);
    CHECK(events[5].status == "refunded");
    CHECK(events[7].order_id == "D-4");
    CHECK_FALSE(events[7].quantity.has_value());
    CHECK(events[7].category.empty());
    CHECK_FALSE(events[8].first_response_day.has_value());
    CHECK_FALSE(events[8].resolved_day.has_value());

    const auto counts = timeline->count_by_kind();
    CHECK(counts[static_cast<std::size_t>(Kind::Order)] == 4);
    CHECK(counts[static_cast<std::size_t>(Kind::Touch)] == 2);
    CHECK(counts[static_cast<std::size_t>(Kind::Survey)] == 1);
    CHECK(counts[static_cast<std::size_t>(Kind::Ticket)] == 2);
    CHECK(timeline->returns() == 1);
    CHECK(timeline->purchase_days() == 2);     // two orders on 03-01 are one purchase; the refund is none
    CHECK(timeline->revenue() == 77.75);       // 15.50 + 40.00 + 22.25
}

TEST_CASE("the timeline's JSON carries the events, counts and profile") {
    auto store = hand_made_store();
    const auto json = data::to_json(*data::load_customer_timeline(store, "C-7"));
    CHECK(json["customer_id"] == "C-7");
    CHECK(json["profile"]["signup_date"] == "2024-02-20");
    CHECK(json["counts"]["order"] == 4);
    CHECK(json["counts"]["return"] == 1);
    CHECK(json["counts"]["touch"] == 2);
    CHECK(json["counts"]["survey"] == 1);
    CHECK(json["counts"]["ticket"] == 2);
    CHECK(json["counts"]["purchase_days"] == 2);
    CHECK(json["counts"]["revenue"].get<double>() == 77.75);
    REQUIRE(json["events"].size() == 9);
    CHECK(json["events"][0]["kind"] == "order");
    CHECK(json["events"][0]["order_id"] == "B-2");
    CHECK(json["events"][3]["nps"] == 9.0);
    CHECK(json["events"][3]["ces"].is_null());
    CHECK(json["events"][4]["first_response_date"] == "2024-03-09");
    CHECK(json["events"][5]["is_return"] == true);
    CHECK(json["events"][8]["resolved_date"].is_null());
}

TEST_CASE("customers known to one table only, and unknown customers") {
    auto store = hand_made_store();
    // Quotes in an id are data: the id is bound, never spliced into the SQL.
    const auto touched_only = data::load_customer_timeline(store, "O'Brien");
    REQUIRE(touched_only.has_value());
    CHECK_FALSE(touched_only->profile.has_value());
    REQUIRE(touched_only->events.size() == 1);
    CHECK(touched_only->events[0].kind == data::TimelineEventKind::Touch);
    CHECK(touched_only->events[0].outcome.empty());
    CHECK(data::to_json(*touched_only)["profile"].is_null());

    const auto other = data::load_customer_timeline(store, "C-8");
    REQUIRE(other.has_value());
    CHECK(other->events.size() == 3);
    CHECK(other->events[0].order_id == "X-9");

    CHECK_FALSE(data::load_customer_timeline(store, "C-9").has_value());
    CHECK_FALSE(data::load_customer_timeline(store, "").has_value());
    CHECK_FALSE(data::load_customer_timeline(store, "C-7' OR '1'='1").has_value());
}

TEST_CASE("a malformed stored date is reported with the customer") {
    auto store = data::Store::open(":memory:");
    store.execute("INSERT INTO touches (customer_id, touch_date) VALUES ('C-1', '03/01/2024')");
    CHECK_THROWS_WITH_AS(data::load_customer_timeline(store, "C-1"), doctest::Contains("C-1"), data::StoreError);
}
