// The browser side of the workbench: query string, canvas size, the frame loop and the
// functions the page's test API (shell/shell.js) calls.
#include "platform.hpp"

#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <cstdlib>

namespace touchpoint::platform {

namespace {
TestState published;
}

EM_JS(char*, touchpoint_read_query_parameter, (const char* name), {
    const value = new URLSearchParams(window.location.search).get(UTF8ToString(name));
    if (value === null) return 0;
    const size = lengthBytesUTF8(value) + 1;
    const buffer = _malloc(size);
    stringToUTF8(value, buffer, size);
    return buffer;
});

EM_JS(void, touchpoint_set_ready, (), {
    window.touchpoint = window.touchpoint || {};
    window.touchpoint.ready = true;
    document.body.classList.add('ready');
});

std::string query_parameter(const char* name) {
    char* value = touchpoint_read_query_parameter(name);
    if (!value) return {};
    std::string result(value);
    std::free(value);
    return result;
}

void fit_window_to_viewport(GLFWwindow* window) {
    double css_width = 0, css_height = 0;
    emscripten_get_element_css_size("#canvas", &css_width, &css_height);
    int width = 0, height = 0;
    glfwGetWindowSize(window, &width, &height);
    if (width != static_cast<int>(css_width) || height != static_cast<int>(css_height))
        glfwSetWindowSize(window, static_cast<int>(css_width), static_cast<int>(css_height));
}

void run_frame_loop(void (*frame)(void*), void* user) {
    // simulate_infinite_loop: main() never returns, so its state stays alive.
    emscripten_set_main_loop_arg(frame, user, 0, true);
    std::abort();  // not reached
}

void publish_test_state(TestState state) { published = std::move(state); }

void mark_ready() { touchpoint_set_ready(); }

}  // namespace touchpoint::platform

// Called by shell/shell.js; the strings stay valid until the next frame publishes new ones.
extern "C" {
EMSCRIPTEN_KEEPALIVE const char* touchpoint_metrics_json() { return touchpoint::platform::published.metrics_json.c_str(); }
EMSCRIPTEN_KEEPALIVE const char* touchpoint_shown_json() { return touchpoint::platform::published.shown_json.c_str(); }
EMSCRIPTEN_KEEPALIVE const char* touchpoint_layout_json() { return touchpoint::platform::published.layout_json.c_str(); }
}
