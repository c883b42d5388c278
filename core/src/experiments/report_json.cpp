#include "touchpoint/experiments/report_json.hpp"

#include "touchpoint/data/calendar.hpp"

#include <nlohmann/json.hpp>
#include <cmath>
#include <optional>

namespace touchpoint::experiments {

namespace {

nlohmann::json number(double value) { return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr); }
nlohmann::json number(const std::optional<double>& value) { return value ? number(*value) : nlohmann::json(nullptr); }

// Adds "<prefix>_low" and "<prefix>_high" (or "ci_low"/"ci_high" for an empty prefix).
void put_interval(nlohmann::json& json, const std::string& prefix, const std::optional<Interval>& interval) {
    const std::string low = prefix.empty() ? "ci_low" : prefix + "_low", high = prefix.empty() ? "ci_high" : prefix + "_high";
    json[low] = interval ? number(interval->low) : nlohmann::json(nullptr);
    json[high] = interval ? number(interval->high) : nlohmann::json(nullptr);
}

nlohmann::json to_json(const SampleSummary& summary) {
    return {{"n", summary.n}, {"mean", number(summary.mean)}, {"sd", number(summary.standard_deviation)}};
}

}  // namespace

nlohmann::json to_json(const PowerDesign& design, const SampleSize& size) {
    return {
        {"metric", design.metric == MetricKind::Proportion ? "proportion" : "mean"},
        {"baseline", design.baseline},
        {"sd", design.metric == MetricKind::Mean ? number(design.standard_deviation) : nlohmann::json(nullptr)},
        {"mde", design.minimum_detectable_effect},
        {"relative", design.relative},
        {"alpha", design.alpha},
        {"power", design.power},
        {"ratio", design.allocation_ratio},
        {"sided", design.one_sided ? "one-sided" : "two-sided"},
        {"effect", size.effect},
        {"effect_size", size.standardized_effect},
        {"effect_size_kind", design.metric == MetricKind::Proportion ? "cohens_h" : "cohens_d"},
        {"treatment_value", size.treatment_value},
        {"n_exact", size.n_control_exact},
        {"n_per_arm", size.n_control},
        {"n_control", size.n_control},
        {"n_treatment", size.n_treatment},
        {"n_total", size.n_total},
        {"achieved_power", size.achieved_power},
    };
}

nlohmann::json to_json(const ProportionTest& test) {
    nlohmann::json json{
        {"control_rate", test.control_rate}, {"treatment_rate", test.treatment_rate}, {"difference", test.difference},
        {"standard_error", test.standard_error}, {"z", test.z}, {"p_value", test.p_value},
    };
    put_interval(json, "", test.difference_ci);
    json["relative_lift"] = number(test.relative_lift);
    put_interval(json, "relative_lift_ci", test.relative_lift_ci);
    return json;
}

nlohmann::json to_json(const BayesianComparison& comparison) {
    nlohmann::json json{
        {"prob_beat_control", comparison.probability_treatment_better},
        {"expected_loss", comparison.expected_loss_treatment},
        {"expected_loss_control", comparison.expected_loss_control},
        {"difference_mean", comparison.difference_mean},
        {"control_posterior", {{"alpha", comparison.control.alpha}, {"beta", comparison.control.beta}, {"mean", comparison.control.mean}}},
        {"treatment_posterior", {{"alpha", comparison.treatment.alpha}, {"beta", comparison.treatment.beta}, {"mean", comparison.treatment.mean}}},
    };
    put_interval(json, "control_rate_credible", comparison.control.credible_interval);
    put_interval(json, "treatment_rate_credible", comparison.treatment.credible_interval);
    put_interval(json, "difference_credible", comparison.difference_credible_interval);
    return json;
}

nlohmann::json to_json(const WelchTest& test) {
    nlohmann::json json{
        {"control", to_json(test.control)}, {"treatment", to_json(test.treatment)}, {"difference", test.difference},
        {"standard_error", test.standard_error}, {"df", number(test.degrees_of_freedom)}, {"t", number(test.t)}, {"p_value", test.p_value},
    };
    put_interval(json, "", test.difference_ci);
    return json;
}

