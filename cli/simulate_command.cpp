#include "simulate_command.hpp"
#include "simulation_inputs.hpp"
#include "cli_common.hpp"

#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/sim/simulator.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace touchpoint::cli {

namespace {

struct SimulateArguments {
    std::vector<std::string> cadence_paths;
    SimulationInputs inputs;
    sim::SimulationOptions options;
    bool as_json = false;
    bool with_curves = false;
    bool print_effects = false;
};

void print_table(const sim::SimulationResult& result) {
    const auto& options = result.options;
    std::cout << options.customers << " customers x " << options.replications << " replications, " << options.days
              << " days from the first purchase, seed " << options.seed << "; " << result.population.description << "\n"
              << "Per customer, mean [95% interval over replications]; ROI = (margin " << options.margin
              << " x revenue gained over no touches - cost) / cost\n\n";
    const auto row = [](const sim::CadenceOutcome& outcome) {
        std::cout << outcome.name << "\n"
                  << "  repeat rate            " << estimate_text(outcome.repeat_rate, "%.2f%%", 100.0) << "\n"
                  << "  repeat purchases       " << estimate_text(outcome.purchases, "%.4f") << "\n"
                  << "  revenue                " << estimate_text(outcome.revenue, "%.2f") << "\n"
                  << "  cost                   " << estimate_text(outcome.cost, "%.3f") << "\n"
                  << "  ROI                    " << estimate_text(outcome.roi, "%.2f") << "\n"
                  << "  touches per customer   " << estimate_text(outcome.touches_per_customer, "%.2f") << "\n"
                  << "  opt-outs               " << estimate_text(outcome.opt_outs, "%.2f%%", 100.0) << "\n"
                  << "  purchases vs no touch  " << estimate_text(outcome.incremental_purchases, "%+.4f") << "\n";
    };
    for (const auto& outcome : result.cadences) row(outcome);
    row(result.baseline);
}

void run_simulate(const SimulateArguments& arguments) {
    if (arguments.print_effects) {
        std::cout << sim::to_json(effects_from_file(arguments.inputs.effects_path)).dump(2) << "\n";
        return;
    }
    if (arguments.cadence_paths.empty()) throw std::runtime_error("give at least one --cadence FILE");
    sim::validate(arguments.options);

    const auto population = population_from_files(arguments.inputs);
    const auto effects = effects_from_file(arguments.inputs.effects_path);
    std::vector<cadence::Cadence> cadences;
    for (const auto& path : arguments.cadence_paths) cadences.push_back(read_cadence(path, arguments.options, "simulate"));

    sim::SimulationJob job(population, cadences, effects, arguments.options);
    run_job(job, arguments.as_json ? ProgressLine::None : ProgressLine::Percent);
    const auto& result = *job.result();
    if (arguments.as_json) std::cout << sim::to_json(result, arguments.with_curves).dump(2) << "\n";
    else print_table(result);
}

}  // namespace

void add_simulate_command(CLI::App& app) {
    auto arguments = std::make_shared<SimulateArguments>();  // outlives this call: the callback reads it
    auto& options = arguments->options;
    auto* command = app.add_subcommand("simulate", "Play cadences side by side on simulated customers (Monte Carlo, common random numbers)");
    command->add_option("--cadence", arguments->cadence_paths, "A cadence JSON file (repeat for up to six, e.g. assets/cadences/*.json)")
        ->check(CLI::ExistingFile);
    add_simulation_input_options(*command, arguments->inputs);
    command->add_option("--customers", options.customers, "Customers per replication")->capture_default_str();
    command->add_option("--days", options.days, "Days followed from each customer's first purchase")->capture_default_str();
    command->add_option("--reps", options.replications, "Replications (intervals are over replications)")->capture_default_str();
    command->add_option("--seed", options.seed, "Random seed: the same seed gives the same numbers")->capture_default_str();
    command->add_option("--margin", options.margin, "Gross margin on revenue, for profit and ROI")->capture_default_str();
    command->add_flag("--json", arguments->as_json, "Print JSON: one entry per cadence, and the no-touch baseline");
    command->add_flag("--curves", arguments->with_curves, "With --json: the retention curves and touches by week too");
    command->add_flag("--print-effects", arguments->print_effects, "Print the effect model (defaults, or --effects) as JSON and stop");
    command->footer(
        "Every customer starts with a purchase on day 0; BG/NBD draws their purchase rate and dropout, Gamma-Gamma their\n"
        "order value. Touches that reach a customer change behaviour through the effect model (lift with a half-life,\n"
        "dropout reduction, silence, fatigue, opt-out, discounts); --print-effects lists every parameter with its source.\n"
        "All cadences meet the same customers and random streams, so their differences are not noise.");
    command->callback([arguments] { run_reporting_errors("simulate", [&] { run_simulate(*arguments); }); });
}

}  // namespace touchpoint::cli
