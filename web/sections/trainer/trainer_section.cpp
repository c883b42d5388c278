#include "sections/trainer/trainer_section.hpp"

#include "sections/trainer/trainer_panel.hpp"
#include "app/workbench.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace touchpoint::web {

namespace {
constexpr std::array<std::string_view, 1> prefixes{"trainer"};
}

std::optional<Section> TrainerSection::draw(Workbench& workbench, const SectionFrame& frame) {
    return draw_trainer_panel(state_, workbench, frame.heading);
}

// Nothing here is derived from the data shown. The first reset comes before the first frame
// draws, once the page's files are there: the library is read then, so that the scenarios kept
// in this browser are counted before the section is first shown.
void TrainerSection::reset(Workbench&) { load_trainer_library(state_); }

void TrainerSection::add_test_state(const Workbench&, bool shown, nlohmann::json& ui) const {
    ui["trainer"] = shown ? trainer_state_json(state_) : nlohmann::json(nullptr);
}

std::span<const std::string_view> TrainerSection::command_prefixes() const { return prefixes; }

bool TrainerSection::run_command(Workbench& workbench, std::string_view, std::string_view arguments, std::optional<Section>& go_to) {
    go_to = Section::Trainer;
    return run_trainer_command(state_, workbench, arguments);
}

void TrainerSection::receive_scenario_file(const std::string& file_name, std::string_view text) {
    load_trainer_library(state_);
    import_scenario_text(state_, file_name, text);
    state_.select_tab = TrainerTab::Author;
}

nlohmann::json TrainerSection::authored_scenarios_json() const {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& entry : state_.authored) list.push_back(roleplay::to_json(entry.scenario));
    return list;
}

void TrainerSection::add_workspace_scenarios(const nlohmann::json& scenarios, bool keep) {
    load_trainer_library(state_);
    if (!scenarios.is_array() || scenarios.empty()) return;
    for (const auto& json : scenarios) {
        auto scenario = roleplay::scenario_from_json(json);  // the workspace was validated when it was opened
        auto issues = roleplay::validate_scenario(scenario);
        const auto same = std::find_if(state_.authored.begin(), state_.authored.end(),
                                       [&](const ScenarioEntry& entry) { return entry.scenario.id == scenario.id; });
        if (same != state_.authored.end()) *same = {std::move(scenario), false, "", std::move(issues)};
        else state_.authored.push_back({std::move(scenario), false, "", std::move(issues)});
    }
    if (keep) save_authored_scenarios(state_);
}

}  // namespace touchpoint::web
