#include "touchpoint/cadence/validation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <utility>

// Section index: value errors; the one-time buyer's schedule; overlaps; blocked touches.
namespace touchpoint::cadence {

namespace {

// Bounds that keep day arithmetic far from int overflow; no real cadence comes near them.
constexpr int max_days = 36500;
constexpr int max_steps = 100;
constexpr int max_cap = 1000;

std::string step_field(std::size_t index, const char* key) { return "steps[" + std::to_string(index) + "]." + key; }

std::string quoted(const CadenceStep& step) { return "'" + step.name + "'"; }

std::string number_text(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

void value_errors(const Cadence& cadence, std::vector<CadenceIssue>& issues) {
    const auto error = [&](int step, std::string field, std::string message) {
        issues.push_back({IssueSeverity::Error, step, std::move(field), std::move(message)});
    };
    if (cadence.name.empty()) error(-1, "name", "the cadence needs a name");
    if (cadence.steps.size() > static_cast<std::size_t>(max_steps))
        error(-1, "steps", "a cadence holds at most " + std::to_string(max_steps) + " steps, this one has " +
                               std::to_string(cadence.steps.size()));
    if (cadence.caps.max_touches_per_30_days < 0 || cadence.caps.max_touches_per_30_days > max_cap)
        error(-1, "caps.max_touches_per_30_days", "must be from 0 (no cap) to " + std::to_string(max_cap) + ", got " +
                                                      std::to_string(cadence.caps.max_touches_per_30_days));
    if (cadence.caps.quiet_days_after_purchase < 0 || cadence.caps.quiet_days_after_purchase > max_days)
        error(-1, "caps.quiet_days_after_purchase", "must be from 0 (none) to " + std::to_string(max_days) + " days, got " +
                                                        std::to_string(cadence.caps.quiet_days_after_purchase));
    if (cadence.timing.delivery_days < 0 || cadence.timing.delivery_days > max_days)
        error(-1, "timing.delivery_days", "must be from 0 to " + std::to_string(max_days) + " days, got " +
                                              std::to_string(cadence.timing.delivery_days));
    if (cadence.timing.renewal_period_days < 1 || cadence.timing.renewal_period_days > max_days)
        error(-1, "timing.renewal_period_days", "must be from 1 to " + std::to_string(max_days) + " days, got " +
                                                    std::to_string(cadence.timing.renewal_period_days));
    if (cadence.timing.usual_repurchase_days < 1 || cadence.timing.usual_repurchase_days > max_days)
        error(-1, "timing.usual_repurchase_days", "must be from 1 to " + std::to_string(max_days) + " days, got " +
                                                      std::to_string(cadence.timing.usual_repurchase_days));

    for (std::size_t i = 0; i < cadence.steps.size(); ++i) {
        const auto& step = cadence.steps[i];
        const int index = static_cast<int>(i);
        const std::string who = step.name.empty() ? "step " + std::to_string(i + 1) : quoted(step);
        if (step.name.empty()) error(index, step_field(i, "name"), "step " + std::to_string(i + 1) + " needs a name");
        if (!(step.reach_rate >= 0.0 && step.reach_rate <= 1.0))
            error(index, step_field(i, "reach_rate"), who + ": the reach rate is a share from 0 to 1, got " + number_text(step.reach_rate));
        if (!(step.cost >= 0.0 && step.cost <= 1e9))
            error(index, step_field(i, "cost"), who + ": the cost per touch must be 0 or more, got " + number_text(step.cost));
        if (step.repeat_every_days < 0 || step.repeat_every_days > max_days)
            error(index, step_field(i, "repeat_every_days"), who + ": repeat_every_days must be from 0 (once) to " +
                                                                 std::to_string(max_days) + ", got " + std::to_string(step.repeat_every_days));
        const int delay = step.delay_days;
        switch (step.trigger) {
            case Trigger::AfterSilence:
                if (delay < 1 || delay > max_days)
                    error(index, step_field(i, "delay_days"), who + ": after N days of silence needs N from 1 to " +
                                                                  std::to_string(max_days) + ", got " + std::to_string(delay));
                break;
            case Trigger::UsualRepurchaseTime:
                if (delay < -max_days || delay > max_days)
                    error(index, step_field(i, "delay_days"), who + ": delay_days must be within " + std::to_string(max_days) +
                                                                  " days of the usual repurchase time, got " + std::to_string(delay));
                break;
            case Trigger::BeforeRenewal:
                if (delay < 0 || delay >= cadence.timing.renewal_period_days)
                    error(index, step_field(i, "delay_days"), who + ": days before renewal must be from 0 to less than the renewal "
                                                                  "period (" + std::to_string(cadence.timing.renewal_period_days) +
                                                                  "), got " + std::to_string(delay));
                break;
            default:
                if (delay < 0 || delay > max_days)
                    error(index, step_field(i, "delay_days"), who + ": delay_days must be from 0 to " + std::to_string(max_days) +
                                                                  ", got " + std::to_string(delay));
        }
        for (const auto segment : step.segments)
            if (segment == metrics::Segment::NotYetCustomer)
                error(index, step_field(i, "segments"), who + ": 'not yet a customer' cannot be targeted");
    }
}

// ---- The one-time buyer's schedule -------------------------------------------------------------

struct PlannedTouch {
    int day = 0;
    int step = 0;
};

bool targets(const CadenceStep& step, metrics::Segment segment) {
    return step.segments.empty() || std::find(step.segments.begin(), step.segments.end(), segment) != step.segments.end();
}

// The day a customer who bought once on day 0 turns lapsed under the rules (new until then).
int one_time_lapse_day(const metrics::SegmentRules& rules) {
    return std::max(rules.new_within_days, rules.one_time_lapse_days + 1);
}

std::vector<PlannedTouch> one_time_buyer_schedule(const Cadence& cadence, const ValidationOptions& options) {
    const int horizon = options.horizon_days;
    const int lapse_day = one_time_lapse_day(options.segment_rules);
    const auto segment_on = [&](int day) { return day < lapse_day ? metrics::Segment::New : metrics::Segment::Lapsed; };
    std::vector<PlannedTouch> touches;
    for (std::size_t i = 0; i < cadence.steps.size(); ++i) {
        const auto& step = cadence.steps[i];
        const int repeat = step.repeat_every_days;
        int first = -1;
        switch (step.trigger) {
            case Trigger::DaysAfterFirstPurchase:
            case Trigger::AfterEachPurchase:
            case Trigger::AfterSilence: first = step.delay_days; break;
            case Trigger::AfterDelivery: first = cadence.timing.delivery_days + step.delay_days; break;
            case Trigger::UsualRepurchaseTime: first = std::max(0, cadence.timing.usual_repurchase_days + step.delay_days); break;
            case Trigger::OnSegmentChange:
                if (targets(step, metrics::Segment::Lapsed)) first = lapse_day + step.delay_days;
                break;
            case Trigger::BeforeRenewal:
                for (int renewal = cadence.timing.renewal_period_days; renewal - step.delay_days < horizon;
                     renewal += cadence.timing.renewal_period_days)
                    if (targets(step, segment_on(renewal - step.delay_days)))
                        touches.push_back({renewal - step.delay_days, static_cast<int>(i)});
                continue;
        }
        if (first < 0) continue;
        for (int day = first; day < horizon; day += repeat) {
            if (targets(step, segment_on(day))) touches.push_back({day, static_cast<int>(i)});
            if (repeat <= 0) break;
        }
    }
    std::stable_sort(touches.begin(), touches.end(), [](const PlannedTouch& a, const PlannedTouch& b) {
        return a.day != b.day ? a.day < b.day : a.step < b.step;
    });
    return touches;
}

// ---- Overlaps ----------------------------------------------------------------------------------

void overlap_warnings(const Cadence& cadence, const std::vector<PlannedTouch>& schedule, std::vector<CadenceIssue>& issues) {
    std::set<std::pair<int, int>> reported;
    for (std::size_t a = 0; a < schedule.size(); ++a) {
        for (std::size_t b = a + 1; b < schedule.size() && schedule[b].day == schedule[a].day; ++b) {
            const auto& first = cadence.steps[static_cast<std::size_t>(schedule[a].step)];
            const auto& second = cadence.steps[static_cast<std::size_t>(schedule[b].step)];
            if (schedule[a].step == schedule[b].step || first.channel != second.channel) continue;
            if (!reported.insert({schedule[a].step, schedule[b].step}).second) continue;
            issues.push_back({IssueSeverity::Warning, schedule[b].step, "",
                              quoted(second) + " overlaps " + quoted(first) + ": both reach a customer who buys once by " +
                                  std::string(channel_label(first.channel)) + " on day " + std::to_string(schedule[a].day)});
        }
    }
    // Steps tied to every purchase overlap on every purchase, not only the first.
    for (std::size_t a = 0; a < cadence.steps.size(); ++a) {
        for (std::size_t b = a + 1; b < cadence.steps.size(); ++b) {
            const auto& first = cadence.steps[a];
            const auto& second = cadence.steps[b];
            const auto offset = [&](const CadenceStep& step) {
                if (step.trigger == Trigger::AfterEachPurchase) return step.delay_days;
                if (step.trigger == Trigger::AfterDelivery) return cadence.timing.delivery_days + step.delay_days;
                return -1;
            };
            if (offset(first) < 0 || offset(first) != offset(second) || first.channel != second.channel) continue;
            if (!reported.insert({static_cast<int>(a), static_cast<int>(b)}).second) continue;
            issues.push_back({IssueSeverity::Warning, static_cast<int>(b), "",
                              quoted(second) + " overlaps " + quoted(first) + ": both reach the customer by " +
                                  std::string(channel_label(first.channel)) + " " + std::to_string(offset(first)) +
                                  " days after every purchase"});
        }
    }
}

// ---- Blocked touches ---------------------------------------------------------------------------

void blocked_warnings(const Cadence& cadence, const std::vector<PlannedTouch>& schedule, std::vector<CadenceIssue>& issues) {
    const int quiet = cadence.caps.quiet_days_after_purchase;
    const int cap = cadence.caps.max_touches_per_30_days;
    const auto count = cadence.steps.size();
    std::vector<int> planned(count, 0), blocked_by_quiet(count, 0), blocked_by_cap(count, 0), first_quiet_day(count, -1),
        first_cap_day(count, -1);
    std::vector<int> sent_days;  // non-transactional touches sent, ascending
    for (const auto& touch : schedule) {
        const auto s = static_cast<std::size_t>(touch.step);
        const auto& step = cadence.steps[s];
        ++planned[s];
        if (step.transactional) continue;
        if (quiet > 0 && touch.day < quiet) {
            if (blocked_by_quiet[s]++ == 0) first_quiet_day[s] = touch.day;
            continue;
        }
        if (cap > 0) {
            const auto in_window = std::count_if(sent_days.begin(), sent_days.end(), [&](int day) { return day > touch.day - 30; });
            if (in_window >= cap) {
                if (blocked_by_cap[s]++ == 0) first_cap_day[s] = touch.day;
                continue;
            }
        }
        sent_days.push_back(touch.day);
    }
    for (std::size_t s = 0; s < count; ++s) {
        const auto& step = cadence.steps[s];
        const int index = static_cast<int>(s);
        // After every purchase, not only the first: a purchase-anchored step inside the quiet days never goes out.
        const int offset = step.trigger == Trigger::AfterEachPurchase ? step.delay_days
                           : step.trigger == Trigger::AfterDelivery ? cadence.timing.delivery_days + step.delay_days
                                                                    : -1;
        if (!step.transactional && quiet > 0 && offset >= 0 && offset < quiet) {
            issues.push_back({IssueSeverity::Warning, index, "caps.quiet_days_after_purchase",
                              quoted(step) + " is always blocked: it goes out " + std::to_string(offset) +
                                  " days after a purchase, inside the " + std::to_string(quiet) +
                                  " quiet days (mark it transactional or move it later)"});
            continue;
        }
        if (blocked_by_quiet[s] > 0)
            issues.push_back({IssueSeverity::Warning, index, "caps.quiet_days_after_purchase",
                              quoted(step) + " (day " + std::to_string(first_quiet_day[s]) + ") is blocked by the " +
                                  std::to_string(quiet) + " quiet days after the first purchase"});
        if (blocked_by_cap[s] > 0)
            issues.push_back({IssueSeverity::Warning, index, "caps.max_touches_per_30_days",
                              quoted(step) + ": " + std::to_string(blocked_by_cap[s]) + " of its " + std::to_string(planned[s]) +
                                  " touches for a customer who buys once are blocked by the cap of " + std::to_string(cap) +
                                  " touches in 30 days (the first on day " + std::to_string(first_cap_day[s]) + ")"});
    }
}

void other_warnings(const Cadence& cadence, std::vector<CadenceIssue>& issues) {
    for (std::size_t i = 0; i < cadence.steps.size(); ++i) {
        const auto& step = cadence.steps[i];
        const int index = static_cast<int>(i);
        if (step.trigger == Trigger::BeforeRenewal && step.repeat_every_days > 0)
            issues.push_back({IssueSeverity::Warning, index, step_field(i, "repeat_every_days"),
                              quoted(step) + " repeats with every renewal already; repeat_every_days is ignored"});
        if (step.trigger == Trigger::OnSegmentChange && step.segments.size() == 1 && step.segments[0] == metrics::Segment::New)
            issues.push_back({IssueSeverity::Warning, index, step_field(i, "segments"),
                              quoted(step) + " never goes out: customers start as new and never move back into it"});
        if (step.trigger == Trigger::UsualRepurchaseTime && cadence.timing.usual_repurchase_days + step.delay_days <= 0)
            issues.push_back({IssueSeverity::Warning, index, step_field(i, "delay_days"),
                              quoted(step) + " goes out right at the purchase: the usual repurchase time (" +
                                  std::to_string(cadence.timing.usual_repurchase_days) + " days) plus the delay is not after it"});
    }
}

}  // namespace

std::vector<CadenceIssue> validate_cadence(const Cadence& cadence, const ValidationOptions& options) {
    std::vector<CadenceIssue> issues;
    value_errors(cadence, issues);
    if (has_errors(issues)) return issues;  // the schedule of invalid values says nothing useful
    const auto schedule = one_time_buyer_schedule(cadence, options);
    std::vector<CadenceIssue> warnings;
    overlap_warnings(cadence, schedule, warnings);
    blocked_warnings(cadence, schedule, warnings);
    other_warnings(cadence, warnings);
    std::stable_sort(warnings.begin(), warnings.end(), [](const CadenceIssue& a, const CadenceIssue& b) { return a.step < b.step; });
    issues.insert(issues.end(), warnings.begin(), warnings.end());
    return issues;
}

bool has_errors(const std::vector<CadenceIssue>& issues) {
    return std::any_of(issues.begin(), issues.end(), [](const CadenceIssue& issue) { return issue.severity == IssueSeverity::Error; });
}

}  // namespace touchpoint::cadence
