// The browser side of the workbench: query string, canvas size, the frame loop, files in and
// out, IndexedDB persistence, and the functions the page's test API (shell/shell.js) calls.
#include "platform/platform.hpp"

#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <GLES3/gl3.h>

#include <cmath>
#include <cstdlib>
#include <algorithm>
#include <vector>

namespace touchpoint::platform {

namespace {
TestStateReader test_state_reader = nullptr;
void* test_state_reader_user = nullptr;
std::string test_state_text;  // the last state read, valid until the next read
FileReceiver file_receiver = nullptr;
void* file_receiver_user = nullptr;
BenchmarkHandler benchmark_handler = nullptr;
void* benchmark_handler_user = nullptr;
std::string benchmark_result;
CommandHandler command_handler = nullptr;
void* command_handler_user = nullptr;
CompressedReceiver compressed_receiver = nullptr;
void* compressed_receiver_user = nullptr;
WorkspaceReceiver workspace_receiver = nullptr;
void* workspace_receiver_user = nullptr;
FileRefusalReceiver file_refusal_receiver = nullptr;
void* file_refusal_receiver_user = nullptr;
std::string limits_json_text = "{}";
}  // namespace

EM_JS(char*, touchpoint_read_query_parameter, (const char* name), {
    const value = new URLSearchParams(window.location.search).get(UTF8ToString(name));
    if (value === null) return 0;
    const size = lengthBytesUTF8(value) + 1;
    const buffer = _malloc(size);
    stringToUTF8(value, buffer, size);
    return buffer;
});

EM_JS(void, touchpoint_set_ready, (), {
    if (window.touchpoint) window.touchpoint.ready = true;
    document.body.classList.add('ready');
});

EM_JS(void, touchpoint_sync_files, (), { window.touchpointShell.persist(); });

EM_JS(char*, touchpoint_read_setting, (const char* name), {
    let value = null;
    try { value = window.localStorage.getItem('touchpoint.' + UTF8ToString(name)); } catch (error) {}
    if (value === null) return 0;
    const size = lengthBytesUTF8(value) + 1;
    const buffer = _malloc(size);
    stringToUTF8(value, buffer, size);
    return buffer;
});

EM_JS(void, touchpoint_write_setting, (const char* name, const char* value), {
    try { window.localStorage.setItem('touchpoint.' + UTF8ToString(name), UTF8ToString(value)); } catch (error) {}
});

EM_JS(void, touchpoint_copy_text, (const char* text), { window.touchpointShell.copyText(UTF8ToString(text)); });

EM_JS(void, touchpoint_save_png, (const char* name, const unsigned char* rgba, int width, int height), {
    window.touchpointShell.savePng(UTF8ToString(name), HEAPU8.slice(rgba, rgba + width * height * 4), width, height);
});

EM_JS(void, touchpoint_open_file_dialog, (const char* accept), { window.touchpointShell.openFileDialog(UTF8ToString(accept)); });

EM_JS(void, touchpoint_download, (const char* name, const char* bytes, size_t size, const char* mime), {
    window.touchpointShell.download(UTF8ToString(name), HEAPU8.slice(bytes, bytes + size), UTF8ToString(mime));
});

EM_JS(char*, touchpoint_page_address, (), {
    const value = location.origin + location.pathname + location.search;
    const buffer = _malloc(lengthBytesUTF8(value) + 1);
    stringToUTF8(value, buffer, lengthBytesUTF8(value) + 1);
    return buffer;
});
EM_JS(char*, touchpoint_page_fragment, (), {
    const value = location.hash;
    const buffer = _malloc(lengthBytesUTF8(value) + 1);
    stringToUTF8(value, buffer, lengthBytesUTF8(value) + 1);
    return buffer;
});
EM_JS(void, touchpoint_replace_fragment, (const char* fragment), {
    history.replaceState(null, document.title, location.pathname + location.search + UTF8ToString(fragment));
});
EM_JS(void, touchpoint_want_workspace, (), { window.touchpointShell.wantWorkspace(); });
EM_JS(void, touchpoint_compress_text, (const char* text), { window.touchpointShell.compressText(UTF8ToString(text)); });
EM_JS(void, touchpoint_decompress_link, (const char* bytes, size_t size), {
    window.touchpointShell.decompressLink(HEAPU8.slice(bytes, bytes + size));
});

namespace {
// A string the page handed over in a malloc'd buffer (null: none): copied, then freed.
std::string take_page_string(char* value) {
    if (!value) return {};
    std::string result(value);
    std::free(value);
    return result;
}
}  // namespace

std::string query_parameter(const char* name) { return take_page_string(touchpoint_read_query_parameter(name)); }

float device_pixel_ratio() {
    const double ratio = emscripten_get_device_pixel_ratio();
    return ratio > 0 ? static_cast<float>(ratio) : 1.0f;
}

void fit_window_to_viewport(GLFWwindow* window) {
    double css_width = 0, css_height = 0;
    emscripten_get_element_css_size("#canvas", &css_width, &css_height);
    // The stylesheet keeps the canvas's CSS size at the viewport; its drawing buffer gets one
    // texel per device pixel. Emscripten's GLFW maps mouse positions into buffer pixels.
    const double ratio = device_pixel_ratio();
    const int wanted_width = static_cast<int>(std::lround(css_width * ratio));
    const int wanted_height = static_cast<int>(std::lround(css_height * ratio));
    int width = 0, height = 0;
    glfwGetWindowSize(window, &width, &height);
    if (width != wanted_width || height != wanted_height) glfwSetWindowSize(window, wanted_width, wanted_height);
}

void run_frame_loop(void (*frame)(void*), void* user) {
    // simulate_infinite_loop: main() never returns, so its state stays alive.
    emscripten_set_main_loop_arg(frame, user, 0, true);
    std::abort();  // not reached
}

bool opened_for_tests() { return query_parameter("test") == "1"; }

void set_test_state_reader(TestStateReader reader, void* user) {
    test_state_reader = reader;
    test_state_reader_user = user;
}

namespace {
const char* read_test_state(TestStateKind kind) {
    test_state_text = test_state_reader ? test_state_reader(kind, test_state_reader_user) : std::string();
    return test_state_text.c_str();
}
}  // namespace

void mark_ready() { touchpoint_set_ready(); }

std::string persistent_folder() { return "/persistent"; }  // mounted on IndexedDB by shell.js before main()

void persist_files() { touchpoint_sync_files(); }

void open_file_dialog(const char* accept) { touchpoint_open_file_dialog(accept); }

void download(const std::string& file_name, std::string_view bytes, const char* mime_type) {
    touchpoint_download(file_name.c_str(), bytes.data(), bytes.size(), mime_type);
}

void set_file_receiver(FileReceiver receiver, void* user) {
    file_receiver = receiver;
    file_receiver_user = user;
}

void set_file_refusal_receiver(FileRefusalReceiver receiver, void* user) {
    file_refusal_receiver = receiver;
    file_refusal_receiver_user = user;
}

void publish_limits(std::string json) { limits_json_text = std::move(json); }

void set_benchmark_handler(BenchmarkHandler handler, void* user) {
    benchmark_handler = handler;
    benchmark_handler_user = user;
}

void set_command_handler(CommandHandler handler, void* user) {
    command_handler = handler;
    command_handler_user = user;
}

std::size_t memory_bytes() { return static_cast<std::size_t>(EM_ASM_DOUBLE({ return HEAPU8.length; })); }

std::string stored_setting(const char* name) { return take_page_string(touchpoint_read_setting(name)); }

void store_setting(const char* name, const std::string& value) { touchpoint_write_setting(name, value.c_str()); }

void copy_to_clipboard(const std::string& text) { touchpoint_copy_text(text.c_str()); }

void save_framebuffer_png(const std::string& file_name, int x, int y, int width, int height) {
    if (width <= 0 || height <= 0) return;
    GLint viewport[4] = {};
    glGetIntegerv(GL_VIEWPORT, viewport);
    // GL counts rows from the bottom; the image's first row is the rectangle's top.
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    glReadPixels(x, viewport[3] - y - height, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    const std::size_t row = static_cast<std::size_t>(width) * 4;
    std::vector<unsigned char> flipped(pixels.size());
    for (int r = 0; r < height; ++r)
        std::copy_n(pixels.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(height - 1 - r) * row), row,
                    flipped.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(r) * row));
    touchpoint_save_png(file_name.c_str(), flipped.data(), width, height);
}

