#include "simulate_panel.hpp"

#include "section_panels.hpp"
#include "../ui_scale.hpp"
#include "../workbench.hpp"
#include "touchpoint/clv/model_run.hpp"

namespace touchpoint::web {

namespace {

void draw_parameter_line(const clv::FitResult& fit) {
    std::string line = std::string(clv::model_title(fit.kind)) + ":";
    char value[64];
    for (std::size_t j = 0; j < fit.names.size() && j < fit.params.size(); ++j) {
        std::snprintf(value, sizeof value, "%s %s = %.4g", j == 0 ? "" : ",", fit.names[j].c_str(), fit.params[j]);
        line += value;
    }
    ImGui::BulletText("%s", line.c_str());
}

}  // namespace

std::optional<Section> draw_simulate_panel(Workbench& workbench, ImFont* heading) {
    if (!workbench.simulator_models) return draw_empty_state(Section::Simulate, heading);
    const auto& models = *workbench.simulator_models;
    if (heading) ImGui::PushFont(heading);
    ImGui::TextUnformatted("Simulate");
    if (heading) ImGui::PopFont();
    ImGui::Spacing();
    ImGui::TextWrapped("The simulator will draw its customers from this behaviour model, fitted on %s with calibration to %s "
                       "(time unit: %s):",
                       models.data_description.c_str(), models.calibration_end.c_str(), clv::time_unit_name(models.unit));
    draw_parameter_line(models.purchase);
    if (models.spend) draw_parameter_line(*models.spend);
    else ImGui::BulletText("No spend model: simulated purchases will carry no revenue.");
    ImGui::Spacing();
    ImGui::TextDisabled("Running cadences on it is not in this version yet.");
    std::optional<Section> go_to;
    if (ImGui::Button("Back to Models")) go_to = Section::Models;
    return go_to;
}

nlohmann::json simulator_models_json(const Workbench& workbench) {
    if (!workbench.simulator_models) return nullptr;
    const auto& models = *workbench.simulator_models;
    return {{"purchase", clv::to_json(models.purchase)},
            {"spend", models.spend ? clv::to_json(*models.spend) : nlohmann::json()},
            {"unit", clv::time_unit_name(models.unit)},
            {"calibration_end", models.calibration_end},
            {"data", models.data_description}};
}

nlohmann::json simulate_state_json(const Workbench&) { return nullptr; }

bool run_simulate_command(Workbench&, std::string_view) { return false; }

}  // namespace touchpoint::web
