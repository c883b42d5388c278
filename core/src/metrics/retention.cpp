#include "touchpoint/metrics/retention.hpp"

#include "cents.hpp"
#include "touchpoint/data/calendar.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <stdexcept>

// Section index: money and gap helpers; compute_retention_report (one pass over the customers);
// compare_windows; JSON.

namespace touchpoint::metrics {

namespace {

std::optional<double> ratio(std::int64_t numerator, std::int64_t denominator) {
    if (denominator == 0) return std::nullopt;
    return static_cast<double>(numerator) / static_cast<double>(denominator);
}

// Gaps are small whole days, so a count per length gives the median and mean without keeping
// (or sorting) one entry per repeat purchase.
class GapTally {
public:
    // Room for gaps up to `longest` days without growing.
    explicit GapTally(int longest) : count_by_length_(static_cast<std::size_t>(longest > 0 ? longest : 0) + 1, 0) {}

    void add(int gap) {
        const auto index = static_cast<std::size_t>(gap);
        if (index >= count_by_length_.size()) count_by_length_.resize(index + 1 + index / 2, 0);
        ++count_by_length_[index];
        ++gaps_;
        sum_ += gap;
    }

    InterPurchaseTime result() const {
        InterPurchaseTime time;
        time.gaps = gaps_;
        // The bins from the counts by length, once, instead of a bin search per gap.
        std::array<std::int64_t, inter_purchase_bin_count> bins{};
        for (std::size_t length = 0; length < count_by_length_.size(); ++length) {
            std::size_t bin = 0;
            while (bin < inter_purchase_bin_upper_days.size() && static_cast<int>(length) > inter_purchase_bin_upper_days[bin]) ++bin;
            bins[bin] += count_by_length_[length];
        }
        time.bin_counts = bins;
        if (gaps_ == 0) return time;
        time.mean_days = static_cast<double>(sum_) / static_cast<double>(gaps_);
        // The median of an even count is the mean of the two middle gaps, as in the headline metrics.
        const std::int64_t upper_rank = gaps_ / 2;
        const std::int64_t lower_rank = gaps_ % 2 == 1 ? upper_rank : upper_rank - 1;
        time.median_days = (length_at_rank(lower_rank) + length_at_rank(upper_rank)) / 2.0;
        return time;
    }

private:
    int length_at_rank(std::int64_t rank) const {
        std::int64_t seen = 0;
        for (std::size_t length = 0; length < count_by_length_.size(); ++length) {
            seen += count_by_length_[length];
            if (seen > rank) return static_cast<int>(length);
        }
        throw std::logic_error("gap rank beyond the number of gaps");
    }

