#pragma once
// The Segments section as the app holds it (app/section.hpp); its panel is segments_panel.cpp.
#include "app/section.hpp"
#include "sections/segments/segments_panel.hpp"

namespace touchpoint::web {

class SegmentsSection final : public SectionView {
public:
    std::optional<Section> draw(Workbench& workbench, const SectionFrame& frame) override;
    void reset(Workbench& workbench) override;
    void add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const override;
    std::span<const std::string_view> command_prefixes() const override;
    bool run_command(Workbench& workbench, std::string_view prefix, std::string_view arguments, std::optional<Section>& go_to) override;

private:
    std::optional<SegmentsTab> select_tab_;  // brought forward on the next frame
    SegmentsView view_;
    SegmentsSnapshot snapshot_;  // what the last frame drew
};

}  // namespace touchpoint::web
