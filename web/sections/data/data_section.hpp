#pragma once
// The Data section as the app holds it (app/section.hpp); its panel is data_panel.cpp.
#include "app/section.hpp"
#include "sections/data/data_panel.hpp"

namespace touchpoint::web {

class DataSection final : public SectionView {
public:
    std::optional<Section> draw(Workbench& workbench, const SectionFrame& frame) override;
    void reset(Workbench& workbench) override;
    void add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const override;
    std::span<const std::string_view> command_prefixes() const override;
    bool run_command(Workbench& workbench, std::string_view prefix, std::string_view arguments, std::optional<Section>& go_to) override;

private:
    std::optional<DataTab> select_tab_;  // brought forward on the next frame
    BrowseTables tables_;  // they follow the Dataset shown when drawn
    BrowseSnapshot snapshot_;  // what the last frame's table drew
};

}  // namespace touchpoint::web
