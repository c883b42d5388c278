// Section index: the tabs; the section; the test API.
#include "sections/experiments/experiments_panel.hpp"

#include "ui/test_hooks.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <string>

namespace touchpoint::web {

namespace {

constexpr std::array<const char*, 4> tab_keys{"sweep", "power", "analysis", "designer"};

}  // namespace

// ---- The section -------------------------------------------------------------------------------

std::optional<Section> draw_experiments_panel(ExperimentsState& state, Workbench& workbench, ImFont* heading) {
    state.drawn.clear();
    state.inputs.follow(workbench);
    follow_sweep(state.sweep, workbench);
    follow_designer(state.designer, workbench);
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
        draw_sweep_tab(state.sweep, state.inputs, workbench, state.drawn);
        ImGui::EndTabItem();
    }
    if (tab("Power and sample size", ExperimentsTab::Power)) {
        draw_power_tab(state.power, heading, state.drawn);
        ImGui::EndTabItem();
    }
    if (tab("Analyse an experiment", ExperimentsTab::Analysis)) {
        go_to = draw_analysis_tab(state.analysis, workbench, state.drawn);
        ImGui::EndTabItem();
    }
    if (tab("Simulated experiment", ExperimentsTab::Designer)) {
        draw_designer_tab(state.designer, state.inputs, workbench, heading, state.drawn);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
    return go_to;
}

// ---- The test API ------------------------------------------------------------------------------

nlohmann::json experiments_state_json(const ExperimentsState& state, const Workbench& workbench) {
    return {{"tab", tab_keys[static_cast<std::size_t>(state.shown_tab)]},
            {"charts", drawn_charts_json(state.drawn)},
            {"sweep", sweep_state_json(state.sweep, state.inputs.offer(workbench))},
            {"power", power_state_json(state.power)},
            {"analysis", analysis_state_json(state.analysis)},
            {"designer", designer_state_json(state.designer)}};
}

bool run_experiments_command(ExperimentsState& state, Workbench& workbench, std::string_view arguments) {
    if (arguments.substr(0, 4) == "tab:") {
        const auto found = std::find(tab_keys.begin(), tab_keys.end(), arguments.substr(4));
        if (found == tab_keys.end()) return false;
        state.select_tab = static_cast<ExperimentsTab>(found - tab_keys.begin());
        return true;
    }
    if (arguments.substr(0, 5) == "sweep") {
        state.select_tab = ExperimentsTab::Sweep;
        return run_sweep_command(state.sweep, state.inputs, workbench, arguments);
    }
    if (arguments.substr(0, 6) == "power:") {
        state.select_tab = ExperimentsTab::Power;
        return run_power_command(state.power, arguments);
    }
    if (arguments.substr(0, 8) == "designer") {
        state.select_tab = ExperimentsTab::Designer;
        return run_designer_command(state.designer, state.inputs, workbench, arguments);
    }
    if (arguments.substr(0, 9) == "analysis:") {
        state.select_tab = ExperimentsTab::Analysis;
        return run_analysis_command(state.analysis, workbench, arguments);
    }
    return false;
}

}  // namespace touchpoint::web
