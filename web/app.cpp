// The workbench: opens the store, fills it with the built-in sample shop, and draws the
// panels every frame. Browser specifics stay behind platform/platform.hpp.
#include "format.hpp"
#include "panels/dashboard_panel.hpp"
#include "platform/platform.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/metrics/headline.hpp"

#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>
#include <string>

namespace {

using namespace touchpoint;

struct Workbench {
    GLFWwindow* window = nullptr;
    data::Store store = data::Store::open(":memory:");
    metrics::HeadlineMetrics metrics;
    std::string source_description;
    web::DashboardFonts fonts;
    web::DashboardSnapshot snapshot;
    bool ready_marked = false;
};

template <typename Number>
Number query_number(const char* name, Number fallback) {
    const std::string text = platform::query_parameter(name);
    Number value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return fallback;
    return value;
}

void load_sample_shop(Workbench& workbench) {
    data::SampleShopOptions options;
    options.seed = query_number<std::uint64_t>("seed", options.seed);
    const int customers = query_number<int>("customers", options.customers);
    if (customers > 0) options.customers = customers;
    data::write_sample_shop(workbench.store, data::generate_sample_shop(options));
    workbench.metrics = metrics::compute_headline_metrics(data::load_dataset(workbench.store));
    workbench.source_description = "Built-in sample shop (seed " + std::to_string(options.seed) + ", " +
                                   web::format_count(options.customers) +
                                   " customers), generated in this browser. Nothing is uploaded.";
}

void load_fonts(Workbench& workbench) {
    ImGuiIO& io = ImGui::GetIO();
    // Fonts are copied from Debian's font packages at build time and preloaded with the page.
    const char* body = "/assets/fonts/Inter-Regular.otf";
    const char* figures = "/assets/fonts/Inter-SemiBold.otf";
    if (!io.Fonts->AddFontFromFileTTF(body, 16.0f)) io.Fonts->AddFontDefault();
    workbench.fonts.value = io.Fonts->AddFontFromFileTTF(figures, 30.0f);
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

void publish(const Workbench& workbench) {
    nlohmann::json shown = nlohmann::json::array();
    for (const auto& value : workbench.snapshot.shown)
        shown.push_back({{"key", value.key}, {"label", value.label}, {"text", value.text}});
    const nlohmann::json layout{
        {"metrics", rect_json(workbench.snapshot.cards_min, workbench.snapshot.cards_max)},
        {"chart", rect_json(workbench.snapshot.chart_min, workbench.snapshot.chart_max)},
    };
    platform::publish_test_state({metrics::to_json(workbench.metrics).dump(), shown.dump(), layout.dump()});
}

void frame(void* user) {
    auto& workbench = *static_cast<Workbench*>(user);
    platform::fit_window_to_viewport(workbench.window);
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::Begin("Dashboard", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    if (workbench.fonts.value) ImGui::PushFont(workbench.fonts.value);
    ImGui::TextUnformatted("Touchpoint");
    if (workbench.fonts.value) ImGui::PopFont();
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Retention dashboard");
    ImGui::Separator();
    web::draw_dashboard_panel(workbench.metrics, workbench.source_description, workbench.fonts, workbench.snapshot);
    ImGui::End();

    ImGui::Render();
    int width = 0, height = 0;
    glfwGetFramebufferSize(workbench.window, &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 background = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(background.x, background.y, background.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    publish(workbench);
    if (!workbench.ready_marked) {
        platform::mark_ready();
        workbench.ready_marked = true;
    }
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
    auto* workbench = new Workbench;
    workbench->window = window;
    load_fonts(*workbench);
    try {
        load_sample_shop(*workbench);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "touchpoint: cannot build the sample shop: %s\n", error.what());
        return 1;
    }
    platform::run_frame_loop(frame, workbench);
}
