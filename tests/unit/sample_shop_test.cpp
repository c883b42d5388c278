#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/sample_shop.hpp"

#include <boost/math/special_functions/hypergeometric_pFq.hpp>
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <stdexcept>

using namespace touchpoint::data;

namespace {

struct Moments {
    double mean = 0, standard_error = 0;
};

Moments moments_of(const std::vector<double>& values) {
    double sum = 0, sum_squares = 0;
    for (double v : values) sum += v, sum_squares += v * v;
    const double n = static_cast<double>(values.size());
    const double mean = sum / n;
    const double variance = (sum_squares - n * mean * mean) / (n - 1);
    return {mean, std::sqrt(variance / n)};
}

// BG/NBD expected number of repeat purchases in t units of (seasonal) time,
// Fader, Hardie & Lee (2005), eq. 7:
//   E[X(t)] = (a+b-1)/(a-1) * [1 - (alpha/(alpha+t))^r * 2F1(r, b; a+b-1; t/(alpha+t))]
double bgnbd_expected_repeats(double r, double alpha, double a, double b, double t) {
    const double hypergeometric =
        boost::math::hypergeometric_pFq({r, b}, {a + b - 1}, t / (alpha + t));
    return (a + b - 1) / (a - 1) * (1 - std::pow(alpha / (alpha + t), r) * hypergeometric);
}

std::vector<int> order_counts(const SampleShop& shop) {
    std::map<std::string, int> counts;
    for (const auto& order : shop.orders) ++counts[order.customer_id];
    std::vector<int> result;
    for (const auto& customer : shop.customers) result.push_back(counts[customer.customer_id]);
    return result;
}

bool same_orders(const SampleShop& left, const SampleShop& right, std::size_t count) {
    if (left.orders.size() < count || right.orders.size() < count) return false;
    for (std::size_t i = 0; i < count; ++i) {
        const auto &l = left.orders[i], &r = right.orders[i];
        if (l.order_id != r.order_id || l.customer_id != r.customer_id || l.order_date != r.order_date ||
            l.amount != r.amount || l.category != r.category || l.channel != r.channel)
            return false;
    }
    return true;
}

}  // namespace

TEST_CASE("the same seed gives the same shop, another seed another shop") {
    SampleShopOptions options;
    options.customers = 2000;
    const auto first = generate_sample_shop(options);
    const auto again = generate_sample_shop(options);
    REQUIRE(first.orders.size() == again.orders.size());
    CHECK(same_orders(first, again, first.orders.size()));

    options.seed = 43;
    const auto other = generate_sample_shop(options);
    CHECK_FALSE(same_orders(first, other, std::min(first.orders.size(), other.orders.size())));
}

TEST_CASE("a customer's history does not depend on how many customers are generated") {
    SampleShopOptions small;
    small.customers = 300;
    SampleShopOptions large = small;
    large.customers = 3000;
    const auto a = generate_sample_shop(small);
    const auto b = generate_sample_shop(large);
    CHECK(same_orders(a, b, a.orders.size()));
}

TEST_CASE("the mean number of orders per customer matches the BG/NBD expectation") {
    const SampleShopOptions options;  // the built-in sample: 20,000 customers over 24 months
    const auto shop = generate_sample_shop(options);
    REQUIRE(shop.customers.size() == 20000);

    // Seasonal time left after each possible first-purchase day, summed from the public factor.
    std::vector<double> remaining(static_cast<std::size_t>(options.days) + 1, 0.0);
    for (int d = options.days - 1; d >= 0; --d)
        remaining[static_cast<std::size_t>(d)] =
            remaining[static_cast<std::size_t>(d) + 1] + seasonal_factor(options, options.first_day + date::days{d});

    std::map<int, double> expected_by_first_day;  // at most 731 distinct first days
    double expected_total = 0;
    for (const auto& customer : shop.customers) {
        const int first = (customer.signup_date - options.first_day).count();
        REQUIRE(first >= 0);
        REQUIRE(first < options.days);
        auto [it, inserted] = expected_by_first_day.try_emplace(first, 0.0);
        if (inserted)
            it->second = 1.0 + bgnbd_expected_repeats(options.purchase_rate_shape_r, options.purchase_rate_rate_alpha,
                                                      options.dropout_a, options.dropout_b,
                                                      remaining[static_cast<std::size_t>(first)]);
        expected_total += it->second;
    }
    const double expected_mean = expected_total / static_cast<double>(shop.customers.size());

    std::vector<double> counts;
    for (int count : order_counts(shop)) counts.push_back(count);
    const auto observed = moments_of(counts);
    INFO("observed mean " << observed.mean << " +- " << observed.standard_error << ", expected " << expected_mean);
    CHECK(std::abs(observed.mean - expected_mean) < 4 * observed.standard_error);
    CHECK(observed.mean > 1.5);  // a shop with real repeat business, not a degenerate one
}

