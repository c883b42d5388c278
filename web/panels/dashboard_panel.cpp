#include "dashboard_panel.hpp"

#include "../charts/chart.hpp"
#include "../format.hpp"
#include "../ui_scale.hpp"
#include "../workbench.hpp"
#include "feedback_panel.hpp"
#include "touchpoint/metrics/date_window.hpp"

#include <cstring>

namespace touchpoint::web {

namespace {

const char* definition_of(const char* key) {
    for (const auto& definition : metrics::metric_definitions())
        if (std::strcmp(definition.key, key) == 0) return definition.definition;
    return "";
}

const char* label_of(const char* key) {
    for (const auto& definition : metrics::metric_definitions())
        if (std::strcmp(definition.key, key) == 0) return definition.label;
    return key;
}

void draw_card(const char* key, const std::string& value, float width, const DashboardFonts& fonts,
               DashboardSnapshot& snapshot) {
    const char* label = label_of(key);
    ImGui::BeginChild(key, ImVec2(width, px(84.0f)), true, ImGuiWindowFlags_NoScrollbar);
    ImGui::TextDisabled("%s", label);
    if (fonts.value) ImGui::PushFont(fonts.value);
    ImGui::TextUnformatted(value.c_str());
    if (fonts.value) ImGui::PopFont();
    ImGui::EndChild();
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.0f);
        ImGui::TextUnformatted(definition_of(key));
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    snapshot.shown.push_back({key, label, value});
}

void draw_overview(const metrics::HeadlineMetrics& metrics, const DashboardFonts& fonts, DashboardSnapshot& snapshot) {
    ImGui::Spacing();

    // Four cards in a row, sharing the width.
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float card_width = (ImGui::GetContentRegionAvail().x - 3.0f * spacing) / 4.0f;
    snapshot.cards_min = ImGui::GetCursorScreenPos();
    draw_card("customers", format_count(metrics.customers), card_width, fonts, snapshot);
    ImGui::SameLine();
    draw_card("orders", format_count(metrics.orders), card_width, fonts, snapshot);
    ImGui::SameLine();
    draw_card("repeat_purchase_rate", format_percent(metrics.repeat_purchase_rate), card_width, fonts, snapshot);
    ImGui::SameLine();
    draw_card("median_days_between_orders", format_days(metrics.median_days_between_orders), card_width, fonts, snapshot);
    snapshot.cards_max = ImVec2(snapshot.cards_min.x + ImGui::GetContentRegionAvail().x, ImGui::GetItemRectMax().y);

    ImGui::Spacing();
    ImGui::Spacing();
    ImGui::TextUnformatted(label_of("returning_by_month"));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", definition_of("returning_by_month"));

    std::vector<std::string> months;
    std::vector<double> returning, new_customers;
    for (const auto& month : metrics.returning_by_month) {
        months.push_back(month.month);
        returning.push_back(static_cast<double>(month.returning));
        new_customers.push_back(static_cast<double>(month.new_customers));
    }
    const charts::BarSeries series[] = {
        {"Returning", returning, IM_COL32(46, 125, 196, 255)},
        {"New", new_customers, IM_COL32(151, 196, 232, 255)},
    };
    ImVec2 chart_size = ImGui::GetContentRegionAvail();
    chart_size.y = std::max(chart_size.y, 160.0f);
    if (charts::begin_chart("returning_by_month", chart_size)) {
        charts::stacked_bars(months, series);
        charts::end_chart();
    }
    const auto chart = charts::last_chart_rect();
    snapshot.chart_min = chart.min;
    snapshot.chart_max = chart.max;
}

}  // namespace

void draw_dashboard_panel(Workbench& workbench, const DashboardFonts& fonts, std::optional<DashboardTab>& select_tab,
                          DashboardSnapshot& snapshot) {
    snapshot.shown.clear();
    ImGui::TextDisabled("%s", workbench.source_description().c_str());
    const std::optional<metrics::DateWindow> window;  // the whole history
    if (!ImGui::BeginTabBar("dashboard_tabs")) return;
    const auto tab = [&](const char* label, DashboardTab which) {
        const bool selected = select_tab == which;
        const bool open = ImGui::BeginTabItem(label, nullptr, selected ? ImGuiTabItemFlags_SetSelected : 0);
        if (selected) select_tab.reset();
        return open;
    };
    if (tab("Overview", DashboardTab::Overview)) {
        draw_overview(workbench.metrics(), fonts, snapshot);
        ImGui::EndTabItem();
    }
    if (tab("Surveys", DashboardTab::Surveys)) {
        draw_surveys_view(workbench.shown_store(), workbench.dataset(), window, fonts.value);
        ImGui::EndTabItem();
    }
    if (tab("Support", DashboardTab::Support)) {
        draw_support_view(workbench.shown_store(), workbench.dataset(), window, fonts.value);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

}  // namespace touchpoint::web
