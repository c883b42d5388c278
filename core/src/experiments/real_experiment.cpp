#include "touchpoint/experiments/real_experiment.hpp"

#include "touchpoint/experiments/multiple_testing.hpp"

#include <algorithm>
#include <limits>
#include <cctype>
#include <stdexcept>

namespace touchpoint::experiments {

namespace {

bool is_named_control(std::string_view arm) {
    return arm.size() == 7 && std::equal(arm.begin(), arm.end(), "control", [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
           });
}

std::size_t control_index(const ExperimentOutcomes& outcomes, const std::string& requested) {
    const auto& arms = outcomes.arms;
    if (!requested.empty()) {
        for (std::size_t i = 0; i < arms.size(); ++i)
            if (arms[i].arm == requested) return i;
        std::string names;
        for (const auto& arm : arms) names += (names.empty() ? "" : ", ") + arm.arm;
        throw std::invalid_argument("no arm '" + requested + "' in the experiment; its arms are " + names);
    }
    for (std::size_t i = 0; i < arms.size(); ++i)
        if (is_named_control(arms[i].arm)) return i;
    return 0;
}

}  // namespace

namespace {

// The comparison as it would have looked while the test ran: a look every few days, each with
// the customers whose outcome was known by then.
void monitor_sequentially(const ArmOutcomes& control, const ArmOutcomes& treatment, bool is_repeat, const ExperimentAnalysisOptions& options,
                          ArmComparison& comparison) {
    if (options.look_every_days < 1) throw std::invalid_argument("sequential monitoring: looks must be at least 1 day apart");
    int first = std::numeric_limits<int>::max(), last = std::numeric_limits<int>::min();
    for (const auto* arm : {&control, &treatment})
        for (const int day : arm->known_on_day) {
            first = std::min(first, day);
            last = std::max(last, day);
        }
    double tau = options.mixture_sd;
    if (tau <= 0) {
        if (is_repeat) {
            tau = 0.05;
        } else {
            std::vector<double> pooled(control.values);
            pooled.insert(pooled.end(), treatment.values.begin(), treatment.values.end());
            tau = 0.2 * summarize(pooled).standard_deviation;
            if (!(tau > 0)) return;  // every outcome the same: nothing to monitor
        }
    }
    comparison.mixture_sd = tau;
    // Cumulative outcomes of the customers known by `day`.
    const auto known_by = [](const ArmOutcomes& arm, int day) {
        std::vector<double> values;
        for (std::size_t i = 0; i < arm.values.size(); ++i)
            if (arm.known_on_day[i] <= day) values.push_back(arm.values[i]);
        return values;
    };
    std::vector<int> days;
    for (int day = first + options.look_every_days - 1; day < last; day += options.look_every_days) days.push_back(day);
    days.push_back(last);
    std::vector<ProportionLookCounts> counts;
    std::vector<MeanLookSummary> summaries;
    for (const int day : days) {
        const auto c = known_by(control, day), t = known_by(treatment, day);
        const std::size_t needed = is_repeat ? 1 : 2;
        if (c.size() < needed || t.size() < needed) continue;
        comparison.look_days.push_back(day);
        if (is_repeat) {
            const auto successes = [](const std::vector<double>& values) {
                return static_cast<std::int64_t>(std::count(values.begin(), values.end(), 1.0));
            };
            counts.push_back({{successes(c), static_cast<std::int64_t>(c.size())}, {successes(t), static_cast<std::int64_t>(t.size())}});
        } else {
            summaries.push_back({summarize(c), summarize(t)});
        }
    }
    const SequentialOptions sequential{options.alpha, tau};
    comparison.looks = is_repeat ? monitor_proportions(counts, sequential) : monitor_means(summaries, sequential);
}

}  // namespace

ExperimentAnalysis analyze_outcomes(std::string_view experiment, const ExperimentOutcomes& outcomes, const ExperimentAnalysisOptions& options) {
    check_alpha(options.alpha);
    if (outcomes.arms.size() < 2)
        throw std::invalid_argument("experiment '" + std::string(experiment) + "' has " + std::to_string(outcomes.arms.size()) +
                                    " arm(s); a comparison needs at least 2");
    const bool is_repeat = outcomes.metric.kind == OutcomeKind::Repeat;
    for (const auto& arm : outcomes.arms)
        if (arm.values.size() < (is_repeat ? 1u : 2u))
            throw std::invalid_argument("arm '" + arm.arm + "' has " + std::to_string(arm.values.size()) + " customer(s) with a complete " +
                                        std::to_string(outcomes.metric.days) + "-day window (" + std::to_string(outcomes.without_date) +
                                        " without a date, " + std::to_string(outcomes.too_recent) + " too recent, " +
                                        std::to_string(outcomes.in_several_arms) + " in several arms in the whole experiment)");

    ExperimentAnalysis analysis;
    analysis.experiment = std::string(experiment);
    analysis.metric = outcomes.metric;
    analysis.data_end_day = outcomes.data_end_day;
    analysis.without_date = outcomes.without_date;
    analysis.in_several_arms = outcomes.in_several_arms;
    analysis.too_recent = outcomes.too_recent;

    const std::size_t control = control_index(outcomes, options.control_arm);
    analysis.control_arm = outcomes.arms[control].arm;
    std::vector<std::size_t> order{control};
    for (std::size_t i = 0; i < outcomes.arms.size(); ++i)
        if (i != control) order.push_back(i);

    std::vector<std::int64_t> observed;  // in arm-name order, as the planned weights are given
    for (const auto& arm : outcomes.arms) observed.push_back(static_cast<std::int64_t>(arm.values.size()));
    analysis.sample_ratio = check_sample_ratio(observed, options.planned_weights, options.sample_ratio);

    const auto arm_result = [&](const ArmOutcomes& arm) {
        ArmResult result;
        result.arm = arm.arm;
        result.customers = static_cast<std::int64_t>(arm.values.size());
        for (const double value : arm.values) {
            result.mean += value;
            if (value > 0) ++result.successes;
        }
        result.mean /= static_cast<double>(result.customers);
        if (!is_repeat) result.successes = 0;
        return result;
    };
    for (const std::size_t i : order) analysis.arms.push_back(arm_result(outcomes.arms[i]));

    const auto& control_arm = outcomes.arms[control];
    const ArmCounts control_counts{analysis.arms.front().successes, analysis.arms.front().customers};
    std::vector<double> p_values;
    for (std::size_t k = 1; k < order.size(); ++k) {
        const auto& arm = outcomes.arms[order[k]];
        ArmComparison comparison;
        comparison.arm = arm.arm;
        if (is_repeat) {
            const ArmCounts counts{analysis.arms[k].successes, analysis.arms[k].customers};
            comparison.proportions = compare_proportions(control_counts, counts, {options.alpha, Alternative::TwoSided});
            comparison.bayesian = compare_beta_binomial(control_counts, counts, options.bayesian);
            comparison.p_value = comparison.proportions->p_value;
        } else {
            comparison.welch = welch_t_test(control_arm.values, arm.values, {options.alpha, Alternative::TwoSided});
            comparison.mann_whitney = mann_whitney_u(control_arm.values, arm.values);
            auto bootstrap_options = options.bootstrap;
            bootstrap_options.alpha = options.alpha;
            comparison.bootstrap = bootstrap_mean_difference(control_arm.values, arm.values, bootstrap_options);
            comparison.p_value = comparison.welch->p_value;
        }
        monitor_sequentially(control_arm, arm, is_repeat, options, comparison);
        p_values.push_back(comparison.p_value);
        analysis.comparisons.push_back(std::move(comparison));
    }
    const auto holm = holm_correction(p_values, options.alpha);
    for (std::size_t k = 0; k < analysis.comparisons.size(); ++k) {
        analysis.comparisons[k].holm_p_value = holm.adjusted_p_values[k];
        analysis.comparisons[k].significant = holm.rejected[k];
    }
    return analysis;
}

ExperimentAnalysis analyze_experiment(data::Store& store, std::string_view experiment, const OutcomeMetric& metric,
                                      const ExperimentAnalysisOptions& options) {
    const auto assignments = load_assignments(store, experiment);
    if (assignments.empty()) {
        std::string names;
        for (const auto& listing : list_experiments(store)) names += (names.empty() ? "" : ", ") + listing.experiment;
        throw std::invalid_argument("the store has no assignments for experiment '" + std::string(experiment) + "'" +
                                    (names.empty() ? std::string("; it has no experiment assignments at all (import them with --table assignments)")
                                                   : "; its experiments are " + names));
    }
    const auto dataset = data::load_dataset(store);
    return analyze_outcomes(experiment, compute_outcomes(assignments, dataset, metric, options.outcome), options);
}

}  // namespace touchpoint::experiments
