#pragma once
// The Dashboard's Surveys and Support tabs: NPS, CSAT and CES with the later retention of each
// group of answers; first-response and resolution times and resolution rate, overall and by
// channel, with later retention after fast and slow first responses.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/metrics/date_window.hpp"
#include "touchpoint/metrics/support.hpp"
#include "touchpoint/metrics/surveys.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace touchpoint::web {

// The two tabs' figures, computed once per (store, Dataset, window), and which tab was drawn
// last: the Dashboard section's state.
struct FeedbackState {
    // What a set of figures was computed from. The Dataset is held weakly: an old one is not kept
    // alive by this cache, and a new one at a reused address still reads as different.
    struct Key {
        const data::Store* store = nullptr;
        std::weak_ptr<const data::Dataset> dataset;
        std::optional<metrics::DateWindow> window;

        bool matches(const data::Store& other_store, const std::shared_ptr<const data::Dataset>& other_dataset,
                     const std::optional<metrics::DateWindow>& other_window) const;
    };
    static constexpr int nps_scores = 11;  // answers 0 to 10
    struct Surveys {
        Key key;
        bool computed = false;
        std::string error;  // the store could not be read
        metrics::SurveyMetrics metrics;
        std::array<std::int64_t, nps_scores> nps_answers_by_score{};
        nlohmann::json state;  // the test API's view of what is shown
    };
    struct Support {
        Key key;
        bool computed = false;
        std::string error;
        metrics::SupportMetrics metrics;
        nlohmann::json state;
    };

    Surveys surveys;
    Support support;
    int drawn_frame = -1;        // ImGui frame in which a tab was last drawn
    const char* drawn_tab = "";  // "surveys" or "support"
};

// `window` is the Dashboard's date window (answers given / tickets opened in it; every one when
// empty). The store is read and the figures computed once per store, Dataset and window, not per
// frame. `store` is the store behind `dataset`; `heading` is the cards' value font (may be null).
void draw_surveys_view(FeedbackState& feedback, data::Store& store, const std::shared_ptr<const data::Dataset>& dataset,
                       std::optional<metrics::DateWindow> window, ImFont* heading);
void draw_support_view(FeedbackState& feedback, data::Store& store, const std::shared_ptr<const data::Dataset>& dataset,
                       std::optional<metrics::DateWindow> window, ImFont* heading);

// Test API (`window.touchpoint.ui().feedback`): the figures the Surveys or Support tab drawn in
// this frame shows, null when neither was drawn. Surveys: {"tab": "surveys", "window", "empty",
// "responses", "nps", "csat", "ces" and their answer counts, "groups": [{"score", "key", "answers",
// "counted", "retained", "too_recent", "rate"}], "nps_distribution", "shown": card texts}.
// Support: {"tab": "support", "window", "empty", "opened", "answered", "resolved",
// "median_first_response_days", "median_resolution_days", "resolution_rate", "channels": [...],
// "fast": {...}, "slow": {...}, "shown": card texts}.
nlohmann::json feedback_state_json(const FeedbackState& feedback);

}  // namespace touchpoint::web
