#pragma once
// Hooks for the browser tests that cost nothing unless a test is attached, as Dear ImGui's
// test-engine hooks: the page attaches them only when opened for tests (?test=1, see
// app/test_api.hpp). Sections call record_click_target() where a test may click with the mouse;
// without a test attached it returns at once and nothing is built.
#include <imgui.h>
#include <nlohmann/json_fwd.hpp>

#include <map>
#include <string>
#include <string_view>

namespace touchpoint::web::test_hooks {

struct Rect {
    ImVec2 min{}, max{};
};

// Where the clickable things of the last frame were drawn, by name ("models:fit", "segment:lapsed").
class ClickTargets {
public:
    void record(std::string_view name, ImVec2 min, ImVec2 max) { pending_[std::string(name)] = Rect{min, max}; }
    // At the end of a frame: what was recorded becomes what was shown.
    void end_frame() {
        shown_.swap(pending_);
        pending_.clear();
    }
    const std::map<std::string, Rect, std::less<>>& shown() const { return shown_; }

private:
    std::map<std::string, Rect, std::less<>> pending_, shown_;
};

// A rectangle drawn in device pixels as the page and its tests measure it: in CSS pixels,
// {"x", "y", "width", "height"}.
nlohmann::json css_rect_json(ImVec2 min, ImVec2 max);

// The click targets of the attached test, or nullptr when no test is attached (one pointer,
// like ImGui's context: set once at start-up by the app).
ClickTargets* attached();
void attach(ClickTargets* targets);

// True when a test is attached: guard the building of a target's name with it.
inline bool recording() { return attached() != nullptr; }

inline void record_click_target(std::string_view name, ImVec2 min, ImVec2 max) {
    if (auto* targets = attached()) targets->record(name, min, max);
}
// The item ImGui drew last.
inline void record_click_target(std::string_view name) {
    if (auto* targets = attached()) targets->record(name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

}  // namespace touchpoint::web::test_hooks
