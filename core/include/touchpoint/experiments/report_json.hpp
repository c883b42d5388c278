#pragma once
// The experiment results as JSON, the shape the CLI prints and a workspace can keep. Numbers
// that do not exist (an infinite bound, a lift without a control conversion) are null.
#include "touchpoint/experiments/aa_simulation.hpp"
#include "touchpoint/experiments/bayesian.hpp"
#include "touchpoint/experiments/bootstrap.hpp"
#include "touchpoint/experiments/means.hpp"
#include "touchpoint/experiments/power.hpp"
#include "touchpoint/experiments/proportions.hpp"
#include "touchpoint/experiments/real_experiment.hpp"
#include "touchpoint/experiments/sample_ratio.hpp"
#include "touchpoint/experiments/sequential.hpp"

#include <nlohmann/json_fwd.hpp>

namespace touchpoint::experiments {

nlohmann::json to_json(const PowerDesign& design, const SampleSize& size);
nlohmann::json to_json(const ProportionTest& test);
nlohmann::json to_json(const BayesianComparison& comparison);
nlohmann::json to_json(const WelchTest& test);
nlohmann::json to_json(const MannWhitneyTest& test);
nlohmann::json to_json(const BootstrapInterval& interval);
nlohmann::json to_json(const SampleRatioCheck& check);
nlohmann::json to_json(const SequentialLook& look);
nlohmann::json to_json(const AaSimulationOptions& options, const AaSimulationResult& result);
nlohmann::json to_json(const ExperimentAnalysis& analysis);

}  // namespace touchpoint::experiments
