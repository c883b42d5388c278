#include "engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

// Section index: the segment clock; the run's settings; compiling a cadence (and what the first
// purchase schedules); drawing a customer; candidates; totals; the run: a customer who cannot buy,
// then event by event.
namespace touchpoint::sim::detail {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr double ln2 = 0.69314718055994530942;
constexpr double cap_window_days = 30;  // "the most touches in any 30 days"

using cadence::Trigger;

// How many of pcg32's 2^32 outputs r give uniform() < p. uniform() is (r + 0.5) / 2^32, exact in a
// double, so the draw is below p exactly when r + 0.5 < p x 2^32 (exact too: a power of two), that
// is when r < ceil(p x 2^32 - 0.5) (p x 2^32 - 0.5 is exact below 2^33). Comparing the output
// with this count saves converting it on every touch.
std::uint64_t outputs_below(double p) {
    const double scaled = p * 4294967296.0;
    if (!(scaled > 0.5)) return 0;
    return std::min<std::uint64_t>(4294967296ULL, static_cast<std::uint64_t>(std::ceil(scaled - 0.5)));
}

}  // namespace

// ---- The segment a customer is in --------------------------------------------------------------

void SegmentClock::update(int last_purchase_day, int purchase_days, int twice_median_gap) {
    // As metrics::segment_of: lapsed once the days since the last purchase exceed the allowance,
    // which is one_time_lapse_days with one purchase day, else floor(k x the median gap).
    // floor by truncation: the product is never negative.
    const double allowance = purchase_days < 2 ? rules_.one_time_lapse_days
                                               : static_cast<double>(static_cast<std::int64_t>(
                                                     std::min(1e8, rules_.lapse_gap_multiple * (twice_median_gap / 2.0))));
    lapsed_from_ = static_cast<int>(std::min(2e9, last_purchase_day + allowance + 1));
    settled_ = purchase_days >= rules_.loyal_min_purchase_days ? metrics::Segment::Loyal
               : purchase_days >= 2                            ? metrics::Segment::Returning
                                                               : metrics::Segment::New;
}

int SegmentClock::next_change_after(int day) const {
    if (day < rules_.new_within_days) return rules_.new_within_days;
    return lapsed_from_ > day ? lapsed_from_ : -1;
}

// ---- The run's settings ------------------------------------------------------------------------

RunSettings run_settings(int days, int active_window_days, const metrics::SegmentRules& segment_rules) {
    return {days, active_window_days, SegmentClock(segment_rules)};
}

// ---- Compiling a cadence -----------------------------------------------------------------------

GlobalEffects global_effects(const EffectModel& effects) {
    GlobalEffects global;
    global.fatigue_window = effects.fatigue.window_days.value;
    global.fatigue_free = effects.fatigue.free_touches.value;
    global.fatigue_lift_penalty = effects.fatigue.lift_penalty.value;
    global.fatigue_opt_out_penalty = effects.fatigue.opt_out_penalty.value;
    global.silence_grace = effects.silence.grace_days.value;
    global.silence_slope = effects.silence.hazard_slope.value;
    global.silence_two_over_slope = global.silence_slope > 0 ? 2.0 / global.silence_slope : 0.0;
    global.discount_extra_lift = effects.discount.extra_lift.value;
    global.discount_price_cut = effects.discount.price_cut.value;
    global.discount_valid_days = effects.discount.valid_days.value;
    global.discount_dependence = effects.discount.dependence.value;
    global.max_rate_multiplier = effects.max_rate_multiplier.value;
    return global;
}

