#include "touchpoint/cadence/templates.hpp"

#include "touchpoint/data/file_text.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace touchpoint::cadence {

bool is_cadence_json(std::string_view text) {
    const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) return false;
    const auto format = json.find("format");
    return format != json.end() && format->is_string() && format->get<std::string>() == cadence_format;
}

std::vector<CadenceTemplate> load_cadence_templates(const std::string& directory) {
    namespace fs = std::filesystem;
    std::error_code error;
    fs::directory_iterator entries(directory, error);
    if (error) throw std::runtime_error(directory + ": cannot read the folder (" + error.message() + ")");
    std::vector<std::string> names;
    for (const auto& entry : entries) {
        if (entry.path().extension() != ".json") continue;
        std::error_code status_error;
        if (!entry.is_regular_file(status_error)) continue;
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());

    std::vector<CadenceTemplate> templates;
    for (const auto& name : names) {
        const auto bytes = data::read_file_bytes((fs::path(directory) / name).string());
        if (!bytes) {
            templates.push_back({name, {}, "cannot read the file"});
            continue;
        }
        if (!is_cadence_json(*bytes)) continue;  // a scenario, the sample workspace, ...
        CadenceTemplate loaded{name, {}, {}};
        try {
            loaded.cadence = cadence_from_json_text(*bytes);
        } catch (const CadenceError& bad) {
            loaded.error = bad.what();
        }
        templates.push_back(std::move(loaded));
    }
    return templates;
}

}  // namespace touchpoint::cadence
