#pragma once
// The cadences the page offers: the templates it ships (read once, the first time they are
// asked for) and the workspace's own, as the Cadences section keeps them. The Workbench holds
// the one catalogue; the sections that pick cadences (Cadences, Simulate, Experiments) look
// their choices up in it.
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/cadence/templates.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace touchpoint::web {

// Where the page keeps the templates: the web build copies every assets/**/*.json there.
inline constexpr const char* cadence_templates_folder = "/assets";
// What a workspace without cadences of its own shows.
inline constexpr std::string_view default_cadence_template = "second_sale_welcome.json";

// A cadence picked by a section: a template by its file name, or a cadence of the workspace by
// its name (read again when it is used, so an edit in the Cadences section is taken along).
struct CadenceChoice {
    std::string key;
    bool workspace = false;
    bool operator==(const CadenceChoice&) const = default;
};

class CadenceCatalogue {
public:
    explicit CadenceCatalogue(std::string folder = cadence_templates_folder) : folder_(std::move(folder)) {}

    // Sorted by file name; a template that could not be read is listed with its error.
    const std::vector<cadence::CadenceTemplate>& templates() const;
    // Why the folder could not be read; empty when it could.
    const std::string& error() const;
    // The template of that file, whether it reads or not; nullptr when there is none.
    const cadence::CadenceTemplate* find_template(std::string_view file) const;

    // The cadences of a workspace state ("cadences": cadence JSON) that can be read, in order; a
    // workspace that has never had cadences has the default template.
    std::vector<cadence::Cadence> workspace_cadences(const nlohmann::json& workspace) const;
    // The default template's cadence; nullptr when it cannot be read.
    const cadence::Cadence* default_cadence() const;

    // The cadence a choice names among the templates that read and `workspace` (the workspace's
    // cadences); nullptr when it is no longer there.
    const cadence::Cadence* find(const CadenceChoice& choice, std::span<const cadence::Cadence> workspace) const;
    // The cadence's name, or the choice's key when it is no longer there.
    std::string name_of(const CadenceChoice& choice, std::span<const cadence::Cadence> workspace) const;
    // A template's file ("win_back.json" or "win_back"), a workspace cadence's name, or a
    // template's cadence name, in that order; empty when none matches.
    std::optional<CadenceChoice> choice_named(const std::string& name, std::span<const cadence::Cadence> workspace) const;

private:
    void load() const;

    std::string folder_;
    // Read on first use, from const lookups too: the templates never change while the page runs.
    mutable bool loaded_ = false;
    mutable std::vector<cadence::CadenceTemplate> templates_;
    mutable std::string error_;
};

}  // namespace touchpoint::web
