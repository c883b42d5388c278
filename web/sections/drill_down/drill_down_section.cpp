#include "sections/drill_down/drill_down_section.hpp"

#include "sections/drill_down/drill_down.hpp"
#include "app/workbench.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace touchpoint::web {

namespace {
constexpr std::array<std::string_view, 1> prefixes{"drill"};
}

std::optional<Section> DrillDownSection::draw(Workbench& workbench, const SectionFrame&) {
    draw_drill_down(state_, workbench);
    return std::nullopt;
}

void DrillDownSection::reset(Workbench& workbench) { forget_old_data(state_, workbench); }

void DrillDownSection::add_test_state(const Workbench&, bool, nlohmann::json& ui) const {
    ui["drill_down"] = drill_down_state_json(state_);
}

std::span<const std::string_view> DrillDownSection::command_prefixes() const { return prefixes; }

bool DrillDownSection::run_command(Workbench& workbench, std::string_view, std::string_view arguments, std::optional<Section>&) {
    return run_drill_down_command(state_, workbench, arguments);
}

}  // namespace touchpoint::web
