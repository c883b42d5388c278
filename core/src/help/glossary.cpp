#include "touchpoint/help/glossary.hpp"

#include <algorithm>

namespace touchpoint::help {

namespace {

// Section index: Retention, Segments, Surveys, Support, Predictions, BG/NBD, Pareto/NBD,
// Gamma-Gamma, Summary, Sample shop. A purchase is a day with at least one order throughout,
// the way the metrics and the model summary count it.
constexpr std::string_view retention = "Retention";
constexpr std::string_view segments = "Segments";
constexpr std::string_view surveys = "Surveys";
constexpr std::string_view support = "Support";
constexpr std::string_view predictions = "Predictions";
constexpr std::string_view bg_nbd = "BG/NBD";
constexpr std::string_view pareto_nbd = "Pareto/NBD";
constexpr std::string_view gamma_gamma = "Gamma-Gamma";
constexpr std::string_view summary = "Summary";
constexpr std::string_view sample_shop = "Sample shop";

std::vector<GlossaryEntry> make_glossary() {
    return {
        // Retention: the dashboard's headline numbers first (metrics::metric_definitions() reads these).
        {"customers", "Customers", "Customers with at least one order.", retention},
        {"orders", "Orders",
         "Purchase orders in the store, including several orders by one customer on one day. Returns and "
         "refunds (a negative amount or a return/refund status) are kept in the store but not counted.",
         retention},
        {"repeat_purchase_rate", "Repeat purchase rate",
         "Share of customers who bought on two or more different days. Several orders on the same day "
         "count as one purchase, so a split basket is not mistaken for a return.",
         retention},
        {"median_days_between_orders", "Median days between orders",
         "Median, over all customers' consecutive purchase days, of the days from one purchase to the next. "
         "Orders on the same day form one purchase.",
         retention},
        {"returning_by_month", "Returning customers per month",
         "Customers who bought in the month and whose first purchase was in an earlier month.", retention},
        {"churn_rate", "Churn rate",
         "Share of customers who made no purchase in the churn window (the last N days of the data, N shown "
         "with the figure), among customers whose first purchase came before that window began.",
         retention},
        {"purchase_frequency", "Purchase frequency",
         "Purchases per customer over the period shown: the number of purchase days divided by the number of "
         "customers who bought in the period. Several orders on one day count as one purchase.",
         retention},
        {"average_days_between_orders", "Average days between orders",
         "Mean, over all customers' consecutive purchase days, of the days from one purchase to the next. "
         "Customers who bought only once add nothing; a few very long gaps can pull it well above the median.",
         retention},
        {"inter_purchase_time", "Inter-purchase time",
         "The spread of days from a purchase to the same customer's next purchase, over every pair of "
         "consecutive purchase days, shown as a histogram in days with its median.",
         retention},
        {"lost_after_first_purchase", "Lost after the first purchase",
         "Share of customers who never bought again after their first purchase day, among customers whose "
         "first purchase is at least the churn window before the end of the data, so newcomers who have not "
         "had time to return are not counted as lost.",
         retention},

        {"segment_new", "New",
         "Customers whose first purchase falls within the last N days of the data (N is set in the segment "
         "rules). A new customer is in no other segment.",
         segments},
        {"segment_returning", "Returning",
         "Customers who are not new, have bought on two or more different days and have bought again within "
         "their usual rhythm, but not yet often or regularly enough to count as loyal.",
         segments},
        {"segment_loyal", "Loyal",
         "Customers who buy regularly: at least the minimum number of purchase days set in the segment rules, "
         "with steady gaps between purchases, and a latest purchase within their usual rhythm.",
         segments},
        {"segment_lapsed", "Lapsed",
         "Customers who have stopped returning: the days since their last purchase exceed their own rhythm "
         "(a multiple of their usual days between purchases) or, with the fixed rule or for one-time buyers, "
         "a fixed number of days set in the segment rules.",
         segments},
        {"rfm_recency", "Recency (R)",
         "Days from the customer's last purchase to the end of the data, scored 1 to 5 by quintile; 5 goes to "
         "the fifth of customers who bought most recently.",
         segments},
        {"rfm_frequency", "Frequency (F)",
         "Number of different days the customer bought on, scored 1 to 5 by quintile; 5 goes to the fifth of "
         "customers who bought on the most days.",
         segments},
        {"rfm_monetary", "Monetary (M)",
         "Total the customer spent, net of returns and refunds, in the store's currency, scored 1 to 5 by "
         "quintile; 5 goes to the fifth of customers who spent the most.",
         segments},

        {"nps", "Net Promoter Score (NPS)",
         "From answers to \"How likely are you to recommend us?\" on a 0-10 scale in the period shown: the "
         "percentage of promoters (9 or 10) minus the percentage of detractors (0 to 6). Ranges from -100 to "
         "+100.",
         surveys},
        {"csat", "Customer satisfaction (CSAT)",
         "Percentage of satisfaction answers of 4 or 5 on the 1-5 scale, over the survey answers given in the "
         "period shown.",
         surveys},
        {"ces", "Customer effort score (CES)",
         "Mean answer on the 1-7 scale to how easy it was to get things done with the shop, over the survey "
         "answers given in the period shown; higher means less effort.",
         surveys},

        {"first_response_time", "First response time",
         "Hours from a ticket being opened to the shop's first reply, as the median over the tickets opened in "
         "the period shown; tickets still waiting for a reply are left out.",
         support},
        {"resolution_time", "Resolution time",
         "Hours from a ticket being opened to it being resolved, as the median over the tickets resolved in "
         "the period shown; open tickets are left out.",
         support},

        {"p_alive", "P(alive)",
         "The fitted model's probability, from 0 to 1, that the customer is still active (has not silently "
         "stopped buying for good) at the end of the calibration period, given their x, t_x and T.",
         predictions},
        {"expected_purchases", "Expected purchases",
         "Number of purchases the fitted model expects from the customer in the chosen horizon after the end "
         "of the calibration period, the horizon given in the model's time unit (days or weeks).",
         predictions},
        {"customer_lifetime_value", "Customer lifetime value (CLV)",
         "Revenue the customer is expected to bring over the chosen horizon, in the store's currency: expected "
         "purchases times the Gamma-Gamma expected order value, discounted to today at the chosen annual "
         "discount rate.",
         predictions},

        {"bgnbd_r", "r",
         "Shape of the gamma distribution purchase rates vary by across customers: the smaller r, the more "
         "customers differ in how often they buy. Active customers make r / alpha purchases per time unit on "
         "average.",
         bg_nbd},
        {"bgnbd_alpha", "alpha",
         "Rate of the gamma distribution of purchase rates, in the model's time unit (days or weeks): while "
         "active, the average customer makes r / alpha purchases per time unit.",
         bg_nbd},
        {"bgnbd_a", "a",
         "First shape of the beta distribution of dropout chances: after each repeat purchase a customer stops "
         "buying for good with their own chance p, and p varies across customers with mean a / (a + b).",
         bg_nbd},
        {"bgnbd_b", "b",
         "Second shape of the beta distribution of dropout chances: with a, it sets the average chance of "
         "dropping out after a repeat purchase, a / (a + b); the larger a + b, the more alike customers are.",
         bg_nbd},

        {"paretonbd_r", "r",
         "Shape of the gamma distribution purchase rates vary by across customers, as in BG/NBD: the smaller "
         "r, the more customers differ. Customers still alive make r / alpha purchases per time unit on "
         "average.",
         pareto_nbd},
        {"paretonbd_alpha", "alpha",
         "Rate of the gamma distribution of purchase rates, in the model's time unit (days or weeks): while "
         "alive, the average customer makes r / alpha purchases per time unit.",
         pareto_nbd},
        {"paretonbd_s", "s",
         "Shape of the gamma distribution of dropout rates: each customer stops buying at a random moment, not "
         "only after a purchase, at their own rate; the smaller s, the more customers differ in how long they "
         "stay.",
         pareto_nbd},
        {"paretonbd_beta", "beta",
         "Rate of the gamma distribution of dropout rates, in the model's time unit (days or weeks): the "
         "average customer drops out at a rate of s / beta per time unit.",
         pareto_nbd},

        {"gg_p", "p",
         "Shape of the spread of one customer's order values around their own mean: order values follow a "
         "gamma distribution with shape p, so the larger p, the steadier each customer's spend.",
         gamma_gamma},
        {"gg_q", "q",
         "Shape of the gamma distribution that customers' spending levels vary by; with p and gamma it sets "
         "the average order value, p * gamma / (q - 1), which exists only for q above 1.",
         gamma_gamma},
        {"gg_gamma", "gamma",
         "Rate of the gamma distribution of customers' spending levels, in the store's currency: the expected "
         "order value of a customer not yet seen is p * gamma / (q - 1).",
         gamma_gamma},

        {"summary_x", "x",
         "Repeat transactions in the calibration period: the customer's purchase days after the first one. "
         "Several orders on one day are one transaction.",
         summary},
        {"summary_t_x", "t_x",
         "Time from the customer's first purchase to their last transaction in the calibration period, in the "
         "summary's time unit (days or weeks); 0 when x is 0.",
         summary},
        {"summary_observation_period", "T",
         "Time from the customer's first purchase to the end of the calibration period, in the summary's time "
         "unit (days or weeks): how long they could have come back.",
         summary},
        {"summary_monetary", "monetary",
         "Mean value of the customer's repeat transactions in the calibration period, in the store's currency, "
         "all orders of one day summed; the first purchase is left out, and it is 0 when x is 0.",
         summary},

        {"sample_seed", "Seed",
         "Number that seeds the random draws: the same seed with the same options gives the same shop, order "
         "for order, natively and in the browser.",
         sample_shop},
        {"sample_customers", "Customers",
         "Number of customers to generate; each makes a first purchase on a day within the simulated period, "
         "more often in the holiday season.",
         sample_shop},
        {"sample_days", "Days",
         "Length of the simulated period in days, starting 2024-01-01 (731 days is 2024 and 2025).", sample_shop},
        {"sample_purchase_rate_shape", "Purchase-rate shape (r)",
         "BG/NBD r of the generated shop: shape of the gamma distribution each customer's purchase rate is "
         "drawn from. The smaller r, the more customers differ in how often they buy.",
         sample_shop},
        {"sample_purchase_rate_alpha", "Purchase-rate alpha",
         "BG/NBD alpha of the generated shop, in days: rate of the gamma distribution of purchase rates, so an "
         "active customer buys r / alpha times a day on average outside the holiday bump.",
         sample_shop},
        {"sample_dropout_a", "Dropout a",
         "BG/NBD a of the generated shop: first shape of the beta distribution each customer's chance of "
         "dropping out after a repeat purchase is drawn from; the average chance is a / (a + b).",
         sample_shop},
        {"sample_dropout_b", "Dropout b",
         "BG/NBD b of the generated shop: second shape of the beta distribution of dropout chances; the average "
         "chance of dropping out after a repeat purchase is a / (a + b).",
         sample_shop},
        {"sample_seasonal_peak_day", "Seasonal peak day",
         "Day of the year (0 is 1 January) on which purchases and new customers peak; 335 is about 1 "
         "December.",
         sample_shop},
        {"sample_seasonal_width", "Seasonal width",
         "Width of the holiday bump in days (its standard deviation): this many days either side of the peak "
         "day, the extra purchase rate is about 60% of its peak value.",
         sample_shop},
        {"sample_seasonal_amplitude", "Seasonal amplitude",
         "How much the holiday bump raises purchase rates at its peak: 0.9 means up to 1.9 times the usual "
         "rate; 0 turns the bump off.",
         sample_shop},
        {"sample_spend_shape_p", "Spend shape (p)",
         "Gamma-Gamma p of the generated shop: shape of the gamma distribution of a customer's order values "
         "around their own mean; the larger p, the steadier each customer's spend.",
         sample_shop},
        {"sample_spend_shape_q", "Spend shape (q)",
         "Gamma-Gamma q of the generated shop: shape of the gamma distribution customers' spending levels vary "
         "by; must be above 1. The expected order value is p * gamma / (q - 1).",
         sample_shop},
        {"sample_spend_rate_gamma", "Spend rate (gamma)",
         "Gamma-Gamma gamma of the generated shop, in the store's currency: rate of the gamma distribution of "
         "spending levels; the expected order value is p * gamma / (q - 1).",
         sample_shop},
    };
}

}  // namespace

const std::vector<GlossaryEntry>& glossary() {
    static const std::vector<GlossaryEntry> entries = make_glossary();
    return entries;
}

const std::vector<std::string_view>& glossary_groups() {
    static const std::vector<std::string_view> groups = [] {
        std::vector<std::string_view> names;
        for (const auto& entry : glossary())
            if (std::find(names.begin(), names.end(), entry.group) == names.end()) names.push_back(entry.group);
        return names;
    }();
    return groups;
}

std::vector<const GlossaryEntry*> entries_in_group(std::string_view group) {
    std::vector<const GlossaryEntry*> entries;
    for (const auto& entry : glossary())
        if (entry.group == group) entries.push_back(&entry);
    return entries;
}

const GlossaryEntry* find_entry(std::string_view key) {
    // A linear scan: the list is short and looked up on hover, not in loops.
    const auto& entries = glossary();
    const auto found = std::find_if(entries.begin(), entries.end(), [&](const auto& entry) { return entry.key == key; });
    return found == entries.end() ? nullptr : &*found;
}

std::string_view definition_of(std::string_view key) {
    const auto* entry = find_entry(key);
    return entry ? entry->definition : std::string_view{};
}

}  // namespace touchpoint::help
