#pragma once
// The Share section (docs/workspace.md): what the workspace holds, Save and Open as a file, a
// share link that carries the workspace in the address's fragment, how to publish it for a
// static site, and the "include customer data" choice (off unless the user confirms a warning).
// It also opens what arrives from elsewhere: a link the page was opened with, a published
// folder's workspace.json (viewer mode: read-only, with "Make my copy"), a workspace file.
#include "app/sections.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string_view>

namespace touchpoint::web {

class Workbench;

// The page's view settings, which a workspace carries ("view": {"section", "theme"}).
struct PageView {
    std::function<nlohmann::json()> current;
    std::function<void(const nlohmann::json&)> apply;
};

// Call once after the workbench started: takes workspaces from the page and opens the share link
// the page's address carries, if any.
void install_sharing(Workbench& workbench, PageView view);
// Call every frame before drawing: opens what arrived and keeps a viewed workspace read-only.
void follow_sharing(Workbench& workbench);
// In viewer mode, a bar above every section: what is shown, and "Make my copy".
void draw_viewer_bar(Workbench& workbench);

// Returns the section the user asked to go to, if any. heading may be nullptr.
std::optional<Section> draw_share_panel(Workbench& workbench, ImFont* heading);

// Test API: {"read_only", "include_customer_data", "document": the workspace last saved or put
// in a link, "link": {"url", "chars", "too_long", "pending", "error"}, "opened": {"source",
// "title", "original_version", "warnings", "error"}, "customer_ids_found": [...]}. Commands:
// "copy_link", "save_file", "include_customer_data:1" (as if the warning was confirmed),
// "include_customer_data:0", "make_copy", "open_sample" (assets/workspaces/sample_workspace.json). Buttons publish click targets "share:<command>".
nlohmann::json share_state_json();
bool run_share_command(Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
