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

// `window` is the Dashboard's date window (answers given / tickets opened in it); the figures
// are recomputed when it or the Dataset changes. `store` is the store behind `dataset`.
void draw_surveys_view(data::Store& store, const std::shared_ptr<const data::Dataset>& dataset,
                       std::optional<metrics::DateWindow> window, ImFont* heading);
void draw_support_view(data::Store& store, const std::shared_ptr<const data::Dataset>& dataset,
                       std::optional<metrics::DateWindow> window, ImFont* heading);

// Test API: the figures the last drawn Surveys or Support tab showed.
nlohmann::json feedback_state_json();

}  // namespace touchpoint::web
