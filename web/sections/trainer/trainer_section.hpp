#pragma once
// The Trainer section as the app holds it (app/section.hpp); its panel is trainer_panel.cpp.
#include "app/section.hpp"

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
};

}  // namespace touchpoint::web
