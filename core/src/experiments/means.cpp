#include "touchpoint/experiments/means.hpp"

#include "distributions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace touchpoint::experiments {

namespace {

void check_summary(const SampleSummary& summary, const char* arm) {
    if (summary.n < 2)
        throw std::invalid_argument(std::string(arm) + ": a t-test needs at least 2 values per arm, got " + std::to_string(summary.n));
    if (!std::isfinite(summary.mean) || !(summary.standard_deviation >= 0) || !std::isfinite(summary.standard_deviation))
        throw std::invalid_argument(std::string(arm) + ": the mean and standard deviation must be finite, the deviation not negative");
}

double t_p_value(double t, double df, Alternative alternative) {
    const detail::StudentsT distribution(df);
    switch (alternative) {
        case Alternative::Greater: return boost::math::cdf(boost::math::complement(distribution, t));
        case Alternative::Less: return boost::math::cdf(distribution, t);
        case Alternative::TwoSided: break;
    }
    return std::min(1.0, 2 * boost::math::cdf(boost::math::complement(distribution, std::abs(t))));
}

}  // namespace

SampleSummary summarize(std::span<const double> values) {
    SampleSummary summary;
    double sum_of_squares = 0;  // of deviations from the running mean
    for (const double value : values) {
        if (!std::isfinite(value)) throw std::invalid_argument("values must be finite numbers");
        ++summary.n;
        const double delta = value - summary.mean;
        summary.mean += delta / static_cast<double>(summary.n);
        sum_of_squares += delta * (value - summary.mean);
    }
    summary.standard_deviation = summary.n > 1 ? std::sqrt(sum_of_squares / static_cast<double>(summary.n - 1)) : 0.0;
    return summary;
}

WelchTest welch_t_test(const SampleSummary& control, const SampleSummary& treatment, const MeanTestOptions& options) {
    check_alpha(options.alpha);
    check_summary(control, "control");
    check_summary(treatment, "treatment");
    WelchTest test;
    test.control = control;
    test.treatment = treatment;
    test.difference = treatment.mean - control.mean;
    const double n_c = static_cast<double>(control.n), n_t = static_cast<double>(treatment.n);
    const double share_c = control.standard_deviation * control.standard_deviation / n_c;
    const double share_t = treatment.standard_deviation * treatment.standard_deviation / n_t;
    const double variance = share_c + share_t;
    test.standard_error = std::sqrt(variance);
    if (variance == 0) {
        // Both arms constant: the difference is certain, there is no sampling error to weigh it by.
        test.degrees_of_freedom = n_c + n_t - 2;
        test.difference_ci = {test.difference, test.difference};
        if (test.difference != 0) {
            test.t = std::copysign(std::numeric_limits<double>::infinity(), test.difference);
            const bool in_direction = options.alternative == Alternative::TwoSided ||
                                      (options.alternative == Alternative::Greater) == (test.difference > 0);
            test.p_value = in_direction ? 0.0 : 1.0;
        }
        return test;
    }
    test.degrees_of_freedom = variance * variance / (share_t * share_t / (n_t - 1) + share_c * share_c / (n_c - 1));
    test.t = test.difference / test.standard_error;
    test.p_value = t_p_value(test.t, test.degrees_of_freedom, options.alternative);
    const double critical = boost::math::quantile(boost::math::complement(detail::StudentsT(test.degrees_of_freedom), options.alpha / 2));
    test.difference_ci = {test.difference - critical * test.standard_error, test.difference + critical * test.standard_error};
    return test;
}

WelchTest welch_t_test(std::span<const double> control, std::span<const double> treatment, const MeanTestOptions& options) {
    return welch_t_test(summarize(control), summarize(treatment), options);
}

MannWhitneyTest mann_whitney_u(std::span<const double> control, std::span<const double> treatment, Alternative alternative) {
    if (control.empty() || treatment.empty()) throw std::invalid_argument("Mann-Whitney U needs at least one value in each arm");
    const std::size_t n_t = treatment.size(), n_c = control.size(), n = n_t + n_c;
    // Pool both arms (treatment first), sort, and give tied values their mean rank.
    std::vector<std::pair<double, bool>> pooled;  // value, is treatment
    pooled.reserve(n);
    for (const double value : treatment) pooled.emplace_back(value, true);
    for (const double value : control) pooled.emplace_back(value, false);
    for (const auto& [value, is_treatment] : pooled)
        if (!std::isfinite(value)) throw std::invalid_argument("values must be finite numbers");
    std::sort(pooled.begin(), pooled.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    double treatment_rank_sum = 0, tie_term = 0;
    for (std::size_t start = 0; start < n;) {
        std::size_t end = start + 1;
        while (end < n && pooled[end].first == pooled[start].first) ++end;
        const double tied = static_cast<double>(end - start);
        const double mid_rank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2;  // ranks start at 1
        for (std::size_t i = start; i < end; ++i)
            if (pooled[i].second) treatment_rank_sum += mid_rank;
        tie_term += tied * tied * tied - tied;
        start = end;
    }
    const double nt = static_cast<double>(n_t), nc = static_cast<double>(n_c), total = static_cast<double>(n);
    MannWhitneyTest test;
    test.u_treatment = treatment_rank_sum - nt * (nt + 1) / 2;
    test.u_control = nt * nc - test.u_treatment;
    test.probability_treatment_higher = test.u_treatment / (nt * nc);

    const double mean_u = nt * nc / 2;
    const double sd_u = total > 1 ? std::sqrt(nt * nc / 12 * ((total + 1) - tie_term / (total * (total - 1)))) : 0.0;
    if (!(sd_u > 0)) return test;  // every value tied: no evidence either way
    double u = std::max(test.u_treatment, test.u_control), factor = 2;
    if (alternative == Alternative::Greater) u = test.u_treatment, factor = 1;
    if (alternative == Alternative::Less) u = test.u_control, factor = 1;
    // Subtracting 1/2 counts the probability at U itself into the tail, as scipy does.
    test.z = (u - mean_u - 0.5) / sd_u;
    test.p_value = std::clamp(factor * detail::normal_upper_tail(test.z), 0.0, 1.0);
    return test;
}

}  // namespace touchpoint::experiments
