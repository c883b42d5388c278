// The workbench's frame: sidebar, the current section's panel, status bar and error toasts,
// with import work pumped between frames. Browser specifics stay behind platform/platform.hpp.
#include "format.hpp"
#include "panels/dashboard_panel.hpp"
#include "panels/data_panel.hpp"
#include "platform/platform.hpp"
#include "workbench.hpp"

#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <optional>
#include <cstdio>
#include <string>

namespace {

using namespace touchpoint;

enum class Section { Data, Dashboard };

struct App {
    GLFWwindow* window = nullptr;
    web::Workbench workbench;
    Section section = Section::Dashboard;
    web::DashboardFonts fonts;
    web::DashboardSnapshot snapshot;
    bool ready_marked = false;
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

void load_fonts(App& app) {
    ImGuiIO& io = ImGui::GetIO();
    // Fonts are copied from Debian's font packages at build time and preloaded with the page.
    const char* body = "/assets/fonts/Inter-Regular.otf";
    const char* figures = "/assets/fonts/Inter-SemiBold.otf";
    if (!io.Fonts->AddFontFromFileTTF(body, 16.0f)) io.Fonts->AddFontDefault();
    app.fonts.value = io.Fonts->AddFontFromFileTTF(figures, 30.0f);
}

void apply_style() {
    ImGui::StyleColorsLight();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 0.0f;
    style.ChildRounding = 6.0f;
    style.FrameRounding = 4.0f;
    style.WindowPadding = ImVec2(16.0f, 14.0f);
    style.ItemSpacing = ImVec2(10.0f, 8.0f);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.0f);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
}

nlohmann::json rect_json(ImVec2 min, ImVec2 max) {
    return {{"x", min.x}, {"y", min.y}, {"width", max.x - min.x}, {"height", max.y - min.y}};
}

void publish(const App& app) {
    nlohmann::json shown = nlohmann::json::array();
    for (const auto& value : app.snapshot.shown)
        shown.push_back({{"key", value.key}, {"label", value.label}, {"text", value.text}});
    const nlohmann::json layout{
        {"metrics", rect_json(app.snapshot.cards_min, app.snapshot.cards_max)},
        {"chart", rect_json(app.snapshot.chart_min, app.snapshot.chart_max)},
    };
    platform::publish_test_state({metrics::to_json(app.workbench.metrics()).dump(), shown.dump(), layout.dump(),
                                  app.workbench.data_state_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
}

void draw_sidebar(App& app) {
    ImGui::BeginChild("sidebar", ImVec2(170.0f, 0.0f), true);
    if (app.fonts.value) ImGui::PushFont(app.fonts.value);
    ImGui::TextUnformatted("Touchpoint");
    if (app.fonts.value) ImGui::PopFont();
    ImGui::Spacing();
    const std::pair<Section, const char*> sections[] = {{Section::Data, "Data"}, {Section::Dashboard, "Dashboard"}};
    for (const auto& [section, label] : sections)
        if (ImGui::Selectable(label, app.section == section, 0, ImVec2(0.0f, 28.0f))) app.section = section;
    ImGui::EndChild();
}

void draw_status_bar(const App& app) {
    const auto& workbench = app.workbench;
    ImGui::Separator();
    ImGui::TextDisabled("%s  |  memory %s MB", workbench.source() == web::DataSource::Local ? "Your local data" : "Sample data",
                        web::format_count(static_cast<std::int64_t>(platform::memory_bytes() >> 20)).c_str());
    if (const auto& run = workbench.import_run()) {
        ImGui::SameLine();
        ImGui::TextDisabled("|  %s %s: %.0f%%", run->file.name.c_str(), run->progress.phase.c_str(), run->progress.fraction * 100.0);
    }
}

// Errors stay on screen until the user dismisses them.
void draw_toasts(App& app) {
    auto& errors = app.workbench.errors;
    if (errors.empty()) return;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - 16.0f, viewport->WorkPos.y + viewport->WorkSize.y - 40.0f),
                            ImGuiCond_Always, ImVec2(1.0f, 1.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(320.0f, 0.0f), ImVec2(520.0f, 400.0f));
    ImGui::Begin("##errors", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
    for (std::size_t i = 0; i < errors.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(176, 32, 32, 255));
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 460.0f);
        ImGui::TextUnformatted(errors[i].c_str());
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

void frame(void* user) {
    auto& app = *static_cast<App*>(user);
    // Import work between frames: a slice small enough to keep the page at its frame rate.
    app.workbench.pump_jobs(web::job_slice);

    platform::fit_window_to_viewport(app.window);
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::Begin("Workbench", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    const float status_height = ImGui::GetFrameHeightWithSpacing() + 4.0f;
    ImGui::BeginChild("body", ImVec2(0.0f, -status_height));
    draw_sidebar(app);
    ImGui::SameLine();
    ImGui::BeginChild("section", ImVec2(0.0f, 0.0f));
    switch (app.section) {
        case Section::Data: web::draw_data_panel(app.workbench); break;
        case Section::Dashboard:
            web::draw_dashboard_panel(app.workbench.metrics(), app.workbench.source_description(), app.fonts, app.snapshot);
            break;
    }
    ImGui::EndChild();
    ImGui::EndChild();
    draw_status_bar(app);
    ImGui::End();
    draw_toasts(app);

    ImGui::Render();
    int width = 0, height = 0;
    glfwGetFramebufferSize(app.window, &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 background = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(background.x, background.y, background.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    publish(app);
    if (!app.ready_marked) {
        platform::mark_ready();
        app.ready_marked = true;
    }
}

void receive_file(platform::ReceivedFile file, void* user) {
    auto& app = *static_cast<App*>(user);
    app.workbench.receive_file(std::move(file));
    app.section = Section::Data;  // show the import's progress and report
}

bool run_command(const std::string& command, void* user) {
    auto& workbench = static_cast<App*>(user)->workbench;
    if (command == "clear_local_data") workbench.clear_local_data();
    else if (command == "export_database") workbench.export_database();
    else return false;
    return true;
}

std::string run_benchmark(const std::string& name, std::string_view bytes, void* user) {
    return static_cast<App*>(user)->workbench.benchmark_import(name, bytes).dump();
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
    apply_style();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    // Lives for the page's lifetime: the frame loop never returns.
    auto* app = new App;
    app->window = window;
    load_fonts(*app);
    try {
        app->workbench.start(requested_sample());
    } catch (const std::exception& error) {
        std::fprintf(stderr, "touchpoint: cannot start the workbench: %s\n", error.what());
        return 1;
    }
    platform::set_file_receiver(receive_file, app);
    platform::set_benchmark_handler(run_benchmark, app);
    platform::set_command_handler(run_command, app);
    platform::run_frame_loop(frame, app);
}
