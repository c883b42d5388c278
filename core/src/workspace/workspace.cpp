#include "touchpoint/workspace/workspace.hpp"

#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/data/json_text.hpp"
#include "touchpoint/limits.hpp"
#include "touchpoint/metrics/segments.hpp"
#include "touchpoint/roleplay/scenario.hpp"
#include "touchpoint/roleplay/validation.hpp"
#include "touchpoint/sim/effect_model.hpp"
#include "touchpoint/sim/population.hpp"
#include "touchpoint/sim/timing_sweep.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <array>

// Section index: errors and versions; migrations; validation; reading; customer data.
namespace touchpoint::workspace {

WorkspaceError::WorkspaceError(std::string field, const std::string& message, int line, int column)
    : std::invalid_argument(line > 0 ? "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message
                            : field.empty() ? message
                                            : field + ": " + message),
      field_(std::move(field)),
      line_(line),
      column_(column) {}

nlohmann::json empty_workspace() {
    return {{"format", workspace_format}, {"version", workspace_format_version}};
}

int workspace_version(const nlohmann::json& document) {
    if (!document.is_object()) throw WorkspaceError("", "a workspace is a JSON object");
    const auto format = document.find("format");
    if (format == document.end()) return 0;  // the editor state of earlier releases
    if (!format->is_string() || format->get<std::string>() != workspace_format)
        throw WorkspaceError("format", "expected \"" + std::string(workspace_format) + "\"; this is not a workspace");
    const auto version = document.find("version");
    if (version == document.end() || !version->is_number_integer() || version->get<int>() < 1)
        throw WorkspaceError("version", "a whole number from 1 is required");
    return version->get<int>();
}

// ---- Migrations --------------------------------------------------------------------------------

namespace {

// Version 0, the browser's editor state: {"cadences": [...], "selected_cadence": 0,
// "segment_rules": {...}, "mapping": ...}. The mapping belonged to an import in progress.
nlohmann::json editor_state_to_version_1(const nlohmann::json& state) {
    auto document = empty_workspace();
    for (const char* key : {"cadences", "selected_cadence", "segment_rules"})
        if (state.contains(key)) document[key] = state[key];
    document["version"] = 1;
    return document;
}

}  // namespace

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> steps{
        {0, "the unversioned editor state becomes a workspace document (format and version added, an import's column mapping dropped)",
         editor_state_to_version_1},
    };
    return steps;
}

nlohmann::json migrate_workspace(const nlohmann::json& document) {
    int version = workspace_version(document);
    if (version > workspace_format_version)
        throw WorkspaceError("version", "version " + std::to_string(version) + " was written by a newer Touchpoint; this one reads up to version " +
                                            std::to_string(workspace_format_version));
    auto migrated = document;
    for (const auto& step : migrations()) {
        if (step.from != version) continue;
        migrated = step.apply(migrated);
        version = step.from + 1;
    }
    return migrated;
}

// ---- Validation --------------------------------------------------------------------------------

namespace {

std::string at(const std::string& path, std::string_view key) { return path.empty() ? std::string(key) : path + "." + std::string(key); }
std::string item(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

class Checker {
public:
    explicit Checker(const nlohmann::json& document) : document_(document) {}

    std::vector<WorkspaceIssue> run() {
        known_keys();
        text("title");
        cadences();
        one("segment_rules", [](const nlohmann::json& json) { metrics::segment_rules_from_json(json); });
        one("model", [](const nlohmann::json& json) { sim::population_from_json(json); });
        one("effects", [](const nlohmann::json& json) { sim::effect_model_from_json(json); });
        experiments();
        scenarios();
        object_or_null("view");
        object_or_null("summaries");
        customer_data();
        std::stable_partition(issues_.begin(), issues_.end(), [](const WorkspaceIssue& issue) { return issue.severity == IssueSeverity::Error; });
        return issues_;
    }

private:
    void error(std::string field, std::string message) { issues_.push_back({IssueSeverity::Error, std::move(field), std::move(message)}); }
    void warning(std::string field, std::string message) { issues_.push_back({IssueSeverity::Warning, std::move(field), std::move(message)}); }

    const nlohmann::json* find(const std::string& key) const {
        const auto found = document_.find(key);
        return found == document_.end() || found->is_null() ? nullptr : &*found;
    }

    void known_keys() {
        static const std::array<std::string_view, 14> known{"format", "version", "title", "cadences", "selected_cadence", "segment_rules", "model",
                                                            "effects", "experiments", "scenarios", "view", "summaries", "customer_data",
                                                            "notes"};
        for (const auto& [key, value] : document_.items()) {
            (void)value;
            if (std::find(known.begin(), known.end(), key) == known.end())
                warning(key, "is not part of a version " + std::to_string(workspace_format_version) + " workspace and is ignored");
        }
    }

    void text(const std::string& key) {
        if (const auto* value = find(key); value && !value->is_string()) error(key, "expected text");
    }

    bool object_or_null(const std::string& key) {
        const auto* value = find(key);
        if (value && !value->is_object()) {
            error(key, "expected an object");
            return false;
        }
        return value != nullptr;
    }

    // A section read by the core's own reader, whose error names the field inside it.
    template <typename Read>
    void one(const std::string& key, Read read) {
        if (!object_or_null(key)) return;
        read_into(key, *find(key), read);
    }

    template <typename Read>
    void read_into(const std::string& path, const nlohmann::json& json, Read read) {
        try {
            read(json);
        } catch (const cadence::CadenceError& problem) {
            error(at(path, problem.field()), strip_field(problem.what(), problem.field()));
        } catch (const metrics::SegmentRulesError& problem) {
            error(at(path, problem.field()), strip_field(problem.what(), problem.field()));
        } catch (const sim::EffectModelError& problem) {
            error(at(path, problem.field()), strip_field(problem.what(), problem.field()));
        } catch (const roleplay::ScenarioError& problem) {
            error(at(path, problem.field()), strip_field(problem.what(), problem.field()));
        } catch (const std::exception& problem) {
            error(path, problem.what());
        }
    }

    // The readers' messages start with their field ("steps[2].channel: ..."); the issue names it already.
    static std::string strip_field(const std::string& message, const std::string& field) {
        const auto prefix = field + ": ";
        return !field.empty() && message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
    }

    const nlohmann::json* array(const std::string& key) {
        const auto* value = find(key);
        if (value && !value->is_array()) {
            error(key, "expected a list");
            return nullptr;
        }
        return value;
    }

    void cadences() {
        const auto* list = array("cadences");
        const std::size_t count = list ? list->size() : 0;
        for (std::size_t i = 0; i < count; ++i)
            read_into(item("cadences", i), (*list)[i], [](const nlohmann::json& json) { cadence::cadence_from_json(json); });
        if (const auto* selected = find("selected_cadence")) {
            if (!selected->is_number_integer() || selected->get<long long>() < 0)
                error("selected_cadence", "expected a whole number from 0");
            else if (count > 0 && selected->get<std::size_t>() >= count)
                error("selected_cadence", "there are only " + std::to_string(count) + " cadences");
        }
    }

    void experiments() {
        if (!object_or_null("experiments")) return;
        const auto& section = *find("experiments");
        for (const auto& [key, value] : section.items()) {
            const auto path = at("experiments", key);
            if (key != "sweeps" && key != "designs" && key != "results") {
                warning(path, "is not part of the experiments section (sweeps, designs, results) and is ignored");
                continue;
            }
            if (!value.is_array()) {
                error(path, "expected a list");
                continue;
            }
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (!value[i].is_object()) error(item(path, i), "expected an object");
                else if (key == "sweeps")
                    read_into(item(path, i), value[i], [](const nlohmann::json& json) { sim::sweep_spec_from_json(json); });
            }
        }
    }

    void scenarios() {
        const auto* list = array("scenarios");
        if (!list) return;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const auto path = item("scenarios", i);
            read_into(path, (*list)[i], [&](const nlohmann::json& json) {
                for (const auto& issue : roleplay::validate_scenario(roleplay::scenario_from_json(json))) {
                    if (issue.severity == roleplay::IssueSeverity::Error) error(at(path, issue.field), issue.message);
                    else warning(at(path, issue.field), issue.message);
                }
            });
        }
    }

