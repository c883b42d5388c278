#include "sections/dashboard/dashboard_section.hpp"

#include "sections/dashboard/dashboard_panel.hpp"
#include "sections/dashboard/surveys_support_tabs.hpp"
#include "app/workbench.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace touchpoint::web {

namespace {
constexpr std::array<std::string_view, 2> prefixes{"dashboard", "dashboard_window"};
}

std::optional<Section> DashboardSection::draw(Workbench& workbench, const SectionFrame& frame) {
    draw_dashboard_panel(workbench, {frame.heading}, select_tab_, overview_, feedback_, snapshot_);
    return std::nullopt;
}

// The Overview follows the Dataset when next drawn or sent a command (it keeps the presets); the
// feedback figures of the old data go now.
void DashboardSection::reset(Workbench&) {
    feedback_.surveys = {};
    feedback_.support = {};
}

void DashboardSection::add_test_state(const Workbench&, bool shown, nlohmann::json& ui) const {
    ui["dashboard"] = shown ? dashboard_state_json(overview_) : nlohmann::json(nullptr);
    ui["feedback"] = shown ? feedback_state_json(feedback_) : nlohmann::json(nullptr);
}

std::span<const std::string_view> DashboardSection::command_prefixes() const { return prefixes; }

bool DashboardSection::run_command(Workbench& workbench, std::string_view prefix, std::string_view arguments, std::optional<Section>& go_to) {
    go_to = Section::Dashboard;
    if (prefix == "dashboard_window") {
        select_tab_ = DashboardTab::Overview;
        return run_dashboard_command(overview_, workbench, arguments);
    }
    if (arguments != "overview" && arguments != "surveys" && arguments != "support") return false;
    select_tab_ = arguments == "surveys" ? DashboardTab::Surveys : arguments == "support" ? DashboardTab::Support : DashboardTab::Overview;
    return true;
}

}  // namespace touchpoint::web
