#include "sections/simulate/simulate_figures.hpp"

#include "ui/format.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace touchpoint::web {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string printed(const char* format, double value) {
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

}  // namespace

std::string figure_text(double value, FigureFormat format) {
    if (!std::isfinite(value)) return "n/a";
    switch (format) {
        case FigureFormat::Percent: return printed("%.1f%%", value * 100.0);
        case FigureFormat::FinePercent: return printed("%.2f%%", value * 100.0);
        case FigureFormat::Decimal: return printed("%.3f", value);
        case FigureFormat::SignedDecimal: return printed("%+.3f", value);
        case FigureFormat::Amount: return format_amount(value);
        case FigureFormat::SignedAmount: return (value >= 0 ? "+" : "") + format_amount(value);
        case FigureFormat::Cost: return printed("%.3f", value);
        case FigureFormat::Ratio: return printed("%.0f%%", value * 100.0);
    }
    return "n/a";
}

std::string estimate_text(const sim::Estimate& estimate, FigureFormat format) {
    if (!std::isfinite(estimate.mean)) return "n/a";
    std::string text = figure_text(estimate.mean, format);
    if (std::isfinite(estimate.ci_low) && std::isfinite(estimate.ci_high))
        text += " (" + figure_text(estimate.ci_low, format) + " to " + figure_text(estimate.ci_high, format) + ")";
    return text;
}

const std::vector<FigureRow>& figure_rows() {
    using Outcome = sim::CadenceOutcome;
    static const std::vector<FigureRow> rows{
        {"retained_at_end", "Not dropped out at the horizon", "Share of customers who have not dropped out by the last day.",
         FigureFormat::Percent, false, [](const Outcome& o) { return last_point(o.alive_by_day); }},
        {"active_at_end", "Active at the horizon",
         "Share of customers who bought (the first purchase included) within the active window before the last day.",
         FigureFormat::Percent, false, [](const Outcome& o) { return last_point(o.active_by_day); }},
        {"repeat_rate", "Repeat rate", "Share of customers with a repeat purchase within the horizon.", FigureFormat::Percent, false,
         [](const Outcome& o) { return o.repeat_rate; }},
        {"purchases", "Repeat purchases", "Repeat purchases per customer (the first purchase is not counted).", FigureFormat::Decimal,
         false, [](const Outcome& o) { return o.purchases; }},
        {"revenue", "Revenue", "Revenue of the repeat purchases per customer, after discounts.", FigureFormat::Amount, false,
         [](const Outcome& o) { return o.revenue; }},
        {"cost", "Cost", "Cost of the touches sent, per customer.", FigureFormat::Cost, false, [](const Outcome& o) { return o.cost; }},
        {"touches_per_customer", "Touches sent", "Touches sent per customer (not those blocked by caps or to customers who opted out).",
         FigureFormat::Decimal, false, [](const Outcome& o) { return o.touches_per_customer; }},
        {"reached_per_customer", "Touches that reached", "Touches that reached the customer (opened, answered, met), per customer.",
         FigureFormat::Decimal, false, [](const Outcome& o) { return o.reached_per_customer; }},
        {"opt_outs", "Opt-outs", "Share of customers who opted out of further touches.", FigureFormat::FinePercent, false,
         [](const Outcome& o) { return o.opt_outs; }},
        {"incremental_purchases", "Purchases vs no touches", "Repeat purchases per customer gained over the no-touch baseline.",
         FigureFormat::SignedDecimal, true, [](const Outcome& o) { return o.incremental_purchases; }},
        {"incremental_revenue", "Revenue vs no touches", "Revenue per customer gained over the no-touch baseline.",
         FigureFormat::SignedAmount, true, [](const Outcome& o) { return o.incremental_revenue; }},
        {"incremental_profit", "Profit vs no touches", "Margin x revenue gained over the no-touch baseline, less the cost of the touches.",
         FigureFormat::SignedAmount, true, [](const Outcome& o) { return o.incremental_profit; }},
        {"roi", "ROI", "Profit vs no touches divided by the cost of the touches; none for a cadence that costs nothing.",
         FigureFormat::Ratio, true, [](const Outcome& o) { return o.roi; }},
    };
    return rows;
}

sim::Estimate last_point(const sim::Curve& curve) {
    if (curve.mean.empty()) return {nan, nan, nan, nan};
    const std::size_t last = curve.mean.size() - 1;
    return {curve.mean[last], last < curve.ci_low.size() ? curve.ci_low[last] : nan,
            last < curve.ci_high.size() ? curve.ci_high[last] : nan, nan};
}

sim::Curve cumulative_revenue(const sim::CadenceOutcome& outcome) {
    const double per_purchase = outcome.purchases.mean > 0 ? outcome.revenue.mean / outcome.purchases.mean : 0.0;
    sim::Curve curve = outcome.purchases_by_day;
    for (auto* values : {&curve.mean, &curve.ci_low, &curve.ci_high})
        for (double& value : *values) value *= per_purchase;
    return curve;
}

}  // namespace touchpoint::web
