#pragma once
// The Dashboard: retention figures for a date window (or two side by side) as cards and charts,
// and the Surveys and Support tabs.
#include "touchpoint/metrics/headline.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

enum class DashboardTab { Overview, Surveys, Support };

// What the dashboard drew in its last frame: the card texts and where things are,
// read by the page's test API so browser tests check what a person sees.
struct DashboardSnapshot {
    struct ShownValue {
        std::string key, label, text;
    };
    std::vector<ShownValue> shown;
    ImVec2 cards_min{}, cards_max{};
    ImVec2 chart_min{}, chart_max{};
};

struct DashboardFonts {
    ImFont* value = nullptr;  // large figures on the cards; nullptr uses the default font
};

void draw_dashboard_panel(Workbench& workbench, const DashboardFonts& fonts, std::optional<DashboardTab>& select_tab,
                          DashboardSnapshot& snapshot);

// Test API: the window(s) the Overview shows, and a command that chooses them as the controls do:
// {"preset": "Last 12 months"} or {"from": "2025-01-01", "to": "2025-06-30"}, optionally with
// "compare": true | false | "Period before" | "Same days a year earlier", "compare_from"/"compare_to",
// "churn_window_days" and "period" ("month" or "week").
nlohmann::json dashboard_state_json();
bool run_dashboard_command(Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
