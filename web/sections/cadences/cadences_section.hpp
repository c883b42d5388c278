#pragma once
// The Cadences section as the app holds it (app/section.hpp): it owns the panel's state; its
// panel is cadences_panel.cpp.
#include "app/section.hpp"
#include "sections/cadences/cadences_panel.hpp"

#include <string>

namespace touchpoint::web {

class CadencesSection final : public SectionView {
public:
    std::optional<Section> draw(Workbench& workbench, const SectionFrame& frame) override;
    void reset(Workbench& workbench) override;
    void add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const override;
    std::span<const std::string_view> command_prefixes() const override;
    bool run_command(Workbench& workbench, std::string_view prefix, std::string_view arguments, std::optional<Section>& go_to) override;

private:
    CadencesPanel panel_;
};

}  // namespace touchpoint::web
