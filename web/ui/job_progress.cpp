#include "ui/job_progress.hpp"

#include "ui/format.hpp"
#include "ui/ui_scale.hpp"

#include <imgui.h>

namespace touchpoint::web {

void draw_job_progress(const jobs::JobStatus& status, const std::function<void()>& on_cancel, float width) {
    ImGui::PushID(static_cast<int>(status.id));
    const float cancel_width = ImGui::CalcTextSize("Cancel").x + ImGui::GetStyle().FramePadding.x * 2.0f;
    const float bar_width = width > 0.0f ? width - cancel_width - ImGui::GetStyle().ItemSpacing.x : -(cancel_width + ImGui::GetStyle().ItemSpacing.x);
    const std::string text = format_job_progress(status);
    ImGui::ProgressBar(static_cast<float>(status.progress.fraction), ImVec2(bar_width, 0.0f), text.c_str());
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) on_cancel();
    ImGui::PopID();
}

}  // namespace touchpoint::web
