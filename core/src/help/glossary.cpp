#include "touchpoint/help/glossary.hpp"

#include <algorithm>

namespace touchpoint::help {

namespace {

// Section index: Retention, Segments, Surveys, Support, Predictions, BG/NBD, Pareto/NBD,
// Gamma-Gamma, Summary, Simulation, Sample shop. A purchase is a day with at least one order throughout,
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
constexpr std::string_view simulation = "Simulation";
constexpr std::string_view sample_shop = "Sample shop";
constexpr std::string_view experiments = "Experiments";

std::vector<GlossaryEntry> make_glossary() {
    return {
        // Retention: the dashboard's headline numbers first (metrics::metric_definitions() reads these).
        {"customers", "Customers",
         "Customers with at least one purchase order. A customer is the file's customer id, or the e-mail (in "
         "lower case) of a line without one; lines with neither are guest lines, which are not imported.",
         retention},
        {"orders", "Orders",
         "Purchase orders in the store (or in the date window shown), including several orders by one customer "
         "on one day. A file with one line per product counts one order per order id. Cancelled or voided "
         "orders, failed or uncaptured payments, and refunds (a negative amount, a refund or return status, or "
         "a refund of the whole amount) are kept in the store, flagged, and not counted.",
         retention},
        {"repeat_purchase_rate", "Repeat purchase rate",
         "Share of customers who bought on two or more different days. Several orders on the same day "
         "count as one purchase, so a split basket is not mistaken for a return. Only purchase orders count: "
         "a cancelled order, a failed payment or a refund is no second purchase.",
         retention},
        {"median_days_between_orders", "Median days between orders",
         "Median of the days from a purchase back to the same customer's previous purchase, over every repeat "
         "purchase in the date window (the previous purchase may fall before it). Orders on the same day form "
         "one purchase; with an even count it is the mean of the two middle values.",
         retention},
        {"returning_by_month", "Returning customers per month",
         "Customers who bought in the month and whose first purchase was in an earlier month.", retention},
        {"churn_rate", "Churn rate",
         "Share of customers who made no purchase in the churn window, the last N days of the date window (N "
         "shown with the figure, 90 by default), among customers who bought in the date window before the churn "
         "window began. Not available when the date window is not longer than N days.",
         retention},
        {"purchase_frequency", "Purchase frequency",
         "Purchases per customer in the date window: the customers' purchase days in the window divided by the "
         "number of customers who bought in it. Several orders on one day count as one purchase.",
         retention},
        {"average_days_between_orders", "Average days between orders",
         "Mean of the days from a purchase back to the same customer's previous purchase, over every repeat "
         "purchase in the date window (the previous purchase may fall before it). One-time buyers add nothing; "
         "a few very long gaps can pull it well above the median.",
         retention},
        {"inter_purchase_time", "Inter-purchase time",
         "The spread of days from a purchase back to the same customer's previous purchase day, over every "
         "repeat purchase in the date window, counted in bins of 1-7, 8-14, 15-30, 31-60, 61-90, 91-180, "
         "181-365 and 366 or more days, shown with its median and mean.",
         retention},
        {"lost_after_first_purchase", "Lost after the first purchase",
         "Share of customers who bought on no other day up to the end of the date window, among customers whose "
         "first purchase falls in the date window at least the churn window (N days) before its end, so "
         "newcomers who have not had time to return are not counted as lost.",
         retention},
        {"date_window", "Date window",
         "The calendar days a retention figure is computed over, both ends included (the whole history unless "
         "chosen). Customers are those who bought in it; orders, purchases and revenue count only its days. "
         "Earlier history is used only where a definition says so; later days are never looked at.",
         retention},
        {"active_customers", "Active customers", "Customers who bought at least once in the date window.", retention},
        {"new_customers", "New customers", "Customers whose first purchase ever falls in the date window.", retention},
        {"purchases", "Purchases",
         "Purchase days in the date window, summed over customers: several orders by one customer on one day "
         "are one purchase.",
         retention},
        {"revenue", "Revenue",
         "Sum of the amounts of the purchase orders in the date window, in the store's currency, each order "
         "rounded to the cent. An order's amount is its total, or the sum of quantity x unit price over its "
         "lines; a partly refunded order counts what was kept. Cancelled orders, failed payments and refunds "
         "are not purchases and are not subtracted.",
         retention},
        {"churn_base", "Churn base",
         "Customers who bought in the date window before its last N days (the churn window): the customers the "
         "churn rate is a share of.",
         retention},
        {"churned_customers", "Churned customers",
         "Customers of the churn base who made no purchase in the last N days of the date window.", retention},
        {"first_purchase_base", "First-purchase base",
         "Customers whose first purchase falls in the date window at least N days (the churn window) before its "
         "end: the customers the share lost after the first purchase is taken of.",
         retention},
        {"lost_after_first_purchase_customers", "Lost after the first purchase (customers)",
         "Customers of the first-purchase base who bought on no other day up to the end of the date window.",
         retention},
        {"revenue_per_customer", "Revenue per customer",
         "Revenue in the date window divided by the number of customers who bought in it, in the store's "
         "currency.",
         retention},
        {"historical_clv", "Historical CLV",
         "Average revenue per customer to date: the revenue of the customers whose first purchase falls in the "
         "date window, from that purchase to the window's end, divided by their number, in the store's "
         "currency. Over the whole history it is all revenue over all customers.",
         retention},
        {"revenue_stability_cv", "Revenue stability (CV)",
         "Coefficient of variation of revenue per period: the standard deviation (over the periods, not a "
         "sample estimate) of the revenue of the months or weeks lying wholly inside the date window, divided "
         "by their mean. 0 is perfectly steady; needs two whole periods.",
         retention},
        {"per_period", "Per period",
         "One row per calendar month or ISO week (Monday to Sunday) the date window touches: customers who "
         "bought in it, how many of them made their first purchase in that period (new) or an earlier one "
         "(returning), orders and revenue, counting only days inside the window.",
         retention},
        {"returning_customers_per_period", "Returning customers per period",
         "Customers who bought in the month or ISO week, on days inside the date window, and whose first "
         "purchase was in an earlier period.",
         retention},
        {"revenue_per_period", "Revenue per period",
         "Sum of the purchase amounts in the month or ISO week, on days inside the date window, in the store's "
         "currency; returns and refunds are not subtracted.",
         retention},
        {"cohort_size", "Cohort size",
         "Customers whose first purchase falls in the cohort's month or ISO week (Monday to Sunday), within the "
         "date window.",
         retention},
        {"cohort_retention", "Cohort retention",
         "Share of a cohort (the customers whose first purchase falls in one month or ISO week) who bought in "
         "the k-th period after it, k = 0, 1, 2, ...; period 0 holds the first purchase, so it is always 100%. "
         "A customer counts once per period; the last period may be cut by the window's end.",
         retention},
        {"cohort_revenue", "Cohort revenue",
         "Revenue of a cohort's customers in the k-th period after their first purchase's period, in the "
         "store's currency; returns and refunds are not subtracted.",
         retention},

        {"segment_new", "New",
         "Customers whose first purchase is fewer than N days before the as-of date (N = new_within_days, "
         "default 30; the as-of date defaults to the last purchase day), and one-time buyers who are not yet "
         "lapsed. The rules are checked in this order, first match wins: new by first purchase, lapsed, "
         "loyal, returning, then new for a one-time buyer still within the window.",
         segments},
        {"segment_returning", "Returning",
         "Customers with two or more purchase days (same-day orders are one purchase) who are neither new "
         "nor lapsed and have fewer purchase days than the loyal minimum (default 4).",
         segments},
        {"segment_loyal", "Loyal",
         "Customers with at least M different purchase days (M = loyal_min_purchase_days, default 4) who "
         "are neither new nor lapsed.",
         segments},
        {"segment_lapsed", "Lapsed",
         "Customers who are not new and have stopped returning: the days since their last purchase exceed k "
         "times their own median gap between purchase days (k = lapse_gap_multiple, default 2) or, with a "
         "single purchase day, exceed W days (W = one_time_lapse_days, default 90). Returns and refunds are "
         "not purchases.",
         segments},
        {"segment_not_yet_customer", "Not yet a customer",
         "Customers whose first purchase is after the as-of date: in no segment on that date, shown as the "
         "first row of the migration matrix.",
         segments},
        {"segment_rule_new_within_days", "New within (days)",
         "N: a customer whose first purchase is fewer than N days before the as-of date (the as-of day and "
         "the N - 1 days before it) is new; default 30, from 1 to 36500.",
         segments},
        {"segment_rule_loyal_min_purchase_days", "Loyal from (purchase days)",
         "M: a customer with at least M different purchase days who is neither new nor lapsed is loyal; "
         "default 4, from 2 to 36500.",
         segments},
        {"segment_rule_lapse_gap_multiple", "Lapse multiple (k)",
         "k: a customer with two or more purchase days is lapsed when the days since the last purchase "
         "exceed k times the median of the days between their consecutive purchase days (the mean of the two "
         "middle gaps when their number is even); default 2, above 0 and at most 1000.",
         segments},
        {"segment_rule_one_time_lapse_days", "One-time lapse window (days)",
         "W: a customer with a single purchase day is lapsed when more than W days have passed since it; "
         "default 90, from 1 to 36500.",
         segments},
        {"segment_revenue", "Segment revenue",
         "Total of the purchases up to the as-of date of the customers in the segment, in the store's "
         "currency; returns and refunds are not subtracted.",
         segments},
        {"segment_trend", "Segment trend",
         "Segment sizes as of the last day of each month from the first order's month, ending at the as-of "
         "date, under the current rules; each point counts only the purchases up to its day.",
         segments},
        {"segment_migration", "Segment migration",
         "Customers counted by their segment on a first date (rows, including not yet a customer) and on a "
         "second date (columns), under the same rules; customers whose first purchase is after the second "
         "date are not counted.",
         segments},
        {"rfm_recency", "Recency (R)",
         "Days from the customer's last purchase to the as-of date (by default the last purchase day), scored 1 "
         "to 5 as 1 + floor(5 L / n), with n the customers so far and L those who bought longer ago: 5 goes "
         "to the most recent buyers, and equal values share a score.",
         segments},
        {"rfm_frequency", "Frequency (F)",
         "Number of different days the customer bought on up to the as-of date, scored 1 to 5 as "
         "1 + floor(5 L / n), with L the customers who bought on fewer days; equal counts share a score, so "
         "every one-time buyer scores 1.",
         segments},
        {"rfm_monetary", "Monetary (M)",
         "Total of the customer's purchases up to the as-of date in the store's currency (returns and "
         "refunds are not subtracted), scored 1 to 5 as 1 + floor(5 L / n), with L the customers who spent "
         "less; equal totals share a score.",
         segments},
        {"rfm_fm", "FM score",
         "The mean of the frequency and monetary scores rounded half up, (F + M + 1) / 2 in whole numbers; "
         "with the recency score it picks the customer's named RFM segment.",
         segments},
        {"rfm_segment_champions", "Champions",
         "RFM segment for R 5 and FM 4 or 5: bought very recently, often and for a lot.", segments},
        {"rfm_segment_loyal_customers", "Loyal customers",
         "RFM segment for R 3 or 4 and FM 4 or 5: buy often and spend well, and bought fairly recently.",
         segments},
        {"rfm_segment_potential_loyalists", "Potential loyalists",
         "RFM segment for R 4 or 5 and FM 2 or 3: recent customers with a few purchases who could become "
         "loyal.",
         segments},
        {"rfm_segment_new_customers", "New customers",
         "RFM segment for R 5 and FM 1: bought very recently, once or for little so far.", segments},
        {"rfm_segment_promising", "Promising",
         "RFM segment for R 4 and FM 1: bought recently, but once or for little so far.", segments},
        {"rfm_segment_need_attention", "Need attention",
         "RFM segment for R 3 and FM 3: middling recency, frequency and spend.", segments},
        {"rfm_segment_about_to_sleep", "About to sleep",
         "RFM segment for R 3 and FM 1 or 2: bought a while ago, rarely and for little.", segments},
        {"rfm_segment_at_risk", "At risk",
         "RFM segment for R 1 or 2 and FM 3 or 4: used to buy often and spend well, but not for a long time.",
         segments},
        {"rfm_segment_cant_lose_them", "Can't lose them",
         "RFM segment for R 1 or 2 and FM 5: among the best customers by frequency and spend, but not seen "
         "for a long time.",
         segments},
        {"rfm_segment_hibernating", "Hibernating",
         "RFM segment for R 2 and FM 1 or 2, or R 1 and FM 2: last bought long ago, rarely and for little.",
         segments},
        {"rfm_segment_lost", "Lost",
         "RFM segment for R 1 and FM 1: the lowest recency, frequency and spend.", segments},

        {"survey_responses", "Survey responses",
         "Rows of the surveys table dated in the period shown, whatever questions they answered; each of NPS, "
         "CSAT and CES counts only the answers that have its score.",
         surveys},
        {"nps", "Net Promoter Score (NPS)",
         "From answers to \"How likely are you to recommend us?\" on a 0-10 scale given in the period shown: "
         "the percentage of promoters (9 or 10) minus the percentage of detractors (0 to 6), over the survey "
         "answers with an NPS score. Ranges from -100 to +100.",
         surveys},
        {"csat", "Customer satisfaction (CSAT)",
         "Percentage of satisfaction answers of 4 or 5 on the 1-5 scale, over the survey answers with a "
         "satisfaction score given in the period shown.",
         surveys},
        {"ces", "Customer effort score (CES)",
         "Mean answer on the 1-7 scale to how easy it was to get things done with the shop, over the survey "
         "answers with an effort score given in the period shown; higher means less effort.",
         surveys},
        {"nps_promoters", "Promoters", "Survey answers with an NPS score of 9 or 10, in the period shown.", surveys},
        {"nps_passives", "Passives", "Survey answers with an NPS score of 7 or 8 (7 up to below 9), in the period shown.",
         surveys},
        {"nps_detractors", "Detractors", "Survey answers with an NPS score of 0 to 6 (below 7), in the period shown.",
         surveys},
        {"csat_satisfied", "Satisfied", "Survey answers with a CSAT score of 4 or 5, in the period shown.", surveys},
        {"csat_neutral", "Neutral (CSAT)", "Survey answers with a CSAT score of 3 (3 up to below 4), in the period shown.",
         surveys},
        {"csat_dissatisfied", "Dissatisfied", "Survey answers with a CSAT score of 1 or 2 (below 3), in the period shown.",
         surveys},
        {"ces_low_effort", "Low effort", "Survey answers with a CES score of 5 to 7, in the period shown.", surveys},
        {"ces_neutral", "Neutral (CES)", "Survey answers with a CES score of 4 (4 up to below 5), in the period shown.",
         surveys},
        {"ces_high_effort", "High effort", "Survey answers with a CES score of 1 to 3 (below 4), in the period shown.",
         surveys},
        {"survey_later_retention", "Later retention (surveys)",
         "For a group of survey answers (such as promoters), the share of answers after which the customer made a "
         "purchase on one of the N days after the answer's day (N is 90 unless set). Each answer counts once. "
         "Answers given less than N days before the last purchase in the data are left out, because the data "
         "cannot show yet whether those customers came back.",
         surveys},

        {"tickets_opened", "Tickets opened",
         "Support tickets whose opening date falls in the period shown, answered or not, resolved or not.",
         support},
        {"first_response_time", "First response time",
         "Days from a ticket being opened to the shop's first reply (dates are whole days, so a same-day reply is "
         "0), as the median and the mean over the tickets opened in the period shown that have a reply; tickets "
         "still waiting for a reply are left out.",
         support},
        {"resolution_time", "Resolution time",
         "Days from a ticket being opened to it being resolved, as the median and the mean over the tickets "
         "opened in the period shown that are resolved; open tickets are left out.",
         support},
        {"resolution_rate", "Resolution rate",
         "Share of the tickets opened in the period shown that have been resolved: resolved tickets divided by "
         "opened tickets, from 0 to 1.",
         support},
        {"fast_first_response", "Fast first response",
         "A ticket whose first reply came at most X days after it was opened (X is 1 unless set).", support},
        {"slow_first_response", "Slow first response",
         "A ticket whose first reply came more than X days after it was opened (X is 1 unless set), or that "
         "never got a reply.",
         support},
        {"support_later_retention", "Later retention (support)",
         "For fast or slow first responses, the share of tickets opened in the period shown after which the "
         "customer made a purchase on one of the N days after the ticket was opened (N is 90 unless set). Each "
         "ticket counts once. Tickets opened less than N days before the last purchase in the data are left out, "
         "because the data cannot show yet whether those customers came back.",
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

        {"sim_repeat_rate", "Repeat rate (simulated)",
         "Share of the simulated customers, all acquired on day 0, who make at least one more purchase within "
         "the horizon, averaged over replications with a 95% interval.",
         simulation},
        {"sim_purchases", "Purchases per customer (simulated)",
         "Repeat purchases per simulated customer within the horizon; the first purchase, the same under every "
         "cadence, is not counted.",
         simulation},
        {"sim_revenue", "Revenue per customer (simulated)",
         "Value of the repeat purchases per simulated customer: each order is worth the customer's Gamma-Gamma "
         "mean spend, less a discount's price cut while one is valid; 0 without a spend model.",
         simulation},
        {"sim_cost", "Cost per customer (simulated)",
         "Cost of the touches sent per simulated customer, reached or not; touches a cap blocks or that go to "
         "customers who opted out are not sent and cost nothing.",
         simulation},
        {"sim_roi", "ROI (simulated)",
         "Incremental profit divided by the cadence's cost: margin times the revenue above the no-touch "
         "baseline on the same customers, less the cost. Empty for a cadence that costs nothing.",
         simulation},
        {"sim_touches_per_customer", "Touches per customer (simulated)",
         "Touches sent per simulated customer within the horizon.", simulation},
        {"sim_opt_outs", "Opt-outs (simulated)",
         "Share of the simulated customers who opted out of further touches within the horizon.", simulation},
        {"sim_incremental", "Incremental (simulated)",
         "A figure minus the same figure with no touches at all, on the same customers with the same random "
         "draws (common random numbers), so the difference comes from the cadence, not from chance.",
         simulation},
        {"sim_retention_curve", "Retention curve (simulated)",
         "Share of the simulated customers who have not stopped buying for good by each day after their first "
         "purchase, with a 95% interval over replications.",
         simulation},

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
        {"sample_surveys", "Surveys",
         "Whether the sample shop has survey answers: some purchases are followed, 1 to 14 days later, by an "
         "NPS, CSAT and CES answer; customers who keep buying lean to higher scores. Turning them off leaves "
         "the orders unchanged.",
         sample_shop},
        {"sample_survey_response_rate", "Survey response rate",
         "Chance, from 0 to 1, that a purchase day of the sample shop is followed by a survey answer.", sample_shop},
        {"sample_tickets", "Support tickets",
         "Whether the sample shop has support tickets: some purchases are followed, 0 to 10 days later, by a "
         "ticket by email, chat or phone. Turning them off leaves the orders unchanged.",
         sample_shop},
        {"sample_ticket_rate", "Ticket rate",
         "Chance, from 0 to 1, that a purchase day of the sample shop is followed by a support ticket.", sample_shop},
        {"sample_slow_response_share_staying", "Slow replies, customers who stay",
         "Chance, from 0 to 1, that a sample ticket gets a slow first reply (2 to 5 days; otherwise 0 or 1 day) "
         "when the customer buys again after it or never drops out.",
         sample_shop},
        {"sample_slow_response_share_leaving", "Slow replies, customers who leave",
         "Chance, from 0 to 1, that a sample ticket gets a slow first reply (2 to 5 days) when the customer "
         "never buys again after it: set it above the share for customers who stay and slow replies go with "
         "lost customers.",
         sample_shop},
        {"sample_ticket_resolution_rate", "Ticket resolution rate",
         "Chance, from 0 to 1, that an answered sample ticket is resolved, 0 to 7 days after the first reply; "
         "replies and resolutions after the end of the period are not in the data.",
         sample_shop},

        // Experiments: planning (power), the tests, the Bayesian view, monitoring, and checks.
        {"p_value", "p-value",
         "If the arms truly did not differ, the chance of seeing a difference at least as large as this one. "
         "Small means the difference is hard to explain by chance; it is not the chance that the treatment works.",
         experiments},
        {"significance_level", "Significance level (alpha)",
         "The p-value below which a difference is called significant, usually 0.05: the share of experiments "
         "without any real difference that would still be called a win.",
         experiments},
        {"statistical_power", "Power",
         "The chance that the experiment calls a real difference of the minimum detectable effect significant, "
         "usually 0.8; more customers give more power.",
         experiments},
        {"minimum_detectable_effect", "Minimum detectable effect",
         "The smallest true difference between treatment and control the experiment is sized to find, in "
         "points (absolute) or as a share of the baseline (relative: 0.1 is a 10% lift).",
         experiments},
        {"allocation_ratio", "Allocation ratio",
         "Customers in treatment per customer in control: 1 splits evenly, 2 puts two thirds in treatment. "
         "An even split needs the fewest customers in total.",
         experiments},
        {"sample_size_per_arm", "Customers per arm",
         "Customers each arm needs for the planned power: the control arm's number rounded up, the treatment "
         "arm that times the allocation ratio, rounded up.",
         experiments},
        {"confidence_interval", "Confidence interval",
         "Range of true differences the data are consistent with: made this way, a 95% interval holds the true "
         "difference in 95 of 100 experiments. It leaves out 0 exactly when the two-sided p-value is below 0.05.",
         experiments},
        {"relative_lift", "Relative lift",
         "The treatment's rate divided by the control's, minus 1: 0.25 means a quarter more customers bought "
         "again. Its interval comes from the log of the ratio, so it is lopsided and never below -100%.",
         experiments},
        {"welch_t_test", "Welch's t-test",
         "Test of the difference in mean revenue per customer that does not assume both arms vary equally; "
         "with skewed revenue it needs a few hundred customers per arm to be reliable.",
         experiments},
        {"mann_whitney_u", "Mann-Whitney U",
         "Rank test of whether a customer in treatment tends to spend more than one in control; a few very "
         "large orders cannot swing it, but it compares whole distributions, not means.",
         experiments},
        {"bootstrap_interval", "Bootstrap interval",
         "Interval for the difference in means from re-drawing each arm's customers with replacement "
         "thousands of times; it needs no bell curve, so it suits skewed revenue.",
         experiments},
        {"probability_to_beat_control", "Probability to beat control",
         "The chance, given the data and a flat starting belief, that the treatment's true rate is higher than "
         "the control's (Bayesian beta-binomial model).",
         experiments},
        {"expected_loss", "Expected loss",
         "The rate you give up on average by choosing this arm if the other one is really better: small means "
         "choosing it is a safe bet even if the data are not conclusive.",
         experiments},
        {"credible_interval", "Credible interval",
         "Range that holds the true rate (or difference) with 95% probability given the data and the starting "
         "belief; the Bayesian counterpart of a confidence interval.",
         experiments},
        {"always_valid_p_value", "Always-valid p-value",
         "p-value of sequential monitoring (mixture SPRT): it may be checked after every customer, and the chance "
         "it ever drops below alpha without a real difference stays at most alpha.",
         experiments},
        {"always_valid_interval", "Always-valid interval",
         "Confidence interval that stays valid however often it is looked at and whenever the experiment stops; "
         "it is wider than a fixed-horizon interval, the price of peeking.",
         experiments},
        {"mixture_sd", "Mixture spread (tau)",
         "The size of effect sequential monitoring is tuned to find soonest, in the units of the difference; "
         "any value keeps the error rate, a good one finds real effects earlier.",
         experiments},
        {"naive_peeking", "Naive peeking",
         "Checking a fixed-horizon test at every look and stopping at the first p below alpha: each look is "
         "another chance for noise, so far more than alpha of no-difference experiments get called wins.",
         experiments},
        {"sample_ratio_mismatch", "Sample ratio mismatch",
         "The arms hold a different share of customers than planned, by more than chance explains (chi-square "
         "test, p below 0.001): assignment or tracking is broken, and the results cannot be trusted.",
         experiments},
        {"holm_correction", "Holm correction",
         "Adjustment of the p-values when several treatments are compared with one control, so that the chance "
         "of any false win stays at alpha: the smallest p-value is multiplied by the number of comparisons, the "
         "next by one fewer, and so on.",
         experiments},
        {"outcome_repeat", "Repeat within N days (repeat:N)",
         "1 when the customer made a purchase after the day of assignment and at most N days after it, else 0; "
         "returns do not count, and customers whose N days are not over yet are left out.",
         experiments},
        {"outcome_revenue", "Revenue within N days (revenue:N)",
         "The customer's purchases after the day of assignment and at most N days after it, summed; 0 without "
         "a purchase, returns left out.",
         experiments},
        {"sweep_best_day", "Best day",
         "In a timing sweep, the day of the grid whose simulated customers did best on the chosen metric (the "
         "highest mean over the replications; the lowest for opt-outs), shown with its 95% interval.",
         experiments},
        {"sweep_tied_with_best", "Tied with the best",
         "Days of a timing sweep the simulation cannot tell apart from the best day: the 95% interval of their "
         "difference from it, paired on the same customers, holds zero. Any of them is as good a choice.",
         experiments},
        {"sweep_paired_difference", "Difference from the best, paired",
         "A day's metric minus the best day's, replication by replication on the same simulated customers, with "
         "its 95% interval; pairing removes the luck the days share, so it is far narrower than either day's own interval.",
         experiments},
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
