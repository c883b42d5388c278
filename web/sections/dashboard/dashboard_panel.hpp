#pragma once
// The Dashboard: retention figures for a date window (or two side by side) as cards and charts,
// and the Surveys and Support tabs.
#include "sections/dashboard/surveys_support_tabs.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/metrics/date_window.hpp"
#include "touchpoint/metrics/headline.hpp"
#include "touchpoint/metrics/retention.hpp"

#include <imgui.h>
#include <nlohmann/json_fwd.hpp>

#include <array>
#include <memory>
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

// What the Overview shows for one Dataset; the report is computed again only when a choice changes.
struct OverviewState {
    // A window as the user chose it: a preset, or dates typed in.
    struct WindowChoice {
        int preset = 0;  // index into window_preset_labels or compare_preset_labels
        metrics::DateWindow window;
        std::array<char, 16> from{}, to{};
        bool dates_invalid = false;

        void show_dates();  // the window's days into the two fields
    };

    std::shared_ptr<const data::Dataset> dataset;
    std::optional<metrics::DateWindow> history;
    WindowChoice a, b;
    bool compare = false;
    int churn_window_days = 90;
    metrics::Period period = metrics::Period::Month;
    bool stale = true;
    std::optional<metrics::RetentionReport> report;          // window A
    std::optional<metrics::RetentionComparison> comparison;  // A and B, when comparing
};

// The Overview and the Surveys and Support tabs (which follow the Overview's window A).
void draw_dashboard_panel(Workbench& workbench, const DashboardFonts& fonts, std::optional<DashboardTab>& select_tab,
                          OverviewState& overview, FeedbackState& feedback, DashboardSnapshot& snapshot);

// Test API: the window(s) the Overview shows, and a command that chooses them as the controls do:
// {"preset": "Last 12 months"} or {"from": "2025-01-01", "to": "2025-06-30"}, optionally with
// "compare": true | false | "Period before" | "Same days a year earlier", "compare_from"/"compare_to",
// "churn_window_days" and "period" ("month" or "week").
nlohmann::json dashboard_state_json(const OverviewState& state);
bool run_dashboard_command(OverviewState& state, Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
