#include "cadences_panel.hpp"

#include "section_panels.hpp"
#include "../workbench.hpp"

namespace touchpoint::web {

std::optional<Section> draw_cadences_panel(Workbench&, ImFont* heading) { return draw_empty_state(Section::Cadences, heading); }

nlohmann::json cadences_state_json(const Workbench&) { return nullptr; }

bool run_cadences_command(Workbench&, std::string_view) { return false; }

}  // namespace touchpoint::web
