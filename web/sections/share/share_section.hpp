#pragma once
// The Share section as the app holds it (app/section.hpp); its panel is share_panel.cpp.
#include "app/section.hpp"
#include "sections/share/share_panel.hpp"

#include <string>

namespace touchpoint::web {

class ShareSection final : public SectionView {
public:
    std::optional<Section> draw(Workbench& workbench, const SectionFrame& frame) override;
    void reset(Workbench& workbench) override;
    void add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const override;
    std::span<const std::string_view> command_prefixes() const override;
    bool run_command(Workbench& workbench, std::string_view prefix, std::string_view arguments, std::optional<Section>& go_to) override;
    // At start: links and published folders open workspaces; `view` reads and sets what the
    // page shows (its section and theme), which links carry.
    void install(Workbench& workbench, PageView view);
    // Once a frame, before drawing: a link's workspace that arrived is opened.
    void follow(Workbench& workbench);
    // Above every section while a published workspace is viewed read-only.
    void draw_viewer_bar(Workbench& workbench);
};

}  // namespace touchpoint::web
