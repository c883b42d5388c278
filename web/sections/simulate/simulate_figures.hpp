#pragma once
// The Simulate section's results as text and curves: the rows of the results table (one figure
// per row, "mean (ci_low to ci_high)" per cadence), and the curves its charts draw. UI-free, so
// unit tests check the wording and the arithmetic.
#include "touchpoint/sim/simulator.hpp"

#include <string>
#include <vector>

namespace touchpoint::web {

enum class FigureFormat {
    Percent,        // 0.3124 -> "31.2%"
    FinePercent,    // 0.0031 -> "0.31%" (opt-outs)
    Decimal,        // 0.5234 -> "0.523"
    SignedDecimal,  // 0.0123 -> "+0.012"
    Amount,         // 12.3456 -> "12.35"
    SignedAmount,   // 1.5 -> "+1.50"
    Cost,           // 0.0456 -> "0.046" (a few cents a customer)
    Ratio,          // ROI 2.35 -> "235%"
};

// A value in the format; "n/a" when it is not finite.
std::string figure_text(double value, FigureFormat format);
// "31.2% (30.8% to 31.6%)"; the mean alone when there is no interval (one replication); "n/a"
// when there is no mean (the ROI of a cadence that costs nothing).
std::string estimate_text(const sim::Estimate& estimate, FigureFormat format);

struct FigureRow {
    std::string key;    // "repeat_rate", as in the simulator's JSON, or "retained_at_end"
    std::string label;  // "Repeat rate"
    std::string hint;   // one sentence for the hover
    FigureFormat format = FigureFormat::Decimal;
    bool incremental = false;  // against the no-touch baseline: empty for the baseline itself
    sim::Estimate (*value)(const sim::CadenceOutcome&) = nullptr;
};
// The results table's rows, in order: retained and active at the horizon, repeat rate,
// purchases, revenue, cost, touches, reached, opt-outs, then the incremental figures and ROI.
const std::vector<FigureRow>& figure_rows();

// The estimate of a curve's last point ({NaN...} for an empty curve).
sim::Estimate last_point(const sim::Curve& curve);

// Cumulative revenue per customer by day. The simulator counts repeat purchases by day, not
// revenue, so this is purchases_by_day x the cadence's revenue per repeat purchase over the run:
// it ends exactly at the cadence's revenue, and follows its purchases on the way (a discount's
// price cut, which makes some orders cheaper for a while, is spread over the whole run).
sim::Curve cumulative_revenue(const sim::CadenceOutcome& outcome);

}  // namespace touchpoint::web
