#pragma once
// The Trainer section as the app holds it (app/section.hpp); its panel is trainer_panel.cpp.
#include "app/section.hpp"
#include "sections/trainer/trainer_state.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace touchpoint::web {

class TrainerSection final : public SectionView {
public:
    std::optional<Section> draw(Workbench& workbench, const SectionFrame& frame) override;
    void reset(Workbench& workbench) override;
    void add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const override;
    std::span<const std::string_view> command_prefixes() const override;
    bool run_command(Workbench& workbench, std::string_view prefix, std::string_view arguments, std::optional<Section>& go_to) override;
    // A role-play scenario file the user opened or dropped on the page: to the editor.
    void receive_scenario_file(const std::string& file_name, std::string_view text);

    // The scenarios written or imported in this browser, as a workspace carries them (each as its JSON).
    nlohmann::json authored_scenarios_json() const;
    // Scenarios that came with an opened workspace join those written here (one of the same id is
    // replaced); keep: also save them in this browser (not in viewer mode).
    void add_workspace_scenarios(const nlohmann::json& scenarios, bool keep);

private:
    TrainerState state_;
};

}  // namespace touchpoint::web
