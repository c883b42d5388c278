#pragma once
// The workspace's cadences. They live in the edit history's JSON state ("cadences": an array of
// cadence JSON as cadence::to_json writes it, "selected_cadence": the index shown), so every
// change is a step of undo and redo and is saved with the workspace for the next visit. A
// workspace that has never had cadences shows the Second-sale welcome template, written into
// the state with the first edit.
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/cadence/templates.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

// Where the page keeps the templates: the web build copies every assets/**/*.json there.
inline constexpr const char* cadence_templates_folder = "/assets";
inline constexpr std::string_view default_cadence_template = "second_sale_welcome.json";

struct CadenceTemplateShelf {
    std::vector<cadence::CadenceTemplate> templates;  // sorted by file name
    std::string error;                                // why the folder could not be read
};

// The templates, read from cadence_templates_folder the first time they are asked for.
const CadenceTemplateShelf& cadence_templates();
const cadence::CadenceTemplate* find_cadence_template(std::string_view file);

struct CadenceEntry {
    std::optional<cadence::Cadence> cadence;  // empty when the saved JSON cannot be read
    nlohmann::json saved;  // the JSON as saved: written back unchanged while it cannot be read
    std::string error;     // why it cannot be read

    std::string name() const;
};

struct WorkspaceCadences {
    std::vector<CadenceEntry> entries;
    int selected = -1;          // index into entries; -1 when there are none
    bool from_default = false;  // the state has no cadences yet: the default template is shown

    const cadence::Cadence* selected_cadence() const;
};

WorkspaceCadences read_workspace_cadences(const nlohmann::json& state);

// The state with its cadences and selection replaced by `cadences`.
nlohmann::json with_cadences(nlohmann::json state, const WorkspaceCadences& cadences);

// The cadences of the state that can be simulated (every one that could be read), in order.
std::vector<cadence::Cadence> workspace_cadence_list(const nlohmann::json& state);

// `wanted`, or "wanted 2", "wanted 3"... when a cadence of the workspace already has the name.
std::string unused_cadence_name(const WorkspaceCadences& cadences, const std::string& wanted);

}  // namespace touchpoint::web
