#include "sections/cadences/cadence_timeline.hpp"

#include "touchpoint/metrics/segments.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace touchpoint::web {

namespace {

using cadence::Trigger;

// validate_cadence's bound on any delay; dragging never goes past it.
constexpr int max_delay_days = 36500;

}  // namespace

bool is_conditional(Trigger trigger) {
    return trigger == Trigger::AfterSilence || trigger == Trigger::UsualRepurchaseTime || trigger == Trigger::OnSegmentChange;
}

int first_day(const cadence::CadenceStep& step, const cadence::CadenceTiming& timing) {
    switch (step.trigger) {
        case Trigger::AfterDelivery: return std::max(0, timing.delivery_days + step.delay_days);
        case Trigger::BeforeRenewal: return std::max(0, timing.renewal_period_days - step.delay_days);
        case Trigger::UsualRepurchaseTime: return std::max(0, timing.usual_repurchase_days + step.delay_days);
        default: return std::max(0, step.delay_days);
    }
}

int delay_for_first_day(const cadence::CadenceStep& step, const cadence::CadenceTiming& timing, int day) {
    switch (step.trigger) {
        case Trigger::AfterDelivery: return std::clamp(day - timing.delivery_days, 0, max_delay_days);
        case Trigger::BeforeRenewal: return std::clamp(timing.renewal_period_days - day, 0, std::max(0, timing.renewal_period_days - 1));
        case Trigger::UsualRepurchaseTime:
            return std::clamp(day - timing.usual_repurchase_days, -timing.usual_repurchase_days, max_delay_days);
        case Trigger::AfterSilence: return std::clamp(day, 1, max_delay_days);
        default: return std::clamp(day, 0, max_delay_days);
    }
}

std::vector<TimelineMarker> timeline_markers(const cadence::Cadence& cadence, int horizon_days) {
    std::vector<TimelineMarker> markers;
    for (std::size_t i = 0; i < cadence.steps.size(); ++i) {
        const auto& step = cadence.steps[i];
        const int index = static_cast<int>(i);
        const bool conditional = is_conditional(step.trigger);
        const int first = first_day(step, cadence.timing);
        // Before a renewal: once per renewal period, whatever repeat_every_days says.
        const int every = step.trigger == Trigger::BeforeRenewal ? cadence.timing.renewal_period_days : step.repeat_every_days;
        for (int day = first; day < horizon_days; day += every) {
            markers.push_back({index, day, day == first, conditional});
            if (every <= 0) break;
        }
        // A step whose first touch lies beyond the axis still gets its marker at the end, so it
        // can be seen and dragged back.
        if (first >= horizon_days) markers.push_back({index, horizon_days, true, conditional});
    }
    return markers;
}

int timeline_horizon(const cadence::Cadence& cadence) {
    int needed = 0;
    for (const auto& step : cadence.steps) {
        const int every = step.trigger == Trigger::BeforeRenewal ? 0 : step.repeat_every_days;
        // Room for the first touch and one repeat, so a repeating step shows that it repeats.
        needed = std::max(needed, first_day(step, cadence.timing) + std::max(0, every));
    }
    const int wanted = needed + std::max(5, needed / 20);
    for (const int length : {30, 60, 90, 120, 180, 270, 365})
        if (wanted <= length) return length;
    return ((wanted + 181) / 182) * 182;
}

std::vector<int> day_ticks(int horizon_days, double pixels_per_day, double min_spacing_pixels) {
    constexpr std::array<int, 12> steps{1, 2, 5, 7, 10, 14, 30, 60, 90, 180, 365, 730};
    int every = steps.back();
    for (const int candidate : steps)
        if (candidate * pixels_per_day >= min_spacing_pixels) {
            every = candidate;
            break;
        }
    std::vector<int> ticks;
    for (int day = 0; day <= horizon_days; day += every) ticks.push_back(day);
    return ticks;
}

std::string condition_text(const cadence::CadenceStep& step) {
    switch (step.trigger) {
        case Trigger::AfterSilence: return "if " + std::to_string(step.delay_days) + " days pass without a purchase";
        case Trigger::UsualRepurchaseTime: return "if no purchase by the usual time";
        case Trigger::OnSegmentChange: {
            if (step.segments.empty()) return "on a segment change";
            std::string text = "on becoming ";
            for (std::size_t s = 0; s < step.segments.size(); ++s) {
                if (s > 0) text += s + 1 == step.segments.size() ? " or " : ", ";
                std::string label(metrics::segment_label(step.segments[s]));
                std::transform(label.begin(), label.end(), label.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                text += label;
            }
            return text;
        }
        default: return {};
    }
}

int TimelineScale::days_moved(float dx) const {
    const double per_day = pixels_per_day();
    return per_day > 0 ? static_cast<int>(std::lround(dx / per_day)) : 0;
}

}  // namespace touchpoint::web
