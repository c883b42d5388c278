#pragma once
// What `simulate` and `sweep` both read: the population (a BG/NBD fit from `touchpoint fit
// --json`, with an optional Gamma-Gamma fit for revenue, or the sample shop's defaults), the
// effect model, and cadence files. Errors are std::runtime_error naming the file. And how both
// print an estimate.
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/sim/effect_model.hpp"
#include "touchpoint/sim/population.hpp"
#include "touchpoint/sim/simulator.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace touchpoint::cli {

struct SimulationInputs {
    std::string model_path, spend_model_path, effects_path;
    std::string time_unit = "week";
};

// --model, --spend-model, --time-unit and --effects.
void add_simulation_input_options(CLI::App& command, SimulationInputs& inputs);

nlohmann::json read_json(const std::string& path);
sim::Population population_from_files(const SimulationInputs& inputs);
sim::EffectModel effects_from_file(const std::string& path);  // the defaults for ""
// Prints the cadence's validation warnings on stderr as "touchpoint COMMAND: PATH: warning: ...".
cadence::Cadence read_cadence(const std::string& path, const sim::SimulationOptions& options, const char* command);

// "mean [low, high]" with each number in `format` (times `scale`); the mean alone without an
// interval, "n/a" without a mean.
std::string estimate_text(const sim::Estimate& estimate, const char* format, double scale = 1.0);

}  // namespace touchpoint::cli
