#pragma once
// What the workbench needs from where it runs. The browser implementation is
// platform_web.cpp; nothing else in web/ touches Emscripten.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

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
    std::string data_json;     // {source, import: report or null, job: progress or null}
};
void publish_test_state(TestState state);

// Sets window.touchpoint.ready: the first frame with data has been drawn.
void mark_ready();

// --- Files ------------------------------------------------------------------------------
// The folder whose files survive a reload (IndexedDB in the browser).
std::string persistent_folder();
// Writes the persistent folder's changes through to durable storage (after a commit).
void persist_files();
// Asks the user for a file; it arrives later through the file-received callback.
void open_file_dialog(const char* accept);
// Offers bytes to the user as a download.
void download(const std::string& file_name, std::string_view bytes, const char* mime_type);

// File bytes handed over by the page (Open dialog or drag and drop), owned by the receiver.
struct ReceivedFile {
    std::string name;
    std::unique_ptr<char, void (*)(void*)> bytes{nullptr, nullptr};
    std::size_t size = 0;
    std::string_view view() const { return {bytes.get(), size}; }
};
using FileReceiver = void (*)(ReceivedFile file, void* user);
void set_file_receiver(FileReceiver receiver, void* user);

// The browser benchmark hands a file's bytes to the workbench and gets timings back as JSON.
using BenchmarkHandler = std::string (*)(const std::string& name, std::string_view bytes, void* user);
void set_benchmark_handler(BenchmarkHandler handler, void* user);

// Named actions the page's test API can ask for (the same functions the buttons call).
using CommandHandler = bool (*)(const std::string& command, void* user);
void set_command_handler(CommandHandler handler, void* user);

// The wasm memory in use, for the status bar and the benchmarks.
std::size_t memory_bytes();

}  // namespace touchpoint::platform
