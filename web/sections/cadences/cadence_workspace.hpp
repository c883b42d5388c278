#pragma once
// The workspace's cadences. They live in the edit history's JSON state ("cadences": an array of
// cadence JSON as cadence::to_json writes it, "selected_cadence": the index shown), so every
// change is a step of undo and redo and is saved with the workspace for the next visit. A
// workspace that has never had cadences shows the Second-sale welcome template, written into
// the state with the first edit.
#include "app/cadence_catalogue.hpp"
#include "touchpoint/cadence/cadence.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

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

// The state's cadences; before the first edit, the catalogue's default template.
WorkspaceCadences read_workspace_cadences(const nlohmann::json& state, const CadenceCatalogue& catalogue);

// The state with its cadences and selection replaced by `cadences`.
nlohmann::json with_cadences(nlohmann::json state, const WorkspaceCadences& cadences);

// `wanted`, or "wanted 2", "wanted 3"... when a cadence of the workspace already has the name.
std::string unused_cadence_name(const WorkspaceCadences& cadences, const std::string& wanted);

}  // namespace touchpoint::web
