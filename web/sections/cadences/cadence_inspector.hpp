#pragma once
// The Cadences section's step inspector: every field of one step (kind, trigger, delay, repeat,
// channel, reach rate, cost per touch, target segments, discount, transactional, intent) as
// controls. It edits a copy; the caller validates the edited cadence and commits it.
#include "touchpoint/cadence/cadence.hpp"

#include <imgui.h>

#include <optional>
#include <string>

namespace touchpoint::web {

struct StepEdit {
    cadence::CadenceStep step;  // the step as the control left it
    // The undo merge key: the field and one number per stretch of typing or dragging in it, so
    // a typed name or a slider drag is one undo step; empty for one-off choices (a combo, a box).
    std::string merge_key;
    std::string description;  // "change the delay of 'Useful guide'"
};

// What the inspector keeps between frames.
struct StepInspector {
    // A stretch of typing or dragging ends when its control lets go; the next one is a new undo step.
    int edit_serial = 0;
    // ImGui 1.86 cannot wrap the text of a field, so the intent shows as wrapped text in a frame
    // and turns into a field when clicked, until the field lets go.
    int intent_step = -1;  // the step whose intent is being typed; -1: none
    bool focus_intent = false;
};

std::optional<StepEdit> draw_step_inspector(StepInspector& inspector, const cadence::CadenceStep& step, int index,
                                            const cadence::CadenceTiming& timing);

// A text field bound to a std::string (Debian's ImGui 1.86 tarball has no misc/cpp binding);
// multiline when height > 0. Returns what ImGui::InputText returns.
bool input_string(const char* label, std::string& text, float height = 0.0f, ImGuiInputTextFlags flags = 0);

}  // namespace touchpoint::web
