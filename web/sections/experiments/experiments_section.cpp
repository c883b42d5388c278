#include "sections/experiments/experiments_section.hpp"

#include "sections/experiments/experiments_panel.hpp"
#include "app/workbench.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace touchpoint::web {

namespace {
constexpr std::array<std::string_view, 1> prefixes{"experiments"};
}

std::optional<Section> ExperimentsSection::draw(Workbench& workbench, const SectionFrame& frame) {
    return draw_experiments_panel(workbench, frame.heading);
}

void ExperimentsSection::reset(Workbench&) {}

void ExperimentsSection::add_test_state(const Workbench&, bool shown, nlohmann::json& ui) const {
    ui["experiments"] = shown ? experiments_state_json() : nlohmann::json(nullptr);
}

std::span<const std::string_view> ExperimentsSection::command_prefixes() const { return prefixes; }

bool ExperimentsSection::run_command(Workbench& workbench, std::string_view, std::string_view arguments, std::optional<Section>& go_to) {
    go_to = Section::Experiments;
    return run_experiments_command(workbench, arguments);
}

}  // namespace touchpoint::web
