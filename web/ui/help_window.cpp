#include "ui/help_window.hpp"

#include "charts/chart_gallery.hpp"
#include "ui/limits_text.hpp"
#include "touchpoint/help/glossary.hpp"
#include "ui/ui_scale.hpp"

#include <imgui.h>

#include <string>

namespace touchpoint::web {

const std::vector<Shortcut>& shortcuts() {
    static const std::vector<Shortcut> list{
        {"1 ... 9", "Go to a section (Data, Dashboard, Segments, Models, Cadences, Simulate, Experiments, Trainer, Share)"},
        {"Ctrl+O", "Open a file to import (CSV, TSV) or a .sqlite database"},
        {"Ctrl+S", "Save a copy of the local database (.sqlite)"},
        {"Ctrl+Z", "Undo the last edit"},
        {"Ctrl+Y, Ctrl+Shift+Z", "Redo"},
        {"F1", "Show or hide this help"},
        {"Right-click a chart", "Save the chart as PNG or its data as CSV"},
        {"Wheel / drag / double-click on a chart", "Zoom, pan and reset the x axis"},
        {"Ctrl+A, Ctrl+C in a table", "Select all rows, copy the selected rows"},
    };
    return list;
}

namespace {

void draw_shortcuts() {
    if (!ImGui::BeginTable("shortcuts", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("Keys", ImGuiTableColumnFlags_WidthFixed, px(220.0f));
    ImGui::TableSetupColumn("Does", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const auto& shortcut : shortcuts()) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(shortcut.keys);
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", shortcut.action);
    }
    ImGui::EndTable();
}

void draw_glossary(ImGuiTextFilter& filter) {
    filter.Draw("Find", px(240.0f));
    ImGui::BeginChild("entries");
    for (const auto group : help::glossary_groups()) {
        bool group_shown = false;
        for (const auto* entry : help::entries_in_group(group)) {
            const std::string line = std::string(entry->label) + " " + std::string(entry->key) + " " + std::string(entry->definition);
            if (!filter.PassFilter(line.c_str())) continue;
            if (!group_shown) {
                ImGui::Spacing();
                ImGui::TextDisabled("%.*s", static_cast<int>(group.size()), group.data());
                ImGui::Separator();
                group_shown = true;
            }
            ImGui::TextUnformatted(entry->label.data(), entry->label.data() + entry->label.size());
            ImGui::Indent();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled("%.*s", static_cast<int>(entry->definition.size()), entry->definition.data());
            ImGui::PopTextWrapPos();
            ImGui::Unindent();
        }
    }
    ImGui::EndChild();
}

void draw_limits() {
    ImGui::TextWrapped("What the page handles; anything larger is refused with a message, and nothing already stored changes.");
    if (!ImGui::BeginTable("limits", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("Limit", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("At most", ImGuiTableColumnFlags_WidthFixed, px(200.0f));
    ImGui::TableHeadersRow();
    for (const auto& line : limit_lines()) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(line.what.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(line.value.c_str());
    }
    ImGui::EndTable();
    ImGui::TextDisabled("The command line (touchpoint import) reads larger files.");
}

}  // namespace

void draw_help_window(HelpWindow& help, bool* open, std::optional<HelpTab>& select_tab) {
    if (!*open) return;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f, viewport->WorkPos.y + viewport->WorkSize.y * 0.5f),
                            ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x * 0.8f, viewport->WorkSize.y * 0.8f), ImGuiCond_Appearing);
    if (ImGui::Begin("Help (F1)", open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
        const auto flags_for = [&](HelpTab tab) {
            return select_tab == tab ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
        };
        if (ImGui::BeginTabBar("help")) {
            if (ImGui::BeginTabItem("Shortcuts", nullptr, flags_for(HelpTab::Shortcuts))) {
                draw_shortcuts();
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Glossary", nullptr, flags_for(HelpTab::Glossary))) {
                draw_glossary(help.glossary_filter);
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Chart kinds", nullptr, flags_for(HelpTab::Charts))) {
                charts::draw_chart_gallery();
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Limits", nullptr, flags_for(HelpTab::Limits))) {
                draw_limits();
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
        select_tab.reset();
    }
    ImGui::End();
}

void hover_definition(std::string_view key, const char* hint) {
    if (!ImGui::IsItemHovered()) return;
    const auto definition = help::definition_of(key);
    if (definition.empty() && !hint) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
    ImGui::TextUnformatted(definition.data(), definition.data() + definition.size());
    ImGui::PopTextWrapPos();
    if (hint) {
        if (!definition.empty()) ImGui::Separator();
        ImGui::TextDisabled("%s", hint);
    }
    ImGui::EndTooltip();
}

}  // namespace touchpoint::web
