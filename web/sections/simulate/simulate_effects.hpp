#pragma once
// The Simulate section's effect-model tab: every parameter of the effect model with its value
// (editable) and where its default comes from (on hover), grouped by kind of touch, channel and
// the global effects; beside them, what the parameters do to one simulated customer (the
// purchase-rate multiplier after touches of the kind, the share silence leaves, the opt-out
// chance), from web/effect_curves.hpp.
#include "touchpoint/sim/effect_model.hpp"

#include <imgui.h>
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

// A chart drawn this frame, for the test API (screen rectangle in device pixels).
struct DrawnChart {
    std::string name;
    ImVec2 min, max;
    std::size_t series = 0;
};

// What the tab shows; kept by the section between frames.
struct EffectEditorView {
    int group = 0;       // 0..15 a kind of touch, then channels, then fatigue, silence and discounts
    int chart_kind = 0;  // the kind the chart follows when the group is not a kind
    int channel = 0;     // the channel the chart's touches go through
};

// Draws the tab in the space available; returns true when a parameter changed.
bool draw_effect_model_tab(sim::EffectModel& effects, EffectEditorView& view, std::vector<DrawnChart>& drawn);

// The parameters that differ from the defaults, by path.
nlohmann::json edited_effect_parameters(const sim::EffectModel& effects);

// Sets one parameter by path ("kinds.welcome.lift"); false for an unknown path or a value out of
// its range (then nothing changes). The source becomes "edited".
bool set_effect_parameter(sim::EffectModel& effects, std::string_view path, double value);

// Test API: the group shown, the edits, and the curves the chart draws (their ends and extremes).
nlohmann::json effect_model_state_json(const sim::EffectModel& effects, const EffectEditorView& view);
// "effects_group:<kinds.welcome|channels|global>"; false for an unknown group.
bool choose_effect_group(EffectEditorView& view, std::string_view group);

}  // namespace touchpoint::web
