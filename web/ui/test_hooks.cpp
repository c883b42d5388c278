#include "ui/test_hooks.hpp"

#include "ui/ui_scale.hpp"

#include <nlohmann/json.hpp>

namespace touchpoint::web::test_hooks {

namespace {
ClickTargets* attached_targets = nullptr;  // set by the app only when the page is opened for tests
}

ClickTargets* attached() { return attached_targets; }
void attach(ClickTargets* targets) { attached_targets = targets; }

nlohmann::json css_rect_json(ImVec2 min, ImVec2 max) {
    const float s = ui_scale();
    return {{"x", min.x / s}, {"y", min.y / s}, {"width", (max.x - min.x) / s}, {"height", (max.y - min.y) / s}};
}

}  // namespace touchpoint::web::test_hooks
