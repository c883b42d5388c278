#pragma once
// Checks of a cadence before it is simulated or saved. Errors are values the simulator cannot
// use (a reach rate of 1.5, a negative cost, no name); warnings are plans that probably do not do
// what their author meant:
//   - overlap: two steps that touch the same customer on the same day through the same channel;
//   - blocked: touches a cap or the quiet days after a purchase would stop;
//   - a segment-change step that can never fire (customers start as "new", nobody moves into it).
// Overlaps and blocked touches are found by playing the cadence's schedule for a customer who
// buys once, on day 0, and never again (the one customer every cadence meets), plus the rules
// that hold after every purchase (a step after each purchase inside the quiet days is always
// blocked). Every issue names its step.
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/metrics/segments.hpp"

#include <string>
#include <vector>

namespace touchpoint::cadence {

enum class IssueSeverity { Error, Warning };

struct CadenceIssue {
    IssueSeverity severity = IssueSeverity::Warning;
    int step = -1;          // index into Cadence::steps; -1 for the cadence as a whole
    std::string field;      // "steps[2].reach_rate", "caps.max_touches_per_30_days"; "" when no one field
    std::string message;    // a sentence that names the step: "'Useful guide' (day 10) is blocked by ..."
};

struct ValidationOptions {
    int horizon_days = 365;              // how far the one-time buyer's schedule is played
    metrics::SegmentRules segment_rules;  // for segment targets and segment-change triggers
};

// Errors first, then warnings, each in step order.
std::vector<CadenceIssue> validate_cadence(const Cadence& cadence, const ValidationOptions& options = {});
bool has_errors(const std::vector<CadenceIssue>& issues);

}  // namespace touchpoint::cadence
