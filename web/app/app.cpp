// The workbench's frame: sidebar, the current section's panel, status bar, error toasts and
// the help window; keyboard shortcuts; themes and device-pixel scaling; jobs pumped between
// frames. Browser specifics stay behind platform/platform.hpp.
#include "app/app.hpp"

#include "app/benchmarks.hpp"
#include "platform/platform.hpp"
#include "touchpoint/roleplay/scenario.hpp"
#include "touchpoint/workspace/workspace.hpp"
#include "ui/format.hpp"
#include "ui/icons.hpp"
#include "ui/job_progress.hpp"
#include "ui/limits_text.hpp"
#include "ui/ui_scale.hpp"

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

namespace touchpoint::web {

namespace {

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
    static const ImWchar icon_ranges[] = {icons::first_glyph, icons::last_glyph, 0};
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

// The device pixel ratio changed (first frame, browser zoom, another screen): fonts and
// sizes are rebuilt for it.
void follow_device_pixel_ratio(App& app) {
    const float ratio = platform::device_pixel_ratio();
    if (ratio == app.scale) return;
    app.scale = ratio;
    current_ui_scale = ratio;
    load_fonts(app, ratio);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    apply_theme(app.theme, ratio);
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
    for (const auto& info : all_sections) {
        const std::string label = std::string(info.icon) + "  " + info.name;
        if (ImGui::Selectable(label.c_str(), app.section == info.section, 0, ImVec2(0.0f, px(28.0f)))) app.section = info.section;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (key %d)", info.name, number);
        ++number;
    }

    // Help and theme at the bottom of the sidebar.
    const float line = ImGui::GetFrameHeightWithSpacing();
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), ImGui::GetWindowHeight() - 2.0f * line - ImGui::GetStyle().WindowPadding.y));
    if (ImGui::Selectable((std::string(icons::help) + "  Help (F1)").c_str(), app.help_open)) app.help_open = !app.help_open;
    const bool dark = app.theme == Theme::Dark;
    const std::string theme_label = std::string(dark ? icons::light_theme : icons::dark_theme) + (dark ? "  Light theme" : "  Dark theme");
    if (ImGui::Selectable(theme_label.c_str())) set_theme(app, dark ? Theme::Light : Theme::Dark);
    ImGui::EndChild();
}

std::string data_summary(const Workbench& workbench) {
    const auto& numbers = workbench.metrics();
    const std::string source = workbench.source() == DataSource::Local ? "Your data" : "Sample shop";
    return source + " \u00b7 " + format_count(numbers.customers) + " customers \u00b7 " + format_count(numbers.orders) + " orders";
}

void draw_status_bar(App& app) {
    auto& workbench = app.workbench;
    ImGui::Separator();
    app.regions.status_min = ImGui::GetCursorScreenPos();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", data_summary(workbench).c_str());
    ImGui::SameLine(0.0f, px(24.0f));
    ImGui::TextDisabled("%s %s MB in use", icons::memory,
                        format_count(static_cast<std::int64_t>(platform::memory_bytes() >> 20)).c_str());
    const auto running = workbench.job_runner().statuses();
    if (!running.empty()) {
        const auto& job = running.front();
        ImGui::SameLine(0.0f, px(24.0f));
        ImGui::TextUnformatted(job.title.c_str());
        ImGui::SameLine();
        draw_job_progress(job, [&workbench, id = job.id] { workbench.cancel_job(id); }, px(520.0f));
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
        ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().error_text);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + px(460.0f));
        ImGui::Text("%s  %s", icons::warning, errors[i].c_str());
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

void record_key_press(GLFWwindow* window, int key, int, int action, int mods) {
    auto* app = static_cast<App*>(glfwGetWindowUserPointer(window));
    if (action == GLFW_PRESS && app) app->key_presses.push_back({key, mods});
}

// Keys that act anywhere. Digits switch sections only when no text field has the keyboard.
void handle_shortcuts(App& app) {
    const bool typing = ImGui::GetIO().WantTextInput;
    for (const auto [key, mods] : app.key_presses) {
        const bool command = (mods & (GLFW_MOD_CONTROL | GLFW_MOD_SUPER)) != 0;
        const bool shift = (mods & GLFW_MOD_SHIFT) != 0;
        if (key == GLFW_KEY_F1) app.help_open = !app.help_open;
        else if (!command && !typing && mods == 0 && key >= GLFW_KEY_1 && key <= GLFW_KEY_9)
            app.section = all_sections[static_cast<std::size_t>(key - GLFW_KEY_1)].section;
        else if (command && key == GLFW_KEY_O) platform::open_file_dialog(importable_file_types);
        else if (command && key == GLFW_KEY_S) app.workbench.export_database();
        else if (command && !typing && key == GLFW_KEY_Z) shift ? app.workbench.redo() : app.workbench.undo();
        else if (command && !typing && key == GLFW_KEY_Y) app.workbench.redo();
    }
    app.key_presses.clear();
}

// A new Dataset (an import, the local database opened or cleared, the sample shown): every
// section drops what it derived from the old one before drawing.
void reset_sections_on_new_data(App& app) {
    const data::Dataset* dataset = app.workbench.dataset().get();
    if (dataset == app.seen_dataset) return;
    app.seen_dataset = dataset;
    for (auto* section : app.every_section) section->reset(app.workbench);
}

