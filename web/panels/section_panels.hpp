#pragma once
// The sections whose tools are still to come: each says what it will do and what to do first.
#include "../sections.hpp"

#include <imgui.h>

namespace touchpoint::web {

struct EmptyStateText {
    const char* what;        // what the section is for
    const char* first_step;  // what to do first
    const char* action;      // the button that takes that step, or nullptr
    Section action_goes_to;  // where the button leads
};

const EmptyStateText& empty_state_text(Section section);

// Draws the section's empty state, centred in the space left; returns the section the user
// asked to go to (its action button), if any. heading may be nullptr.
std::optional<Section> draw_empty_state(Section section, ImFont* heading);

}  // namespace touchpoint::web
