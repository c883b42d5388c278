#pragma once
// Monte Carlo of up to six cadences side by side on one population (DESIGN.md §7).
//
// The process. Every customer starts with a purchase on day 0 and is followed for `days` days.
// While alive, a customer buys at rate lambda x m(t), where m(t) is the effect model's multiplier
// (1 without touches; see effect_model.hpp); right after each repeat purchase they drop out with
// chance p (reduced while the relationship is active), and silence adds a dropout hazard. The
// business cannot see dropout: touches keep going to customers who have left (and cost money)
// until the horizon or an opt-out.
//
// With the default effects even the no-touch baseline is not quite the fitted BG/NBD: silence
// adds dropout to customers nobody talks to (that is its point). With no_effect_model() every
// cadence, the baseline included, is exactly BG/NBD.
//
// How it is simulated: event by event, never day by day. Candidate purchase times are drawn as
// a Poisson process of rate lambda x K (K = the effect model's max_rate_multiplier) and each is
// kept with probability m(t) / K (thinning), which is exact for any bounded rate however the
// lifts decay. Between candidates, touches come from the cadence's fixed-day schedule (the same
// for everyone) and a small queue of touches scheduled by purchases and segment changes, and
// silence dropout from its closed-form hazard. At the same moment a touch goes before a
// purchase, and fixed-day touches before queued ones (then step order), which decides which
// touch a cap blocks. Touches blocked by a cap or the quiet days are dropped, not postponed.
//
// Common random numbers: the customers (lambda, p, order value) and their random streams are
// keyed by (seed, replication, customer) and shared by every cadence, with separate streams for
// candidate purchases, dropout (one draw per repeat purchase), reach (one per touch sent) and
// opt-out (one per touch reached). So cadences are compared on the same customers and the same
// luck, and differences come from the cadence. With every effect at zero, every cadence gives
// exactly the purchases of the no-touch baseline. Runs are reproducible from the seed, natively
// and in the browser alike (the simulator's exp and log are its own; see deterministic_math.hpp).
//
// The figures, per customer unless said otherwise, each with its mean over replications and a
// 95% interval (mean +- t(0.975, reps - 1) x standard error; with one replication there is none
// and the interval and standard error are NaN, null in JSON):
//   repeat_rate            share of customers with a repeat purchase within the horizon
//   purchases              repeat purchases (the first purchase, the same everywhere, is not counted)
//   revenue                of the repeat purchases: order value (the customer's Gamma-Gamma mean
//                          p/nu, less the discount's price cut while one is valid); 0 without a spend model
//   cost                   cost of the touches sent
//   touches_per_customer   touches sent (touches blocked by caps or to opted-out customers are not sent)
//   opt_outs               share of customers who opted out
//   incremental_*          minus the no-touch baseline, in the same replication (same customers)
//   incremental_profit     margin x incremental revenue - cost
//   roi                    incremental_profit / cost; NaN (null) for a cadence that costs nothing
//   alive_by_day[d]        share of customers who have not dropped out by the end of day d
//   active_by_day[d]       share who bought (the first purchase included) within the last
//                          active_window_days days, as of day d
//   purchases_by_day[d]    repeat purchases by the end of day d, cumulative
//   touches_by_week[w]     touches sent in week w (days 7w to 7w + 6)
//   segments               share of customers in each segment on the last day, and touches sent
//                          per customer to customers of the segment (their segment when touched)
//   steps                  per step: touches sent, reached and blocked by the caps
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/jobs/job.hpp"
#include "touchpoint/metrics/segments.hpp"
#include "touchpoint/sim/effect_model.hpp"
#include "touchpoint/sim/population.hpp"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace touchpoint::sim {

inline constexpr std::size_t max_cadences = 6;

struct SimulationOptions {
    int customers = 10000;          // per replication
    int days = 365;                 // the horizon, from the first purchase
    int replications = 10;
    std::uint64_t seed = 1;
    double margin = 0.3;            // gross margin on revenue, for profit and ROI
    int active_window_days = 90;    // for active_by_day
    metrics::SegmentRules segment_rules;  // for segment targets, segment-change triggers and the breakdown
    // false: every cadence gets customers and streams of its own, as independent runs would;
    // only useful to measure what common random numbers save.
    bool common_random_numbers = true;
};

// Throws std::invalid_argument naming the option out of range.
void validate(const SimulationOptions& options);

struct Estimate {
    double mean = 0;
    double ci_low = 0;
    double ci_high = 0;
    double std_error = 0;  // of the mean over replications
};

struct StepOutcome {
    std::string name;
    Estimate sent, reached, blocked;  // per customer
};

struct SegmentOutcome {
    metrics::Segment segment = metrics::Segment::New;
    Estimate share_at_end;
    Estimate touches_per_customer;
};

// A curve: one estimate per day (or week), stored by column.
struct Curve {
    std::vector<double> mean, ci_low, ci_high;
};