TEST_CASE("more customers arrive in the holiday season, in proportion to the seasonal factor") {
    const SampleShopOptions options;
    const auto shop = generate_sample_shop(options);
    double factor_total = 0;
    for (int d = 0; d < options.days; ++d) factor_total += seasonal_factor(options, options.first_day + date::days{d});

    auto expected_and_observed = [&](Day from, Day to) {
        double factor = 0;
        for (Day d = from; d <= to; d += date::days{1}) factor += seasonal_factor(options, d);
        int observed = 0;
        for (const auto& customer : shop.customers)
            observed += customer.signup_date >= from && customer.signup_date <= to;
        return std::pair{factor / factor_total * options.customers, static_cast<double>(observed)};
    };
    const auto [holiday_expected, holiday_observed] =
        expected_and_observed(date::year{2024} / 11 / 20, date::year{2024} / 12 / 12);
    const auto [summer_expected, summer_observed] =
        expected_and_observed(date::year{2024} / 6 / 1, date::year{2024} / 6 / 23);
    CHECK(seasonal_factor(options, date::year{2024} / 11 / 30) == doctest::Approx(1.9).epsilon(0.01));
    CHECK(seasonal_factor(options, date::year{2024} / 6 / 15) == doctest::Approx(1.0).epsilon(1e-9));
    CHECK(holiday_expected > 1.5 * summer_expected);
    // Binomial counts: within four standard deviations of their expectation.
    CHECK(std::abs(holiday_observed - holiday_expected) < 4 * std::sqrt(holiday_expected));
    CHECK(std::abs(summer_observed - summer_expected) < 4 * std::sqrt(summer_expected));
}

TEST_CASE("order values follow Gamma-Gamma: mean p*gamma/(q-1)") {
    const SampleShopOptions options;
    const auto shop = generate_sample_shop(options);
    // One order per customer (their first) keeps the values independent.
    std::vector<double> first_values;
    std::string previous;
    for (const auto& order : shop.orders) {
        if (order.customer_id == previous) continue;
        previous = order.customer_id;
        first_values.push_back(order.amount);
        CHECK(order.amount >= 0);
    }
    REQUIRE(first_values.size() == shop.customers.size());
    const auto observed = moments_of(first_values);
    const double expected = options.spend_shape_p * options.spend_rate_gamma / (options.spend_shape_q - 1);
    INFO("observed " << observed.mean << " +- " << observed.standard_error << ", expected " << expected);
    CHECK(std::abs(observed.mean - expected) < 4 * observed.standard_error);
}

TEST_CASE("orders stay inside the window, in date order per customer, with the listed channels") {
    SampleShopOptions options;
    options.customers = 3000;
    const auto shop = generate_sample_shop(options);
    const Day last_day = options.first_day + date::days{options.days - 1};
    std::string previous_customer;
    Day previous_day{};
    for (const auto& order : shop.orders) {
        CHECK(order.order_date >= options.first_day);
        CHECK(order.order_date <= last_day);
        if (order.customer_id == previous_customer) CHECK(order.order_date >= previous_day);
        previous_customer = order.customer_id;
        previous_day = order.order_date;
        bool known_channel = false;
        for (const auto& channel : options.channels) known_channel |= channel.name == order.channel;
        CHECK(known_channel);
    }
}

TEST_CASE("the shop lands in the store whole") {
    SampleShopOptions options;
    options.customers = 500;
    const auto shop = generate_sample_shop(options);
    auto store = Store::open(":memory:");
    write_sample_shop(store, shop);
    CHECK(store.count_rows("customers") == 500);
    CHECK(store.count_rows("orders") == static_cast<std::int64_t>(shop.orders.size()));
    const auto dataset = load_dataset(store);
    CHECK(dataset.customer_count() == 500);
    CHECK(dataset.order_count() == shop.orders.size());
}

