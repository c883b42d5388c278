#include "power_command.hpp"
#include "cli_common.hpp"

#include "touchpoint/experiments/power.hpp"
#include "touchpoint/experiments/report_json.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::cli {

namespace {

struct PowerArguments {
    std::string metric = "proportion";
    experiments::PowerDesign design;
    int curve_points = 0;
    bool as_json = false;
};

std::string power_footer() {
    return definitions_footer({"minimum_detectable_effect", "statistical_power", "significance_level", "allocation_ratio", "sample_size_per_arm"}) +
           "Proportions use Cohen's h = 2 asin(sqrt(p_t)) - 2 asin(sqrt(p_c)) with a z-test, means Cohen's d = mde / sd with\n"
           "the two-sample t-test (noncentral t), as statsmodels' NormalIndPower and TTestIndPower.\n";
}

void run_power(PowerArguments arguments) {
    const auto metric = experiments::metric_kind_from_name(arguments.metric);
    if (!metric) throw std::runtime_error("--metric takes proportion or mean, got '" + arguments.metric + "'");
    auto& design = arguments.design;
    design.metric = *metric;
    if (design.metric == experiments::MetricKind::Proportion && design.standard_deviation != 0)
        std::cerr << "touchpoint power: --sd applies to means; a proportion's spread follows from its rate\n";
    const auto size = experiments::required_sample_size(design);
    std::vector<experiments::PowerCurvePoint> curve;
    if (arguments.curve_points > 0)
        curve = experiments::power_curve(design, 2.0, std::max(4.0, 2.0 * static_cast<double>(size.n_control)), arguments.curve_points);

    if (arguments.as_json) {
        auto json = experiments::to_json(design, size);
        if (!curve.empty()) {
            json["curve"] = nlohmann::json::array();
            for (const auto& point : curve)
                json["curve"].push_back({{"n_control", point.n_control}, {"n_treatment", point.n_treatment}, {"power", point.power}});
        }
        std::cout << json.dump(2) << "\n";
        return;
    }
    const bool is_proportion = design.metric == experiments::MetricKind::Proportion;
    char line[256];
    char relative_note[64] = "";
    if (design.relative) std::snprintf(relative_note, sizeof relative_note, " (%+g%% of the baseline)", design.minimum_detectable_effect * 100);
    std::snprintf(line, sizeof line, "%s: baseline %g, effect %+g%s, treatment %g; %s, alpha %g, power %g, ratio %g\n",
                  is_proportion ? "Conversion rate" : "Mean", design.baseline, size.effect, relative_note, size.treatment_value,
                  design.one_sided ? "one-sided" : "two-sided", design.alpha, design.power, design.allocation_ratio);
    std::cout << line;
    std::snprintf(line, sizeof line, "Effect size (Cohen's %s) %.4f; unrounded control arm %.2f\n", is_proportion ? "h" : "d",
                  size.standardized_effect, size.n_control_exact);
    std::cout << line;
    std::cout << "Customers: control " << size.n_control << ", treatment " << size.n_treatment << ", total " << size.n_total << "\n";
    std::snprintf(line, sizeof line, "Power with these arms: %.4f\n", size.achieved_power);
    std::cout << line;
    for (const auto& point : curve) {
        std::snprintf(line, sizeof line, "  n_control %10.0f  n_treatment %10.0f  power %.4f\n", point.n_control, point.n_treatment, point.power);
        std::cout << line;
    }
}

}  // namespace

void add_power_command(CLI::App& app) {
    auto arguments = std::make_shared<PowerArguments>();  // outlives this call: the callback reads it
    auto& design = arguments->design;
    auto* command = app.add_subcommand("power", "Customers per arm an experiment needs to detect an effect (power and sample size)");
    command->add_option("--metric", arguments->metric, "proportion (a conversion rate) or mean (e.g. revenue per customer)")
        ->capture_default_str()->check(CLI::IsMember({"proportion", "mean"}));
    command->add_option("--baseline", design.baseline, "The control arm's rate (proportion, 0 to 1) or mean")->required();
    command->add_option("--sd", design.standard_deviation, "Means: the outcome's standard deviation per customer");
    command->add_option("--mde", design.minimum_detectable_effect, "Smallest true difference to detect (treatment - control); see minimum_detectable_effect")->required();
    command->add_flag("--relative", design.relative, "The --mde is a fraction of the baseline (0.1 = a 10% lift)");
    command->add_option("--alpha", design.alpha, "Significance level; see significance_level")->capture_default_str();
    command->add_option("--power", design.power, "Chance to detect the effect; see statistical_power")->capture_default_str();
    command->add_option("--ratio", design.allocation_ratio, "Customers in treatment per customer in control; see allocation_ratio")->capture_default_str();
    command->add_flag("--one-sided", design.one_sided, "Test only in the direction of the effect");
    command->add_option("--curve", arguments->curve_points, "Also print the power at this many arm sizes, up to twice the answer");
    command->add_flag("--json", arguments->as_json, "Print JSON: n_per_arm (= n_control), n_control, n_treatment, n_total, n_exact, ...");
    command->footer(power_footer());
    command->callback([arguments] { run_reporting_errors("power", [&] { run_power(*arguments); }); });
}

}  // namespace touchpoint::cli