struct CadenceOutcome {
    std::string name;
    Estimate repeat_rate, purchases, revenue, cost, roi, touches_per_customer, reached_per_customer, opt_outs;
    Estimate incremental_purchases, incremental_revenue, incremental_profit;
    Curve alive_by_day, active_by_day, purchases_by_day, touches_by_week;
    std::vector<SegmentOutcome> segments;  // New, Returning, Loyal, Lapsed
    std::vector<StepOutcome> steps;        // the cadence's steps, in order
};

struct SimulationResult {
    SimulationOptions options;
    Population population;
    EffectModel effects;
    std::vector<CadenceOutcome> cadences;  // in the order given
    CadenceOutcome baseline;               // no touches: what the incremental figures compare with
};

// The simulation as a resumable job: each step simulates whole customers (all cadences of one
// customer together) for about the budget. The constructor throws std::invalid_argument for
// input it cannot run: no cadence or more than six, a cadence with errors (validate_cadence),
// options or effects out of range, an invalid population.
class SimulationJob : public jobs::Job {
public:
    SimulationJob(Population population, std::vector<cadence::Cadence> cadences, EffectModel effects, SimulationOptions options);
    ~SimulationJob() override;
    jobs::Progress step(std::chrono::milliseconds budget) override;
    void cancel() override;
    // Set once the job has finished (not when cancelled).
    const std::optional<SimulationResult>& result() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// The mean of one figure over replications with its 95% interval (see the top of this file).
Estimate estimate_of(const std::vector<double>& values);

// Runs the job to the end here (the CLI and tests). Throws std::invalid_argument as the job does.
SimulationResult simulate_cadences(const Population& population, const std::vector<cadence::Cadence>& cadences,
                                   const EffectModel& effects, const SimulationOptions& options);

// ---- A run in parts ----------------------------------------------------------------------------
// Replications share nothing but the seed, so a run can be split by replication over threads,
// browser workers or machines: each part simulates replications [first, first + count) and keeps
// their per-customer figures, and combine_parts puts parts that cover every replication once
// together into the SimulationResult that one run of them all gives, bit for bit.

// Per customer, for one cadence in one replication.
struct ReplicationFigures {
    double repeat_rate = 0, purchases = 0, revenue = 0, cost = 0, touches = 0, reached = 0, opt_outs = 0;
    double revenue_squares = 0;  // the mean of each customer's revenue squared: with revenue, its variance
    std::vector<double> alive, active, purchases_by_day, touches_by_week;
    std::array<double, metrics::segment_count> segment_share{}, segment_touches{};
    std::vector<double> step_sent, step_reached, step_blocked;
};

struct SimulationPart {
    int first_replication = 0;
    int replication_count = 0;
    // [cadence][replication - first_replication]: the cadences in the order given, then the no-touch baseline.
    std::vector<std::vector<ReplicationFigures>> figures;
};

// A part as a resumable job. Takes what SimulationJob takes, and throws as it does, also when
// the replications [first_replication, first_replication + replication_count) are not within
// options.replications or are none.
class SimulationPartJob : public jobs::Job {
public:
    SimulationPartJob(Population population, std::vector<cadence::Cadence> cadences, EffectModel effects, SimulationOptions options,
                      int first_replication, int replication_count);
    ~SimulationPartJob() override;
    jobs::Progress step(std::chrono::milliseconds budget) override;
    void cancel() override;
    // Set once the job has finished (not when cancelled).
    const std::optional<SimulationPart>& part() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Splits `count` things (replications, a sweep's grid points) into at most `parts` runs of
// consecutive ones, as even as can be: {first, how many} each.
std::vector<std::pair<int, int>> split_evenly(int count, int parts);

// The result of the whole run from its parts, in any order. Throws std::invalid_argument when the
// parts do not cover each of options.replications exactly once or do not fit the cadences.
SimulationResult combine_parts(Population population, const std::vector<cadence::Cadence>& cadences, EffectModel effects,
                               const SimulationOptions& options, std::vector<SimulationPart> parts);

// The figures as JSON with every double written so that it reads back to the same bits.
nlohmann::json to_json(const ReplicationFigures& figures);
ReplicationFigures replication_figures_from_json(const nlohmann::json& json);  // throws nlohmann::json::exception
nlohmann::json to_json(const SimulationPart& part);
SimulationPart simulation_part_from_json(const nlohmann::json& json);
// The same as bytes (little-endian integers and doubles, as they are in memory in every build
// here): about ten times faster to read than the JSON, for parts handed between browser workers.
std::string encode_simulation_part(const SimulationPart& part);
// Throws std::invalid_argument for bytes encode_simulation_part did not write.
SimulationPart decode_simulation_part(std::string_view bytes);
SimulationOptions simulation_options_from_json(const nlohmann::json& json);

// Estimates as {"mean", "ci_low", "ci_high", "std_error"} (NaN as null). With curves, each
// cadence also holds its curves as {"mean": [...], "ci_low": [...], "ci_high": [...]}.
nlohmann::json to_json(const Estimate& estimate);
nlohmann::json to_json(const SimulationOptions& options);
nlohmann::json to_json(const CadenceOutcome& outcome, bool with_curves);
nlohmann::json to_json(const SimulationResult& result, bool with_curves = true);

}  // namespace touchpoint::sim
