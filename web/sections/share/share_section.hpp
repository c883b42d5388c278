#pragma once
// The Share section as the app holds it (app/section.hpp); its panel is share_panel.cpp. A
// workspace carries the Experiments section's designs and the Trainer's scenarios, so it reads
// and sets those through the two sections it is given.
#include "app/section.hpp"
#include "sections/share/share_panel.hpp"

#include <string>

namespace touchpoint::web {

class ExperimentsSection;
class TrainerSection;

class ShareSection final : public SectionView {
public:
    ShareSection(ExperimentsSection& experiments, TrainerSection& trainer) : experiments_(experiments), trainer_(trainer) {}

    std::optional<Section> draw(Workbench& workbench, const SectionFrame& frame) override;
    void reset(Workbench& workbench) override;
    void add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const override;
    std::span<const std::string_view> command_prefixes() const override;
    bool run_command(Workbench& workbench, std::string_view prefix, std::string_view arguments, std::optional<Section>& go_to) override;
    // Once, after the workbench started: takes workspaces from the page and opens the share link
    // the page's address carries, if any. `view` reads and sets what the page shows (its section
    // and theme), which links carry.
    void install(Workbench& workbench, PageView view);
    // Once a frame, before drawing: opens what arrived and keeps a viewed workspace read-only.
    void follow(Workbench& workbench);
    // Above every section while a published workspace is viewed read-only: what is shown, and
    // "Make my copy".
    void draw_viewer_bar(Workbench& workbench);

private:
    void open_arrival(Workbench& workbench, const WorkspaceArrival& arrival);
    nlohmann::json document_to_share(Workbench& workbench);
    void copy_link(Workbench& workbench);
    void save_file(Workbench& workbench);
    void open_sample(Workbench& workbench);
    void make_copy(Workbench& workbench);
    void draw_contents(Workbench& workbench);
    void draw_files(Workbench& workbench);
    void draw_link(Workbench& workbench);

    ExperimentsSection& experiments_;
    TrainerSection& trainer_;
    ShareState state_;
};

}  // namespace touchpoint::web
