#pragma once
// The simulator's inner loop: one customer under one cadence, event by event (simulator.hpp
// explains the process). Everything a cadence needs per touch is worked out once, in
// compile_cadence, so the loop only reads numbers; so is what the first purchase schedules, the
// same for every customer. A customer without a single candidate purchase (about a third of the
// sample shop's) cannot buy whatever the touches do, so meets the same touches as every other
// such customer: those are worked out once too (script_without_purchases) and only walked.
#include "random_streams.hpp"

#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/metrics/segments.hpp"
#include "touchpoint/sim/effect_model.hpp"
#include "touchpoint/sim/population.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace touchpoint::sim::detail {

// ---- The segment a customer is in --------------------------------------------------------------

// metrics::segment_of for a customer whose first purchase is on day 0, worked out once per
// purchase so that asking costs two comparisons: new before the "new" window closes, lapsed
// from the day the lapse allowance runs out, else by purchase days (loyal, returning, new).
class SegmentClock {
public:
    explicit SegmentClock(const metrics::SegmentRules& rules) : rules_(rules) { update(0, 1, 0); }
    // After a purchase: the last purchase day, the purchase days so far, 2 x the median gap between them.
    void update(int last_purchase_day, int purchase_days, int twice_median_gap);
    metrics::Segment on(int day) const {
        if (day < rules_.new_within_days) return metrics::Segment::New;
        return day >= lapsed_from_ ? metrics::Segment::Lapsed : settled_;
    }
    // The first day after `day` on which the segment can change without a purchase; -1 if none.
    int next_change_after(int day) const;

private:
    metrics::SegmentRules rules_;
    int lapsed_from_ = 0;
    metrics::Segment settled_ = metrics::Segment::New;  // past the new window and not lapsed
};

// ---- The run's settings ------------------------------------------------------------------------

struct RunSettings {
    int days = 365;
    int active_window_days = 90;
    SegmentClock first_day_segments{metrics::SegmentRules{}};  // a customer's segment clock after the first purchase
};

RunSettings run_settings(int days, int active_window_days, const metrics::SegmentRules& segment_rules);

// ---- The queue of scheduled touches ------------------------------------------------------------

struct PendingTouch {
    double time;
    std::int32_t generation;  // of the anchor when scheduled
    std::int16_t step;        // -1: a segment check
    bool check_generation;    // dropped if the anchor has moved on (a purchase, a segment change) since
};

// The queue is a vector sorted from the latest entry to the earliest, so the next one is at the
// back: with the handful of entries a customer has, that beats a heap. Entries at the same time
// go out in scheduling order, so a new one goes before (later than) them.
inline void schedule(std::vector<PendingTouch>& queue_vector, double time, int step, int generation, bool check_generation) {
    queue_vector.push_back({});
    PendingTouch* const queue = queue_vector.data();
    std::size_t position = queue_vector.size() - 1;
    for (; position > 0 && queue[position - 1].time <= time; --position) queue[position] = queue[position - 1];
    queue[position] = {time, generation, static_cast<std::int16_t>(step), check_generation};
}

// ---- A cadence, compiled -----------------------------------------------------------------------

inline constexpr int max_lift_groups = static_cast<int>(cadence::touch_kind_count) + 1;  // one per half-life, + the discount's

struct CompiledStep {
    cadence::Trigger trigger = cadence::Trigger::DaysAfterFirstPurchase;
    double offset = 0;  // days from the anchor (see compile_cadence)
    double repeat = 0;  // days between repeats; 0: once
    double reach = 0, cost = 0;
    // The reach draw: uniform() < reach exactly when the stream's next output is below this.
    std::uint64_t reach_outputs = 0;
    std::uint8_t segment_mask = 0xF;  // bit i: metrics::Segment i is targeted
    bool discount = false, transactional = false, meaningful = false;
    bool requeue = false;           // comes back every `repeat` days (a step not on fixed days, with a repeat)
    bool segment_anchored = false;  // scheduled by a segment change, so a later change makes it stale
    double lift = 0;     // kind lift x channel multiplier, before fatigue
    int lift_group = 0;  // index into CompiledCadence::decay_rates
    double dropout_reduction = 0, active_days = 0;
    double opt_out = 0;  // kind x channel
};

// The effect model's cadence-independent numbers.
struct GlobalEffects {
    double fatigue_window = 30, fatigue_free = 4, fatigue_lift_penalty = 0, fatigue_opt_out_penalty = 0;
    double silence_grace = 0, silence_slope = 0, silence_two_over_slope = 0;
    double discount_extra_lift = 0, discount_price_cut = 0, discount_valid_days = 0, discount_dependence = 0;
    double max_rate_multiplier = 1;
};

// A touch on a fixed day (days after the first purchase, before renewal): the same for every customer.
struct FixedTouch {
    double time;
    int step;
};

// A touch as a customer who never buys again meets it: the same for all of them, up to the
// random draws (reach, opt-out) and silence dropout, which are theirs.
struct ScriptedTouch {
    double time;
    int step;
    int week;
    metrics::Segment segment;  // the customer's when it comes
    bool blocked;              // by the cap or the quiet days
};

// A step scheduled by every purchase (the first included): `offset` days after it, or for the
// usual repurchase time that many days after the customer's usual gap.
struct ArmedStep {
    double offset;
    int step;
    bool check_generation;  // dropped if another purchase comes first (silence, usual repurchase time)
    bool usual;
};

