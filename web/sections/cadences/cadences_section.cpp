#include "sections/cadences/cadences_section.hpp"

#include "app/workbench.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace touchpoint::web {

namespace {
constexpr std::array<std::string_view, 1> prefixes{"cadences"};
}

std::optional<Section> CadencesSection::draw(Workbench& workbench, const SectionFrame&) { return draw_cadences_panel(panel_, workbench); }

// The cadences live in the workspace, which the panel follows by its revision: new data changes nothing.
void CadencesSection::reset(Workbench&) {}

void CadencesSection::add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const {
    ui["cadences"] = shown ? cadences_state_json(panel_, workbench) : nlohmann::json(nullptr);
}

std::span<const std::string_view> CadencesSection::command_prefixes() const { return prefixes; }

bool CadencesSection::run_command(Workbench& workbench, std::string_view, std::string_view arguments, std::optional<Section>& go_to) {
    go_to = Section::Cadences;
    return run_cadences_command(panel_, workbench, arguments);
}

}  // namespace touchpoint::web