CompiledCadence compile_cadence(const cadence::Cadence& cadence, const EffectModel& effects, const RunSettings& settings) {
    CompiledCadence compiled;
    // Lifts with the same half-life decay together, so they share one amplitude.
    const auto group_of = [&](double half_life_days) {
        const double rate = ln2 / half_life_days;
        const auto found = std::find(compiled.decay_rates.begin(), compiled.decay_rates.end(), rate);
        if (found != compiled.decay_rates.end()) return static_cast<int>(found - compiled.decay_rates.begin());
        compiled.decay_rates.push_back(rate);
        return static_cast<int>(compiled.decay_rates.size()) - 1;
    };
    const auto& timing = cadence.timing;
    const double horizon = settings.days;
    for (std::size_t i = 0; i < cadence.steps.size(); ++i) {
        const auto& step = cadence.steps[i];
        const auto& kind = effects.kinds[static_cast<std::size_t>(step.kind)];
        const auto& channel = effects.channels[static_cast<std::size_t>(step.channel)];
        CompiledStep out;
        out.trigger = step.trigger;
        out.offset = step.delay_days;
        out.repeat = step.repeat_every_days;
        if (step.trigger == Trigger::AfterDelivery) out.offset = timing.delivery_days + step.delay_days;
        out.reach = step.reach_rate;
        out.reach_outputs = outputs_below(out.reach);
        out.cost = step.cost;
        if (!step.segments.empty()) {
            out.segment_mask = 0;
            for (const auto segment : step.segments) out.segment_mask |= static_cast<std::uint8_t>(1u << static_cast<unsigned>(segment));
        }
        out.discount = step.discount;
        out.transactional = step.transactional;
        out.meaningful = kind.meaningful_contact.value >= 0.5;
        out.lift = kind.lift.value * channel.lift_multiplier.value;
        out.lift_group = group_of(kind.half_life_days.value);
        out.dropout_reduction = kind.dropout_reduction.value;
        out.active_days = kind.active_days.value;
        out.opt_out = std::min(1.0, kind.opt_out.value * channel.opt_out_multiplier.value);
        const bool fixed_day = step.trigger == Trigger::DaysAfterFirstPurchase || step.trigger == Trigger::BeforeRenewal;
        out.requeue = !fixed_day && out.repeat > 0;
        out.segment_anchored = step.trigger == Trigger::OnSegmentChange;
        compiled.steps.push_back(out);

        const int index = static_cast<int>(i);
        switch (step.trigger) {
            case Trigger::DaysAfterFirstPurchase:
                for (double at = out.offset; at < horizon; at += out.repeat) {
                    compiled.fixed_touches.push_back({at, index});
                    if (out.repeat <= 0) break;
                }
                break;
            case Trigger::BeforeRenewal:
                // Every renewal; the step's own repeat does not apply (validation says so).
                for (double renewal = timing.renewal_period_days; renewal - step.delay_days < horizon; renewal += timing.renewal_period_days)
                    compiled.fixed_touches.push_back({renewal - step.delay_days, index});
                break;
            case Trigger::AfterEachPurchase:
            case Trigger::AfterDelivery: compiled.purchase_steps.push_back(index); break;
            case Trigger::AfterSilence: compiled.silence_steps.push_back(index); break;
            case Trigger::UsualRepurchaseTime: compiled.usual_steps.push_back(index); break;
            case Trigger::OnSegmentChange: compiled.segment_steps.push_back(index); break;
        }
    }
    for (const int s : compiled.purchase_steps) compiled.armed_steps.push_back({compiled.steps[static_cast<std::size_t>(s)].offset, s, false, false});
    for (const int s : compiled.silence_steps) compiled.armed_steps.push_back({compiled.steps[static_cast<std::size_t>(s)].offset, s, true, false});
    for (const int s : compiled.usual_steps) compiled.armed_steps.push_back({compiled.steps[static_cast<std::size_t>(s)].offset, s, true, true});
    std::stable_sort(compiled.fixed_touches.begin(), compiled.fixed_touches.end(),
                     [](const FixedTouch& a, const FixedTouch& b) { return a.time != b.time ? a.time < b.time : a.step < b.step; });
    const bool has_discount = std::any_of(cadence.steps.begin(), cadence.steps.end(), [](const auto& step) { return step.discount; });
    if (has_discount) compiled.discount_group = group_of(effects.discount.half_life_days.value);
    compiled.cap = cadence.caps.max_touches_per_30_days;
    compiled.quiet = cadence.caps.quiet_days_after_purchase;
    compiled.usual_repurchase_days = timing.usual_repurchase_days;

    // The queue a customer starts with: the fixed-day touches first (so that at the same time
    // they go before anything scheduled), then day 0, the first purchase, as
    // CustomerRunner::run_events would play it for every customer: it schedules the steps anchored on purchases (the usual
    // repurchase time is the cadence's own: there is no gap yet), then the segment is checked as
    // after any purchase.
    for (const FixedTouch& touch : compiled.fixed_touches) schedule(compiled.first_day_queue, touch.time, touch.step, 0, false);
    const int purchase_generation = 1;
    for (const ArmedStep& armed : compiled.armed_steps) {
        const double at = armed.usual ? 0.0 + std::max(0.0, compiled.usual_repurchase_days + armed.offset) : 0.0 + armed.offset;
        if (at < horizon) schedule(compiled.first_day_queue, at, armed.step, purchase_generation, armed.check_generation);
    }
    if (!compiled.segment_steps.empty()) {
        const SegmentClock& segments = settings.first_day_segments;
        const auto now = segments.on(0);
        if (now != compiled.first_day_segment) {
            compiled.first_day_segment = now;
            ++compiled.first_day_segment_generation;
            for (const int s : compiled.segment_steps) {
                const auto& step = compiled.steps[static_cast<std::size_t>(s)];
                const double at = 0.0 + step.offset;
                if ((step.segment_mask & (1u << static_cast<unsigned>(now))) && at < horizon)
                    schedule(compiled.first_day_queue, at, s, compiled.first_day_segment_generation, false);
            }
        }
        const int next = segments.next_change_after(0);
        if (next > 0 && next < horizon) schedule(compiled.first_day_queue, next, -1, ++compiled.first_day_timer_generation, true);
    }
    return compiled;
}

