// The workbench's frame: sidebar, the current section's panel, status bar, error toasts and
// the help window; keyboard shortcuts; themes and device-pixel scaling; jobs pumped between
// frames. Browser specifics stay behind platform/platform.hpp.
#include "format.hpp"
#include "help_window.hpp"
#include "icons.hpp"
#include "job_progress.hpp"
#include "limits_text.hpp"
#include "benchmarks.hpp"
#include "panels/dashboard_panel.hpp"
#include "panels/drill_down.hpp"
#include "panels/feedback_panel.hpp"
#include "panels/data_panel.hpp"
#include "panels/experiments_panel.hpp"
#include "panels/cadences_panel.hpp"
#include "panels/models_panel.hpp"
#include "panels/simulate_panel.hpp"
#include "panels/section_panels.hpp"
#include "panels/segments_panel.hpp"
#include "panels/share_panel.hpp"
#include "touchpoint/workspace/workspace.hpp"
#include "panels/trainer_panel.hpp"
#include "touchpoint/roleplay/scenario.hpp"
#include "touchpoint/metrics/segments.hpp"
#include "platform/platform.hpp"
#include "sections.hpp"
#include "theme.hpp"
#include "ui_scale.hpp"
#include "workbench.hpp"

#include "charts/chart.hpp"

#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <charconv>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace touchpoint;
using web::px;
using web::Section;

struct Fonts {
    ImFont* body = nullptr;     // Inter 16 px with the icons
    ImFont* heading = nullptr;  // Inter SemiBold 30 px with the icons (figures, section titles)
};

// A PNG the chart layer asked for; the pixels are read after the frame is drawn.
struct PngRequest {
    std::string file_name;
    ImVec2 min, max;
};

struct Regions {
    ImVec2 sidebar_min{}, sidebar_max{}, content_min{}, content_max{}, status_min{}, status_max{};
};

struct App {
    GLFWwindow* window = nullptr;
    web::Workbench workbench;
    Section section = Section::Dashboard;
    web::Theme theme = web::Theme::Light;
    float scale = 0.0f;  // the device pixel ratio the fonts and style were built for
    Fonts fonts;
    bool help_open = false;
    std::optional<web::HelpTab> help_tab;  // to bring forward on the next frame
    web::DashboardSnapshot snapshot;
    Regions regions;
    std::vector<PngRequest> png_requests;
    bool ready_marked = false;
    // The last frame's timings (ms): the job slice, the drawing, the whole frame.
    double jobs_ms = 0, drawing_ms = 0, frame_ms = 0;
    std::optional<web::DataTab> data_tab;  // to bring forward on the next frame
    std::optional<web::SegmentsTab> segments_tab;
    std::optional<web::DashboardTab> dashboard_tab;
};

