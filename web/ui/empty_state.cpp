#include "ui/empty_state.hpp"

#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"

#include <algorithm>

namespace touchpoint::web {

bool draw_empty_state(const EmptyState& state, ImFont* heading) {
    const float width = std::min(ImGui::GetContentRegionAvail().x, px(560.0f));
    const float left = (ImGui::GetContentRegionAvail().x - width) * 0.5f;
    ImGui::Dummy(ImVec2(0.0f, std::max(px(24.0f), ImGui::GetContentRegionAvail().y * 0.18f)));

    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + left);
    ImGui::BeginGroup();
    if (heading) ImGui::PushFont(heading);
    ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().accent);
    ImGui::TextUnformatted(state.icon);
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextUnformatted(state.title);
    if (heading) ImGui::PopFont();
    ImGui::Spacing();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(state.what);
    ImGui::Spacing();
    ImGui::TextUnformatted("What to do first");
    ImGui::TextDisabled("%s", state.first_step);
    ImGui::PopTextWrapPos();
    bool pressed = false;
    if (state.action) {
        ImGui::Spacing();
        pressed = ImGui::Button(state.action);
    }
    ImGui::EndGroup();
    return pressed;
}

}  // namespace touchpoint::web
