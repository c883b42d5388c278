#include "sweep_command.hpp"
#include "simulation_inputs.hpp"
#include "cli_common.hpp"

#include "touchpoint/sim/timing_sweep.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace touchpoint::cli {

namespace {

constexpr std::string_view part_format = "touchpoint.sweep_part";

struct SweepArguments {
    std::string cadence_path, step, days, second_step, second_days, metric = "repeat_rate", shard;
    SimulationInputs inputs;
    sim::SimulationOptions options;
    bool as_json = false;
};

struct MergeArguments {
    std::vector<std::string> part_paths;
    bool as_json = false;
};

// "K/N" with 1 <= K <= N.
std::pair<int, int> parse_shard(const std::string& text) {
    const auto slash = text.find('/');
    int k = 0, n = 0;
    if (slash == std::string::npos || !parse_whole(std::string_view(text).substr(0, slash), k) ||
        !parse_whole(std::string_view(text).substr(slash + 1), n) ||
        n < 1 || k < 1 || k > n)
        throw std::runtime_error("--shard '" + text + "': write K/N with 1 <= K <= N, e.g. 2/8 for the second of eight shards");
    return {k, n};
}

void print_table(const sim::SweepResult& result) {
    const auto& options = result.options;
    const bool share = result.spec.metric == sim::SweepMetric::RepeatRate || result.spec.metric == sim::SweepMetric::ActiveAtEnd ||
                       result.spec.metric == sim::SweepMetric::OptOuts;
    const double scale = share ? 100.0 : 1.0;
    const char* format = share ? "%.2f%%" : "%.4f";
    std::cout << result.spec.cadence.name << ": '" << result.spec.first.step << "'"
              << (result.spec.second ? " and '" + result.spec.second->step + "'" : std::string()) << " over "
              << result.points.size() << " grid points; " << options.customers << " customers x " << options.replications
              << " replications, " << options.days << " days, seed " << options.seed << "\n"
              << sim::sweep_metric_label(result.spec.metric) << ", mean [95% interval over replications]; the difference from the best day is "
              << "paired by replication (same customers)\nNo touches: " << estimate_text(result.baseline_metric, format, scale) << "\n\n";
    for (std::size_t p = 0; p < result.points.size(); ++p) {
        const auto& point = result.points[p];
        std::string day = "day " + std::to_string(point.days.first_day);
        if (result.spec.second) day += " / " + std::to_string(point.days.second_day);
        std::cout << (p == result.best ? "* " : point.tied_with_best ? "= " : "  ") << day << std::string(day.size() < 16 ? 16 - day.size() : 1, ' ')
                  << estimate_text(point.metric, format, scale) << "   vs best " << estimate_text(point.difference_from_best, format, scale) << "\n";
    }
    std::cout << "\n* the best day; = statistically tied with it (the difference's interval holds zero)\n";
}

void print_result(const sim::SweepResult& result, bool as_json) {
    if (as_json) std::cout << sim::to_json(result).dump(2) << "\n";
    else print_table(result);
}

// What every part of one sweep shares, so that merge can tell parts of different sweeps apart.
nlohmann::json run_of(const sim::SweepSpec& spec, const sim::SimulationOptions& options, const sim::Population& population) {
    return {{"spec", sim::to_json(spec)}, {"options", sim::to_json(options)}, {"population", sim::to_json(population)}};
}

void run_sweep(const SweepArguments& arguments) {
    sim::validate(arguments.options);
    sim::SweepSpec spec;
    spec.cadence = read_cadence(arguments.cadence_path, arguments.options, "sweep");
    spec.first = {arguments.step, sim::parse_day_grid(arguments.days)};
    if (!arguments.second_step.empty() || !arguments.second_days.empty()) {
        if (arguments.second_step.empty() || arguments.second_days.empty())
            throw std::runtime_error("a 2-D sweep needs both --second-step and --second-days");
        spec.second = sim::SweepAxis{arguments.second_step, sim::parse_day_grid(arguments.second_days)};
    }
    const auto metric = sim::sweep_metric_from_key(arguments.metric);
    if (!metric) throw std::runtime_error("--metric '" + arguments.metric + "': not a sweep metric");
    spec.metric = *metric;
    sim::validate(spec, arguments.options);
    const auto population = population_from_files(arguments.inputs);
    const auto effects = effects_from_file(arguments.inputs.effects_path);
    const int points = static_cast<int>(sim::sweep_grid(spec).size());

    int first = 0, count = points;
    if (!arguments.shard.empty()) {
        const auto [k, n] = parse_shard(arguments.shard);
        if (n > points) throw std::runtime_error("--shard " + arguments.shard + ": more shards than the " + std::to_string(points) + " grid points");
        std::tie(first, count) = sim::split_evenly(points, n)[static_cast<std::size_t>(k - 1)];
    }
    sim::SweepPartJob job(population, spec, effects, arguments.options, first, count);
    run_job(job, !arguments.as_json && arguments.shard.empty() ? ProgressLine::Percent : ProgressLine::None);
    if (!arguments.shard.empty()) {
        const nlohmann::json part = {{"format", part_format}, {"version", 1}, {"run", run_of(spec, arguments.options, population)},
                                     {"part", sim::to_json(*job.part())}};
        std::cout << part.dump() << "\n";
        return;
    }
    print_result(sim::combine_sweep_parts(population, spec, arguments.options, {*job.part()}), arguments.as_json);
}

void run_merge(const MergeArguments& arguments) {
    if (arguments.part_paths.empty()) throw std::runtime_error("give the part files of `touchpoint sweep --shard K/N`");
    nlohmann::json run;
    std::vector<sim::SweepPart> parts;
    for (const auto& path : arguments.part_paths) {
        const auto json = read_json(path);
        if (!json.is_object() || json.value("format", "") != part_format)
            throw std::runtime_error(path + ": not a sweep part (the output of `touchpoint sweep --shard K/N`)");
        if (run.is_null()) run = json.at("run");
        else if (json.at("run") != run)
            throw std::runtime_error(path + ": a part of another sweep (its cadence, grid, options or population differ from " +
                                     arguments.part_paths.front() + ")");
        try {
            parts.push_back(sim::sweep_part_from_json(json.at("part")));
        } catch (const std::invalid_argument& error) {
            throw std::runtime_error(path + ": " + error.what());
        }
    }
    const auto spec = sim::sweep_spec_from_json(run.at("spec"));
    const auto options = sim::simulation_options_from_json(run.at("options"));
    const auto population = sim::population_from_json(run.at("population"));
    print_result(sim::combine_sweep_parts(population, spec, options, std::move(parts)), arguments.as_json);
}

}  // namespace