template <typename Number>
std::optional<Number> query_number(const char* name) {
    const std::string text = platform::query_parameter(name);
    Number value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// ?seed=N&customers=N ask for a particular sample shop, whatever the local store holds.
std::optional<data::SampleShopOptions> requested_sample() {
    const auto seed = query_number<std::uint64_t>("seed");
    const auto customers = query_number<int>("customers");
    if (!seed && !customers) return std::nullopt;
    data::SampleShopOptions options;
    if (seed) options.seed = *seed;
    if (customers && *customers > 0) options.customers = *customers;
    return options;
}

// Fonts are copied from Debian's font packages at build time and preloaded with the page,
// and rasterised at the device pixel ratio so text stays crisp at 1, 1.5 and 2.
void load_fonts(App& app, float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    static const ImWchar icon_ranges[] = {web::icons::first_glyph, web::icons::last_glyph, 0};
    const auto add_with_icons = [&](const char* path, float size) -> ImFont* {
        ImFont* font = io.Fonts->AddFontFromFileTTF(path, size * scale);
        if (!font) return nullptr;
        ImFontConfig merge;
        merge.MergeMode = true;
        merge.GlyphMinAdvanceX = size * scale;  // icons line up in the sidebar
        io.Fonts->AddFontFromFileTTF("/assets/fonts/fontawesome-webfont.ttf", size * scale * 0.9f, &merge, icon_ranges);
        return font;
    };
    app.fonts.body = add_with_icons("/assets/fonts/Inter-Regular.otf", 16.0f);
    if (!app.fonts.body) app.fonts.body = io.Fonts->AddFontDefault();
    app.fonts.heading = add_with_icons("/assets/fonts/Inter-SemiBold.otf", 30.0f);
    io.FontDefault = app.fonts.body;
}

void set_theme(App& app, web::Theme theme) {
    app.theme = theme;
    web::apply_theme(theme, app.scale);
    platform::store_setting("theme", web::theme_name(theme));
}

// The device pixel ratio changed (first frame, browser zoom, another screen): fonts and
// sizes are rebuilt for it.
void follow_device_pixel_ratio(App& app) {
    const float ratio = platform::device_pixel_ratio();
    if (ratio == app.scale) return;
    app.scale = ratio;
    web::current_ui_scale = ratio;
    load_fonts(app, ratio);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    web::apply_theme(app.theme, ratio);
}

nlohmann::json rect_json(ImVec2 min, ImVec2 max) {
    // Published in CSS pixels, as the page and its tests measure.
    const float s = web::ui_scale();
    return {{"x", min.x / s}, {"y", min.y / s}, {"width", (max.x - min.x) / s}, {"height", (max.y - min.y) / s}};
}

void publish(const App& app) {
    nlohmann::json shown = nlohmann::json::array();
    for (const auto& value : app.snapshot.shown)
        shown.push_back({{"key", value.key}, {"label", value.label}, {"text", value.text}});
    const nlohmann::json layout{
        {"metrics", rect_json(app.snapshot.cards_min, app.snapshot.cards_max)},
        {"chart", rect_json(app.snapshot.chart_min, app.snapshot.chart_max)},
    };
    int buffer_width = 0, buffer_height = 0;
    glfwGetFramebufferSize(app.window, &buffer_width, &buffer_height);
    const nlohmann::json ui{
        {"section", web::section_info(app.section).name},
        {"theme", web::theme_name(app.theme)},
        {"scale", app.scale},
        {"buffer", {{"width", buffer_width}, {"height", buffer_height}}},
        {"help_open", app.help_open},
        {"can_undo", app.workbench.can_undo()},
        {"can_redo", app.workbench.can_redo()},
        {"jobs", app.workbench.job_runner().statuses().size()},
        {"frame", {{"jobs_ms", app.jobs_ms}, {"drawing_ms", app.drawing_ms}, {"total_ms", app.frame_ms}}},
        {"segments", app.section == Section::Segments && *web::last_segments_snapshot().tab
                         ? nlohmann::json{{"tab", web::last_segments_snapshot().tab},
                                          {"customers", web::last_segments_snapshot().customers},
                                          {"total_customers", web::last_segments_snapshot().total_customers},
                                          {"cohort_rows", web::last_segments_snapshot().cohort_rows},
                                          {"cohort_period", web::last_segments_snapshot().cohort_period},
                                          {"cohort_measure", web::last_segments_snapshot().cohort_measure},
                                          {"rules", web::last_segments_snapshot().rules}}
                         : nlohmann::json(nullptr)},
        {"dashboard", app.section == Section::Dashboard ? web::dashboard_state_json() : nlohmann::json(nullptr)},
        {"drill_down", web::drill_down_state_json()},
        {"models", app.section == Section::Models ? web::models_state_json() : nlohmann::json(nullptr)},
        {"simulator", web::simulator_models_json(app.workbench)},
        {"cadences", app.section == Section::Cadences ? web::cadences_state_json(app.workbench) : nlohmann::json(nullptr)},
        {"simulate", app.section == Section::Simulate ? web::simulate_state_json(app.workbench) : nlohmann::json(nullptr)},
        {"experiments", app.section == Section::Experiments ? web::experiments_state_json() : nlohmann::json(nullptr)},
        {"trainer", app.section == Section::Trainer ? web::trainer_state_json() : nlohmann::json(nullptr)},
        {"feedback", app.section == Section::Dashboard ? web::feedback_state_json() : nlohmann::json(nullptr)},
        {"share", app.section == Section::Share || app.workbench.read_only ? web::share_state_json() : nlohmann::json(nullptr)},
        {"table", app.section == Section::Data && *web::last_browse_snapshot().table
                      ? nlohmann::json{{"name", web::last_browse_snapshot().table},
                                       {"rows", web::last_browse_snapshot().rows},
                                       {"rect", rect_json(web::last_browse_snapshot().min, web::last_browse_snapshot().max)}}
                      : nlohmann::json(nullptr)},
        {"regions",
         {{"sidebar", rect_json(app.regions.sidebar_min, app.regions.sidebar_max)},
          {"content", rect_json(app.regions.content_min, app.regions.content_max)},
          {"status_bar", rect_json(app.regions.status_min, app.regions.status_max)}}},
    };
    platform::publish_test_state({metrics::to_json(app.workbench.metrics()).dump(), shown.dump(), layout.dump(),
                                  app.workbench.data_state_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                                  ui.dump()});
}

void draw_sidebar(App& app) {
    ImGui::BeginChild("sidebar", ImVec2(px(184.0f), 0.0f), true);
    app.regions.sidebar_min = ImGui::GetWindowPos();
    app.regions.sidebar_max = ImVec2(app.regions.sidebar_min.x + ImGui::GetWindowWidth(), app.regions.sidebar_min.y + ImGui::GetWindowHeight());
    if (app.fonts.heading) ImGui::PushFont(app.fonts.heading);
    ImGui::TextUnformatted("Touchpoint");
    if (app.fonts.heading) ImGui::PopFont();
    ImGui::Spacing();
    int number = 1;
    for (const auto& info : web::all_sections) {
        const std::string label = std::string(info.icon) + "  " + info.name;
        if (ImGui::Selectable(label.c_str(), app.section == info.section, 0, ImVec2(0.0f, px(28.0f)))) app.section = info.section;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (key %d)", info.name, number);
        ++number;
    }

    // Help and theme at the bottom of the sidebar.
    const float line = ImGui::GetFrameHeightWithSpacing();
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), ImGui::GetWindowHeight() - 2.0f * line - ImGui::GetStyle().WindowPadding.y));
    if (ImGui::Selectable((std::string(web::icons::help) + "  Help (F1)").c_str(), app.help_open)) app.help_open = !app.help_open;
    const bool dark = app.theme == web::Theme::Dark;
    const std::string theme_label = std::string(dark ? web::icons::light_theme : web::icons::dark_theme) + (dark ? "  Light theme" : "  Dark theme");
    if (ImGui::Selectable(theme_label.c_str())) set_theme(app, dark ? web::Theme::Light : web::Theme::Dark);
    ImGui::EndChild();
}

