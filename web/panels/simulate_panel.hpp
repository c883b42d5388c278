#pragma once
// The Simulate section. The simulator itself is still to come; what it will start from is
// already here: the behaviour model the Models section handed over with "Use in simulator".
#include "../sections.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace touchpoint::web {

class Workbench;

// Returns the section the user asked to go to, if any. heading may be nullptr.
std::optional<Section> draw_simulate_panel(Workbench& workbench, ImFont* heading);

// Test API: the models the simulator will draw from (null when none was handed over).
nlohmann::json simulator_models_json(const Workbench& workbench);
// Test API: what the section shows, and commands that act as its controls do.
nlohmann::json simulate_state_json(const Workbench& workbench);
bool run_simulate_command(Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
