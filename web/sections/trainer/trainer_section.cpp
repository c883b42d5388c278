#include "sections/trainer/trainer_section.hpp"

#include "sections/trainer/trainer_panel.hpp"
#include "app/workbench.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace touchpoint::web {

namespace {
constexpr std::array<std::string_view, 1> prefixes{"trainer"};
}

std::optional<Section> TrainerSection::draw(Workbench& workbench, const SectionFrame& frame) {
    return draw_trainer_panel(workbench, frame.heading);
}

void TrainerSection::reset(Workbench&) {}

void TrainerSection::add_test_state(const Workbench&, bool shown, nlohmann::json& ui) const {
    ui["trainer"] = shown ? trainer_state_json() : nlohmann::json(nullptr);
}

std::span<const std::string_view> TrainerSection::command_prefixes() const { return prefixes; }

bool TrainerSection::run_command(Workbench& workbench, std::string_view, std::string_view arguments, std::optional<Section>& go_to) {
    go_to = Section::Trainer;
    return run_trainer_command(workbench, arguments);
}

void TrainerSection::receive_scenario_file(const std::string& file_name, std::string_view text) {
    receive_trainer_scenario_file(file_name, text);
}

}  // namespace touchpoint::web
