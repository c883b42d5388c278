#include "touchpoint/roleplay/scenario_library.hpp"

#include "touchpoint/data/file_text.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace touchpoint::roleplay {

Scenario read_scenario_file(const std::string& path) {
    const auto bytes = data::read_file_bytes(path);
    if (!bytes) throw std::runtime_error(path + ": cannot read the file");
    return scenario_from_json_text(*bytes);
}

std::vector<ScenarioFile> load_scenario_library(const std::string& directory) {
    namespace fs = std::filesystem;
    std::error_code error;
    fs::directory_iterator entries(directory, error);
    if (error) throw std::runtime_error(directory + ": cannot read the folder (" + error.message() + ")");
    std::vector<std::string> names;
    for (const auto& entry : entries) {
        std::error_code status_error;
        if (entry.path().extension() == ".json" && entry.is_regular_file(status_error)) names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());

    std::vector<ScenarioFile> files;
    for (const auto& name : names) {
        const auto bytes = data::read_file_bytes((fs::path(directory) / name).string());
        if (!bytes) {
            files.push_back({name, {}, {}, "cannot read the file"});
            continue;
        }
        if (!is_scenario_json(*bytes)) continue;  // a cadence, the sample workspace, ...
        ScenarioFile loaded{name, {}, {}, {}};
        try {
            loaded.scenario = scenario_from_json_text(*bytes);
            loaded.issues = validate_scenario(loaded.scenario);
        } catch (const ScenarioError& bad) {
            loaded.error = bad.what();
        }
        files.push_back(std::move(loaded));
    }
    return files;
}

}  // namespace touchpoint::roleplay
