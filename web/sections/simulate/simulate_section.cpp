#include "sections/simulate/simulate_section.hpp"

#include "app/workbench.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace touchpoint::web {

namespace {
constexpr std::array<std::string_view, 1> prefixes{"simulate"};
}

std::optional<Section> SimulateSection::draw(Workbench& workbench, const SectionFrame& frame) {
    return draw_simulate_panel(state_, workbench, frame.heading);
}

// Nothing here comes from the Dataset: the customers are drawn from the model handed over, the
// workspace's or the sample shop's, and the workspace is followed by its revision.
void SimulateSection::reset(Workbench&) {}

void SimulateSection::add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const {
    ui["simulator"] = simulator_models_json(workbench);
    ui["simulate"] = shown ? simulate_state_json(state_, workbench) : nlohmann::json(nullptr);
}

std::span<const std::string_view> SimulateSection::command_prefixes() const { return prefixes; }

bool SimulateSection::run_command(Workbench& workbench, std::string_view, std::string_view arguments, std::optional<Section>& go_to) {
    go_to = Section::Simulate;
    return run_simulate_command(state_, workbench, arguments);
}

}  // namespace touchpoint::web
