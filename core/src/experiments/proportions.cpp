#include "touchpoint/experiments/proportions.hpp"

#include "distributions.hpp"

#include <algorithm>
#include <cmath>

namespace touchpoint::experiments {

namespace {

// The p-value of a standard-normal statistic for the chosen alternative.
double normal_p_value(double z, Alternative alternative) {
    switch (alternative) {
        case Alternative::Greater: return detail::normal_upper_tail(z);
        case Alternative::Less: return detail::normal_lower_tail(z);
        case Alternative::TwoSided: break;
    }
    return std::min(1.0, 2 * detail::normal_upper_tail(std::abs(z)));
}

}  // namespace

ProportionTest compare_proportions(const ArmCounts& control, const ArmCounts& treatment, const ProportionTestOptions& options) {
    check_alpha(options.alpha);
    check_arm(control, "control");
    check_arm(treatment, "treatment");
    const double n_c = static_cast<double>(control.n), n_t = static_cast<double>(treatment.n);
    const double x_c = static_cast<double>(control.successes), x_t = static_cast<double>(treatment.successes);

    ProportionTest test;
    test.control_rate = x_c / n_c;
    test.treatment_rate = x_t / n_t;
    test.difference = test.treatment_rate - test.control_rate;

    const double pooled = (x_c + x_t) / (n_c + n_t);
    const double pooled_se = std::sqrt(pooled * (1 - pooled) * (1 / n_c + 1 / n_t));
    if (pooled_se > 0) {
        test.z = test.difference / pooled_se;
        test.p_value = normal_p_value(test.z, options.alternative);
    }

    const double z_interval = detail::normal_upper_quantile(options.alpha / 2);
    test.standard_error = std::sqrt(test.treatment_rate * (1 - test.treatment_rate) / n_t + test.control_rate * (1 - test.control_rate) / n_c);
    test.difference_ci = {test.difference - z_interval * test.standard_error, test.difference + z_interval * test.standard_error};

    if (control.successes > 0) {
        test.relative_lift = test.treatment_rate / test.control_rate - 1;
        if (treatment.successes > 0) {
            const double log_ratio = std::log(test.treatment_rate / test.control_rate);
            const double log_se = std::sqrt((1 - test.treatment_rate) / x_t + (1 - test.control_rate) / x_c);
            test.relative_lift_ci = Interval{std::expm1(log_ratio - z_interval * log_se), std::expm1(log_ratio + z_interval * log_se)};
        }
    }
    return test;
}

}  // namespace touchpoint::experiments
