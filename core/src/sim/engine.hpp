#pragma once
// The simulator's inner loop: one customer under one cadence, event by event (simulator.hpp
// explains the process). Everything a cadence needs per touch is worked out once, in
// compile_cadence, so the loop only reads numbers.
#include "random_streams.hpp"

#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/metrics/segments.hpp"
#include "touchpoint/sim/effect_model.hpp"
#include "touchpoint/sim/population.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace touchpoint::sim::detail {

// ---- A cadence, compiled -----------------------------------------------------------------------

inline constexpr int max_lift_groups = static_cast<int>(cadence::touch_kind_count) + 1;  // one per half-life, + the discount's

struct CompiledStep {
    cadence::Trigger trigger = cadence::Trigger::DaysAfterFirstPurchase;
    double offset = 0;  // days from the anchor (see compile_cadence)
    double repeat = 0;  // days between repeats; 0: once
    double reach = 0, cost = 0;
    std::uint8_t segment_mask = 0xF;  // bit i: metrics::Segment i is targeted
    bool discount = false, transactional = false, meaningful = false;
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

struct CompiledCadence {
    std::vector<CompiledStep> steps;
    // Touches on fixed days within the horizon, repeats included, by time (then step order).
    std::vector<FixedTouch> fixed_touches;
    // Steps anchored on each purchase, re-armed by each purchase, or fired by segment changes.
    std::vector<int> purchase_steps, silence_steps, usual_steps, segment_steps;
    std::vector<double> decay_rates;  // ln 2 / half-life, per lift group
    int discount_group = -1;
    int cap = 0;      // touches in any 30 days; 0: none
    double quiet = 0; // days after a purchase
    double usual_repurchase_days = 45;
};

GlobalEffects global_effects(const EffectModel& effects);
CompiledCadence compile_cadence(const cadence::Cadence& cadence, const EffectModel& effects, int horizon_days);

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

// ---- A customer, drawn -------------------------------------------------------------------------

struct CustomerDraw {
    std::uint64_t key = 0;     // of the customer's streams
    double rate = 0;           // lambda, purchases a day while alive
    double dropout = 0;        // p, at each repeat purchase
    double order_value = 0;    // mean value of an order; 0 without a spend model
    double silence_budget = 0; // Exp(1): silence dropout happens when its cumulative hazard reaches this
};

CustomerDraw draw_customer(const Population& population, std::uint64_t key);

// Candidate purchase times at rate lambda x K with their acceptance draws, made as far as a
// cadence asks and then shared by the other cadences of the customer.
struct Candidate {
    double time;
    double acceptance;  // uniform on (0, 1): kept when acceptance x K < m(time)
};

class Candidates {
public:
    void reset(const CustomerDraw& customer, double max_rate_multiplier, double horizon);
    // The j-th candidate; its time is +infinity past the horizon.
    const Candidate& at(std::size_t j) {
        while (j >= list_.size()) extend();
        return list_[j];
    }

private:
    void extend();
    pcg32 random_;
    const ZigguratTables* tables_ = nullptr;
    double rate_ = 0, horizon_ = 0;
    std::vector<Candidate> list_;
};

// ---- Totals of one replication for one cadence -------------------------------------------------

struct RunTotals {
    std::int64_t customers = 0, repeaters = 0, purchases = 0, sent = 0, reached = 0, opt_outs = 0;
    double revenue = 0, cost = 0;
    std::vector<std::int64_t> deaths_by_day;     // days
    std::vector<std::int64_t> active_change;     // days + 1: +1 where an active spell starts, -1 after it ends
    std::vector<std::int64_t> purchases_on_day;  // days
    std::vector<std::int64_t> touches_by_week;   // ceil(days / 7)
    std::array<std::int64_t, metrics::segment_count> segment_at_end{}, touches_by_segment{};
    std::vector<std::int64_t> step_sent, step_reached, step_blocked;

    void reset(int days, std::size_t steps);
};

// ---- The run -----------------------------------------------------------------------------------

struct RunSettings {
    int days = 365;
    int active_window_days = 90;
    metrics::SegmentRules segment_rules;
};

// Plays one customer through one cadence and adds the outcome to the totals. Holds the buffers
// a customer needs, so a run allocates nothing once warm.
class CustomerRunner {
public:
    void run(const CompiledCadence& cadence, const GlobalEffects& effects, const RunSettings& settings,
             const CustomerDraw& customer, Candidates& candidates, RunTotals& totals);

private:
    struct Pending {
        double time;
        std::uint32_t order;      // ties in time go in scheduling order
        std::int16_t step;        // -1: a segment check
        bool check_generation;    // dropped if the anchor has moved on (a purchase, a segment change) since
        std::int32_t generation;  // of the anchor when scheduled
    };
    void schedule(double time, int step, int generation, bool check_generation);
    Pending pop() {
        const Pending next = queue_.back();
        queue_.pop_back();
        return next;
    }

    std::vector<Pending> queue_;        // latest first: the next entry is at the back
    std::uint32_t order_ = 0;
    std::vector<int> gaps_;             // days between purchase days, sorted
    std::vector<double> sent_ring_;     // the last `cap` non-transactional touches sent
    std::array<double, 64> reached_ring_{};  // the last touches that reached the customer (fatigue)
};

}  // namespace touchpoint::sim::detail
