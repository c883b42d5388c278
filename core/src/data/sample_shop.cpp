#include "touchpoint/data/sample_shop.hpp"

#include <boost/random/beta_distribution.hpp>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <pcg_random.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace touchpoint::data {

namespace {

// Boost.Random rather than <random>: its algorithms are the same in every standard library,
// so the native CLI and the browser draw the same shop from the same seed.
using Random = pcg32;

void require(bool condition, const char* message) {
    if (!condition) throw std::invalid_argument(std::string("sample shop: ") + message);
}

void validate(const SampleShopOptions& options) {
    require(options.customers > 0, "customers must be positive");
    require(options.days > 0, "days must be positive");
    require(options.purchase_rate_shape_r > 0 && options.purchase_rate_rate_alpha > 0,
            "purchase rate r and alpha must be positive");
    require(options.dropout_a > 0 && options.dropout_b > 0, "dropout a and b must be positive");
    require(options.seasonal_amplitude >= 0 && options.seasonal_width_days > 0,
            "seasonal amplitude must be >= 0 and its width positive");
    require(options.spend_shape_p > 0 && options.spend_shape_q > 1 && options.spend_rate_gamma > 0,
            "spend p and gamma must be positive and q greater than 1");
    require(!options.channels.empty() && !options.categories.empty() && !options.regions.empty(),
            "channels, categories and regions need at least one entry");
    const auto is_chance = [](double value) { return value >= 0 && value <= 1; };
    require(is_chance(options.survey_response_rate) && is_chance(options.ticket_rate) &&
                is_chance(options.slow_response_share_staying) && is_chance(options.slow_response_share_leaving) &&
                is_chance(options.ticket_resolution_rate),
            "survey, ticket, slow-response and resolution rates must be between 0 and 1");
    require(!options.tickets || !options.ticket_channels.empty(), "tickets need at least one channel");
}

boost::random::discrete_distribution<int> chooser(const std::vector<WeightedName>& names) {
    std::vector<double> weights;
    for (const auto& entry : names) weights.push_back(entry.weight);
    return {weights.begin(), weights.end()};
}

std::string numbered_id(char prefix, std::size_t number, int width) {
    char text[32];
    std::snprintf(text, sizeof text, "%c%0*zu", prefix, width, number);
    return text;
}

// Seasonal time: cumulative[d] is the integrated seasonal factor over days [0, d).
// Purchases are a unit-rate process in seasonal time scaled by lambda, so mapping a point
// of seasonal time back to a calendar day is a search in this table.
struct SeasonalClock {
    std::vector<double> factor;      // per calendar day
    std::vector<double> cumulative;  // size days + 1

    explicit SeasonalClock(const SampleShopOptions& options) {
        cumulative.push_back(0.0);
        for (int d = 0; d < options.days; ++d) {
            factor.push_back(seasonal_factor(options, options.first_day + date::days{d}));
            cumulative.push_back(cumulative.back() + factor.back());
        }
    }
    double max_factor() const { return *std::max_element(factor.begin(), factor.end()); }
    // The calendar day on which seasonal time `s` falls, or -1 past the end.
    int day_at(double s) const {
        if (s >= cumulative.back()) return -1;
        const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), s);
        return static_cast<int>(it - cumulative.begin()) - 1;
    }
};

