#pragma once
// Light and dark themes: ImGui's colours plus the few the panels draw with themselves.
#include <imgui.h>

namespace touchpoint::web {

enum class Theme { Light, Dark };

const char* theme_name(Theme theme);

// Sets ImGui's style for the theme at the given UI scale (device pixels per CSS pixel).
void apply_theme(Theme theme, float scale);

// Colours the panels use beyond ImGui's own.
struct ThemeColours {
    ImU32 error_text;
    ImU32 accent;
    ImU32 muted_text;
};
const ThemeColours& theme_colours();

}  // namespace touchpoint::web
