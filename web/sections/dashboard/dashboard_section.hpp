#pragma once
// The Dashboard section as the app holds it (app/section.hpp); its panel is dashboard_panel.cpp (the Surveys and Support tabs: surveys_support_tabs.cpp).
#include "app/section.hpp"
#include "sections/dashboard/dashboard_panel.hpp"

namespace touchpoint::web {

class DashboardSection final : public SectionView {
public:
    std::optional<Section> draw(Workbench& workbench, const SectionFrame& frame) override;
    void reset(Workbench& workbench) override;
    void add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const override;
    std::span<const std::string_view> command_prefixes() const override;
    bool run_command(Workbench& workbench, std::string_view prefix, std::string_view arguments, std::optional<Section>& go_to) override;
    // What the Overview drew in its last frame: the cards and where they are.
    const DashboardSnapshot& snapshot() const { return snapshot_; }

private:
    std::optional<DashboardTab> select_tab_;  // brought forward on the next frame
    OverviewState overview_;
    FeedbackState feedback_;  // the Surveys and Support tabs
    DashboardSnapshot snapshot_;
};

}  // namespace touchpoint::web