std::string data_summary(const web::Workbench& workbench) {
    const auto& numbers = workbench.metrics();
    const std::string source = workbench.source() == web::DataSource::Local ? "Your data" : "Sample shop";
    return source + " \u00b7 " + web::format_count(numbers.customers) + " customers \u00b7 " + web::format_count(numbers.orders) + " orders";
}

void draw_status_bar(App& app) {
    auto& workbench = app.workbench;
    ImGui::Separator();
    app.regions.status_min = ImGui::GetCursorScreenPos();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", data_summary(workbench).c_str());
    ImGui::SameLine(0.0f, px(24.0f));
    ImGui::TextDisabled("%s %s MB in use", web::icons::memory,
                        web::format_count(static_cast<std::int64_t>(platform::memory_bytes() >> 20)).c_str());
    const auto running = workbench.job_runner().statuses();
    if (!running.empty()) {
        const auto& job = running.front();
        ImGui::SameLine(0.0f, px(24.0f));
        ImGui::TextUnformatted(job.title.c_str());
        ImGui::SameLine();
        web::draw_job_progress(job, [&workbench, id = job.id] { workbench.cancel_job(id); }, px(520.0f));
    }
    app.regions.status_max = ImVec2(app.regions.status_min.x + ImGui::GetContentRegionAvail().x, ImGui::GetItemRectMax().y);
}

