// Section index: the tabs; the section; the test API.
#include "ui/test_hooks.hpp"
#include "sections/experiments/experiments_panel.hpp"

#include "sections/drill_down/drill_down.hpp"
#include "sections/experiments/experiments_analysis.hpp"
#include "sections/experiments/experiments_designer.hpp"
#include "sections/experiments/experiments_power.hpp"
#include "sections/experiments/experiments_sweep.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace touchpoint::web {

namespace {

// ---- The tabs ----------------------------------------------------------------------------------

enum class ExperimentsTab { Sweep, Power, Analysis, Designer };
constexpr std::array<const char*, 4> tab_keys{"sweep", "power", "analysis", "designer"};

struct ExperimentsState {
    std::optional<ExperimentsTab> select_tab;
    ExperimentsTab shown_tab = ExperimentsTab::Sweep;
    std::vector<DrawnChart> drawn;  // this frame's charts
};

ExperimentsState& experiments_state() {
    static ExperimentsState state;
    return state;
}

}  // namespace

// ---- The section -------------------------------------------------------------------------------

std::optional<Section> draw_experiments_panel(Workbench& workbench, ImFont* heading) {
    auto& state = experiments_state();
    state.drawn.clear();
    follow_sweep(workbench);
    follow_designer(workbench);
    std::optional<Section> go_to;
    if (!ImGui::BeginTabBar("experiments_tabs")) return go_to;
    const auto tab = [&](const char* label, ExperimentsTab which) {
        const bool selected = state.select_tab == which;
        const bool open = ImGui::BeginTabItem(label, nullptr, selected ? ImGuiTabItemFlags_SetSelected : 0);
        if (test_hooks::recording())
            test_hooks::record_click_target(std::string("experiments:tab:") + tab_keys[static_cast<std::size_t>(which)]);
        if (selected) state.select_tab.reset();
        if (open) state.shown_tab = which;
        return open;
    };
    if (tab("Timing sweep", ExperimentsTab::Sweep)) {
        draw_sweep_tab(workbench, state.drawn);
        ImGui::EndTabItem();
    }
    if (tab("Power and sample size", ExperimentsTab::Power)) {
        draw_power_tab(heading, state.drawn);
        ImGui::EndTabItem();
    }
    if (tab("Analyse an experiment", ExperimentsTab::Analysis)) {
        go_to = draw_analysis_tab(workbench, state.drawn);
        ImGui::EndTabItem();
    }
    if (tab("Simulated experiment", ExperimentsTab::Designer)) {
        draw_designer_tab(workbench, heading, state.drawn);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
    return go_to;
}

// ---- The test API ------------------------------------------------------------------------------

nlohmann::json experiments_state_json() {
    const auto& state = experiments_state();
    return {{"tab", tab_keys[static_cast<std::size_t>(state.shown_tab)]},
            {"charts", drawn_charts_json(state.drawn)},
            {"sweep", sweep_state_json()},
            {"power", power_state_json()},
            {"analysis", analysis_state_json()},
            {"designer", designer_state_json()}};
}

// ---- In a workspace ----------------------------------------------------------------------------

nlohmann::json experiments_workspace_json() {
    const auto sweep = sweep_state_json();
    const auto power = power_state_json();
    const auto designer = designer_state_json();
    nlohmann::json designs = nlohmann::json::array({{{"kind", "sweep"}, {"settings", sweep["settings"]}},
                                                    {{"kind", "power"}, {"settings", power["design"]}},
                                                    {{"kind", "simulated_experiment"}, {"settings", designer["settings"]}}});
    nlohmann::json results = nlohmann::json::array();
    if (!sweep["result"].is_null()) results.push_back({{"kind", "sweep"}, {"result", sweep["result"]}});
    if (!power["result"].is_null()) results.push_back({{"kind", "power"}, {"result", power["result"]}});
    if (!designer["result"].is_null()) results.push_back({{"kind", "simulated_experiment"}, {"result", designer["result"]}});
    return {{"designs", std::move(designs)}, {"results", std::move(results)}};
}

void apply_experiments_workspace(Workbench& workbench, const nlohmann::json& experiments) {
    if (!experiments.is_object() || !experiments.contains("designs") || !experiments["designs"].is_array()) return;
    for (const auto& design : experiments["designs"]) {
        if (!design.is_object() || !design.contains("settings")) continue;
        const auto kind = design.value("kind", "");
        const auto settings = design["settings"].dump();
        // The same commands the tests drive the controls with; a design this build cannot take is left out.
        if (kind == "sweep") run_sweep_command(workbench, "sweep_set:" + settings);
        else if (kind == "power") run_power_command("power:" + settings);
        else if (kind == "simulated_experiment") run_designer_command(workbench, "designer_set:" + settings);
    }
}

bool run_experiments_command(Workbench& workbench, std::string_view arguments) {
    auto& state = experiments_state();
    if (arguments.substr(0, 4) == "tab:") {
        const auto found = std::find(tab_keys.begin(), tab_keys.end(), arguments.substr(4));
        if (found == tab_keys.end()) return false;
        state.select_tab = static_cast<ExperimentsTab>(found - tab_keys.begin());
        return true;
    }
    if (arguments.substr(0, 5) == "sweep") {
        state.select_tab = ExperimentsTab::Sweep;
        return run_sweep_command(workbench, arguments);
    }
    if (arguments.substr(0, 6) == "power:") {
        state.select_tab = ExperimentsTab::Power;
        return run_power_command(arguments);
    }
    if (arguments.substr(0, 8) == "designer") {
        state.select_tab = ExperimentsTab::Designer;
        return run_designer_command(workbench, arguments);
    }
    if (arguments.substr(0, 9) == "analysis:") {
        state.select_tab = ExperimentsTab::Analysis;
        return run_analysis_command(workbench, arguments);
    }
    return false;
}

}  // namespace touchpoint::web