// The feedback streams get their own seed, mixed from the shop's seed (SplitMix64's finaliser),
// so they never replay the draws of the order streams.
std::uint64_t feedback_seed(std::uint64_t seed) {
    std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// What one customer's feedback is drawn from: their purchase days (ascending, calendar-day
// indexes into the period) and whether they dropped out after their last purchase.
struct PurchaseHistory {
    std::vector<int> days;
    bool dropped_out = false;

    // Still a customer after `day`: they buy again later, or never dropped out at all.
    bool still_buying_after(int day) const { return !dropped_out || days.back() > day; }
};

// NPS answers lean high for customers who keep buying and low for those who have left:
// about 51% promoters and 20% detractors against 9% and 66%.
constexpr std::array<double, 11> nps_weights_staying{1, 1, 1, 1, 2, 2, 3, 6, 10, 14, 14};
constexpr std::array<double, 11> nps_weights_leaving{4, 3, 4, 5, 6, 7, 8, 8, 6, 3, 2};

// CSAT and CES follow the NPS answer with some noise, so the three scores agree roughly, as real ones do.
int score_near(double satisfaction, int lowest, int highest, Random& random) {
    boost::random::uniform_real_distribution<double> jitter(-0.15, 0.15);
    const double nudged = std::clamp(satisfaction + jitter(random), 0.0, 0.999999);
    return lowest + static_cast<int>(nudged * (highest - lowest + 1));
}

void add_surveys(const SampleShopOptions& options, const std::string& customer_id, const PurchaseHistory& history,
                 Random& random, std::vector<SampleSurveyResponse>& surveys) {
    boost::random::uniform_01<double> uniform;
    boost::random::uniform_int_distribution<int> days_after_purchase(1, 14);
    boost::random::discrete_distribution<int> nps_staying(nps_weights_staying.begin(), nps_weights_staying.end());
    boost::random::discrete_distribution<int> nps_leaving(nps_weights_leaving.begin(), nps_weights_leaving.end());
    const auto first_new = surveys.size();
    int previous_day = -1;
    for (const int purchase_day : history.days) {
        if (purchase_day == previous_day) continue;  // one survey chance per purchase day
        previous_day = purchase_day;
        if (uniform(random) >= options.survey_response_rate) continue;
        const int day = purchase_day + days_after_purchase(random);
        if (day >= options.days) continue;
        const int nps = history.still_buying_after(day) ? nps_staying(random) : nps_leaving(random);
        const double satisfaction = nps / 10.0;
        SampleSurveyResponse response{customer_id, options.first_day + date::days{day}, {}, {}, {}};
        // Not everyone answers every question.
        if (uniform(random) < 0.95) response.nps = nps;
        const int csat = score_near(satisfaction, 1, 5, random);
        if (uniform(random) < 0.85) response.csat = csat;
        const int ces = score_near(satisfaction, 1, 7, random);
        if (uniform(random) < 0.7) response.ces = ces;
        if (response.nps || response.csat || response.ces) surveys.push_back(std::move(response));
    }
    std::stable_sort(surveys.begin() + static_cast<std::ptrdiff_t>(first_new), surveys.end(),
                     [](const auto& a, const auto& b) { return a.response_date < b.response_date; });
}

void add_tickets(const SampleShopOptions& options, const std::string& customer_id, const PurchaseHistory& history,
                 Random& random, std::vector<SampleTicket>& tickets) {
    boost::random::uniform_01<double> uniform;
    boost::random::uniform_int_distribution<int> days_after_purchase(0, 10), fast_reply(0, 1), slow_reply(2, 5),
        days_to_resolve(0, 7);
    auto channel_of = chooser(options.ticket_channels);
    const auto first_new = tickets.size();
    int previous_day = -1;
    for (const int purchase_day : history.days) {
        if (purchase_day == previous_day) continue;  // one ticket chance per purchase day
        previous_day = purchase_day;
        if (uniform(random) >= options.ticket_rate) continue;
        const int opened = purchase_day + days_after_purchase(random);
        if (opened >= options.days) continue;
        SampleTicket ticket{{}, customer_id, options.first_day + date::days{opened}, {}, {},
                            options.ticket_channels[static_cast<std::size_t>(channel_of(random))].name};
        // Slow replies go with customers who stop buying: the sample's version of "slow
        // responses raise dropout", read off the orders rather than changing them.
        const double slow_share = history.still_buying_after(opened) ? options.slow_response_share_staying
                                                                     : options.slow_response_share_leaving;
        const int reply = opened + (uniform(random) < slow_share ? slow_reply(random) : fast_reply(random));
        const bool resolves = uniform(random) < options.ticket_resolution_rate;
        const int resolved = reply + days_to_resolve(random);
        // What had not happened by the end of the period is not in the data yet.
        if (reply < options.days) {
            ticket.first_response_date = options.first_day + date::days{reply};
            if (resolves && resolved < options.days) ticket.resolved_date = options.first_day + date::days{resolved};
        }
        tickets.push_back(std::move(ticket));
    }
    std::stable_sort(tickets.begin() + static_cast<std::ptrdiff_t>(first_new), tickets.end(),
                     [](const auto& a, const auto& b) { return a.opened_date < b.opened_date; });
    for (auto i = first_new; i < tickets.size(); ++i) tickets[i].ticket_id = numbered_id('T', i + 1, 7);
}

}  // namespace

double seasonal_factor(const SampleShopOptions& options, Day day) {
    const date::year_month_day ymd{day};
    const double day_of_year = (day - Day{ymd.year() / 1 / 1}).count();
    double distance = std::abs(day_of_year - options.seasonal_peak_day_of_year);
    distance = std::min(distance, 365.0 - distance);  // the bump wraps around new year
    const double z = distance / options.seasonal_width_days;
    return 1.0 + options.seasonal_amplitude * std::exp(-0.5 * z * z);
}

