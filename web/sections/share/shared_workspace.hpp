#pragma once
// The workspace as the page shares it and opens it (docs/workspace.md). Sharing gathers the
// editors' state (cadences, segment rules, authored scenarios), the behaviour model the
// simulator uses, the view and aggregate summaries into a workspace document; customer rows go
// in only when the user ticked "include customer data". Opening reads any version, migrates it,
// validates it, and makes it the editors' state as one step the user can undo.
#include "touchpoint/workspace/workspace.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

struct ShareOptions {
    bool include_customer_data = false;
};

// What the sections hold that the editors' state does not.
struct SectionParts {
    nlohmann::json view;         // {"section": ..., "theme": ...}, from the page
    nlohmann::json scenarios;    // those written in the Trainer
    nlohmann::json experiments;  // the Experiments section's designs and results
};

nlohmann::json shared_workspace(const Workbench& workbench, const SectionParts& parts, const ShareOptions& options);

struct OpenedWorkspace {
    nlohmann::json view;                  // the document's view settings (null when none)
    nlohmann::json scenarios;             // its role-play scenarios, for the Trainer (null when none)
    nlohmann::json experiments;           // its experiment designs, for the Experiments section (null when none)
    int original_version = 0;
    std::vector<workspace::WorkspaceIssue> warnings;
};

// Throws workspace::WorkspaceError (the line and column of a syntax error, or the field) and
// leaves the workbench as it was.
OpenedWorkspace open_workspace(Workbench& workbench, std::string_view text);

// Customer ids of the data shown that occur as text in the document (a whole string value, or a
// word of one): what the page checks before a workspace without customer data leaves it.
std::vector<std::string> customer_ids_in(const Workbench& workbench, const nlohmann::json& document, std::size_t at_most = 5);

}  // namespace touchpoint::web
