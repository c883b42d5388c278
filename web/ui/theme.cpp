#include "ui/theme.hpp"

namespace touchpoint::web {

namespace {
ThemeColours colours_in_use;
}

const char* theme_name(Theme theme) { return theme == Theme::Dark ? "dark" : "light"; }

void apply_theme(Theme theme, float scale) {
    ImGuiStyle style;  // a fresh style: ScaleAllSizes must start from unscaled sizes
    if (theme == Theme::Dark) ImGui::StyleColorsDark(&style);
    else ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0.0f;
    style.ChildRounding = 6.0f;
    style.FrameRounding = 4.0f;
    style.PopupRounding = 4.0f;
    style.WindowPadding = ImVec2(16.0f, 14.0f);
    style.ItemSpacing = ImVec2(10.0f, 8.0f);
    if (theme == Theme::Dark) {
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.0f);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(0.15f, 0.16f, 0.19f, 1.0f);
        style.Colors[ImGuiCol_PopupBg] = ImVec4(0.15f, 0.16f, 0.19f, 0.98f);
        colours_in_use = {IM_COL32(255, 122, 112, 255), IM_COL32(96, 165, 250, 255), IM_COL32(150, 156, 168, 255)};
    } else {
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.0f);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
        // ImGui's light frames are white: on white panels fields and checkboxes would not show.
        style.Colors[ImGuiCol_FrameBg] = ImVec4(0.93f, 0.94f, 0.96f, 1.0f);
        style.Colors[ImGuiCol_Border] = ImVec4(0.0f, 0.0f, 0.0f, 0.18f);
        style.FrameBorderSize = 1.0f;
        colours_in_use = {IM_COL32(176, 32, 32, 255), IM_COL32(37, 99, 235, 255), IM_COL32(110, 114, 124, 255)};
    }
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

const ThemeColours& theme_colours() { return colours_in_use; }

}  // namespace touchpoint::web
