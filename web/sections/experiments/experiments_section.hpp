#pragma once
// The Experiments section as the app holds it (app/section.hpp): it owns the tabs' state; its
// panel is experiments_panel.cpp.
#include "app/section.hpp"
#include "sections/experiments/experiments_panel.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace touchpoint::web {

class ExperimentsSection final : public SectionView {
public:
    std::optional<Section> draw(Workbench& workbench, const SectionFrame& frame) override;
    void reset(Workbench& workbench) override;
    void add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const override;
    std::span<const std::string_view> command_prefixes() const override;
    bool run_command(Workbench& workbench, std::string_view prefix, std::string_view arguments, std::optional<Section>& go_to) override;

    // The section's designs and results as a workspace carries them: {"designs": [{"kind":
    // "sweep" | "power" | "simulated_experiment", "settings": as the tab's test API}], "results":
    // [{"kind", "result"}] (the tabs' last results)}.
    nlohmann::json workspace_json() const;
    // Sets the tabs' controls from a workspace's designs; a design this build cannot take is skipped.
    void apply_workspace(Workbench& workbench, const nlohmann::json& experiments);

private:
    ExperimentsState state_;
};

}  // namespace touchpoint::web
