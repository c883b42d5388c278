#pragma once
// The Dashboard: headline retention numbers as cards and returning customers per month.
#include "touchpoint/metrics/headline.hpp"

#include <imgui.h>

#include <string>
#include <vector>

namespace touchpoint::web {

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

void draw_dashboard_panel(const metrics::HeadlineMetrics& metrics, const std::string& source_description,
                          const DashboardFonts& fonts, DashboardSnapshot& snapshot);

}  // namespace touchpoint::web
