// The page's test API (window.touchpoint, shell/shell.js), only when the page was opened for
// tests (?test=1): each state is built when a test reads it, never on a frame, and click
// targets are recorded only then (ui/test_hooks.hpp). A page opened by a person does none of it.
#include "app/app.hpp"

#include "platform/platform.hpp"
#include "touchpoint/metrics/headline.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

namespace touchpoint::web {

namespace {

nlohmann::json shown_json(const DashboardSnapshot& snapshot) {
    nlohmann::json shown = nlohmann::json::array();
    for (const auto& value : snapshot.shown) shown.push_back({{"key", value.key}, {"label", value.label}, {"text", value.text}});
    return shown;
}

nlohmann::json ui_json(const App& app) {
    int buffer_width = 0, buffer_height = 0;
    glfwGetFramebufferSize(app.window, &buffer_width, &buffer_height);
    nlohmann::json ui{
        {"section", section_info(app.section).name},
        {"theme", theme_name(app.theme)},
        {"scale", app.scale},
        {"buffer", {{"width", buffer_width}, {"height", buffer_height}}},
        {"help_open", app.help_open},
        {"text_input", ImGui::GetIO().WantTextInput},  // a text field has the keyboard
        {"can_undo", app.workbench.can_undo()},
        {"can_redo", app.workbench.can_redo()},
        {"jobs", app.workbench.job_runner().statuses().size()},
        {"frame", {{"jobs_ms", app.jobs_ms}, {"drawing_ms", app.drawing_ms}, {"total_ms", app.frame_ms}}},
        {"regions",
         {{"sidebar", test_hooks::css_rect_json(app.regions.sidebar_min, app.regions.sidebar_max)},
          {"content", test_hooks::css_rect_json(app.regions.content_min, app.regions.content_max)},
          {"status_bar", test_hooks::css_rect_json(app.regions.status_min, app.regions.status_max)}}},
    };
    for (std::size_t i = 0; i < app.sidebar.size(); ++i)
        app.sidebar[i]->add_test_state(app.workbench, app.section == all_sections[i].section, ui);
    app.drill_down.add_test_state(app.workbench, true, ui);
    // Where the clickable things of the last frame were, so a test can click them with the mouse.
    nlohmann::json targets = nlohmann::json::object();
    if (app.click_targets)
        for (const auto& [name, rect] : app.click_targets->shown()) targets[name] = test_hooks::css_rect_json(rect.min, rect.max);
    ui["drill_down"]["targets"] = std::move(targets);
    return ui;
}

std::string read_state(platform::TestStateKind kind, void* user) {
    const auto& app = *static_cast<const App*>(user);
    switch (kind) {
        case platform::TestStateKind::Metrics: return metrics::to_json(app.workbench.metrics()).dump();
        case platform::TestStateKind::Shown: return shown_json(app.dashboard.snapshot()).dump();
        case platform::TestStateKind::Layout: {
            const auto& snapshot = app.dashboard.snapshot();
            return nlohmann::json{{"metrics", test_hooks::css_rect_json(snapshot.cards_min, snapshot.cards_max)},
                                  {"chart", test_hooks::css_rect_json(snapshot.chart_min, snapshot.chart_max)}}
                .dump();
        }
        case platform::TestStateKind::Data:
            return app.workbench.data_state_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        case platform::TestStateKind::Ui: return ui_json(app).dump();
    }
    return "null";
}

}  // namespace

void install_test_api(App& app) {
    app.click_targets.emplace();
    test_hooks::attach(&*app.click_targets);
    platform::set_test_state_reader(read_state, &app);
}

}  // namespace touchpoint::web
