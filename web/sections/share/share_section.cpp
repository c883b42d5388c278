#include "sections/share/share_section.hpp"

#include "sections/share/share_panel.hpp"
#include "app/workbench.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace touchpoint::web {

namespace {
constexpr std::array<std::string_view, 1> prefixes{"share"};
}

std::optional<Section> ShareSection::draw(Workbench& workbench, const SectionFrame& frame) {
    return draw_share_panel(workbench, frame.heading);
}

void ShareSection::reset(Workbench&) {}

void ShareSection::add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const {
    ui["share"] = shown || workbench.read_only ? share_state_json() : nlohmann::json(nullptr);
}

std::span<const std::string_view> ShareSection::command_prefixes() const { return prefixes; }

bool ShareSection::run_command(Workbench& workbench, std::string_view, std::string_view arguments, std::optional<Section>& go_to) {
    go_to = Section::Share;
    return run_share_command(workbench, arguments);
}

void ShareSection::install(Workbench& workbench, PageView view) { install_sharing(workbench, std::move(view)); }
void ShareSection::follow(Workbench& workbench) { follow_sharing(workbench); }
void ShareSection::draw_viewer_bar(Workbench& workbench) { web::draw_viewer_bar(workbench); }

}  // namespace touchpoint::web
