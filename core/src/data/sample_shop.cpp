#include "touchpoint/data/sample_shop.hpp"

#include <boost/random/beta_distribution.hpp>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <pcg_random.hpp>

#include <algorithm>
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
        add_order(first, acquisition_channel);
        double seasonal_time = clock.cumulative[static_cast<std::size_t>(first)];
        for (;;) {
            seasonal_time += wait(random);
            const int day = clock.day_at(seasonal_time);
            if (day < 0) break;
            add_order(day, options.channels[static_cast<std::size_t>(channel_of(random))].name);
            if (uniform(random) < dropout) break;  // BG/NBD: dropout happens right after a repeat purchase
        }
    }
    return shop;
}

void write_sample_shop(Store& store, const SampleShop& shop) {
    Transaction transaction(store);
    insert_customers(store, shop.customers);
    insert_orders(store, shop.orders);
    transaction.commit();
}

}  // namespace touchpoint::data