// Errors stay on screen until the user dismisses them.
void draw_toasts(App& app) {
    auto& errors = app.workbench.errors;
    if (errors.empty()) return;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - px(16.0f), viewport->WorkPos.y + viewport->WorkSize.y - px(48.0f)),
                            ImGuiCond_Always, ImVec2(1.0f, 1.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(px(320.0f), 0.0f), ImVec2(px(520.0f), px(400.0f)));
    ImGui::Begin("##errors", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
    for (std::size_t i = 0; i < errors.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::PushStyleColor(ImGuiCol_Text, web::theme_colours().error_text);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + px(460.0f));
        ImGui::Text("%s  %s", web::icons::warning, errors[i].c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        if (ImGui::SmallButton("Dismiss")) {
            errors.erase(errors.begin() + static_cast<std::ptrdiff_t>(i));
            ImGui::PopID();
            break;
        }
        ImGui::PopID();
    }
    ImGui::End();
}

// Key presses as GLFW reports them. ImGui 1.86 only sees whether a key is down at the start
// of a frame, so a key pressed and released between two frames (a quick tap on a busy page)
// would be missed; shortcuts read this list instead.
struct KeyPress {
    int key;
    int mods;
};
std::vector<KeyPress> pending_key_presses;

void record_key_press(GLFWwindow*, int key, int, int action, int mods) {
    if (action == GLFW_PRESS) pending_key_presses.push_back({key, mods});
}

// Keys that act anywhere. Digits switch sections only when no text field has the keyboard.
void handle_shortcuts(App& app) {
    const bool typing = ImGui::GetIO().WantTextInput;
    for (const auto [key, mods] : pending_key_presses) {
        const bool command = (mods & (GLFW_MOD_CONTROL | GLFW_MOD_SUPER)) != 0;
        const bool shift = (mods & GLFW_MOD_SHIFT) != 0;
        if (key == GLFW_KEY_F1) app.help_open = !app.help_open;
        else if (!command && !typing && mods == 0 && key >= GLFW_KEY_1 && key <= GLFW_KEY_9)
            app.section = web::all_sections[static_cast<std::size_t>(key - GLFW_KEY_1)].section;
        else if (command && key == GLFW_KEY_O) platform::open_file_dialog(web::importable_file_types);
        else if (command && key == GLFW_KEY_S) app.workbench.export_database();
        else if (command && !typing && key == GLFW_KEY_Z) shift ? app.workbench.redo() : app.workbench.undo();
        else if (command && !typing && key == GLFW_KEY_Y) app.workbench.redo();
    }
    pending_key_presses.clear();
}

void draw_section(App& app) {
    web::draw_viewer_bar(app.workbench);
    switch (app.section) {
        case Section::Data: web::draw_data_panel(app.workbench, app.data_tab); break;
        case Section::Dashboard:
            web::draw_dashboard_panel(app.workbench, {app.fonts.heading}, app.dashboard_tab, app.snapshot);
            break;
        case Section::Segments:
            web::draw_segments_panel(app.workbench.dataset(), app.fonts.heading, app.segments_tab, app.workbench.edits());
            break;
        case Section::Models:
            if (web::draw_models_panel(app.workbench, app.fonts.heading)) app.section = Section::Simulate;
            break;
        case Section::Cadences:
            if (const auto go_to = web::draw_cadences_panel(app.workbench, app.fonts.heading)) app.section = *go_to;
            break;
        case Section::Simulate:
            if (const auto go_to = web::draw_simulate_panel(app.workbench, app.fonts.heading)) app.section = *go_to;
            break;
        case Section::Experiments:
            if (const auto go_to = web::draw_experiments_panel(app.workbench, app.fonts.heading)) app.section = *go_to;
            break;
        case Section::Trainer:
            if (const auto go_to = web::draw_trainer_panel(app.workbench, app.fonts.heading)) app.section = *go_to;
            break;
        case Section::Share:
            if (const auto go_to = web::draw_share_panel(app.workbench, app.fonts.heading)) app.section = *go_to;
            break;
        default:
            if (const auto go_to = web::draw_empty_state(app.section, app.fonts.heading)) app.section = *go_to;
            break;
    }
}