    std::vector<std::int64_t> count_by_length_;
    std::int64_t gaps_ = 0, sum_ = 0;
};

struct PeriodTally {
    std::int64_t active = 0, new_customers = 0, returning = 0, orders = 0, cents = 0;
};

// Population coefficient of variation (standard deviation over mean) of the revenue of the periods
// wholly inside the window: a period cut by the window's edge would look like a dip.
std::optional<double> revenue_cv(const std::vector<PeriodFigures>& periods) {
    double sum = 0;
    std::int64_t count = 0;
    for (const auto& period : periods)
        if (period.within_window) sum += period.revenue, ++count;
    if (count < 2 || sum <= 0) return std::nullopt;
    const double mean = sum / static_cast<double>(count);
    double squares = 0;
    for (const auto& period : periods)
        if (period.within_window) squares += (period.revenue - mean) * (period.revenue - mean);
    return std::sqrt(squares / static_cast<double>(count)) / mean;
}

}  // namespace

RetentionReport compute_retention_report(const data::Dataset& dataset, DateWindow window, const RetentionOptions& options) {
    if (window.last_day < window.first_day) throw std::invalid_argument("the date window ends before it starts");
    if (options.churn_window_days <= 0) throw std::invalid_argument("the churn window must be at least one day");

    RetentionReport report;
    report.window = window;
    report.options = options;

    const PeriodTable periods(options.period, window);
    std::vector<PeriodTally> tallies(periods.count());
    // The churn window is the window's last N days; "before" it means in the window, earlier.
    const int churn_start = window.last_day - options.churn_window_days + 1;

    // Gaps end in the window and start at the earliest order at the soonest.
    const int earliest_day = dataset.order_days.empty() ? window.first_day
                                                        : *std::min_element(dataset.order_days.begin(), dataset.order_days.end());
    GapTally gaps(window.last_day - std::min(earliest_day, window.first_day));
    // Counters in locals and plain pointers: the hot loop then keeps them in registers.
    const int* order_days = dataset.order_days.data();
    const double* order_amounts = dataset.order_amounts.data();
    const std::size_t* order_offsets = dataset.order_offsets.data();
    PeriodTally* period_tallies = tallies.data();
    const int first_day = window.first_day, last_day = window.last_day;
    std::int64_t repeat_customers = 0, revenue_cents = 0, acquired_cents = 0;
    std::int64_t orders = 0, purchases = 0, active_customers = 0, new_customers = 0;
    std::int64_t churn_base = 0, churned = 0, first_purchase_base = 0, lost_after_first = 0;
    for (std::size_t customer = 0; customer < dataset.customer_count(); ++customer) {
        const std::size_t begin = order_offsets[customer], end = order_offsets[customer + 1];
        if (begin == end) continue;
        const int first_purchase = order_days[begin];
        if (first_purchase > last_day) continue;  // not a customer yet

        int purchase_days_in_window = 0, purchase_days_to_end = 0;
        bool bought_before_churn_window = false, bought_in_churn_window = false;
        std::int64_t cents_in_window = 0;
        int counted_period = -1;  // each customer counts once per period
        for (std::size_t i = begin; i < end; ++i) {
            const int day = order_days[i];
            if (day > last_day) break;
            const bool new_purchase_day = i == begin || day != order_days[i - 1];
            purchase_days_to_end += new_purchase_day ? 1 : 0;
            if (day < first_day) continue;

            const std::int64_t cents = cents_of(order_amounts[i]);
            cents_in_window += cents;
            ++orders;
            const int period = periods.index_of(day);
            auto& tally = period_tallies[period];
            ++tally.orders;
            tally.cents += cents;
            if (!new_purchase_day) continue;

            ++purchase_days_in_window;
            if (i != begin) gaps.add(day - order_days[i - 1]);  // from the previous purchase day, maybe before the window
            (day < churn_start ? bought_before_churn_window : bought_in_churn_window) = true;
            if (period != counted_period) {
                counted_period = period;
                ++tally.active;
                if (first_purchase < periods.first_day_of(static_cast<std::size_t>(period)))
                    ++tally.returning;
                else
                    ++tally.new_customers;
            }
        }

        revenue_cents += cents_in_window;
        if (purchase_days_in_window > 0) ++active_customers;
        if (purchase_days_in_window >= 2) ++repeat_customers;
        purchases += purchase_days_in_window;
        if (bought_before_churn_window) {
            ++churn_base;
            if (!bought_in_churn_window) ++churned;
        }
        if (first_purchase >= first_day) {
            ++new_customers;
            acquired_cents += cents_in_window;  // all of an acquired customer's orders up to the end are in the window
            if (first_purchase < churn_start) {
                ++first_purchase_base;
                if (purchase_days_to_end == 1) ++lost_after_first;
            }
        }
    }
    report.orders = orders;
    report.purchases = purchases;
    report.active_customers = active_customers;
    report.new_customers = new_customers;
    report.churn_base = churn_base;
    report.churned_customers = churned;
    report.first_purchase_base = first_purchase_base;
    report.lost_after_first_purchase_customers = lost_after_first;

    report.revenue = money_of(revenue_cents);
    report.repeat_purchase_rate = ratio(repeat_customers, report.active_customers);
    report.purchase_frequency = ratio(report.purchases, report.active_customers);
    report.churn_rate = ratio(report.churned_customers, report.churn_base);
    report.lost_after_first_purchase = ratio(report.lost_after_first_purchase_customers, report.first_purchase_base);
    report.inter_purchase_time = gaps.result();
    if (report.active_customers > 0)
        report.revenue_per_customer = report.revenue / static_cast<double>(report.active_customers);
    if (report.new_customers > 0)
        report.historical_clv = money_of(acquired_cents) / static_cast<double>(report.new_customers);

    report.per_period.reserve(periods.count());
    for (std::size_t p = 0; p < periods.count(); ++p) {
        const auto& tally = tallies[p];
        report.per_period.push_back({periods.label(p), periods.first_day_of(p), periods.last_day_of(p),
                                     periods.lies_within_span(p), tally.active, tally.new_customers, tally.returning,
                                     tally.orders, money_of(tally.cents)});
    }
    report.revenue_stability_cv = revenue_cv(report.per_period);
    return report;
}

// ---- Comparison and JSON ----

namespace {

struct Figure {
    const char* key;
    std::optional<double> value;
    bool is_count;  // written to JSON as an integer
};

Figure count(const char* key, std::int64_t value) { return {key, static_cast<double>(value), true}; }
Figure number(const char* key, std::optional<double> value) { return {key, value, false}; }

// The scalar figures, by glossary key, in to_json order.
std::vector<Figure> scalar_figures(const RetentionReport& r) {
    return {
        count("active_customers", r.active_customers),
        count("new_customers", r.new_customers),
        count("orders", r.orders),
        count("purchases", r.purchases),
        number("revenue", r.revenue),
        number("repeat_purchase_rate", r.repeat_purchase_rate),
        number("purchase_frequency", r.purchase_frequency),
        number("churn_rate", r.churn_rate),
        count("churn_base", r.churn_base),
        count("churned_customers", r.churned_customers),
        number("lost_after_first_purchase", r.lost_after_first_purchase),
        count("first_purchase_base", r.first_purchase_base),
        count("lost_after_first_purchase_customers", r.lost_after_first_purchase_customers),
        number("median_days_between_orders", r.inter_purchase_time.median_days),
        number("average_days_between_orders", r.inter_purchase_time.mean_days),
        number("revenue_per_customer", r.revenue_per_customer),
        number("historical_clv", r.historical_clv),
        number("revenue_stability_cv", r.revenue_stability_cv),
    };
}

nlohmann::json optional_number(const std::optional<double>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::string iso(int day) { return data::format_iso_date(data::day_from_number(day)); }

}  // namespace

RetentionComparison compare_windows(const data::Dataset& dataset, DateWindow window_a, DateWindow window_b,
                                    const RetentionOptions& options) {
    RetentionComparison comparison{compute_retention_report(dataset, window_a, options),
                                   compute_retention_report(dataset, window_b, options), {}};
    const auto figures_a = scalar_figures(comparison.a);
    const auto figures_b = scalar_figures(comparison.b);
    for (std::size_t i = 0; i < figures_a.size(); ++i) {
        const auto& a = figures_a[i].value;
        const auto& b = figures_b[i].value;
        comparison.differences.push_back(
            {figures_a[i].key, a, b, a && b ? std::optional<double>(*b - *a) : std::nullopt});
    }
    return comparison;
}

std::optional<double> report_figure(const RetentionReport& report, std::string_view key) {
    for (const auto& figure : scalar_figures(report))
        if (key == figure.key) return figure.value;
    return std::nullopt;
}

const std::vector<const char*>& retention_report_keys() {
    static const std::vector<const char*> keys = [] {
        std::vector<const char*> names;
        for (const auto& figure : scalar_figures(RetentionReport{})) names.push_back(figure.key);
        names.push_back("inter_purchase_time");
        names.push_back("per_period");
        return names;
    }();
    return keys;
}

nlohmann::json to_json(const RetentionReport& report) {
    nlohmann::json json;
    json["window"] = {{"from", iso(report.window.first_day)},
                      {"to", iso(report.window.last_day)},
                      {"churn_window_days", report.options.churn_window_days},
                      {"period", std::string(period_name(report.options.period))}};
    for (const auto& figure : scalar_figures(report))
        json[figure.key] = figure.is_count ? nlohmann::json(static_cast<std::int64_t>(*figure.value))
                                           : optional_number(figure.value);

    nlohmann::json bins = nlohmann::json::array();
    int lower = 1;
    for (std::size_t bin = 0; bin < inter_purchase_bin_count; ++bin) {
        const bool open_ended = bin == inter_purchase_bin_upper_days.size();
        bins.push_back({{"from_days", lower},
                        {"to_days", open_ended ? nlohmann::json(nullptr) : nlohmann::json(inter_purchase_bin_upper_days[bin])},
                        {"count", report.inter_purchase_time.bin_counts[bin]}});
        if (!open_ended) lower = inter_purchase_bin_upper_days[bin] + 1;
    }
    json["inter_purchase_time"] = {{"gaps", report.inter_purchase_time.gaps}, {"bins", std::move(bins)}};

    nlohmann::json periods = nlohmann::json::array();
    for (const auto& period : report.per_period)
        periods.push_back({{"period", period.label},
                           {"first_day", iso(period.first_day)},
                           {"last_day", iso(period.last_day)},
                           {"within_window", period.within_window},
                           {"active_customers", period.active_customers},
                           {"new_customers", period.new_customers},
                           {"returning_customers", period.returning_customers},
                           {"orders", period.orders},
                           {"revenue", period.revenue}});
    json["per_period"] = std::move(periods);
    return json;
}

nlohmann::json to_json(const RetentionComparison& comparison) {
    nlohmann::json differences = nlohmann::json::object();
    for (const auto& figure : comparison.differences) differences[figure.key] = optional_number(figure.difference);
    return {{"a", to_json(comparison.a)}, {"b", to_json(comparison.b)}, {"difference_b_minus_a", std::move(differences)}};
}

}  // namespace touchpoint::metrics
