#pragma once
// A seeded, deterministic sample shop: the data the workbench opens on before the user
// brings their own. Customers buy by a buy-till-you-die process (BG/NBD):
//  - each customer's purchase rate  lambda ~ Gamma(shape r, rate alpha), per day;
//  - after each repeat purchase the customer drops out with probability p ~ Beta(a, b);
//  - purchases follow a Poisson process in "seasonal time": the rate on calendar day d is
//    lambda * seasonal_factor(d), a holiday bump around early December;
//  - order values follow Gamma-Gamma: a customer's mean-spend parameter nu ~ Gamma(q, rate gamma),
//    each order value ~ Gamma(p, rate nu), so the expected order value is p * gamma / (q - 1).
// Each customer draws from their own random stream (seed, customer index), so a customer's
// history does not depend on how many customers are generated.
//
// Survey answers and support tickets are drawn after a customer's orders, from a second stream
// per customer (a seed derived from the seed), and read the orders without changing them: the
// orders of a seed are the same with feedback on, off or tuned. Whether the customer is still
// buying after an answer or a ticket (a later order, or no dropout at all) decides how likely a
// high score or a slow first response was, so scores and response speed relate to retention the
// way the Surveys and Support views look for, without the generator having to feed them back.
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/records.hpp"
#include "touchpoint/data/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace touchpoint::data {

struct WeightedName {
    std::string name;
    double weight;
};

struct SampleShopOptions {
    std::uint64_t seed = 42;
    int customers = 20000;
    Day first_day = Day{date::year{2024} / 1 / 1};
    int days = 731;  // 24 months: 2024-01-01 to 2025-12-31

    // Chosen so the shop looks like a small online store: about 40% of customers come back,
    // most of them within two months.
    double purchase_rate_shape_r = 0.3;
    double purchase_rate_rate_alpha = 60.0;  // mean rate r/alpha = 0.005 purchases a day, widely spread
    double dropout_a = 1.5;
    double dropout_b = 3.0;                  // mean dropout per repeat purchase a/(a+b) = 1/3

    double seasonal_peak_day_of_year = 335;  // about 1 December
    double seasonal_width_days = 18;
    double seasonal_amplitude = 0.9;         // the rate is up to 1.9x at the peak

    double spend_shape_p = 6.0;
    double spend_shape_q = 3.8;
    double spend_rate_gamma = 26.0;          // expected order value p*gamma/(q-1) ~ 55.7

    std::vector<WeightedName> channels{{"web", 0.55}, {"app", 0.25}, {"marketplace", 0.12}, {"phone", 0.08}};
    std::vector<WeightedName> categories{
        {"Coffee", 0.45}, {"Tea", 0.2}, {"Brewing gear", 0.15}, {"Accessories", 0.12}, {"Gift sets", 0.08}};
    std::vector<WeightedName> regions{{"North", 0.3}, {"South", 0.25}, {"East", 0.25}, {"West", 0.2}};

    // Survey answers: some purchases are followed by an NPS/CSAT/CES survey a few days later.
    bool surveys = true;
    double survey_response_rate = 0.2;       // chance that a purchase brings a survey answer
    // Support tickets: some purchases are followed by a ticket within ten days.
    bool tickets = true;
    double ticket_rate = 0.08;               // chance that a purchase brings a ticket
    double slow_response_share_staying = 0.25;  // chance of a slow (2-5 day) first response when the customer keeps buying
    double slow_response_share_leaving = 0.55;  // ... and when the customer has stopped buying
    double ticket_resolution_rate = 0.85;    // chance that an answered ticket gets resolved
    std::vector<WeightedName> ticket_channels{{"email", 0.5}, {"chat", 0.3}, {"phone", 0.2}};
};

// One survey answer; a score the customer skipped is empty.
struct SampleSurveyResponse {
    std::string customer_id;
    Day response_date;
    std::optional<int> nps;   // 0-10
    std::optional<int> csat;  // 1-5
    std::optional<int> ces;   // 1-7, higher is easier
};

// One support ticket; a reply or resolution that had not happened by the end of the period is empty.
struct SampleTicket {
    std::string ticket_id;
    std::string customer_id;
    Day opened_date;
    std::optional<Day> first_response_date;
    std::optional<Day> resolved_date;
    std::string channel;
};

struct SampleShop {
    std::vector<CustomerRecord> customers;  // signup_date is the first purchase day
    std::vector<OrderRecord> orders;        // grouped by customer, in date order
    std::vector<SampleSurveyResponse> surveys;  // grouped by customer, in date order
    std::vector<SampleTicket> tickets;          // grouped by customer, in date order
};

// Multiplier of the purchase rate on `day` (>= 1; peaks at 1 + seasonal_amplitude).
double seasonal_factor(const SampleShopOptions& options, Day day);

// Throws std::invalid_argument when an option is out of range (no customers, non-positive shapes, ...).
SampleShop generate_sample_shop(const SampleShopOptions& options);

// Appends the shop's customers, orders, survey answers and tickets to the store in one transaction.
void write_sample_shop(Store& store, const SampleShop& shop);

}  // namespace touchpoint::data