SampleShop generate_sample_shop(const SampleShopOptions& options) {
    validate(options);
    const SeasonalClock clock(options);
    const double acceptance_ceiling = clock.max_factor();

    auto channel_of = chooser(options.channels);
    auto category_of = chooser(options.categories);
    auto region_of = chooser(options.regions);

    SampleShop shop;
    shop.customers.reserve(static_cast<std::size_t>(options.customers));
    for (int index = 0; index < options.customers; ++index) {
        Random random(options.seed, static_cast<std::uint64_t>(index));
        boost::random::uniform_01<double> uniform;

        // Acquisition day: uniform over the window, thinned by the seasonal factor so that
        // more customers arrive in the holiday season.
        boost::random::uniform_int_distribution<int> any_day(0, options.days - 1);
        int first = any_day(random);
        while (uniform(random) * acceptance_ceiling > clock.factor[static_cast<std::size_t>(first)])
            first = any_day(random);

        // A shape below 1 can round a draw down to zero; an exponential wait needs a positive rate.
        const double lambda = std::max(1e-12, boost::random::gamma_distribution<double>(
            options.purchase_rate_shape_r, 1.0 / options.purchase_rate_rate_alpha)(random));
        const double dropout = boost::random::beta_distribution<double>(options.dropout_a, options.dropout_b)(random);
        const double spend_nu = boost::random::gamma_distribution<double>(
            options.spend_shape_q, 1.0 / options.spend_rate_gamma)(random);
        boost::random::gamma_distribution<double> order_value(options.spend_shape_p, 1.0 / spend_nu);
        boost::random::exponential_distribution<double> wait(lambda);

        const std::string customer_id = numbered_id('C', static_cast<std::size_t>(index) + 1, 6);
        const std::string acquisition_channel = options.channels[static_cast<std::size_t>(channel_of(random))].name;
        shop.customers.push_back({customer_id, options.first_day + date::days{first},
                                  options.regions[static_cast<std::size_t>(region_of(random))].name,
                                  acquisition_channel});

        auto add_order = [&](int day, const std::string& channel) {
            // Values in cents: money is stored as it would be exported from a till.
            const double amount = std::round(order_value(random) * 100.0) / 100.0;
            shop.orders.push_back({numbered_id('O', shop.orders.size() + 1, 7), customer_id,
                                   options.first_day + date::days{day}, amount, 1,
                                   options.categories[static_cast<std::size_t>(category_of(random))].name,
                                   channel});
        };

        // The first purchase happens at the start of its day; repeat purchases follow.
        PurchaseHistory history;
        add_order(first, acquisition_channel);
        history.days.push_back(first);
        double seasonal_time = clock.cumulative[static_cast<std::size_t>(first)];
        for (;;) {
            seasonal_time += wait(random);
            const int day = clock.day_at(seasonal_time);
            if (day < 0) break;
            add_order(day, options.channels[static_cast<std::size_t>(channel_of(random))].name);
            history.days.push_back(day);
            if (uniform(random) < dropout) {  // BG/NBD: dropout happens right after a repeat purchase
                history.dropped_out = true;
                break;
            }
        }

        // Feedback after the orders, from its own stream: the orders above never see it.
        Random feedback_random(feedback_seed(options.seed), static_cast<std::uint64_t>(index));
        if (options.surveys) add_surveys(options, customer_id, history, feedback_random, shop.surveys);
        if (options.tickets) add_tickets(options, customer_id, history, feedback_random, shop.tickets);
    }
    return shop;
}

namespace {

void bind_optional(Statement& statement, int index, std::optional<int> score) {
    if (score) statement.bind(index, static_cast<double>(*score));
    else statement.bind_null(index);
}

void bind_optional(Statement& statement, int index, std::optional<Day> day) {
    if (day) statement.bind(index, format_iso_date(*day));
    else statement.bind_null(index);
}

void insert_surveys(Store& store, const std::vector<SampleSurveyResponse>& surveys) {
    auto insert = store.prepare("INSERT INTO surveys (customer_id, response_date, nps, csat, ces) VALUES (?, ?, ?, ?, ?)");
    for (const auto& response : surveys) {
        insert.bind(1, response.customer_id).bind(2, format_iso_date(response.response_date));
        bind_optional(insert, 3, response.nps);
        bind_optional(insert, 4, response.csat);
        bind_optional(insert, 5, response.ces);
        insert.run();
    }
}

void insert_tickets(Store& store, const std::vector<SampleTicket>& tickets) {
    auto insert = store.prepare(
        "INSERT INTO tickets (ticket_id, customer_id, opened_date, first_response_date, resolved_date, channel)"
        " VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& ticket : tickets) {
        insert.bind(1, ticket.ticket_id).bind(2, ticket.customer_id).bind(3, format_iso_date(ticket.opened_date));
        bind_optional(insert, 4, ticket.first_response_date);
        bind_optional(insert, 5, ticket.resolved_date);
        insert.bind(6, ticket.channel);
        insert.run();
    }
}

}  // namespace

void write_sample_shop(Store& store, const SampleShop& shop) {
    Transaction transaction(store);
    insert_customers(store, shop.customers);
    insert_orders(store, shop.orders);
    insert_surveys(store, shop.surveys);
    insert_tickets(store, shop.tickets);
    transaction.commit();
}

}  // namespace touchpoint::data