    // {"orders": {"columns": ["customer_id", ...], "rows": [[...], ...]}, ...}: tables of rows.
    void customer_data() {
        if (!object_or_null("customer_data")) return;
        for (const auto& [table, value] : find("customer_data")->items()) {
            const auto path = at("customer_data", table);
            if (!value.is_object() || !value.contains("columns") || !value["columns"].is_array() || !value.contains("rows") ||
                !value["rows"].is_array()) {
                error(path, "expected {\"columns\": [...], \"rows\": [[...], ...]}");
                continue;
            }
            const auto width = value["columns"].size();
            const auto& rows = value["rows"];
            for (std::size_t r = 0; r < rows.size(); ++r)
                if (!rows[r].is_array() || rows[r].size() != width) {
                    error(item(at(path, "rows"), r), "expected a list of " + std::to_string(width) + " values, one per column");
                    break;  // one finding per table: a wrong width is usually wrong for every row
                }
        }
    }

    const nlohmann::json& document_;
    std::vector<WorkspaceIssue> issues_;
};

}  // namespace

std::vector<WorkspaceIssue> validate_workspace(const nlohmann::json& document) {
    try {
        if (workspace_version(document) != workspace_format_version)
            return {{IssueSeverity::Error, "version",
                     "expected version " + std::to_string(workspace_format_version) + "; migrate the document first"}};
    } catch (const WorkspaceError& problem) {
        return {{IssueSeverity::Error, problem.field(), problem.what()}};
    }
    return Checker(document).run();
}

bool has_errors(const std::vector<WorkspaceIssue>& issues) {
    return std::any_of(issues.begin(), issues.end(), [](const WorkspaceIssue& issue) { return issue.severity == IssueSeverity::Error; });
}

// ---- Reading -----------------------------------------------------------------------------------

ReadWorkspace read_workspace_text(std::string_view text) {
    nlohmann::json parsed;
    try {
        parsed = data::parse_json_text(text, limits::max_workspace_json_bytes, "a workspace");
    } catch (const data::JsonTextError& problem) {
        throw WorkspaceError("", problem.what(), problem.line(), problem.column());
    }
    ReadWorkspace read;
    read.original_version = workspace_version(parsed);
    read.document = migrate_workspace(parsed);
    for (auto& issue : validate_workspace(read.document)) {
        if (issue.severity == IssueSeverity::Error) throw WorkspaceError(issue.field, issue.message);
        read.warnings.push_back(std::move(issue));
    }
    return read;
}

bool is_workspace_json(std::string_view text) {
    // A cheap look first: most files handed over are CSV.
    if (text.find(workspace_format) == std::string_view::npos) return false;
    const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) return false;
    const auto format = json.find("format");
    return format != json.end() && format->is_string() && format->get<std::string>() == workspace_format;
}

// ---- Customer data -----------------------------------------------------------------------------

bool has_customer_data(const nlohmann::json& document) {
    const auto found = document.find("customer_data");
    return found != document.end() && !found->is_null() && !found->empty();
}

nlohmann::json without_customer_data(nlohmann::json document) {
    if (document.is_object()) document.erase("customer_data");
    return document;
}

std::string workspace_text(const nlohmann::json& document) { return document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace touchpoint::workspace