TEST_CASE("options out of range are refused") {
    SampleShopOptions options;
    options.customers = 0;
    CHECK_THROWS_AS(generate_sample_shop(options), std::invalid_argument);
    options = {};
    options.spend_shape_q = 1.0;
    CHECK_THROWS_AS(generate_sample_shop(options), std::invalid_argument);
    options = {};
    options.channels.clear();
    CHECK_THROWS_AS(generate_sample_shop(options), std::invalid_argument);
}

// Survey answers and support tickets: drawn after the orders from their own streams.
namespace {

bool same_surveys(const SampleShop& left, const SampleShop& right) {
    if (left.surveys.size() != right.surveys.size()) return false;
    for (std::size_t i = 0; i < left.surveys.size(); ++i) {
        const auto &l = left.surveys[i], &r = right.surveys[i];
        if (l.customer_id != r.customer_id || l.response_date != r.response_date || l.nps != r.nps ||
            l.csat != r.csat || l.ces != r.ces)
            return false;
    }
    return true;
}

bool same_tickets(const SampleShop& left, const SampleShop& right) {
    if (left.tickets.size() != right.tickets.size()) return false;
    for (std::size_t i = 0; i < left.tickets.size(); ++i) {
        const auto &l = left.tickets[i], &r = right.tickets[i];
        if (l.ticket_id != r.ticket_id || l.customer_id != r.customer_id || l.opened_date != r.opened_date ||
            l.first_response_date != r.first_response_date || l.resolved_date != r.resolved_date ||
            l.channel != r.channel)
            return false;
    }
    return true;
}

// A fingerprint of every order field, so "unchanged" means unchanged to the cent and the day.
std::uint64_t orders_fingerprint(const SampleShop& shop) {
    std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a
    const auto mix = [&hash](const std::string& text) {
        for (const char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
        hash = (hash ^ 0xffU) * 1099511628211ULL;
    };
    for (const auto& order : shop.orders) {
        mix(order.order_id);
        mix(order.customer_id);
        mix(format_iso_date(order.order_date));
        mix(std::to_string(std::llround(order.amount * 100)));
        mix(order.category);
        mix(order.channel);
    }
    return hash;
}

}  // namespace

TEST_CASE("the same seed gives the same survey answers and tickets") {
    SampleShopOptions options;
    options.customers = 2000;
    const auto first = generate_sample_shop(options);
    const auto again = generate_sample_shop(options);
    CHECK(first.surveys.size() > 100);
    CHECK(first.tickets.size() > 50);
    CHECK(same_surveys(first, again));
    CHECK(same_tickets(first, again));

    options.seed = 43;
    const auto other = generate_sample_shop(options);
    CHECK_FALSE(same_surveys(first, other));
    CHECK_FALSE(same_tickets(first, other));
}

TEST_CASE("surveys and tickets leave the orders exactly as they were") {
    SampleShopOptions with_feedback;
    with_feedback.customers = 3000;
    SampleShopOptions without_feedback = with_feedback;
    without_feedback.surveys = false;
    without_feedback.tickets = false;
    SampleShopOptions retuned = with_feedback;
    retuned.survey_response_rate = 0.9;
    retuned.ticket_rate = 0.5;
    retuned.slow_response_share_leaving = 1.0;

    const auto a = generate_sample_shop(with_feedback);
    const auto b = generate_sample_shop(without_feedback);
    const auto c = generate_sample_shop(retuned);
    CHECK(b.surveys.empty());
    CHECK(b.tickets.empty());
    CHECK(c.surveys.size() > a.surveys.size());
    REQUIRE(a.orders.size() == b.orders.size());
    REQUIRE(a.orders.size() == c.orders.size());
    CHECK(same_orders(a, b, a.orders.size()));
    CHECK(same_orders(a, c, a.orders.size()));
    CHECK(orders_fingerprint(a) == orders_fingerprint(b));
    CHECK(orders_fingerprint(a) == orders_fingerprint(c));
    CHECK(a.customers.size() == b.customers.size());
}

TEST_CASE("survey answers are in range, after a purchase, inside the period") {
    SampleShopOptions options;
    options.customers = 3000;
    const auto shop = generate_sample_shop(options);
    const Day last_day = options.first_day + date::days{options.days - 1};
    std::map<std::string, Day> first_purchase;
    for (const auto& order : shop.orders) first_purchase.try_emplace(order.customer_id, order.order_date);
    for (const auto& response : shop.surveys) {
        CAPTURE(response.customer_id);
        CHECK((response.nps || response.csat || response.ces));
        if (response.nps) CHECK((*response.nps >= 0 && *response.nps <= 10));
        if (response.csat) CHECK((*response.csat >= 1 && *response.csat <= 5));
        if (response.ces) CHECK((*response.ces >= 1 && *response.ces <= 7));
        REQUIRE(first_purchase.count(response.customer_id) == 1);
        CHECK(response.response_date > first_purchase[response.customer_id]);
        CHECK(response.response_date <= last_day);
    }
}

TEST_CASE("tickets: reply after opening (0 to 5 days), resolution after the reply, listed channels") {
    SampleShopOptions options;
    options.customers = 3000;
    const auto shop = generate_sample_shop(options);
    const Day last_day = options.first_day + date::days{options.days - 1};
    std::size_t unanswered = 0, unresolved = 0;
    for (std::size_t i = 0; i < shop.tickets.size(); ++i) {
        const auto& ticket = shop.tickets[i];
        CAPTURE(ticket.ticket_id);
        CHECK(ticket.opened_date >= options.first_day);
        CHECK(ticket.opened_date <= last_day);
        if (ticket.first_response_date) {
            const auto reply_days = (*ticket.first_response_date - ticket.opened_date).count();
            CHECK((reply_days >= 0 && reply_days <= 5));
            CHECK(*ticket.first_response_date <= last_day);
        } else {
            ++unanswered;
            CHECK_FALSE(ticket.resolved_date.has_value());
        }
        if (ticket.resolved_date) {
            CHECK(*ticket.resolved_date >= *ticket.first_response_date);
            CHECK(*ticket.resolved_date <= last_day);
        } else {
            ++unresolved;
        }
        bool known_channel = false;
        for (const auto& channel : options.ticket_channels) known_channel |= channel.name == ticket.channel;
        CHECK(known_channel);
        if (i > 0) CHECK(ticket.ticket_id > shop.tickets[i - 1].ticket_id);
    }
    CHECK(unresolved > 0);  // some tickets stay open, as the option says
    CHECK(unresolved < shop.tickets.size() / 3);
    CHECK(unanswered < shop.tickets.size() / 10);
}

TEST_CASE("survey answers and tickets land in the store with the shop") {
    SampleShopOptions options;
    options.customers = 500;
    const auto shop = generate_sample_shop(options);
    auto store = Store::open(":memory:");
    write_sample_shop(store, shop);
    CHECK(store.count_rows("surveys") == static_cast<std::int64_t>(shop.surveys.size()));
    CHECK(store.count_rows("tickets") == static_cast<std::int64_t>(shop.tickets.size()));
    auto skipped = store.prepare("SELECT COUNT(*) - COUNT(nps), COUNT(*) - COUNT(ces) FROM surveys");
    REQUIRE(skipped.step());
    std::int64_t skipped_nps = 0, skipped_ces = 0;
    for (const auto& response : shop.surveys) skipped_nps += !response.nps, skipped_ces += !response.ces;
    CHECK(skipped.column_int(0) == skipped_nps);
    CHECK(skipped.column_int(1) == skipped_ces);
}

TEST_CASE("survey and ticket options out of range are refused") {
    SampleShopOptions options;
    options.survey_response_rate = 1.5;
    CHECK_THROWS_AS(generate_sample_shop(options), std::invalid_argument);
    options = {};
    options.ticket_rate = -0.1;
    CHECK_THROWS_AS(generate_sample_shop(options), std::invalid_argument);
    options = {};
    options.ticket_channels.clear();
    CHECK_THROWS_AS(generate_sample_shop(options), std::invalid_argument);
    options.tickets = false;  // no tickets, no channels needed
    options.customers = 10;
    CHECK_NOTHROW(generate_sample_shop(options));
}
