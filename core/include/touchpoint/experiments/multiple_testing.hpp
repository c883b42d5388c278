#pragma once
// Holm's step-down correction (Holm 1979) for comparing several treatment arms with one
// control: with the m p-values sorted ascending, p_(i) is rejected while p_(j) <= alpha / (m - j + 1)
// for every j <= i; the adjusted p-values are max over j <= i of min(1, (m - j + 1) p_(j)).
// It keeps the chance of any false positive among the arms at most alpha, and never rejects
// less than Bonferroni. Same decisions and adjusted values as
// statsmodels.stats.multitest.multipletests(method="holm").
#include <span>
#include <vector>

namespace touchpoint::experiments {

struct HolmCorrection {
    std::vector<double> adjusted_p_values;  // in the order given
    std::vector<bool> rejected;             // in the order given
};

// Throws std::invalid_argument for alpha outside (0, 1) or a p-value outside [0, 1].
HolmCorrection holm_correction(std::span<const double> p_values, double alpha = 0.05);

}  // namespace touchpoint::experiments
