#pragma once
// A section with nothing to show yet (no orders to fit a model to, say): its title, what it is
// for, what to do first and a button that takes that step, centred in the space left.
#include <imgui.h>

namespace touchpoint::web {

struct EmptyState {
    const char* icon;        // the section's icon (ui/icons.hpp)
    const char* title;       // the section's name
    const char* what;        // what the section is for
    const char* first_step;  // what to do first
    const char* action;      // the button that takes that step, or nullptr
};

// True when the user pressed the action button. heading may be nullptr.
bool draw_empty_state(const EmptyState& state, ImFont* heading);

}  // namespace touchpoint::web