// ---- Drawing a customer ------------------------------------------------------------------------

CustomerDraw draw_customer(const Population& population, std::uint64_t key) {
    pcg32 random = make_stream(key, Substream::Population);
    const auto& bg = population.purchase;
    CustomerDraw customer;
    customer.key = key;
    customer.rate = gamma_with_rate(random, bg.r, bg.alpha);
    customer.dropout = beta(random, bg.a, bg.b);
    if (population.spend) {
        // Gamma-Gamma: order values ~ Gamma(p, rate nu), nu ~ Gamma(q, rate gamma); the mean is p / nu.
        const double nu = gamma_with_rate(random, population.spend->q, population.spend->gamma);
        customer.order_value = nu > 0 ? population.spend->p / nu : 0.0;
    }
    customer.silence_budget = unit_exponential(random);
    customer.dropout_stream = make_stream(key, Substream::Dropout);
    customer.reach_stream = make_stream(key, Substream::Reach);
    customer.opt_out_stream = make_stream(key, Substream::OptOut);
    return customer;
}

// ---- Candidates --------------------------------------------------------------------------------

void Candidates::reset(const CustomerDraw& customer, double max_rate_multiplier, double horizon) {
    pcg32 random = make_stream(customer.key, Substream::Purchases);
    const ZigguratTables& tables = ziggurat_tables();
    const double rate = customer.rate * max_rate_multiplier;
    list_.clear();
    if (rate > 0) {
        for (double time = 0;;) {
            time += ziggurat_exponential(random, tables) / rate;
            const double acceptance = uniform(random);
            if (!(time < horizon)) break;
            list_.push_back({time, acceptance * max_rate_multiplier});
        }
    }
    list_.push_back({infinity, 1.0});
}

// ---- Totals ------------------------------------------------------------------------------------

void RunTotals::reset(int days, std::size_t steps) {
    customers = repeaters = purchases = sent = reached = opt_outs = 0;
    revenue = cost = revenue_squares = 0;
    const auto day_count = static_cast<std::size_t>(days);
    deaths_by_day.assign(day_count, 0);
    active_change.assign(day_count + 1, 0);
    purchases_on_day.assign(day_count, 0);
    touches_by_week.assign((day_count + 6) / 7, 0);
    segment_at_end.fill(0);
    touches_by_segment.fill(0);
    step_sent.assign(steps, 0);
    step_reached.assign(steps, 0);
    step_blocked.assign(steps, 0);
}

// ---- The run -----------------------------------------------------------------------------------

namespace {

// Silence: hazard slope x (days past the grace period) since the last meaningful contact; the
// customer drops out when the hazard summed over all silent spells reaches their budget, that
// is once (days past the grace period)^2 reach `reserve` = 2 x (budget left) / slope.
struct Silence {
    bool on;
    double grace;
    double last_contact = 0;
    double reserve;

