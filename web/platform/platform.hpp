#pragma once
// What the workbench needs from where it runs. The browser implementation is
// platform_web.cpp; nothing else in web/ touches Emscripten.
#include <string>

struct GLFWwindow;

namespace touchpoint::platform {

// The page's query parameter `name` (?seed=7 -> "7"), or "" when absent.
std::string query_parameter(const char* name);

// Keeps the GLFW window the size of the browser viewport (CSS pixels).
void fit_window_to_viewport(GLFWwindow* window);

// Calls frame(user) once per display frame, forever. Does not return.
[[noreturn]] void run_frame_loop(void (*frame)(void*), void* user);

// Publishes the state browser tests read through window.touchpoint.
struct TestState {
    std::string metrics_json;  // as `touchpoint metrics --json`
    std::string shown_json;    // [{key, label, text}] drawn on the dashboard cards
    std::string layout_json;   // {metrics: rect, chart: rect}
};
void publish_test_state(TestState state);

// Sets window.touchpoint.ready: the first frame with data has been drawn.
void mark_ready();

}  // namespace touchpoint::platform
