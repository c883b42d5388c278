#pragma once
// The Simulate section as the app holds it (app/section.hpp); its panel is simulate_panel.cpp.
#include "app/section.hpp"
#include "sections/simulate/simulate_panel.hpp"

namespace touchpoint::web {

class SimulateSection final : public SectionView {
public:
    std::optional<Section> draw(Workbench& workbench, const SectionFrame& frame) override;
    void reset(Workbench& workbench) override;
    void add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const override;
    std::span<const std::string_view> command_prefixes() const override;
    bool run_command(Workbench& workbench, std::string_view prefix, std::string_view arguments, std::optional<Section>& go_to) override;

private:
    SimulateState state_;
};

}  // namespace touchpoint::web
