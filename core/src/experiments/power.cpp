#include "touchpoint/experiments/power.hpp"

#include "touchpoint/experiments/common.hpp"
#include "distributions.hpp"

#include <boost/math/tools/roots.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace touchpoint::experiments {

namespace {

using namespace detail;

void check_design(const PowerDesign& design) {
    check_alpha(design.alpha);
    if (!(design.power > design.alpha && design.power < 1))
        throw std::invalid_argument("power must be between alpha and 1, got " + number_text(design.power));
    if (!(design.allocation_ratio > 0) || !std::isfinite(design.allocation_ratio))
        throw std::invalid_argument("the allocation ratio (treatment / control) must be positive, got " +
                                    number_text(design.allocation_ratio));
    if (!std::isfinite(design.minimum_detectable_effect) || design.minimum_detectable_effect == 0)
        throw std::invalid_argument("the minimum detectable effect must be a nonzero number");
    if (!std::isfinite(design.baseline)) throw std::invalid_argument("the baseline must be a number");
    if (design.metric == MetricKind::Proportion) {
        if (!(design.baseline > 0 && design.baseline < 1))
            throw std::invalid_argument("the baseline conversion rate must be between 0 and 1 (exclusive), got " +
                                        number_text(design.baseline));
    } else {
        if (!(design.standard_deviation > 0) || !std::isfinite(design.standard_deviation))
            throw std::invalid_argument("the standard deviation must be positive, got " + number_text(design.standard_deviation));
        if (design.relative && design.baseline == 0)
            throw std::invalid_argument("a relative effect needs a nonzero baseline mean");
    }
}

// Power of the test with the given effective size; statsmodels' normal_power and ttest_power.
double power_for(MetricKind metric, double effect, double n_control, double n_treatment, double alpha, bool one_sided) {
    const double magnitude = std::abs(effect);  // one-sided tests look in the effect's direction
    const double n_effective = 1.0 / (1.0 / n_control + 1.0 / n_treatment);
    const double tail = one_sided ? alpha : alpha / 2;
    const double shift = magnitude * std::sqrt(n_effective);
    if (metric == MetricKind::Proportion) {
        const double critical = normal_upper_quantile(tail);
        double power = normal_upper_tail(critical - shift);
        if (!one_sided) power += normal_lower_tail(-critical - shift);
        return power;
    }
    const double df = n_control + n_treatment - 2;
    if (!(df > 0)) return std::nan("");
    const StudentsT central(df);
    const NonCentralT shifted(df, shift);
    const double critical = boost::math::quantile(boost::math::complement(central, tail));
    double power = boost::math::cdf(boost::math::complement(shifted, critical));
    if (!one_sided) power += boost::math::cdf(shifted, -critical);
    return power;
}

}  // namespace

std::optional<MetricKind> metric_kind_from_name(std::string_view name) {
    if (name == "proportion") return MetricKind::Proportion;
    if (name == "mean") return MetricKind::Mean;
    return std::nullopt;
}

double absolute_effect(const PowerDesign& design) {
    return design.relative ? design.minimum_detectable_effect * design.baseline : design.minimum_detectable_effect;
}

double standardized_effect(const PowerDesign& design) {
    check_design(design);
    const double effect = absolute_effect(design);
    if (design.metric == MetricKind::Mean) return effect / design.standard_deviation;
    const double treatment_rate = design.baseline + effect;
    if (!(treatment_rate > 0 && treatment_rate < 1))
        throw std::invalid_argument("the baseline plus the effect gives a treatment rate of " + number_text(treatment_rate) +
                                    ", outside (0, 1)");
    return 2 * std::asin(std::sqrt(treatment_rate)) - 2 * std::asin(std::sqrt(design.baseline));
}

double power_at(const PowerDesign& design, double n_control) {
    const double effect = standardized_effect(design);
    if (!(n_control > 0) || !std::isfinite(n_control))
        throw std::invalid_argument("the control arm size must be positive, got " + number_text(n_control));
    return power_for(design.metric, effect, n_control, design.allocation_ratio * n_control, design.alpha, design.one_sided);
}

SampleSize required_sample_size(const PowerDesign& design) {
    const double effect = standardized_effect(design);
    const double ratio = design.allocation_ratio;
    const auto shortfall = [&](double n) {
        return power_for(design.metric, effect, n, ratio * n, design.alpha, design.one_sided) - design.power;
    };
    // The t-test needs a degree of freedom; the z-test's power falls to alpha as n shrinks.
    double low = design.metric == MetricKind::Mean ? 3.0 / (1 + ratio) : 1e-6;
    double high = 50;
    if (high <= low) high = 2 * low;
    double n_exact = low;
    if (shortfall(low) < 0) {
        while (shortfall(high) < 0) {
            low = high;
            high *= 2;
            if (high > 1e15) throw std::invalid_argument("the effect is too small to detect with any realistic sample");
        }
        std::uintmax_t iterations = 200;
        const auto bracket = boost::math::tools::toms748_solve(shortfall, low, high, boost::math::tools::eps_tolerance<double>(52),
                                                               iterations, DoublePrecision());
        n_exact = (bracket.first + bracket.second) / 2;
    }
    SampleSize size;
    size.n_control_exact = n_exact;
    // A hair below the root: a solution that is a whole number must not round up to the next one.
    size.n_control = static_cast<std::int64_t>(std::ceil(n_exact * (1 - 1e-12)));
    size.n_treatment = static_cast<std::int64_t>(std::ceil(ratio * static_cast<double>(size.n_control) * (1 - 1e-12)));
    size.n_total = size.n_control + size.n_treatment;
    size.effect = absolute_effect(design);
    size.standardized_effect = effect;
    size.treatment_value = design.baseline + size.effect;
    size.achieved_power = power_for(design.metric, effect, static_cast<double>(size.n_control), static_cast<double>(size.n_treatment),
                                    design.alpha, design.one_sided);
    return size;
}

std::vector<PowerCurvePoint> power_curve(const PowerDesign& design, double n_min, double n_max, int points) {
    if (points < 2) throw std::invalid_argument("a power curve needs at least 2 points");
    if (!(n_min > 0) || !(n_max > n_min)) throw std::invalid_argument("a power curve needs 0 < n_min < n_max");
    std::vector<PowerCurvePoint> curve;
    curve.reserve(static_cast<std::size_t>(points));
    for (int i = 0; i < points; ++i) {
        const double n = n_min + (n_max - n_min) * i / (points - 1);
        curve.push_back({n, design.allocation_ratio * n, power_at(design, n)});
    }
    return curve;
}

}  // namespace touchpoint::experiments
