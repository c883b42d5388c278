#pragma once
// The Cadences section: the workspace's cadences, made from templates or from scratch, on a
// timeline of days with one lane per channel; a step inspector; caps; warnings; undo and redo.
#include "../sections.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace touchpoint::web {

class Workbench;

// Returns the section the user asked to go to (e.g. Simulate), if any. heading may be nullptr.
std::optional<Section> draw_cadences_panel(Workbench& workbench, ImFont* heading);

// Test API: what the section shows, and commands that act as its controls do.
nlohmann::json cadences_state_json(const Workbench& workbench);
bool run_cadences_command(Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