std::string page_address() { return take_page_string(touchpoint_page_address()); }
std::string page_fragment() { return take_page_string(touchpoint_page_fragment()); }
void replace_page_fragment(const std::string& fragment) { touchpoint_replace_fragment(fragment.c_str()); }
void compress_text(const std::string& text) { touchpoint_compress_text(text.c_str()); }
void decompress_link(std::string_view bytes) { touchpoint_decompress_link(bytes.data(), bytes.size()); }

void set_compressed_receiver(CompressedReceiver receiver, void* user) {
    compressed_receiver = receiver;
    compressed_receiver_user = user;
}

void set_workspace_receiver(WorkspaceReceiver receiver, void* user) {
    workspace_receiver = receiver;
    workspace_receiver_user = user;
    touchpoint_want_workspace();  // one fetched while the module loaded arrives now
}

}  // namespace touchpoint::platform

// Called by shell/shell.js's test API; each string is built when read and stays valid until the
// next read.
extern "C" {
EMSCRIPTEN_KEEPALIVE const char* touchpoint_metrics_json() { return touchpoint::platform::read_test_state(touchpoint::platform::TestStateKind::Metrics); }
EMSCRIPTEN_KEEPALIVE const char* touchpoint_shown_json() { return touchpoint::platform::read_test_state(touchpoint::platform::TestStateKind::Shown); }
EMSCRIPTEN_KEEPALIVE const char* touchpoint_layout_json() { return touchpoint::platform::read_test_state(touchpoint::platform::TestStateKind::Layout); }
EMSCRIPTEN_KEEPALIVE const char* touchpoint_data_json() { return touchpoint::platform::read_test_state(touchpoint::platform::TestStateKind::Data); }
EMSCRIPTEN_KEEPALIVE const char* touchpoint_ui_json() { return touchpoint::platform::read_test_state(touchpoint::platform::TestStateKind::Ui); }

// The page copied a file's bytes into a malloc'd buffer: ownership passes to the workbench.
EMSCRIPTEN_KEEPALIVE void touchpoint_receive_file(const char* name, char* bytes, size_t size) {
    using namespace touchpoint::platform;
    ReceivedFile file;
    file.name = name;
    file.bytes = std::unique_ptr<char, void (*)(void*)>(bytes, std::free);
    file.size = size;
    if (file_receiver) file_receiver(std::move(file), file_receiver_user);
}

// The page did not hand a file over (too large, no memory for it, unreadable).
EMSCRIPTEN_KEEPALIVE void touchpoint_file_refused(const char* name, double size, const char* reason) {
    using namespace touchpoint::platform;
    if (file_refusal_receiver) file_refusal_receiver(name, size, reason, file_refusal_receiver_user);
}

// The limits (touchpoint/limits.hpp) as JSON, for the page's checks before copying a file.
EMSCRIPTEN_KEEPALIVE const char* touchpoint_limits_json() { return touchpoint::platform::limits_json_text.c_str(); }

// The page compressed text for a share link (compressText); the bytes stay the caller's.
EMSCRIPTEN_KEEPALIVE void touchpoint_receive_compressed(const char* bytes, size_t size, const char* error) {
    using namespace touchpoint::platform;
    if (compressed_receiver) compressed_receiver(std::string(bytes, size), error, compressed_receiver_user);
}

// A workspace's text from a share link or a published folder (or why it could not be read).
// The text stays the caller's.
EMSCRIPTEN_KEEPALIVE void touchpoint_receive_workspace(const char* text, size_t size, const char* source, const char* error) {
    using namespace touchpoint::platform;
    if (workspace_receiver) workspace_receiver(text ? std::string(text, size) : std::string(), source, error, workspace_receiver_user);
}

// Returns 1 when the command was known and carried out.
EMSCRIPTEN_KEEPALIVE int touchpoint_command(const char* command) {
    using namespace touchpoint::platform;
    return command_handler && command_handler(command, command_handler_user) ? 1 : 0;
}

// The bytes stay the caller's: it frees them after the call.
EMSCRIPTEN_KEEPALIVE const char* touchpoint_benchmark_import(const char* name, const char* bytes, size_t size) {
    using namespace touchpoint::platform;
    benchmark_result = benchmark_handler ? benchmark_handler(name, std::string_view(bytes, size), benchmark_handler_user)
                                         : std::string("{\"error\": \"no benchmark handler\"}");
    return benchmark_result.c_str();
}
}
