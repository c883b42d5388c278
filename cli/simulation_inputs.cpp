#include "simulation_inputs.hpp"
#include "cli_common.hpp"

#include "touchpoint/cadence/validation.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <stdexcept>

namespace touchpoint::cli {

namespace {

// A model as `touchpoint fit --json` writes it: {"model": "bgnbd", "params": {"r": ..., ...}, ...}.
clv::FitResult read_fit(const std::string& path, clv::ModelKind expected) {
    const auto json = read_json(path);
    const auto fail = [&](const std::string& message) { throw std::runtime_error(path + ": " + message); };
    if (!json.is_object() || !json.contains("model") || !json["model"].is_string() || !json.contains("params"))
        fail("not the output of `touchpoint fit --json` (no \"model\" and \"params\")");
    const auto kind = clv::model_from_name(json["model"].get<std::string>());
    if (!kind || *kind != expected)
        fail(std::string("holds a ") + json["model"].get<std::string>() + " fit; this option takes " + clv::model_name(expected));
    if (json.contains("error")) fail("the fit failed: " + json["error"].dump());
    clv::FitResult fit;
    fit.kind = *kind;
    fit.names = clv::parameter_names(*kind);
    for (const auto& name : fit.names) {
        const auto& params = json["params"];
        if (!params.contains(name) || !params[name].is_number()) fail("params." + name + " is missing or not a number");
        fit.params.push_back(params[name].get<double>());
    }
    fit.converged = json.value("converged", true);
    if (!fit.converged) std::cerr << "touchpoint: " << path << ": the fit did not converge; simulating with its last parameters\n";
    return fit;
}

}  // namespace

void add_simulation_input_options(CLI::App& command, SimulationInputs& inputs) {
    command.add_option("--model", inputs.model_path, "BG/NBD fit from `touchpoint fit --model bgnbd --json` (default: the sample shop's parameters)")
        ->check(CLI::ExistingFile);
    command.add_option("--spend-model", inputs.spend_model_path, "Gamma-Gamma fit from `touchpoint fit --model gg --json`, for revenue")
        ->check(CLI::ExistingFile);
    command.add_option("--time-unit", inputs.time_unit, "The time unit the --model was fitted in")
        ->capture_default_str()
        ->check(CLI::IsMember({"week", "day"}));
    command.add_option("--effects", inputs.effects_path, "Effect model JSON (missing parameters keep their defaults; see `simulate --print-effects`)")
        ->check(CLI::ExistingFile);
}

nlohmann::json read_json(const std::string& path) {
    const auto bytes = read_file(path);
    try {
        return nlohmann::json::parse(bytes);
    } catch (const nlohmann::json::parse_error& error) {
        throw std::runtime_error(path + ": not valid JSON at byte " + std::to_string(error.byte));
    }
}

sim::Population population_from_files(const SimulationInputs& inputs) {
    if (inputs.model_path.empty()) {
        if (!inputs.spend_model_path.empty()) throw std::runtime_error("--spend-model needs --model");
        return sim::sample_shop_population();
    }
    const auto purchase = read_fit(inputs.model_path, clv::ModelKind::BgNbd);
    std::optional<clv::FitResult> spend;
    if (!inputs.spend_model_path.empty()) spend = read_fit(inputs.spend_model_path, clv::ModelKind::GammaGamma);
    else std::cerr << "touchpoint: no --spend-model: purchases carry no revenue, so there is no ROI\n";
    return sim::population_from_fit(purchase, inputs.time_unit == "day" ? clv::TimeUnit::Day : clv::TimeUnit::Week, spend ? &*spend : nullptr);
}

sim::EffectModel effects_from_file(const std::string& path) {
    if (path.empty()) return sim::default_effect_model();
    try {
        return sim::effect_model_from_json(read_json(path));
    } catch (const sim::EffectModelError& error) {
        throw std::runtime_error(path + ": " + error.what());
    }
}

cadence::Cadence read_cadence(const std::string& path, const sim::SimulationOptions& options, const char* command) {
    const auto bytes = read_file(path);
    cadence::Cadence loaded;
    try {
        loaded = cadence::cadence_from_json_text(bytes);
    } catch (const cadence::CadenceError& error) {
        throw std::runtime_error(path + ": " + error.what());
    }
    for (const auto& issue : cadence::validate_cadence(loaded, {options.days, options.segment_rules}))
        std::cerr << "touchpoint " << command << ": " << path << ": warning: " << issue.message << "\n";
    return loaded;
}

std::string estimate_text(const sim::Estimate& estimate, const char* format, double scale) {
    if (std::isnan(estimate.mean)) return "n/a";
    char text[128];
    if (std::isnan(estimate.ci_low)) {
        std::snprintf(text, sizeof text, format, estimate.mean * scale);
        return text;
    }
    char low[32], high[32], mean[32];
    std::snprintf(mean, sizeof mean, format, estimate.mean * scale);
    std::snprintf(low, sizeof low, format, estimate.ci_low * scale);
    std::snprintf(high, sizeof high, format, estimate.ci_high * scale);
    std::snprintf(text, sizeof text, "%s [%s, %s]", mean, low, high);
    return text;
}

}  // namespace touchpoint::cli
