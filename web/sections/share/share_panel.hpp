#pragma once
// The Share section (docs/workspace.md): what the workspace holds, Save and Open as a file, a
// share link that carries the workspace in the address's fragment, how to publish it for a
// static site, and the "include customer data" choice (off unless the user confirms a warning).
// It also opens what arrives from elsewhere: a link the page was opened with, a published
// folder's workspace.json (viewer mode: read-only, with "Make my copy"), a workspace file.
// The ShareSection (share_section.hpp) holds the state below; share_panel.cpp draws it.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace touchpoint::web {

class Workbench;

// The page's view settings, which a workspace carries ("view": {"section", "theme"}).
struct PageView {
    std::function<nlohmann::json()> current;
    std::function<void(const nlohmann::json&)> apply;
};

// A workspace that came in, opened before the next frame draws.
struct WorkspaceArrival {
    std::string text;
    std::string source;  // "link", "published" or a file name
    std::string error;
};

struct ShareLinkState {
    std::string url;
    std::size_t chars = 0;
    bool too_long = false;
    bool pending = false;
    std::string error;
};

struct OpenedWorkspaceState {
    std::string source;
    std::string title;
    int original_version = 0;
    std::vector<std::string> warnings;
    std::string error;
};

struct ShareState {
    PageView view;
    std::vector<WorkspaceArrival> arrivals;
    bool include_customer_data = false;
    bool confirm_customer_data = false;  // the warning is open
    nlohmann::json document;             // the workspace last saved or linked
    ShareLinkState link;
    std::string shown_link;  // the link's text field edits this copy
    OpenedWorkspaceState opened;
    std::vector<std::string> customer_ids_found;
    nlohmann::json viewed_state;        // viewer mode: the editors' state to keep
    std::uint64_t viewed_revision = 0;  // the workspace's revision when viewed_state was set
};

// Test API: {"read_only", "include_customer_data", "document": the workspace last saved or put
// in a link, "link": {"url", "chars", "too_long", "pending", "error"}, "opened": {"source",
// "title", "original_version", "warnings", "error"}, "customer_ids_found": [...]}. Commands:
// "copy_link", "save_file", "include_customer_data:1" (as if the warning was confirmed),
// "include_customer_data:0", "make_copy", "open_sample" (assets/workspaces/sample_workspace.json). Buttons publish click targets "share:<command>".
nlohmann::json share_state_json(const ShareState& state, const Workbench& workbench);

}  // namespace touchpoint::web
