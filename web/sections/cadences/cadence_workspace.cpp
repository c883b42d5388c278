#include "sections/cadences/cadence_workspace.hpp"

#include <algorithm>
#include <exception>

namespace touchpoint::web {

std::string CadenceEntry::name() const {
    if (cadence) return cadence->name;
    if (saved.is_object() && saved.contains("name") && saved["name"].is_string()) return saved["name"].get<std::string>();
    return "(unreadable cadence)";
}

const cadence::Cadence* WorkspaceCadences::selected_cadence() const {
    if (selected < 0 || selected >= static_cast<int>(entries.size())) return nullptr;
    const auto& entry = entries[static_cast<std::size_t>(selected)];
    return entry.cadence ? &*entry.cadence : nullptr;
}

WorkspaceCadences read_workspace_cadences(const nlohmann::json& state, const CadenceCatalogue& catalogue) {
    WorkspaceCadences read;
    const bool has_own = state.is_object() && state.contains("cadences") && state["cadences"].is_array();
    if (!has_own) {
        read.from_default = true;
        if (const auto* welcome = catalogue.default_cadence()) read.entries.push_back({*welcome, cadence::to_json(*welcome), {}});
    } else {
        for (const auto& saved : state["cadences"]) {
            CadenceEntry entry;
            entry.saved = saved;
            try {
                entry.cadence = cadence::cadence_from_json(saved);
            } catch (const std::exception& error) {
                entry.error = error.what();
            }
            read.entries.push_back(std::move(entry));
        }
    }
    int selected = 0;
    if (state.is_object() && state.contains("selected_cadence") && state["selected_cadence"].is_number_integer())
        selected = state["selected_cadence"].get<int>();
    read.selected = read.entries.empty() ? -1 : std::clamp(selected, 0, static_cast<int>(read.entries.size()) - 1);
    return read;
}

nlohmann::json with_cadences(nlohmann::json state, const WorkspaceCadences& cadences) {
    if (!state.is_object()) state = nlohmann::json::object();
    nlohmann::json list = nlohmann::json::array();
    for (const auto& entry : cadences.entries) list.push_back(entry.cadence ? cadence::to_json(*entry.cadence) : entry.saved);
    state["cadences"] = std::move(list);
    state["selected_cadence"] = std::max(0, cadences.selected);
    return state;
}

std::string unused_cadence_name(const WorkspaceCadences& cadences, const std::string& wanted) {
    const auto taken = [&](const std::string& name) {
        return std::any_of(cadences.entries.begin(), cadences.entries.end(), [&](const CadenceEntry& entry) { return entry.name() == name; });
    };
    if (!taken(wanted)) return wanted;
    for (int n = 2;; ++n)
        if (const std::string name = wanted + " " + std::to_string(n); !taken(name)) return name;
}

}  // namespace touchpoint::web