nlohmann::json to_json(const MannWhitneyTest& test) {
    return {{"u_treatment", test.u_treatment}, {"u_control", test.u_control}, {"z", test.z}, {"p_value", test.p_value},
            {"probability_treatment_higher", test.probability_treatment_higher}};
}

nlohmann::json to_json(const BootstrapInterval& interval) {
    nlohmann::json json{{"difference", interval.difference}, {"standard_error", interval.standard_error}, {"resamples", interval.resamples}};
    put_interval(json, "", interval.interval);
    return json;
}

nlohmann::json to_json(const SampleRatioCheck& check) {
    return {{"expected", check.expected}, {"chi_square", check.chi_square}, {"df", check.degrees_of_freedom},
            {"p_value", check.p_value}, {"mismatch", check.mismatch}};
}

nlohmann::json to_json(const SequentialLook& look) {
    nlohmann::json json{{"n_control", look.n_control}, {"n_treatment", look.n_treatment}, {"estimate", look.estimate},
                        {"log_likelihood_ratio", look.log_likelihood_ratio}, {"p_value", look.p_value}, {"significant", look.significant}};
    put_interval(json, "", look.ci);
    return json;
}

nlohmann::json to_json(const AaSimulationOptions& options, const AaSimulationResult& result) {
    return {
        {"tests", result.tests},
        {"conversion_rate", options.conversion_rate},
        {"customers_per_look", options.customers_per_look},
        {"looks", options.looks},
        {"alpha", options.alpha},
        {"mixture_sd", options.mixture_sd},
        {"seed", options.seed},
        {"always_valid_false_positives", result.always_valid_false_positives},
        {"always_valid_rate", result.always_valid_rate},
        {"always_valid_standard_error", result.always_valid_standard_error},
        {"naive_false_positives", result.naive_false_positives},
        {"naive_rate", result.naive_rate},
        {"naive_standard_error", result.naive_standard_error},
    };
}

nlohmann::json to_json(const ExperimentAnalysis& analysis) {
    nlohmann::json arms = nlohmann::json::array();
    for (const auto& arm : analysis.arms) {
        nlohmann::json item{{"arm", arm.arm}, {"customers", arm.customers}, {"mean", arm.mean}};
        if (analysis.metric.kind == OutcomeKind::Repeat) item["successes"] = arm.successes;
        arms.push_back(std::move(item));
    }
    nlohmann::json comparisons = nlohmann::json::array();
    for (const auto& comparison : analysis.comparisons) {
        nlohmann::json item{{"arm", comparison.arm}, {"p_value", comparison.p_value}, {"holm_p_value", comparison.holm_p_value},
                            {"significant", comparison.significant}};
        if (comparison.proportions) item["proportions"] = to_json(*comparison.proportions);
        if (comparison.bayesian) item["bayesian"] = to_json(*comparison.bayesian);
        if (comparison.welch) item["welch"] = to_json(*comparison.welch);
        if (comparison.mann_whitney) item["mann_whitney"] = to_json(*comparison.mann_whitney);
        if (comparison.bootstrap) item["bootstrap"] = to_json(*comparison.bootstrap);
        if (!comparison.looks.empty()) {
            nlohmann::json looks = nlohmann::json::array();
            for (std::size_t i = 0; i < comparison.looks.size(); ++i) {
                auto look = to_json(comparison.looks[i]);
                look["day"] = data::format_iso_date(data::day_from_number(comparison.look_days[i]));
                looks.push_back(std::move(look));
            }
            auto last = looks.back();
            item["sequential"] = {{"mixture_sd", comparison.mixture_sd}, {"last", std::move(last)}, {"looks", std::move(looks)}};
        }
        comparisons.push_back(std::move(item));
    }
    return {
        {"experiment", analysis.experiment},
        {"metric", outcome_metric_name(analysis.metric)},
        {"control_arm", analysis.control_arm},
        {"data_end", data::format_iso_date(data::day_from_number(analysis.data_end_day))},
        {"excluded", {{"without_date", analysis.without_date}, {"in_several_arms", analysis.in_several_arms}, {"too_recent", analysis.too_recent}}},
        {"arms", arms},
        {"sample_ratio", to_json(analysis.sample_ratio)},
        {"comparisons", comparisons},
    };
}

}  // namespace touchpoint::experiments