void add_sweep_commands(CLI::App& app) {
    auto arguments = std::make_shared<SweepArguments>();  // outlives this call: the callback reads it
    auto& options = arguments->options;
    auto* sweep = app.add_subcommand("sweep", "Try a step's follow-up day over a grid on the same simulated customers and find the best day");
    sweep->add_option("--cadence", arguments->cadence_path, "The cadence JSON file")->required()->check(CLI::ExistingFile);
    sweep->add_option("--step", arguments->step, "The name of the step whose delay varies")->required();
    sweep->add_option("--days", arguments->days, "Its delays to try: 1..60, 1..60/5 (every fifth day) or 3,7,14")->required();
    sweep->add_option("--second-step", arguments->second_step, "A second step, for a 2-D sweep");
    sweep->add_option("--second-days", arguments->second_days, "The second step's delays to try");
    sweep->add_option("--metric", arguments->metric,
                      "What the best day is best at: repeat_rate, purchases, revenue, incremental_profit, active_at_end, opt_outs (lowest)")
        ->capture_default_str();
    sweep->add_option("--shard", arguments->shard, "Run only the K-th of N blocks of the grid (K/N) and print it as a part for `touchpoint merge`");
    add_simulation_input_options(*sweep, arguments->inputs);
    sweep->add_option("--customers", options.customers, "Customers per replication")->capture_default_str();
    sweep->add_option("--horizon", options.days, "Days followed from each customer's first purchase")->capture_default_str();
    sweep->add_option("--reps", options.replications, "Replications (intervals are over replications)")->capture_default_str();
    sweep->add_option("--seed", options.seed, "Random seed: the same seed gives the same numbers")->capture_default_str();
    sweep->add_option("--margin", options.margin, "Gross margin on revenue, for incremental profit")->capture_default_str();
    sweep->add_flag("--json", arguments->as_json, "Print JSON");
    sweep->footer("Every grid point meets the same customers and random streams, so the difference between two days is not noise;\n"
                  "a day is tied with the best when the interval of that paired difference holds zero.\n"
                  "Spread a sweep over machines: run `touchpoint sweep ... --shard K/N > part-K.json` for K = 1..N anywhere, then\n"
                  "`touchpoint merge part-*.json`: the result is exactly that of the unsharded run.");
    sweep->callback([arguments] { run_reporting_errors("sweep", [&] { run_sweep(*arguments); }); });

    auto merge_arguments = std::make_shared<MergeArguments>();
    auto* merge = app.add_subcommand("merge", "Put the parts of a sharded `touchpoint sweep` together");
    merge->add_option("parts", merge_arguments->part_paths, "The part files, in any order")->required()->check(CLI::ExistingFile);
    merge->add_flag("--json", merge_arguments->as_json, "Print JSON");
    merge->callback([merge_arguments] { run_reporting_errors("merge", [&] { run_merge(*merge_arguments); }); });
}

}  // namespace touchpoint::cli