    Silence(const GlobalEffects& effects, const CustomerDraw& customer)
        : on(effects.silence_slope > 0),
          grace(effects.silence_grace),
          reserve(on ? customer.silence_budget * effects.silence_two_over_slope : infinity) {}
    void contact(double time) {
        if (!on) return;
        const double past_grace = time - last_contact - grace;
        if (past_grace > 0) reserve -= past_grace * past_grace;
        last_contact = time;
    }
    // The dropout time if it comes before `until`, else infinity. The time itself (a square root)
    // is only worked out then.
    double death_before(double until) const {
        if (!on) return infinity;
        const double past_grace = until - last_contact - grace;
        if (!(past_grace > 0) || past_grace * past_grace < reserve) return infinity;
        return last_contact + grace + std::sqrt(std::max(0.0, reserve));
    }
};

// Fatigue: the touches that reached the customer are ring[k % size] for k from `oldest` (the
// oldest still within the window) to `so_far` - 1; their times only grow, so the ones in the
// window are the latest (at most the ring's size).
template <std::size_t size>
struct ReachedTouches {
    std::array<double, size>& ring;
    std::size_t so_far = 0, oldest = 0;

    // Records a touch that reached the customer and returns the touches in the window beyond the
    // free ones, this one included. Until there have been more than the free ones, nobody tires.
    double extra_after(double time, const GlobalEffects& effects) {
        ring[so_far % size] = time;
        ++so_far;
        if (so_far - oldest > size) oldest = so_far - size;
        if (!(static_cast<double>(so_far) > effects.fatigue_free)) return 0.0;
        const double window_start = time - effects.fatigue_window;
        while (!(ring[oldest % size] > window_start)) ++oldest;
        return std::max(0.0, static_cast<int>(so_far - oldest) - effects.fatigue_free);
    }
};

}  // namespace

void script_without_purchases(CompiledCadence& cadence, const GlobalEffects& effects, const RunSettings& settings) {
    CustomerRunner runner;
    CustomerDraw nobody;  // rate 0: no candidate purchases
    Candidates none;
    none.reset(nobody, effects.max_rate_multiplier, settings.days);
    RunTotals scratch;
    scratch.reset(settings.days, cadence.steps.size());
    std::vector<ScriptedTouch> script;
    runner.run_events(cadence, effects, settings, nobody, none, scratch, &script);
    cadence.without_purchases = std::move(script);
}

void CustomerRunner::run_without_purchases(const CompiledCadence& cadence, const GlobalEffects& effects, const RunSettings& settings,
                                           const CustomerDraw& customer, RunTotals& totals) {
    // As run_events plays it with no purchase ever: the touches come as scripted; the customer
    // only draws reach and opt-out, and drops out only by silence (checked before each touch, as
    // run_events does before every event: the dropout time does not depend on which).
    const double horizon = settings.days;
    pcg32 reach_random = customer.reach_stream;
    pcg32 opt_out_random = customer.opt_out_stream;
    ReachedTouches<std::tuple_size_v<decltype(reached_ring_)>> reached_touches{reached_ring_};
    Silence silence(effects, customer);
    bool alive = true, opted_out = false;
    double death_time = infinity, cost = 0;
    std::int64_t sent = 0, reached = 0;
    for (const ScriptedTouch& touch : cadence.without_purchases) {
        if (alive) {
            const double dies = silence.death_before(touch.time);
            if (dies <= touch.time) {
                alive = false;
                death_time = dies;
            }
        }
        const auto s = static_cast<std::size_t>(touch.step);
        if (touch.blocked) {
            ++totals.step_blocked[s];
            continue;
        }
        const CompiledStep& step = cadence.steps[s];
        ++sent;
        cost += step.cost;
        ++totals.touches_by_week[static_cast<std::size_t>(touch.week)];
        ++totals.step_sent[s];
        ++totals.touches_by_segment[static_cast<std::size_t>(touch.segment)];
        if (!(reach_random() < step.reach_outputs)) continue;  // uniform(reach_random) < step.reach
        ++reached;
        ++totals.step_reached[s];
        const double extra = reached_touches.extra_after(touch.time, effects);
        if (uniform(opt_out_random) < step.opt_out + extra * effects.fatigue_opt_out_penalty) {
            opted_out = true;  // nothing more is sent
            break;
        }
        if (alive && step.meaningful) silence.contact(touch.time);
    }
    if (alive) {
        const double dies = silence.death_before(horizon);
        if (dies < horizon) death_time = dies;
    }

    const int end = std::min(settings.days, settings.active_window_days);  // active from the first purchase
    if (0 < end) {
        ++totals.active_change[0];
        --totals.active_change[static_cast<std::size_t>(end)];
    }
    ++totals.customers;
    totals.cost += cost;
    totals.sent += sent;
    totals.reached += reached;
    if (opted_out) ++totals.opt_outs;
    if (death_time < horizon) ++totals.deaths_by_day[static_cast<std::size_t>(death_time)];
    ++totals.segment_at_end[static_cast<std::size_t>(settings.first_day_segments.on(settings.days - 1))];
}

