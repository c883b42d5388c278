#include "abtest_command.hpp"
#include "cli_common.hpp"

#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/csv_reader.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/experiments/aa_simulation.hpp"
#include "touchpoint/experiments/bayesian.hpp"
#include "touchpoint/experiments/bootstrap.hpp"
#include "touchpoint/experiments/means.hpp"
#include "touchpoint/experiments/proportions.hpp"
#include "touchpoint/experiments/real_experiment.hpp"
#include "touchpoint/experiments/report_json.hpp"

#include <nlohmann/json.hpp>
#include <fast_float/fast_float.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::cli {

namespace {

using namespace touchpoint::experiments;

Alternative alternative_of(const std::string& name) {
    const auto alternative = alternative_from_name(name);
    if (!alternative) throw std::runtime_error("--alternative takes two-sided, greater or less, got '" + name + "'");
    return *alternative;
}

// "120/1000": 120 of 1,000 customers converted.
ArmCounts parse_counts(const std::string& text, const char* option) {
    const auto slash = text.find('/');
    ArmCounts counts;
    const std::string_view view(text);
    if (slash == std::string::npos || !parse_whole(view.substr(0, slash), counts.successes) || !parse_whole(view.substr(slash + 1), counts.n))
        throw std::runtime_error(std::string(option) + " takes SUCCESSES/CUSTOMERS with whole numbers, like 120/1000; got '" + text + "'");
    return counts;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// One number per line; a first line that is not a number is a header. Errors name the file,
// the line and the column.
std::vector<double> read_values(const std::string& path) {
    const auto bytes = read_file(path);
    data::CsvDialect dialect;
    dialect.has_header = false;
    data::CsvReader reader(bytes, dialect);
    data::CsvRecord record;
    std::vector<double> values;
    bool first_record = true;
    while (reader.next(record)) {
        const auto where = [&](std::int64_t column) { return path + ": line " + std::to_string(record.line) + ", column " + std::to_string(column); };
        if (reader.error()) throw std::runtime_error(where(reader.error()->column) + ": " + reader.error()->reason);
        if (record.fields.size() > 1)
            throw std::runtime_error(where(2) + ": expected one value per line, found " + std::to_string(record.fields.size()) + " fields");
        const auto text = trimmed(record.fields.empty() ? std::string_view() : record.fields[0]);
        double value = 0;
        const auto result = fast_float::from_chars(text.data(), text.data() + text.size(), value);
        const bool is_number = !text.empty() && result.ec == std::errc() && result.ptr == text.data() + text.size() && std::isfinite(value);
        const bool is_header = first_record && !is_number;
        first_record = false;
        if (is_header) continue;
        if (!is_number) throw std::runtime_error(where(1) + ": '" + std::string(text) + "' is not a number");
        values.push_back(value);
    }
    if (values.empty()) throw std::runtime_error(path + ": no values (one number per line)");
    return values;
}

std::string interval_text(const Interval& interval, const char* format) {
    char low[40], high[40];
    std::snprintf(low, sizeof low, format, interval.low);
    std::snprintf(high, sizeof high, format, interval.high);
    return std::string("[") + low + ", " + high + "]";
}

std::string formatted(const char* format, double value) {
    char text[160];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

void print_line(const char* format, double value) { std::cout << formatted(format, value); }

// --- proportions -----------------------------------------------------------------------------

struct ProportionArguments {
    std::string control, treatment, alternative = "two-sided";
    double alpha = 0.05;
    BayesianOptions bayesian;
    bool as_json = false;
};

void print_proportions(const ProportionTest& test, const BayesianComparison& bayes, double alpha) {
    const int level = static_cast<int>(std::lround((1 - alpha) * 100));
    print_line("Control rate      %.4f\n", test.control_rate);
    print_line("Treatment rate    %.4f\n", test.treatment_rate);
    std::cout << "Difference        " << formatted("%+.4f", test.difference)
              << "  " << level << "% CI " << interval_text(test.difference_ci, "%+.4f") << "\n";
    print_line("z                 %.4f\n", test.z);
    print_line("p-value           %.4g\n", test.p_value);
    if (test.relative_lift) {
        std::cout << "Relative lift     ";
        print_line("%+.2f%%", *test.relative_lift * 100);
        if (test.relative_lift_ci)
            std::cout << "  " << level << "% CI " << interval_text({test.relative_lift_ci->low * 100, test.relative_lift_ci->high * 100}, "%+.2f%%");
        std::cout << "\n";
    } else {
        std::cout << "Relative lift     n/a (no conversion in control)\n";
    }
    print_line("P(treatment beats control)  %.4f\n", bayes.probability_treatment_better);
    print_line("Expected loss, treatment    %.6f\n", bayes.expected_loss_treatment);
    print_line("Expected loss, control      %.6f\n", bayes.expected_loss_control);
    std::cout << "Credible interval of the difference " << interval_text(bayes.difference_credible_interval, "%+.4f") << "\n";
}

void run_proportions(const ProportionArguments& arguments) {
    const auto control = parse_counts(arguments.control, "--control");
    const auto treatment = parse_counts(arguments.treatment, "--treatment");
    const auto test = compare_proportions(control, treatment, {arguments.alpha, alternative_of(arguments.alternative)});
    auto bayesian_options = arguments.bayesian;
    bayesian_options.credible_level = 1 - arguments.alpha;
    const auto bayes = compare_beta_binomial(control, treatment, bayesian_options);
    if (!arguments.as_json) return print_proportions(test, bayes, arguments.alpha);
    auto json = to_json(test);
    json.update(to_json(bayes));
    json["control"] = {{"successes", control.successes}, {"n", control.n}};
    json["treatment"] = {{"successes", treatment.successes}, {"n", treatment.n}};
    json["alpha"] = arguments.alpha;
    json["alternative"] = arguments.alternative;
    std::cout << json.dump(2) << "\n";
}

// --- means -----------------------------------------------------------------------------------

struct MeanArguments {
    std::string control_file, treatment_file, alternative = "two-sided";
    double alpha = 0.05;
    BootstrapOptions bootstrap;
    bool as_json = false;
};

void run_means(const MeanArguments& arguments) {
    const auto control = read_values(arguments.control_file);
    const auto treatment = read_values(arguments.treatment_file);
    const auto alternative = alternative_of(arguments.alternative);
    const auto welch = welch_t_test(control, treatment, {arguments.alpha, alternative});
    const auto mann_whitney = mann_whitney_u(control, treatment, alternative);
    auto bootstrap_options = arguments.bootstrap;
    bootstrap_options.alpha = arguments.alpha;
    const auto bootstrap = bootstrap_mean_difference(control, treatment, bootstrap_options);
    if (arguments.as_json) {
        auto json = to_json(welch);  // difference, ci_low, ci_high, p_value: Welch's
        json["alpha"] = arguments.alpha;
        json["alternative"] = arguments.alternative;
        json["mann_whitney"] = to_json(mann_whitney);
        json["bootstrap"] = to_json(bootstrap);
        std::cout << json.dump(2) << "\n";
        return;
    }
    const int level = static_cast<int>(std::lround((1 - arguments.alpha) * 100));
    char line[200];
    std::snprintf(line, sizeof line, "Control     n %lld, mean %.4f, sd %.4f\nTreatment   n %lld, mean %.4f, sd %.4f\n",
                  static_cast<long long>(welch.control.n), welch.control.mean, welch.control.standard_deviation,
                  static_cast<long long>(welch.treatment.n), welch.treatment.mean, welch.treatment.standard_deviation);
    std::cout << line;
    std::snprintf(line, sizeof line, "Difference  %+.4f\n", welch.difference);
    std::cout << line;
    std::snprintf(line, sizeof line, "Welch's t   t %.4f, df %.2f, p-value %.4g, %d%% CI ", welch.t, welch.degrees_of_freedom, welch.p_value, level);
    std::cout << line << interval_text(welch.difference_ci, "%+.4f") << "\n";
    std::snprintf(line, sizeof line, "Mann-Whitney U %.1f, p-value %.4g, P(treatment higher) %.4f\n", mann_whitney.u_treatment,
                  mann_whitney.p_value, mann_whitney.probability_treatment_higher);
    std::cout << line;
    std::cout << "Bootstrap   " << level << "% percentile interval " << interval_text(bootstrap.interval, "%+.4f") << " ("
              << bootstrap.resamples << " resamples, seed " << arguments.bootstrap.seed << ")\n";
}

// --- analyze ---------------------------------------------------------------------------------

struct AnalyzeArguments {
    std::string store_path, experiment, metric = "repeat:30", data_end;
    ExperimentAnalysisOptions options;
    bool as_json = false;
};

void print_analysis(const ExperimentAnalysis& analysis) {
    const bool is_repeat = analysis.metric.kind == OutcomeKind::Repeat;
    std::cout << "Experiment " << analysis.experiment << ", metric " << outcome_metric_name(analysis.metric) << ", control arm "
              << analysis.control_arm << ", data to " << iso_date(analysis.data_end_day) << "\n";
    std::cout << "Left out: " << analysis.without_date << " without an assignment date, " << analysis.in_several_arms
              << " in several arms, " << analysis.too_recent << " whose window is not over\n";
    char line[256];
    for (const auto& arm : analysis.arms) {
        if (is_repeat)
            std::snprintf(line, sizeof line, "  %-20s %8lld customers  %8lld bought again  rate %.4f\n", arm.arm.c_str(),
                          static_cast<long long>(arm.customers), static_cast<long long>(arm.successes), arm.mean);
        else
            std::snprintf(line, sizeof line, "  %-20s %8lld customers  revenue per customer %.2f\n", arm.arm.c_str(),
                          static_cast<long long>(arm.customers), arm.mean);
        std::cout << line;
    }
    std::snprintf(line, sizeof line, "Sample ratio: chi-square %.3f, p-value %.4g%s\n", analysis.sample_ratio.chi_square, analysis.sample_ratio.p_value,
                  analysis.sample_ratio.mismatch ? "  MISMATCH: check assignment and tracking before trusting the results" : "");
    std::cout << line;
    for (const auto& comparison : analysis.comparisons) {
        std::cout << comparison.arm << " vs " << analysis.control_arm << "\n";
        if (comparison.proportions) {
            const auto& test = *comparison.proportions;
            std::cout << "  difference " << formatted("%+.4f", test.difference) << "  CI "
                      << interval_text(test.difference_ci, "%+.4f");
            if (test.relative_lift) {
                std::snprintf(line, sizeof line, "  lift %+.1f%%", *test.relative_lift * 100);
                std::cout << line;
            }
            std::cout << "\n";
            std::snprintf(line, sizeof line, "  P(beats control) %.4f, expected loss %.6f\n", comparison.bayesian->probability_treatment_better,
                          comparison.bayesian->expected_loss_treatment);
            std::cout << line;
        } else {
            const auto& welch = *comparison.welch;
            std::cout << "  difference " << formatted("%+.2f", welch.difference) << "  Welch CI "
                      << interval_text(welch.difference_ci, "%+.2f") << "  bootstrap CI " << interval_text(comparison.bootstrap->interval, "%+.2f") << "\n";
            std::snprintf(line, sizeof line, "  Mann-Whitney p-value %.4g\n", comparison.mann_whitney->p_value);
            std::cout << line;
        }
        std::snprintf(line, sizeof line, "  p-value %.4g, Holm-adjusted %.4g: %s\n", comparison.p_value, comparison.holm_p_value,
                      comparison.significant ? "significant" : "not significant");
        std::cout << line;
    }
}

void run_analyze(AnalyzeArguments arguments) {
    const auto metric = parse_outcome_metric(arguments.metric);
    if (!metric) throw std::runtime_error("--metric takes repeat:N or revenue:N with N from 1 to 3650 days, got '" + arguments.metric + "'");
    if (!arguments.data_end.empty()) arguments.options.outcome.data_end_day = data::day_number(date_option("--data-end", arguments.data_end));
    auto store = data::Store::open(arguments.store_path);
    const auto analysis = analyze_experiment(store, arguments.experiment, *metric, arguments.options);
    if (arguments.as_json) std::cout << to_json(analysis).dump(2) << "\n";
    else print_analysis(analysis);
}

// --- aa --------------------------------------------------------------------------------------

struct AaArguments {
    AaSimulationOptions options;
    bool as_json = false;
};

void run_aa(const AaArguments& arguments) {
    const auto result = simulate_aa_tests(arguments.options);
    if (arguments.as_json) {
        std::cout << to_json(arguments.options, result).dump(2) << "\n";
        return;
    }
    const auto& options = arguments.options;
    std::cout << result.tests << " A/A tests, both arms converting at " << options.conversion_rate << ", a look after every "
              << options.customers_per_look << " customers an arm, " << options.looks << " looks, alpha " << options.alpha << "\n";
    char line[200];
    std::snprintf(line, sizeof line, "Always-valid (mSPRT, tau %g): %.4f of tests called significant (se %.4f)\n", options.mixture_sd,
                  result.always_valid_rate, result.always_valid_standard_error);
    std::cout << line;
    std::snprintf(line, sizeof line, "Naive z-test at every look:   %.4f of tests called significant (se %.4f)\n", result.naive_rate,
                  result.naive_standard_error);
    std::cout << line;
}

}  // namespace

void add_abtest_command(CLI::App& app) {
    auto* abtest = app.add_subcommand("abtest", "Analyse an A/B test: conversion counts, per-customer values, or an experiment in a store");
    abtest->require_subcommand(1);
    const auto alternatives = CLI::IsMember({"two-sided", "greater", "less"});

    auto proportions = std::make_shared<ProportionArguments>();
    auto* proportions_command = abtest->add_subcommand("proportions", "Compare two conversion rates: z-test, relative lift, probability to beat control");
    proportions_command->add_option("--control", proportions->control, "SUCCESSES/CUSTOMERS of control, e.g. 120/1000")->required();
    proportions_command->add_option("--treatment", proportions->treatment, "SUCCESSES/CUSTOMERS of treatment, e.g. 150/1000")->required();
    proportions_command->add_option("--alpha", proportions->alpha, glossary_text("significance_level"))->capture_default_str();
    proportions_command->add_option("--alternative", proportions->alternative, "two-sided, or greater/less: treatment above/below control")
        ->capture_default_str()->check(alternatives);
    proportions_command->add_option("--prior-alpha", proportions->bayesian.prior.alpha, "Beta prior's alpha for both rates")->capture_default_str();
    proportions_command->add_option("--prior-beta", proportions->bayesian.prior.beta, "Beta prior's beta for both rates")->capture_default_str();
    proportions_command->add_flag("--json", proportions->as_json,
                                  "Print JSON: difference, ci_low, ci_high, p_value, relative_lift (+ ci), prob_beat_control, expected_loss, ...");
    proportions_command->footer(definitions_footer({"p_value", "confidence_interval", "relative_lift", "probability_to_beat_control",
                                                    "expected_loss", "credible_interval"}));
    proportions_command->callback([proportions] { run_reporting_errors("abtest proportions", [&] { run_proportions(*proportions); }); });

    auto means = std::make_shared<MeanArguments>();
    auto* means_command = abtest->add_subcommand("means", "Compare per-customer values (e.g. revenue): Welch's t-test, Mann-Whitney U, bootstrap");
    means_command->add_option("--control-file", means->control_file, "Control's values, one number per line (a header line is allowed)")
        ->required()->check(CLI::ExistingFile);
    means_command->add_option("--treatment-file", means->treatment_file, "Treatment's values, one number per line")->required()->check(CLI::ExistingFile);
    means_command->add_option("--alpha", means->alpha, glossary_text("significance_level"))->capture_default_str();
    means_command->add_option("--alternative", means->alternative, "two-sided, or greater/less: treatment above/below control")
        ->capture_default_str()->check(alternatives);
    means_command->add_option("--resamples", means->bootstrap.resamples, "Bootstrap resamples")->capture_default_str();
    means_command->add_option("--seed", means->bootstrap.seed, "Bootstrap seed: the same seed gives the same interval")->capture_default_str();
    means_command->add_flag("--json", means->as_json, "Print JSON: Welch's difference, ci_low, ci_high, p_value, df; mann_whitney; bootstrap");
    means_command->footer(definitions_footer({"welch_t_test", "mann_whitney_u", "bootstrap_interval", "p_value"}));
    means_command->callback([means] { run_reporting_errors("abtest means", [&] { run_means(*means); }); });

    auto analyze = std::make_shared<AnalyzeArguments>();
    auto& options = analyze->options;
    auto* analyze_command = abtest->add_subcommand("analyze", "Analyse an experiment from a store's assignments and orders");
    analyze_command->add_option("store", analyze->store_path, "SQLite file")->required()->check(CLI::ExistingFile);
    analyze_command->add_option("--experiment", analyze->experiment, "The experiment's name in the assignments table")->required();
    analyze_command->add_option("--metric", analyze->metric, "repeat:N (bought again within N days) or revenue:N")->capture_default_str();
    analyze_command->add_option("--control", options.control_arm, "The control arm (default: the arm named control, else the first by name)");
    analyze_command->add_option("--alpha", options.alpha, glossary_text("significance_level"))->capture_default_str();
    analyze_command->add_option("--weights", options.planned_weights, "Planned allocation per arm, arms in name order, e.g. 1 1 2 (default: equal)");
    analyze_command->add_option("--srm-threshold", options.sample_ratio.threshold, "Flag a sample ratio mismatch below this p-value")->capture_default_str();
    analyze_command->add_option("--data-end", analyze->data_end, "Last day the data covers, YYYY-MM-DD (default: the last purchase)");
    analyze_command->add_option("--resamples", options.bootstrap.resamples, "Bootstrap resamples (revenue)")->capture_default_str();
    analyze_command->add_option("--seed", options.bootstrap.seed, "Bootstrap seed (revenue)")->capture_default_str();
    analyze_command->add_flag("--json", analyze->as_json, "Print JSON: arms, sample_ratio, comparisons with their tests");
    analyze_command->footer(definitions_footer({"outcome_repeat", "outcome_revenue", "sample_ratio_mismatch", "holm_correction"}));
    analyze_command->callback([analyze] { run_reporting_errors("abtest analyze", [&] { run_analyze(*analyze); }); });

    auto aa = std::make_shared<AaArguments>();
    auto& aa_options = aa->options;
    auto* aa_command = abtest->add_subcommand("aa", "Simulate A/A tests with peeking: false-positive rate of always-valid vs naive monitoring");
    aa_command->add_option("--tests", aa_options.tests, "A/A experiments to simulate")->capture_default_str();
    aa_command->add_option("--rate", aa_options.conversion_rate, "Conversion rate of both arms")->capture_default_str();
    aa_command->add_option("--batch", aa_options.customers_per_look, "Customers added to each arm before each look")->capture_default_str();
    aa_command->add_option("--looks", aa_options.looks, "Looks per experiment")->capture_default_str();
    aa_command->add_option("--alpha", aa_options.alpha, glossary_text("significance_level"))->capture_default_str();
    aa_command->add_option("--tau", aa_options.mixture_sd, glossary_text("mixture_sd"))->capture_default_str();
    aa_command->add_option("--seed", aa_options.seed, "Random seed: the same seed gives the same rates")->capture_default_str();
    aa_command->add_flag("--json", aa->as_json, "Print JSON: always_valid_rate, naive_rate and their standard errors");
    aa_command->footer(definitions_footer({"always_valid_p_value", "always_valid_interval", "naive_peeking"}));
    aa_command->callback([aa] { run_reporting_errors("abtest aa", [&] { run_aa(*aa); }); });
}

}  // namespace touchpoint::cli
