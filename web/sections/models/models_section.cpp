#include "sections/models/models_section.hpp"

#include "app/workbench.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace touchpoint::web {

namespace {
constexpr std::array<std::string_view, 1> prefixes{"models"};
}

std::optional<Section> ModelsSection::draw(Workbench& workbench, const SectionFrame& frame) {
    return draw_models_panel(state_, workbench, frame.heading);
}

void ModelsSection::reset(Workbench& workbench) { follow_dataset(state_, workbench); }

void ModelsSection::add_test_state(const Workbench&, bool shown, nlohmann::json& ui) const {
    ui["models"] = shown ? models_state_json(state_) : nlohmann::json(nullptr);
}

std::span<const std::string_view> ModelsSection::command_prefixes() const { return prefixes; }

bool ModelsSection::run_command(Workbench& workbench, std::string_view, std::string_view arguments, std::optional<Section>& go_to) {
    if (arguments == "use_in_simulator") {
        if (!use_fit_in_simulator(state_, workbench)) return false;
        go_to = Section::Simulate;
        return true;
    }
    go_to = Section::Models;
    // A command may come between a new Dataset and the frame that resets the sections.
    follow_dataset(state_, workbench);
    return run_models_command(state_, workbench, arguments);
}

}  // namespace touchpoint::web