void CustomerRunner::run_events(const CompiledCadence& cadence, const GlobalEffects& effects, const RunSettings& settings,
                                const CustomerDraw& customer, const Candidates& candidates, RunTotals& totals,
                                std::vector<ScriptedTouch>* script) {
    const double horizon = settings.days;
    const double max_rate = effects.max_rate_multiplier;
    gaps_.clear();
    const int cap = cadence.cap;
    if (sent_ring_.size() < static_cast<std::size_t>(cap)) sent_ring_.resize(static_cast<std::size_t>(cap));
    std::fill_n(sent_ring_.data(), cap, -infinity);
    std::size_t sent_ring_next = 0;
    ReachedTouches<std::tuple_size_v<decltype(reached_ring_)>> reached_touches{reached_ring_};

    pcg32 dropout_random = customer.dropout_stream;
    pcg32 reach_random = customer.reach_stream;
    pcg32 opt_out_random = customer.opt_out_stream;

    // What the business sees: purchases (the first at time 0), and so the segment.
    int purchase_generation = 1;  // purchases so far, the first included
    int repeat_purchases = 0;
    double last_purchase_time = 0;
    int last_purchase_day = 0, purchase_days = 1, twice_median_gap = 0;
    SegmentClock segments = settings.first_day_segments;
    // What it does not see.
    bool alive = true;
    double death_time = infinity;
    bool opted_out = false;
    double revenue = 0, cost = 0;
    std::int64_t sent = 0, reached = 0;
    double full_price = 1.0, discount_until = -infinity;
    double active_reduction = 0, active_until = -infinity;
    const auto group_count = cadence.decay_rates.size();
    const double* const decay_rates = cadence.decay_rates.data();
    std::array<double, max_lift_groups> amplitude, since;
    for (std::size_t g = 0; g < group_count; ++g) amplitude[g] = since[g] = 0;
    bool lifts_active = false;  // some amplitude is not zero
    // The multiplier m(t) never exceeds this until the next touch: positive lifts only decay.
    double multiplier_bound = 1.0;

    Silence silence(effects, customer);

    const auto segment_bit = [](metrics::Segment segment) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(segment)); };

    int covered_until = 0;  // active_by_day: days before this are already counted for this customer
    const auto mark_active = [&](int day) {
        const int start = std::max(day, covered_until);
        const int end = std::min(settings.days, day + settings.active_window_days);
        if (start < end) {
            ++totals.active_change[static_cast<std::size_t>(start)];
            --totals.active_change[static_cast<std::size_t>(end)];
        }
        covered_until = std::max(covered_until, day + settings.active_window_days);
    };

    // Touches anchored on a purchase (the first included): after each purchase and delivery,
    // and those re-armed by it (silence, usual repurchase time), in that order.
    const auto arm_after_purchase = [&](double time) {
        const double usual = purchase_days >= 2 ? twice_median_gap / 2.0 : cadence.usual_repurchase_days;
        for (const ArmedStep& armed : cadence.armed_steps) {
            const double at = armed.usual ? time + std::max(0.0, usual + armed.offset) : time + armed.offset;
            if (at < horizon) schedule(queue_, at, armed.step, purchase_generation, armed.check_generation);
        }
    };

    // Segment changes happen at purchases and on the days the "new" window closes or the
    // customer's lapse allowance runs out; a check is scheduled for the next such day. Only
    // cadences with segment-change steps follow them.
    metrics::Segment segment = cadence.first_day_segment;
    int segment_generation = cadence.first_day_segment_generation, timer_generation = cadence.first_day_timer_generation;
    const bool tracks_segments = !cadence.segment_steps.empty();
    const auto check_segment = [&](double time, int day) {
        const auto now = segments.on(day);
        if (now != segment) {
            segment = now;
            ++segment_generation;
            for (const int s : cadence.segment_steps) {
                const auto& step = cadence.steps[static_cast<std::size_t>(s)];
                const double at = time + step.offset;
                if ((step.segment_mask & segment_bit(now)) && at < horizon) schedule(queue_, at, s, segment_generation, false);
            }
        }
        const int next = segments.next_change_after(day);
        if (next > day && next < horizon) schedule(queue_, next, -1, ++timer_generation, true);
    };

    // Day 0: the first purchase (what it schedules is the same for everyone: see compile_cadence).
    mark_active(0);
    queue_.assign(cadence.first_day_queue.begin(), cadence.first_day_queue.end());

    const Candidate* next_candidate = candidates.begin();  // ends with one at +infinity
    for (;;) {
        const double next_touch = queue_.empty() ? infinity : queue_.back().time;
        double barrier = std::min(horizon, next_touch);
        double next_silence = infinity;

        if (alive) {
            next_silence = silence.death_before(barrier);
            barrier = std::min(barrier, next_silence);
            // ---- Candidate purchases before the next touch: each is kept with probability m(t) / K.
            bool purchased = false;
            for (;;) {
                const Candidate& candidate = *next_candidate;
                if (!(candidate.time < barrier)) break;
                ++next_candidate;
                const double threshold = candidate.threshold;
                if (threshold >= multiplier_bound) continue;  // cannot be kept, whatever the lifts are now
                const double time = candidate.time;
                double multiplier = full_price;
                if (lifts_active) {
                    // The lifts now; kept as the new amplitudes, so the bound tightens as they decay.
                    double lift = 0, positive = 0;
                    for (std::size_t g = 0; g < group_count; ++g) {
                        if (amplitude[g] == 0) continue;
                        amplitude[g] *= det_exp(-decay_rates[g] * (time - since[g]));
                        since[g] = time;
                        lift += amplitude[g];
                        positive += std::max(0.0, amplitude[g]);
                    }
                    multiplier_bound = std::min(max_rate, full_price * (1.0 + positive));
                    multiplier *= 1.0 + lift;
                    if (multiplier < 0) multiplier = 0;
                    if (multiplier > max_rate) multiplier = max_rate;
                }
                if (threshold >= multiplier) continue;

                ++repeat_purchases;
                ++purchase_generation;
                revenue += time <= discount_until ? customer.order_value * (1.0 - effects.discount_price_cut) : customer.order_value;
                const int day = static_cast<int>(time);
                ++totals.purchases_on_day[static_cast<std::size_t>(day)];
                if (day != last_purchase_day) {
                    const int gap = day - last_purchase_day;
                    gaps_.insert(std::upper_bound(gaps_.begin(), gaps_.end(), gap), gap);
                    const std::size_t n = gaps_.size();
                    twice_median_gap = n % 2 == 1 ? 2 * gaps_[n / 2] : gaps_[n / 2 - 1] + gaps_[n / 2];
                    ++purchase_days;
                    last_purchase_day = day;
                    segments.update(last_purchase_day, purchase_days, twice_median_gap);
                    mark_active(day);
                }
                last_purchase_time = time;
                silence.contact(time);
                arm_after_purchase(time);
                if (tracks_segments) {
                    ++timer_generation;  // the purchase moves the next segment boundary
                    check_segment(time, day);
                }
                // BG/NBD: the customer may drop out right after a repeat purchase.
                double dropout = customer.dropout;
                if (time <= active_until) dropout *= 1.0 - active_reduction;
                if (uniform(dropout_random) < dropout) {
                    alive = false;
                    death_time = time;
                }
                purchased = true;  // it may have scheduled touches before the barrier
                break;
            }
            if (purchased) continue;
        }

        if (!(barrier < horizon)) break;
        if (next_silence == barrier && next_silence <= next_touch) {
            alive = false;
            death_time = next_silence;
            continue;
        }
        if (!alive && opted_out) break;  // nothing left that could change

        // ---- A touch (or a segment check).
        const PendingTouch pending = queue_.back();
        queue_.pop_back();
        const double time = pending.time;
        const int step_index = pending.step;
        const int scheduled_generation = pending.generation;
        const int day = static_cast<int>(time);
        if (step_index < 0) {
            if (scheduled_generation == timer_generation) check_segment(time, day);
            continue;
        }
        const auto s = static_cast<std::size_t>(step_index);
        const CompiledStep& step = cadence.steps[s];
        if (pending.check_generation && scheduled_generation != (step.segment_anchored ? segment_generation : purchase_generation))
            continue;  // a purchase or segment change came first
        if (opted_out) continue;
        if (step.requeue && time + step.repeat < horizon) schedule(queue_, time + step.repeat, step_index, scheduled_generation, true);

        const metrics::Segment segment_now = segments.on(day);
        if (!(step.segment_mask & segment_bit(segment_now))) continue;
        if (!step.transactional) {
            const bool quiet = cadence.quiet > 0 && time - last_purchase_time < cadence.quiet;
            const bool capped = cap > 0 && sent_ring_[sent_ring_next] > time - cap_window_days;
            if (script) script->push_back({time, step_index, day / 7, segment_now, quiet || capped});
            if (quiet || capped) {
                ++totals.step_blocked[s];
                continue;
            }
            if (cap > 0) {
                sent_ring_[sent_ring_next] = time;
                if (++sent_ring_next == static_cast<std::size_t>(cap)) sent_ring_next = 0;
            }
        } else if (script) {
            script->push_back({time, step_index, day / 7, segment_now, false});
        }

        ++sent;
        cost += step.cost;
        ++totals.touches_by_week[static_cast<std::size_t>(day / 7)];
        ++totals.step_sent[s];
        ++totals.touches_by_segment[static_cast<std::size_t>(segment_now)];

        if (!(reach_random() < step.reach_outputs)) continue;  // uniform(reach_random) < step.reach
        ++reached;
        ++totals.step_reached[s];

        // Fatigue: touches that reached the customer within the window, this one included.
        const double extra = reached_touches.extra_after(time, effects);

        if (uniform(opt_out_random) < step.opt_out + extra * effects.fatigue_opt_out_penalty && !script) {
            opted_out = true;  // the touch that makes a customer opt out has no other effect
            continue;
        }
        if (!alive) continue;

        const auto add_lift = [&](int group, double lift) {
            const auto g = static_cast<std::size_t>(group);
            amplitude[g] = amplitude[g] == 0 ? lift : amplitude[g] * det_exp(-decay_rates[g] * (time - since[g])) + lift;
            since[g] = time;
            lifts_active = true;
        };
        const double lift = step.lift - extra * effects.fatigue_lift_penalty;
        if (lift != 0) add_lift(step.lift_group, lift);
        if (step.discount) {
            if (effects.discount_extra_lift != 0) add_lift(cadence.discount_group, effects.discount_extra_lift);
            full_price *= 1.0 - effects.discount_dependence;
            discount_until = std::max(discount_until, time + effects.discount_valid_days);
        }
        if (lift != 0 || step.discount) {
            double positive = 0;
            for (std::size_t g = 0; g < group_count; ++g) positive += std::max(0.0, amplitude[g]);
            multiplier_bound = std::min(max_rate, full_price * (1.0 + positive));
        }
        if (step.dropout_reduction > 0) {
            active_reduction = time > active_until ? step.dropout_reduction : std::max(active_reduction, step.dropout_reduction);
            active_until = std::max(active_until, time + step.active_days);
        }
        if (step.meaningful) silence.contact(time);
    }

    ++totals.customers;
    if (repeat_purchases > 0) ++totals.repeaters;
    totals.purchases += repeat_purchases;
    totals.revenue += revenue;
    totals.revenue_squares += revenue * revenue;
    totals.cost += cost;
    totals.sent += sent;
    totals.reached += reached;
    if (opted_out) ++totals.opt_outs;
    if (death_time < horizon) ++totals.deaths_by_day[static_cast<std::size_t>(death_time)];
    ++totals.segment_at_end[static_cast<std::size_t>(segments.on(settings.days - 1))];
}

}  // namespace touchpoint::sim::detail
