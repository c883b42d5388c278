#pragma once
// The drill-down (windows over any section, not in the sidebar) section as the app holds it (app/section.hpp); its panel is drill_down.cpp.
#include "app/section.hpp"
#include "sections/drill_down/drill_down.hpp"

namespace touchpoint::web {

class DrillDownSection final : public SectionView {
public:
    // Opens first what other sections asked for in `workbench.handoffs` this frame.
    std::optional<Section> draw(Workbench& workbench, const SectionFrame& frame) override;
    void reset(Workbench& workbench) override;
    void add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const override;
    std::span<const std::string_view> command_prefixes() const override;
    bool run_command(Workbench& workbench, std::string_view prefix, std::string_view arguments, std::optional<Section>& go_to) override;

private:
    DrillDown state_;
};

}  // namespace touchpoint::web
