#pragma once
// Figure cards (a label, a large value, detail lines) are as tall as their text in the fonts
// loaded, which change with the device pixel ratio: a fixed height cuts the last line off.
#include <imgui.h>

namespace touchpoint::web {

inline float card_height(const ImFont* value_font, int text_lines) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float value_height = value_font ? value_font->FontSize : ImGui::GetFontSize();
    return 2.0f * style.WindowPadding.y + static_cast<float>(text_lines) * ImGui::GetTextLineHeightWithSpacing() + value_height +
           style.ItemSpacing.y;
}

}  // namespace touchpoint::web
