#pragma once
// The Experiments section's analysis of a real experiment: the store's assignments (customer,
// experiment, arm, assigned date) and the orders after each assignment give every customer an
// outcome (repeat:N or revenue:N); per arm the customers and the outcome, and each arm against
// control: the difference with its interval and p-value (z-test, or Welch's t-test with
// Mann-Whitney and a bootstrap interval for revenue), Holm's correction across arms, the relative
// lift, the Bayesian probability to beat control and expected loss, the always-valid interval of
// sequential monitoring look by look (as if the test had been watched every week), and the
// sample-ratio check. Without assignments: how to import them.
#include "sections/experiments/experiments_controls.hpp"
#include "app/sections.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/experiments/outcomes.hpp"
#include "touchpoint/experiments/real_experiment.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

struct AnalysisSettings {
    std::string experiment;
    experiments::OutcomeMetric metric{experiments::OutcomeKind::Repeat, 30};
    std::string control;      // empty: "control", else the first arm by name
    double alpha = 0.05;
    double mixture_sd = 0;    // sequential monitoring's tau; 0: the analysis chooses it
    bool operator==(const AnalysisSettings& other) const {
        return experiment == other.experiment && metric.kind == other.metric.kind && metric.days == other.metric.days &&
               control == other.control && alpha == other.alpha && mixture_sd == other.mixture_sd;
    }
};

// The tab's state, a member of the Experiments section.
struct AnalysisState {
    const data::Dataset* listed_for = nullptr;  // the Dataset the listing was read with
    std::vector<experiments::ExperimentListing> experiments;
    std::string listing_error;

    AnalysisSettings settings;
    std::optional<AnalysisSettings> analysed_for;
    const data::Dataset* analysed_dataset = nullptr;
    std::optional<experiments::ExperimentAnalysis> analysis;
    nlohmann::json result_json;
    std::string error;
};

// Returns the section the user asked to go to (Data, to import assignments), if any.
std::optional<Section> draw_analysis_tab(AnalysisState& state, Workbench& workbench, std::vector<DrawnChart>& drawn);

// Test API, as of the last frame or command: {"experiments": [{"experiment", "assignments",
// "arms"}], "settings", "result" (experiments::to_json of the analysis, as `touchpoint abtest
// analyze --json` prints it), "error"}. Command "analysis:{json}": {"experiment", "metric"
// ("repeat:30" or "revenue:30"), "control" ("" for the default), "alpha", "mixture_sd" (0 lets
// the analysis choose)}.
nlohmann::json analysis_state_json(const AnalysisState& state);
bool run_analysis_command(AnalysisState& state, Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
