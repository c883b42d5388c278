#pragma once
// The Dashboard's Surveys and Support tabs: NPS, CSAT and CES with the later retention of each
// group of answers; first-response and resolution times and resolution rate, overall and by
// channel, with later retention after fast and slow first responses.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/metrics/date_window.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>

namespace touchpoint::web {

// `window` is the Dashboard's date window (answers given / tickets opened in it; every one when
// empty). The store is read and the figures computed once per store, Dataset and window, not per
// frame. `store` is the store behind `dataset`; `heading` is the cards' value font (may be null).
void draw_surveys_view(data::Store& store, const std::shared_ptr<const data::Dataset>& dataset,
                       std::optional<metrics::DateWindow> window, ImFont* heading);
void draw_support_view(data::Store& store, const std::shared_ptr<const data::Dataset>& dataset,
                       std::optional<metrics::DateWindow> window, ImFont* heading);

// Test API (`window.touchpoint.ui().feedback`): the figures the Surveys or Support tab drawn in
// this frame shows, null when neither was drawn. Surveys: {"tab": "surveys", "window", "empty",
// "responses", "nps", "csat", "ces" and their answer counts, "groups": [{"score", "key", "answers",
// "counted", "retained", "too_recent", "rate"}], "nps_distribution", "shown": card texts}.
// Support: {"tab": "support", "window", "empty", "opened", "answered", "resolved",
// "median_first_response_days", "median_resolution_days", "resolution_rate", "channels": [...],
// "fast": {...}, "slow": {...}, "shown": card texts}.
nlohmann::json feedback_state_json();

}  // namespace touchpoint::web