void draw_section(App& app) {
    app.share.draw_viewer_bar(app.workbench);
    if (const auto go_to = app.shown().draw(app.workbench, {app.fonts.heading})) app.section = *go_to;
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
    app.workbench.pump_jobs(job_slice_after(app.drawing_ms));
    app.share.follow(app.workbench);
    reset_sections_on_new_data(app);
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
    app.drill_down.draw(app.workbench, {app.fonts.heading});
    app.workbench.save_workspace_if_changed();
    draw_help_window(app.help, &app.help_open, app.help_tab);
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
    if (app.click_targets) app.click_targets->end_frame();
    if (!app.ready_marked) {
        platform::mark_ready();
        app.ready_marked = true;
    }
}

void receive_file(platform::ReceivedFile file, void* user) {
    auto& app = *static_cast<App*>(user);
    // A role-play scenario goes to the Trainer's editor; anything else is data to import.
    if (roleplay::is_scenario_json(file.view())) {
        app.trainer.receive_scenario_file(file.name, file.view());
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
        app.workbench.errors.push_back(file_too_large_message(name, size_bytes));
    } else if (reason == "no_memory") {
        app.workbench.errors.push_back("'" + name + "' was not imported: the page could not get " + format_bytes(size) +
                                       " of memory to read it (" + format_bytes(platform::memory_bytes()) +
                                       " in use; a page may use at most 2 GiB). Reload the page and try again, or split the file.");
    } else {
        app.workbench.errors.push_back("'" + name + "' was not imported: it could not be read (" + reason + ").");
    }
    app.section = Section::Data;
}

bool receive_command(const std::string& command, void* user) { return run_command(*static_cast<App*>(user), command); }

std::string run_benchmark(const std::string& name, std::string_view bytes, void* user) {
    auto& workbench = static_cast<App*>(user)->workbench;
    if (name.rfind("recompute", 0) == 0) return benchmark_recompute(workbench, name, bytes).dump();
    return workbench.benchmark_import(name, bytes).dump();
}

// ImGui's clipboard: what the page copied is kept so that a paste inside the page gets it back
// (the browser's own clipboard cannot be read without the user's permission).
void set_clipboard(void* user, const char* text) {
    auto& app = *static_cast<App*>(user);
    app.clipboard = text;
    platform::copy_to_clipboard(app.clipboard);
}

const char* get_clipboard(void* user) { return static_cast<App*>(user)->clipboard.c_str(); }

}  // namespace

void set_theme(App& app, Theme theme) {
    app.theme = theme;
    apply_theme(theme, app.scale);
    platform::store_setting("theme", theme_name(theme));
}

}  // namespace touchpoint::web

int main() {
    using namespace touchpoint;
    using namespace touchpoint::web;
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
    // Lives for the page's lifetime: the frame loop never returns.
    auto* app = new App;
    app->window = window;
    glfwSetWindowUserPointer(window, app);
    glfwSetKeyCallback(window, record_key_press);  // before ImGui's, which calls it in turn
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    ImGui::GetIO().SetClipboardTextFn = set_clipboard;
    ImGui::GetIO().GetClipboardTextFn = get_clipboard;
    ImGui::GetIO().ClipboardUserData = app;
    // ?theme= for a link or a test, else what the user chose last time.
    const std::string theme = platform::query_parameter("theme").empty() ? platform::stored_setting("theme") : platform::query_parameter("theme");
    app->theme = theme == "dark" ? Theme::Dark : Theme::Light;
    if (const auto section = section_named(platform::query_parameter("section"))) app->section = *section;
    platform::fit_window_to_viewport(window);
    follow_device_pixel_ratio(*app);
    charts::set_layer(&app->charts);
    app->charts.export_hooks = {
        [](const std::string& file_name, const std::string& csv) { platform::download(file_name, csv, "text/csv"); },
        [app](const std::string& file_name, ImVec2 min, ImVec2 max) { app->png_requests.push_back({file_name, min, max}); },
    };
    try {
        app->workbench.start(requested_sample());
    } catch (const std::exception& error) {
        std::fprintf(stderr, "touchpoint: cannot start the workbench: %s\n", error.what());
        return 1;
    }
    platform::publish_limits(limits_json().dump());
    platform::set_file_receiver(receive_file, app);
    platform::set_file_refusal_receiver(refuse_file, app);
    app->share.install(app->workbench, {[app] {
                                              return nlohmann::json{{"section", section_info(app->section).name},
                                                                    {"theme", theme_name(app->theme)}};
                                          },
                                          [app](const nlohmann::json& view) {
                                              if (const auto section = section_named(view.value("section", "")))
                                                  app->section = *section;
                                              const auto theme = view.value("theme", "");
                                              if (theme == "dark" || theme == "light")
                                                  set_theme(*app, theme == "dark" ? Theme::Dark : Theme::Light);
                                          }});
    platform::set_benchmark_handler(run_benchmark, app);
    platform::set_command_handler(receive_command, app);
    if (platform::opened_for_tests()) install_test_api(*app);
    platform::run_frame_loop(frame, app);
}
