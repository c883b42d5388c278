#pragma once
// The Cadences section: the workspace's cadences, made from templates, duplicated, renamed and
// deleted; each on a timeline of days with one lane per channel, where a step's marker drags to
// a new delay; a step inspector; frequency caps and timing; validate_cadence's warnings, each of
// which selects its step; undo and redo through the workbench's edit history, where the
// cadences live (see cadence_workspace.hpp), so they are saved with the workspace.
#include "app/sections.hpp"
#include "sections/cadences/cadence_inspector.hpp"
#include "sections/cadences/cadence_timeline_view.hpp"
#include "sections/cadences/cadence_workspace.hpp"
#include "touchpoint/cadence/validation.hpp"
#include "touchpoint/metrics/segments.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

// What the section keeps between frames (a member of CadencesSection).
struct CadencesPanel {
    // The edit history's revision when last read, and what it held then: a change (an edit, an
    // undo) re-reads the rest.
    std::optional<std::uint64_t> read_revision;
    nlohmann::json seen_cadences, seen_selected, seen_rules;
    WorkspaceCadences workspace;
    int selected = -1;        // the cadence shown; follows the state's selected_cadence when the state changes
    int selected_step = -1;   // in the cadence shown; -1: none
    metrics::SegmentRules segment_rules;
    std::vector<cadence::CadenceIssue> issues;  // of the cadence shown
    std::vector<bool> warned;                   // per step: has a warning
    std::string refusal;      // why the last edit was not made
    int edit_serial = 0;      // one per stretch of typing in the caps and timing fields
    bool go_to_simulate = false;
    std::string rename_name, rename_description;
    TimelineView timeline;
    StepInspector inspector;
};

// Returns the section the user asked to go to (e.g. Simulate), if any.
std::optional<Section> draw_cadences_panel(CadencesPanel& panel, Workbench& workbench);

// Test API: what the section shows (the cadences, the one shown as JSON, the step selected, the
// warnings, the timeline's axis and markers; marker rectangles are published as click targets
// "cadence_step:<i>", warnings as "cadence_issue:<k>"), and commands that act as its controls do:
// "new:<template file>", "select:<i>", "select_step:<i>", "set_step:{fields as in the cadence
// JSON}", "add_step", "delete_step", "caps:{json}", "timing:{json}", "rename:<name>",
// "duplicate", "delete", "simulate" (goes to Simulate on the next frame, taking the cadence shown
// along through the Workbench's handoffs). Edits that would make the cadence invalid are refused
// (false) and "refusal" says why.
nlohmann::json cadences_state_json(const CadencesPanel& panel, const Workbench& workbench);
bool run_cadences_command(CadencesPanel& panel, Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