struct CompiledCadence {
    std::vector<CompiledStep> steps;
    // Touches on fixed days within the horizon, repeats included, by time (then step order):
    // the first entries of first_day_queue.
    std::vector<FixedTouch> fixed_touches;
    // Steps anchored on each purchase, re-armed by each purchase, or fired by segment changes.
    std::vector<int> purchase_steps, silence_steps, usual_steps, segment_steps;
    std::vector<ArmedStep> armed_steps;  // purchase_steps, silence_steps, usual_steps, in that order
    std::vector<double> decay_rates;     // ln 2 / half-life, per lift group
    int discount_group = -1;
    int cap = 0;      // touches in any 30 days; 0: none
    double quiet = 0; // days after a purchase
    double usual_repurchase_days = 45;
    // Right after the first purchase (day 0), the same for every customer: the queue, with the
    // fixed-day touches and what the purchase schedules, and for a cadence with segment-change
    // steps the segment and its checks.
    std::vector<PendingTouch> first_day_queue;
    metrics::Segment first_day_segment = metrics::Segment::New;
    int first_day_segment_generation = 0, first_day_timer_generation = 0;
    // What a customer without a single candidate purchase meets, to the end of the horizon (or
    // until they opt out): set by script_without_purchases once the cadence is compiled.
    std::vector<ScriptedTouch> without_purchases;
};

GlobalEffects global_effects(const EffectModel& effects);
CompiledCadence compile_cadence(const cadence::Cadence& cadence, const EffectModel& effects, const RunSettings& settings);
// Fills cadence.without_purchases, by playing a customer who never buys again through the cadence.
void script_without_purchases(CompiledCadence& cadence, const GlobalEffects& effects, const RunSettings& settings);

// ---- A customer, drawn -------------------------------------------------------------------------

struct CustomerDraw {
    std::uint64_t key = 0;     // of the customer's streams
    double rate = 0;           // lambda, purchases a day while alive
    double dropout = 0;        // p, at each repeat purchase
    double order_value = 0;    // mean value of an order; 0 without a spend model
    double silence_budget = 0; // Exp(1): silence dropout happens when its cumulative hazard reaches this
    // The customer's event streams as they start, the same for every cadence.
    pcg32 dropout_stream, reach_stream, opt_out_stream;
};

CustomerDraw draw_customer(const Population& population, std::uint64_t key);

// Candidate purchase times at rate lambda x K with their acceptance draws, shared by every
// cadence of the customer.
struct Candidate {
    double time;
    double threshold;  // acceptance x K, the acceptance uniform on (0, 1): kept when threshold < m(time)
};

class Candidates {
public:
    // Draws the customer's candidates up to the horizon; the last one, past it, has time +infinity.
    void reset(const CustomerDraw& customer, double max_rate_multiplier, double horizon);
    const Candidate* begin() const { return list_.data(); }

private:
    std::vector<Candidate> list_;
};

// ---- Totals of one replication for one cadence -------------------------------------------------

struct RunTotals {
    std::int64_t customers = 0, repeaters = 0, purchases = 0, sent = 0, reached = 0, opt_outs = 0;
    double revenue = 0, cost = 0;
    double revenue_squares = 0;                  // sum over customers of their revenue squared (its variance)
    std::vector<std::int64_t> deaths_by_day;     // days
    std::vector<std::int64_t> active_change;     // days + 1: +1 where an active spell starts, -1 after it ends
    std::vector<std::int64_t> purchases_on_day;  // days
    std::vector<std::int64_t> touches_by_week;   // ceil(days / 7)
    std::array<std::int64_t, metrics::segment_count> segment_at_end{}, touches_by_segment{};
    std::vector<std::int64_t> step_sent, step_reached, step_blocked;

    void reset(int days, std::size_t steps);
};

// ---- The run -----------------------------------------------------------------------------------

// Plays one customer through one cadence and adds the outcome to the totals. Holds the buffers
// a customer needs, so a run allocates nothing once warm.
class CustomerRunner {
public:
    void run(const CompiledCadence& cadence, const GlobalEffects& effects, const RunSettings& settings,
             const CustomerDraw& customer, const Candidates& candidates, RunTotals& totals) {
        if (candidates.begin()->time == std::numeric_limits<double>::infinity())
            run_without_purchases(cadence, effects, settings, customer, totals);
        else
            run_events(cadence, effects, settings, customer, candidates, totals, nullptr);
    }

private:
    friend void script_without_purchases(CompiledCadence&, const GlobalEffects&, const RunSettings&);
    // Event by event. With `script`, also records the touches as they come to the cap, and
    // nobody opts out (script_without_purchases).
    void run_events(const CompiledCadence& cadence, const GlobalEffects& effects, const RunSettings& settings,
                    const CustomerDraw& customer, const Candidates& candidates, RunTotals& totals, std::vector<ScriptedTouch>* script);
    // A customer without candidate purchases, who cannot buy whatever the touches do: the same
    // outcome as run_events, walking cadence.without_purchases.
    void run_without_purchases(const CompiledCadence& cadence, const GlobalEffects& effects, const RunSettings& settings,
                               const CustomerDraw& customer, RunTotals& totals);

    std::vector<PendingTouch> queue_;   // scheduled touches and segment checks, latest first
    std::vector<int> gaps_;             // days between purchase days, sorted
    std::vector<double> sent_ring_;     // the last `cap` non-transactional touches sent
    std::array<double, 64> reached_ring_{};  // the last touches that reached the customer (fatigue)
};

}  // namespace touchpoint::sim::detail