void save_requested_pngs(App& app) {
    for (const auto& request : app.png_requests)
        platform::save_framebuffer_png(request.file_name, static_cast<int>(request.min.x), static_cast<int>(request.min.y),
                                       static_cast<int>(request.max.x - request.min.x), static_cast<int>(request.max.y - request.min.y));
    app.png_requests.clear();
}

void frame(void* user) {
    auto& app = *static_cast<App*>(user);
    using Clock = std::chrono::steady_clock;
    const auto frame_start = Clock::now();
    // Job work between frames: what the frame budget leaves after last frame's drawing.
    app.workbench.pump_jobs(web::job_slice_after(app.drawing_ms));
    web::follow_sharing(app.workbench);
    const auto drawing_start = Clock::now();

    platform::fit_window_to_viewport(app.window);
    follow_device_pixel_ratio(app);
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    handle_shortcuts(app);

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::Begin("Workbench", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    const float status_height = ImGui::GetFrameHeightWithSpacing() + px(6.0f);
    ImGui::BeginChild("body", ImVec2(0.0f, -status_height));
    draw_sidebar(app);
    ImGui::SameLine();
    ImGui::BeginChild("section", ImVec2(0.0f, 0.0f));
    app.regions.content_min = ImGui::GetWindowPos();
    app.regions.content_max = ImVec2(app.regions.content_min.x + ImGui::GetWindowWidth(), app.regions.content_min.y + ImGui::GetWindowHeight());
    draw_section(app);
    ImGui::EndChild();
    ImGui::EndChild();
    draw_status_bar(app);
    ImGui::End();
    web::draw_drill_down(app.workbench);
    app.workbench.save_workspace_if_changed();
    web::draw_help_window(&app.help_open, app.help_tab);
    draw_toasts(app);

    ImGui::Render();
    int width = 0, height = 0;
    glfwGetFramebufferSize(app.window, &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 background = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(background.x, background.y, background.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    save_requested_pngs(app);

    const auto frame_end = Clock::now();
    app.jobs_ms = std::chrono::duration<double, std::milli>(drawing_start - frame_start).count();
    app.drawing_ms = std::chrono::duration<double, std::milli>(frame_end - drawing_start).count();
    app.frame_ms = std::chrono::duration<double, std::milli>(frame_end - frame_start).count();
    publish(app);
    if (!app.ready_marked) {
        platform::mark_ready();
        app.ready_marked = true;
    }
}

void receive_file(platform::ReceivedFile file, void* user) {
    auto& app = *static_cast<App*>(user);
    // A role-play scenario goes to the Trainer's editor; anything else is data to import.
    if (roleplay::is_scenario_json(file.view())) {
        web::receive_trainer_scenario_file(file.name, file.view());
        app.section = Section::Trainer;
        return;
    }
    // A workspace is opened by the Share section; anything else is data to import.
    const bool workspace_file = workspace::is_workspace_json(file.view());
    app.workbench.receive_file(std::move(file));
    app.section = workspace_file ? Section::Share : Section::Data;  // show what was opened, or the import's progress and report
}

// A file the page's script did not copy into the module: said in the error toasts.
void refuse_file(const std::string& name, double size_bytes, const std::string& reason, void* user) {
    auto& app = *static_cast<App*>(user);
    const auto size = static_cast<std::size_t>(size_bytes < 0 ? 0 : size_bytes);
    if (reason == "too_large") {
        app.workbench.errors.push_back(web::file_too_large_message(name, size_bytes));
    } else if (reason == "no_memory") {
        app.workbench.errors.push_back("'" + name + "' was not imported: the page could not get " + web::format_bytes(size) +
                                       " of memory to read it (" + web::format_bytes(platform::memory_bytes()) +
                                       " in use; a page may use at most 2 GiB). Reload the page and try again, or split the file.");
    } else {
        app.workbench.errors.push_back("'" + name + "' was not imported: it could not be read (" + reason + ").");
    }
    app.section = Section::Data;
}

bool run_command(const std::string& command, void* user) {
    auto& app = *static_cast<App*>(user);
    auto& workbench = app.workbench;
    const auto argument = [&](std::string_view prefix) -> std::optional<std::string> {
        if (command.rfind(prefix, 0) != 0) return std::nullopt;
        return command.substr(prefix.size());
    };
    if (command == "clear_local_data") workbench.clear_local_data();
    else if (command == "data:confirm_import") workbench.confirm_import();
    else if (command == "data:cancel_import") workbench.cancel_import();
    else if (command == "data:change_mapping") workbench.change_import_mapping();
    else if (const auto sheet = argument("data:sheet:")) workbench.choose_import_sheet(*sheet);
    else if (command == "export_database") workbench.export_database();
    else if (command == "help:open") app.help_open = true;
    else if (command == "help:close") app.help_open = false;
    else if (command == "help:shortcuts" || command == "help:glossary" || command == "help:charts" || command == "help:limits") {
        app.help_open = true;
        app.help_tab = command == "help:charts"     ? web::HelpTab::Charts
                       : command == "help:glossary" ? web::HelpTab::Glossary
                       : command == "help:limits"   ? web::HelpTab::Limits
                                                    : web::HelpTab::Shortcuts;
    }
    else if (command == "data:import" || command == "data:orders" || command == "data:customers") {
        app.section = Section::Data;
        app.data_tab = command == "data:orders" ? web::DataTab::Orders
                       : command == "data:customers" ? web::DataTab::Customers : web::DataTab::Import;
    }
    else if (command == "segments:segments" || command == "segments:cohorts" || command == "segments:rfm") {
        app.section = Section::Segments;
        app.segments_tab = command == "segments:cohorts" ? web::SegmentsTab::Cohorts
                           : command == "segments:rfm" ? web::SegmentsTab::Rfm : web::SegmentsTab::Segments;
    }
    else if (command == "dashboard:overview" || command == "dashboard:surveys" || command == "dashboard:support") {
        app.section = Section::Dashboard;
        app.dashboard_tab = command == "dashboard:surveys" ? web::DashboardTab::Surveys
                            : command == "dashboard:support" ? web::DashboardTab::Support : web::DashboardTab::Overview;
    }
    else if (const auto choice = argument("cohorts:")) {
        // "cohorts:week:revenue", "cohorts:month:retained"
        const auto colon = choice->find(':');
        if (colon == std::string::npos || !web::choose_cohort_view(choice->substr(0, colon), choice->substr(colon + 1))) return false;
        app.section = Section::Segments;
        app.segments_tab = web::SegmentsTab::Cohorts;
    }
    else if (const auto rules = argument("segment_rules:")) {
        // The same edit a slider makes, from JSON: {"new_within_days": 60, ...}.
        auto state = workbench.edits().current();
        try {
            state["segment_rules"] = metrics::to_json(metrics::segment_rules_from_json(nlohmann::json::parse(*rules)));
        } catch (const std::exception&) {
            return false;
        }
        workbench.edits().commit("change the segment rules", state);
    }
    else if (const auto window = argument("dashboard_window:")) {
        app.section = Section::Dashboard;
        app.dashboard_tab = web::DashboardTab::Overview;
        return web::run_dashboard_command(workbench, *window);
    }
    else if (const auto drill = argument("drill:")) return web::run_drill_down_command(workbench, *drill);
    else if (command == "models:use_in_simulator") {
        if (!web::use_fit_in_simulator(workbench)) return false;
        app.section = Section::Simulate;
    } else if (const auto cadences = argument("cadences:")) {
        app.section = Section::Cadences;
        return web::run_cadences_command(workbench, *cadences);
    } else if (const auto simulate = argument("simulate:")) {
        app.section = Section::Simulate;
        return web::run_simulate_command(workbench, *simulate);
    } else if (const auto share = argument("share:")) {
        app.section = Section::Share;
        return web::run_share_command(workbench, *share);
    } else if (const auto experiments = argument("experiments:")) {
        app.section = Section::Experiments;
        return web::run_experiments_command(workbench, *experiments);
    } else if (const auto trainer = argument("trainer:")) {
        app.section = Section::Trainer;
        return web::run_trainer_command(workbench, *trainer);
    } else if (const auto models = argument("models:")) {
        app.section = Section::Models;
        return web::run_models_command(workbench, *models);
    }
    else if (command == "undo") workbench.undo();
    else if (command == "redo") workbench.redo();
    else if (const auto theme = argument("theme:"); theme && (*theme == "light" || *theme == "dark"))
        set_theme(app, *theme == "dark" ? web::Theme::Dark : web::Theme::Light);
    else if (const auto name = argument("section:"); name && web::section_named(*name))
        app.section = *web::section_named(*name);
    else return false;
    return true;
}

std::string run_benchmark(const std::string& name, std::string_view bytes, void* user) {
    auto& workbench = static_cast<App*>(user)->workbench;
    if (name.rfind("recompute", 0) == 0) return web::benchmark_recompute(workbench, name, bytes).dump();
    return workbench.benchmark_import(name, bytes).dump();
}

void set_clipboard(void*, const char* text) {
    static std::string kept;  // ImGui may ask for it back
    kept = text;
    platform::copy_to_clipboard(kept);
}

const char* get_clipboard(void*) {
    static std::string kept;
    return kept.c_str();
}

}  // namespace

int main() {
    if (!glfwInit()) {
        std::fprintf(stderr, "touchpoint: cannot initialise GLFW\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* window = glfwCreateWindow(1280, 800, "Touchpoint", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "touchpoint: this browser cannot create a WebGL 2 context\n");
        return 1;
    }
    glfwMakeContextCurrent(window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // layout is not persisted yet
    glfwSetKeyCallback(window, record_key_press);  // before ImGui's, which calls it in turn
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    ImGui::GetIO().SetClipboardTextFn = set_clipboard;
    ImGui::GetIO().GetClipboardTextFn = get_clipboard;

    // Lives for the page's lifetime: the frame loop never returns.
    auto* app = new App;
    app->window = window;
    // ?theme= for a link or a test, else what the user chose last time.
    const std::string theme = platform::query_parameter("theme").empty() ? platform::stored_setting("theme") : platform::query_parameter("theme");
    app->theme = theme == "dark" ? web::Theme::Dark : web::Theme::Light;
    if (const auto section = web::section_named(platform::query_parameter("section"))) app->section = *section;
    platform::fit_window_to_viewport(window);
    follow_device_pixel_ratio(*app);
    charts::set_export_hooks({
        [](const std::string& file_name, const std::string& csv) { platform::download(file_name, csv, "text/csv"); },
        [app](const std::string& file_name, ImVec2 min, ImVec2 max) { app->png_requests.push_back({file_name, min, max}); },
    });
    try {
        app->workbench.start(requested_sample());
    } catch (const std::exception& error) {
        std::fprintf(stderr, "touchpoint: cannot start the workbench: %s\n", error.what());
        return 1;
    }
    platform::publish_limits(web::limits_json().dump());
    platform::set_file_receiver(receive_file, app);
    platform::set_file_refusal_receiver(refuse_file, app);
    web::install_sharing(app->workbench, {[app] {
                                              return nlohmann::json{{"section", web::section_info(app->section).name},
                                                                    {"theme", web::theme_name(app->theme)}};
                                          },
                                          [app](const nlohmann::json& view) {
                                              if (const auto section = web::section_named(view.value("section", "")))
                                                  app->section = *section;
                                              const auto theme = view.value("theme", "");
                                              if (theme == "dark" || theme == "light")
                                                  set_theme(*app, theme == "dark" ? web::Theme::Dark : web::Theme::Light);
                                          }});
    platform::set_benchmark_handler(run_benchmark, app);
    platform::set_command_handler(run_command, app);
    platform::run_frame_loop(frame, app);
}
