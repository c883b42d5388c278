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

// Device pixels per CSS pixel (1, 1.5, 2...): the workbench draws in device pixels, so text
// is rasterised at the screen's own resolution.
float device_pixel_ratio();
// Keeps the GLFW window (the canvas's drawing buffer) at the canvas's CSS size times the
// device pixel ratio, following window resizes and zoom.
void fit_window_to_viewport(GLFWwindow* window);

// Calls frame(user) once per display frame, forever. Does not return.
[[noreturn]] void run_frame_loop(void (*frame)(void*), void* user);

// The page was opened for tests (?test=1): only then does it have a test API (window.touchpoint).
bool opened_for_tests();

// What browser tests read through window.touchpoint, built only when a test reads it.
enum class TestStateKind {
    Metrics,  // as `touchpoint metrics --json`
    Shown,    // [{key, label, text}] drawn on the dashboard cards
    Layout,   // {metrics: rect, chart: rect}
    Data,     // {source, import: report or null, job: progress or null}
    Ui,       // {section, theme, scale, buffer size, regions drawn, each section's state}
};
using TestStateReader = std::string (*)(TestStateKind kind, void* user);
// Installs the reader; call only when opened_for_tests().
void set_test_state_reader(TestStateReader reader, void* user);

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
// A file the page did not hand over: `reason` is "too_large" (over the import limit, nothing
// copied), "no_memory" (no room for its bytes) or what went wrong while reading it.
using FileRefusalReceiver = void (*)(const std::string& name, double size_bytes, const std::string& reason, void* user);
void set_file_refusal_receiver(FileRefusalReceiver receiver, void* user);
// The limits the page's script checks before copying (touchpoint/limits.hpp), as JSON text.
void publish_limits(std::string json);

// The browser benchmark hands a file's bytes to the workbench and gets timings back as JSON.
using BenchmarkHandler = std::string (*)(const std::string& name, std::string_view bytes, void* user);
void set_benchmark_handler(BenchmarkHandler handler, void* user);

// Named actions the page's test API can ask for (the same functions the buttons call).
using CommandHandler = bool (*)(const std::string& command, void* user);
void set_command_handler(CommandHandler handler, void* user);

// The wasm memory in use, for the status bar and the benchmarks.
std::size_t memory_bytes();

// --- Small things the browser keeps ----------------------------------------------------
// A setting kept across visits (localStorage), "" when never stored.
std::string stored_setting(const char* name);
void store_setting(const char* name, const std::string& value);
// The system clipboard (ImGui's own clipboard stays inside the page otherwise).
void copy_to_clipboard(const std::string& text);
// Reads the rectangle (device pixels, top-left origin) back from the frame just drawn and
// offers it as a PNG download. Call after rendering, before the frame ends.
void save_framebuffer_png(const std::string& file_name, int x, int y, int width, int height);

// --- Sharing (docs/workspace.md) -------------------------------------------------------
// The page's address without its fragment ("https://team.example/plans/"), and the fragment it
// was opened with ("#w=...", or "").
std::string page_address();
std::string page_fragment();
// Shows this fragment in the address bar, without a reload or a history entry ("" removes it).
void replace_page_fragment(const std::string& fragment);
// Compresses text with the browser's CompressionStream("deflate-raw"); the bytes arrive later
// through the compressed-bytes callback (with an error message when the browser cannot).
void compress_text(const std::string& text);
using CompressedReceiver = void (*)(std::string bytes, std::string error, void* user);
void set_compressed_receiver(CompressedReceiver receiver, void* user);
// Decompresses a share link's bytes; the text arrives through the workspace receiver with the
// source "link" (or an error message).
void decompress_link(std::string_view bytes);
// A workspace the page hands over: from a share link ("link"), from the published folder's
// workspace.json ("published"), with an error message when it could not be read. Setting the
// receiver delivers one the page fetched while the module was loading.
using WorkspaceReceiver = void (*)(std::string text, std::string source, std::string error, void* user);
void set_workspace_receiver(WorkspaceReceiver receiver, void* user);

}  // namespace touchpoint::platform
