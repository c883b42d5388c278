#include "sections/segments/segments_section.hpp"

#include "sections/segments/segments_panel.hpp"
#include "touchpoint/metrics/segments.hpp"
#include "app/workbench.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace touchpoint::web {

namespace {
constexpr std::array<std::string_view, 3> prefixes{"segments", "cohorts", "segment_rules"};
}

std::optional<Section> SegmentsSection::draw(Workbench& workbench, const SectionFrame& frame) {
    draw_segments_panel(workbench, frame.heading, select_tab_, view_, snapshot_);
    return std::nullopt;
}

void SegmentsSection::reset(Workbench&) { forget_data(view_); }

void SegmentsSection::add_test_state(const Workbench&, bool shown, nlohmann::json& ui) const {
    const auto& segments = snapshot_;
    ui["segments"] = shown && *segments.tab ? nlohmann::json{{"tab", segments.tab},
                                                            {"customers", segments.customers},
                                                            {"total_customers", segments.total_customers},
                                                            {"cohort_rows", segments.cohort_rows},
                                                            {"cohort_period", segments.cohort_period},
                                                            {"cohort_measure", segments.cohort_measure},
                                                            {"rules", segments.rules}}
                                            : nlohmann::json(nullptr);
}

std::span<const std::string_view> SegmentsSection::command_prefixes() const { return prefixes; }

bool SegmentsSection::run_command(Workbench& workbench, std::string_view prefix, std::string_view arguments, std::optional<Section>& go_to) {
    if (prefix == "segments") {
        if (arguments != "segments" && arguments != "cohorts" && arguments != "rfm") return false;
        go_to = Section::Segments;
        select_tab_ = arguments == "cohorts" ? SegmentsTab::Cohorts : arguments == "rfm" ? SegmentsTab::Rfm : SegmentsTab::Segments;
        return true;
    }
    if (prefix == "cohorts") {
        // "cohorts:week:revenue", "cohorts:month:retained"
        const auto colon = arguments.find(':');
        if (colon == std::string_view::npos ||
            !choose_cohort_view(view_, std::string(arguments.substr(0, colon)), std::string(arguments.substr(colon + 1))))
            return false;
        go_to = Section::Segments;
        select_tab_ = SegmentsTab::Cohorts;
        return true;
    }
    // "segment_rules:{json}": the same edit a slider makes.
    auto state = workbench.edits().current();
    try {
        state["segment_rules"] = metrics::to_json(metrics::segment_rules_from_json(nlohmann::json::parse(arguments)));
    } catch (const std::exception&) {
        return false;
    }
    workbench.edits().commit("change the segment rules", state);
    return true;
}

}  // namespace touchpoint::web
