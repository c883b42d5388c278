#include "app/cadence_catalogue.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <exception>

namespace touchpoint::web {

void CadenceCatalogue::load() const {
    if (loaded_) return;
    loaded_ = true;
    try {
        templates_ = cadence::load_cadence_templates(folder_);
    } catch (const std::exception& error) {
        error_ = error.what();
    }
}

const std::vector<cadence::CadenceTemplate>& CadenceCatalogue::templates() const {
    load();
    return templates_;
}

const std::string& CadenceCatalogue::error() const {
    load();
    return error_;
}

const cadence::CadenceTemplate* CadenceCatalogue::find_template(std::string_view file) const {
    const auto& all = templates();
    const auto found = std::find_if(all.begin(), all.end(), [&](const auto& item) { return item.file == file; });
    return found == all.end() ? nullptr : &*found;
}

const cadence::Cadence* CadenceCatalogue::default_cadence() const {
    const auto* welcome = find_template(default_cadence_template);
    return welcome && welcome->error.empty() ? &welcome->cadence : nullptr;
}

std::vector<cadence::Cadence> CadenceCatalogue::workspace_cadences(const nlohmann::json& workspace) const {
    std::vector<cadence::Cadence> list;
    if (!workspace.is_object() || !workspace.contains("cadences") || !workspace["cadences"].is_array()) {
        if (const auto* welcome = default_cadence()) list.push_back(*welcome);
        return list;
    }
    for (const auto& saved : workspace["cadences"]) {
        try {
            list.push_back(cadence::cadence_from_json(saved));
        } catch (const std::exception&) {
            // Left out: the Cadences section shows it with why it cannot be read.
        }
    }
    return list;
}

const cadence::Cadence* CadenceCatalogue::find(const CadenceChoice& choice, std::span<const cadence::Cadence> workspace) const {
    if (choice.workspace) {
        for (const auto& entry : workspace)
            if (entry.name == choice.key) return &entry;
        return nullptr;
    }
    for (const auto& entry : templates())
        if (entry.file == choice.key && entry.error.empty()) return &entry.cadence;
    return nullptr;
}

std::string CadenceCatalogue::name_of(const CadenceChoice& choice, std::span<const cadence::Cadence> workspace) const {
    const auto* found = find(choice, workspace);
    return found ? found->name : choice.key;
}

std::optional<CadenceChoice> CadenceCatalogue::choice_named(const std::string& name, std::span<const cadence::Cadence> workspace) const {
    for (const auto& entry : templates())
        if (entry.error.empty() && (entry.file == name || entry.file == name + ".json")) return CadenceChoice{entry.file, false};
    for (const auto& entry : workspace)
        if (entry.name == name) return CadenceChoice{entry.name, true};
    for (const auto& entry : templates())
        if (entry.error.empty() && entry.cadence.name == name) return CadenceChoice{entry.file, false};
    return std::nullopt;
}

}  // namespace touchpoint::web
