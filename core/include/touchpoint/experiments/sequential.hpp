#pragma once
// Sequential monitoring with always-valid inference: the mixture sequential probability ratio
// test (mSPRT) of Johari, Koomen, Pekelis & Walsh, "Peeking at A/B Tests" (KDD 2017), with a
// normal mixture N(0, tau^2) over the true difference theta. At a look where the estimated
// difference is theta_hat with variance V (normal approximation), the mixture likelihood ratio
// against theta = theta0 is
//     Lambda(theta0) = sqrt(V / (V + tau^2)) exp(tau^2 (theta_hat - theta0)^2 / (2 V (V + tau^2))).
// The always-valid p-value is the running minimum of 1 / Lambda(0) (starting at 1), and the
// always-valid interval the running intersection of {theta0 : Lambda(theta0) < 1 / alpha}, i.e.
// theta_hat +- sqrt(2 V (V + tau^2) / tau^2 (log(1/alpha) + log((V + tau^2)/V) / 2)).
// However often one looks, the chance that the p-value ever drops below alpha under no
// difference stays at most alpha (Ville's inequality), which a fixed-horizon test checked at
// every look does not give. tau sets where the test is most sensitive: effects near tau are
// found soonest; the guarantee holds for any tau.
// Differences in proportions use the plug-in V = p_t(1 - p_t)/n_t + p_c(1 - p_c)/n_c, in means
// V = s_t^2/n_t + s_c^2/n_c. A look with V = 0 (nothing varies yet) carries no information and
// leaves the p-value and the interval as they were.
#include "touchpoint/experiments/common.hpp"
#include "touchpoint/experiments/means.hpp"

#include <span>
#include <vector>

namespace touchpoint::experiments {

struct SequentialOptions {
    double alpha = 0.05;
    double mixture_sd = 0;  // tau, in the units of the difference (rate points or currency); > 0
};

struct SequentialLook {
    double n_control = 0;
    double n_treatment = 0;
    double estimate = 0;  // treatment - control at this look
    double variance = 0;  // of the estimate
    double log_likelihood_ratio = 0;  // log Lambda(0) at this look
    double p_value = 1;                // always-valid: the running minimum
    Interval ci;                       // always-valid: the running intersection
    bool significant = false;          // p_value <= alpha: stopping here keeps the error rate
};

// One experiment followed look by look.
class MixtureSprt {
public:
    // Throws std::invalid_argument for alpha outside (0, 1) or a non-positive mixture_sd.
    // `initial_ci` bounds the interval before the first look (a difference in rates lies in [-1, 1]).
    explicit MixtureSprt(const SequentialOptions& options, Interval initial_ci = {-1e300, 1e300});
    const SequentialLook& observe(double estimate, double variance, double n_control, double n_treatment);
    const SequentialLook& latest() const { return latest_; }

private:
    SequentialOptions options_;
    SequentialLook latest_;
};

// Cumulative counts at each look.
struct ProportionLookCounts {
    ArmCounts control, treatment;
};
std::vector<SequentialLook> monitor_proportions(std::span<const ProportionLookCounts> looks, const SequentialOptions& options);

// Cumulative summaries at each look.
struct MeanLookSummary {
    SampleSummary control, treatment;
};
std::vector<SequentialLook> monitor_means(std::span<const MeanLookSummary> looks, const SequentialOptions& options);

}  // namespace touchpoint::experiments
