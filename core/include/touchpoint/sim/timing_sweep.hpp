#pragma once
// A timing sweep: one cadence played with one step's delay set to each day of a grid (or two
// steps' delays over a grid of pairs), every grid point on the same customers with the same luck
// (common random numbers, simulator.hpp), to find the follow-up day that works best.
//
// Each grid point gets the simulator's figures with their intervals over replications. The best
// point has the best mean of the chosen metric (the highest; the lowest for opt-outs). A point is
// tied with the best when the 95% interval of its difference from the best, paired by
// replication, holds zero: with common random numbers that interval is far narrower than the
// points' own intervals, so "tied" means the data cannot tell the two days apart.
//
// Sweeps split into parts by grid point (a contiguous block each, all replications, and the
// no-touch baseline that the incremental figures need): browser workers run a part each, and
// `touchpoint sweep --shard K/N` runs one on one machine. combine_sweep_parts gives exactly the
// result of the unsharded run, whatever the split.
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/jobs/job.hpp"
#include "touchpoint/sim/simulator.hpp"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::sim {

enum class SweepMetric { RepeatRate, Purchases, Revenue, IncrementalProfit, ActiveAtEnd, OptOuts };
inline constexpr std::size_t sweep_metric_count = 6;

// "repeat_rate", "purchases", "revenue", "incremental_profit", "active_at_end", "opt_outs"
std::string_view sweep_metric_key(SweepMetric metric);
std::string_view sweep_metric_label(SweepMetric metric);
std::optional<SweepMetric> sweep_metric_from_key(std::string_view key);
bool lower_is_better(SweepMetric metric);  // opt-outs

// A 2-D sweep of 20 x 20 days is 400 variants of the cadence for every customer.
inline constexpr std::size_t max_sweep_points = 400;

struct SweepAxis {
    std::string step;       // the step's name in the cadence
    std::vector<int> days;  // its delay_days at each grid point
};

struct SweepSpec {
    cadence::Cadence cadence;
    SweepAxis first;
    std::optional<SweepAxis> second;  // a second step, for a 2-D sweep
    SweepMetric metric = SweepMetric::RepeatRate;
};

// Parses "1..60", "1..60/5" (every fifth day) or "3,7,14" into days; throws std::invalid_argument.
std::vector<int> parse_day_grid(std::string_view text);

// Throws std::invalid_argument naming what is wrong: an unknown step, an empty grid, a day below 0
// or past the horizon, the same step twice, too many grid points, a variant with errors.
void validate(const SweepSpec& spec, const SimulationOptions& options);

// The grid in order (the first axis outer, the second inner): the cadence at each point, named
// by its days ("Day 7" or "Day 7 / day 30").
struct SweepGridPoint {
    int first_day = 0;
    int second_day = -1;  // -1 in a 1-D sweep
};
std::vector<SweepGridPoint> sweep_grid(const SweepSpec& spec);
cadence::Cadence sweep_variant(const SweepSpec& spec, const SweepGridPoint& point);

struct SweepPoint {
    SweepGridPoint days;
    Estimate repeat_rate, purchases, revenue, cost, touches_per_customer, opt_outs, active_at_end, incremental_profit;
    Estimate metric;                // the spec's metric, one of the above
    Estimate difference_from_best;  // metric minus the best point's, paired by replication (zero for the best)
    bool tied_with_best = false;    // the difference's interval holds zero (always for the best)
};

struct SweepResult {
    SweepSpec spec;
    SimulationOptions options;
    Population population;
    std::vector<SweepPoint> points;  // in grid order
    std::size_t best = 0;            // index into points
    Estimate baseline_metric;        // the metric with no touches at all
};

// A block of grid points [first_point, first_point + point_count) over every replication.
struct SweepPart {
    int total_points = 0;
    int first_point = 0;
    int point_count = 0;
    // [point - first_point][replication], then the no-touch baseline's [replication] last.
    // Without curves: alive and active hold the last day alone (see ReplicationFigures).
    std::vector<std::vector<ReplicationFigures>> figures;
};

// A part as a resumable job; throws std::invalid_argument for a spec, options or population it
// cannot run, or points outside the grid.
class SweepPartJob : public jobs::Job {
public:
    SweepPartJob(Population population, SweepSpec spec, EffectModel effects, SimulationOptions options, int first_point, int point_count);
    ~SweepPartJob() override;
    jobs::Progress step(std::chrono::milliseconds budget) override;
    void cancel() override;
    const std::optional<SweepPart>& part() const;  // once finished (not when cancelled)

private:
    struct State;
    std::unique_ptr<State> state_;
};

// The result from parts covering every grid point once, in any order; throws std::invalid_argument
// when they do not, or do not agree on the baseline (parts of different runs).
SweepResult combine_sweep_parts(Population population, SweepSpec spec, const SimulationOptions& options, std::vector<SweepPart> parts);

// The whole sweep here, in one part (the CLI without --shard, and tests).
SweepResult run_timing_sweep(const Population& population, const SweepSpec& spec, const EffectModel& effects,
                             const SimulationOptions& options);

nlohmann::json to_json(const SweepSpec& spec);
SweepSpec sweep_spec_from_json(const nlohmann::json& json);
nlohmann::json to_json(const SweepResult& result);
// Parts as JSON (doubles read back to the same bits), for `touchpoint merge` and the browser workers.
nlohmann::json to_json(const SweepPart& part);
SweepPart sweep_part_from_json(const nlohmann::json& json);

}  // namespace touchpoint::sim
