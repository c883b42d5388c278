#include "sections/experiments/experiments_section.hpp"

#include "app/workbench.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace touchpoint::web {

namespace {
constexpr std::array<std::string_view, 1> prefixes{"experiments"};
}

std::optional<Section> ExperimentsSection::draw(Workbench& workbench, const SectionFrame& frame) {
    return draw_experiments_panel(state_, workbench, frame.heading);
}

// The analysis reads the store shown: list its experiments and analyse again. The simulations
// keep their results, which come from the population, not from the data shown.
void ExperimentsSection::reset(Workbench&) {
    state_.analysis.listed_for = nullptr;
    state_.analysis.analysed_for.reset();
}

void ExperimentsSection::add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const {
    ui["experiments"] = shown ? experiments_state_json(state_, workbench) : nlohmann::json(nullptr);
}

std::span<const std::string_view> ExperimentsSection::command_prefixes() const { return prefixes; }

bool ExperimentsSection::run_command(Workbench& workbench, std::string_view, std::string_view arguments, std::optional<Section>& go_to) {
    go_to = Section::Experiments;
    return run_experiments_command(state_, workbench, arguments);
}

nlohmann::json ExperimentsSection::workspace_json() const {
    const auto sweep = sweep_settings_json(state_.sweep.controls);
    const auto power = power_state_json(state_.power);
    const auto designer = designer_state_json(state_.designer);
    nlohmann::json designs = nlohmann::json::array({{{"kind", "sweep"}, {"settings", sweep}},
                                                    {{"kind", "power"}, {"settings", power["design"]}},
                                                    {{"kind", "simulated_experiment"}, {"settings", designer["settings"]}}});
    nlohmann::json results = nlohmann::json::array();
    if (state_.sweep.run.result) results.push_back({{"kind", "sweep"}, {"result", state_.sweep.run.result_json}});
    if (!power["result"].is_null()) results.push_back({{"kind", "power"}, {"result", power["result"]}});
    if (!designer["result"].is_null()) results.push_back({{"kind", "simulated_experiment"}, {"result", designer["result"]}});
    return {{"designs", std::move(designs)}, {"results", std::move(results)}};
}

void ExperimentsSection::apply_workspace(Workbench& workbench, const nlohmann::json& experiments) {
    if (!experiments.is_object() || !experiments.contains("designs") || !experiments["designs"].is_array()) return;
    for (const auto& design : experiments["designs"]) {
        if (!design.is_object() || !design.contains("settings")) continue;
        const auto kind = design.value("kind", "");
        const auto settings = design["settings"].dump();
        // The same commands the tests drive the controls with; a design this build cannot take is left out.
        if (kind == "sweep") run_sweep_command(state_.sweep, state_.inputs, workbench, "sweep_set:" + settings);
        else if (kind == "power") run_power_command(state_.power, "power:" + settings);
        else if (kind == "simulated_experiment") run_designer_command(state_.designer, state_.inputs, workbench, "designer_set:" + settings);
    }
}

}  // namespace touchpoint::web
