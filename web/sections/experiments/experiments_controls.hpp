#pragma once
// Small pieces the Experiments section's tabs share: a label before a control with its glossary
// hover, a whole-number field, hover hints, the colours the tabs draw with, and the test API's
// charts.
#include "sections/simulate/simulate_effects.hpp"  // DrawnChart

#include <imgui.h>
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace touchpoint::web {

// A label on the control's line, with the glossary's definition of `term` (when given) on hover,
// then SameLine so the control follows.
void control_label(const char* text, const char* term = nullptr);

// An integer field clamped to [low, high], with a hint on hover; SameLine with a gap after it.
void whole_number_field(const char* label, const char* id, int& value, int low, int high, float width, const char* hint);

// A tooltip with `text` wrapped, when the last item is hovered.
void hover_hint(const char* text);

// The charts drawn this frame, for the test API: {name: rect in CSS pixels with "series"}.
nlohmann::json drawn_charts_json(const std::vector<DrawnChart>& drawn);

// Text in the theme's error colour, wrapped.
void error_text(const std::string& text);

// The colours of the section's figures.
ImU32 estimate_colour();  // the metric's mean and its interval
ImU32 best_colour();      // the best day
ImU32 tied_colour();      // the days tied with the best

}  // namespace touchpoint::web
