#pragma once
// The built-in scenarios (assets/scenarios/*.json in the source tree). As with the cadence
// templates, the web build copies JSON assets flat into one folder, so every *.json file is read
// and those whose "format" is "touchpoint.scenario" are kept.
#include "touchpoint/roleplay/scenario.hpp"
#include "touchpoint/roleplay/validation.hpp"

#include <string>
#include <vector>

namespace touchpoint::roleplay {

struct ScenarioFile {
    std::string file;                   // "late_delivery.json"
    Scenario scenario;                  // read when error is empty
    std::vector<ScenarioIssue> issues;  // the validator's findings
    std::string error;                  // why the file could not be read ("nodes[1].ending: ..."); empty when it was
};

// Every scenario file of the folder, sorted by file name. Throws std::runtime_error when the
// folder cannot be read; a bad file is returned with its error, so one typo does not hide the rest.
std::vector<ScenarioFile> load_scenario_library(const std::string& directory);

// Reads one file; throws ScenarioError (bad content) or std::runtime_error (cannot read the file).
Scenario read_scenario_file(const std::string& path);

}  // namespace touchpoint::roleplay
