#pragma once
// The workbench is drawn in device pixels (crisp text at any device pixel ratio); sizes in
// the code are written in CSS pixels and go through px().
namespace touchpoint::web {

inline float current_ui_scale = 1.0f;

inline float ui_scale() { return current_ui_scale; }
inline float px(float css_pixels) { return css_pixels * current_ui_scale; }

}  // namespace touchpoint::web
