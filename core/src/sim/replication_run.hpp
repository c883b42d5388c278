#pragma once
// The simulator's run of whole replications, shared by the simulation jobs (simulator.cpp) and
// the timing sweep (timing_sweep.cpp).
#include "engine.hpp"

#include "touchpoint/sim/simulator.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace touchpoint::sim::detail {

// The clock is read after this many customers (about 30 microseconds of work in wasm on the
// sample shop): often enough that a step ends close to its budget even for customers that take
// ten times longer (long horizons, busy customers), and rarely enough to cost nothing measurable.
inline constexpr int customers_per_slice_check = 16;

// One replication's totals as figures per customer. Without curves, alive and active hold the
// last day's share alone and the other curves are empty.
ReplicationFigures figures_of(const RunTotals& totals, bool with_curves = true);

struct RunShape {
    bool keep_curves = true;    // false: each replication's figures without their curves (sweeps of many variants)
    bool with_baseline = true;  // false: no no-touch run after the cadences (when nothing compares with it)
};

// Replications [first, end) of cadences on one population, simulated a slice of customers at a
// time: what the simulation jobs and the timing sweep step. The callers check the input first.
struct ReplicationRun {
    Population population;
    std::vector<cadence::Cadence> cadences;
    EffectModel effects;
    SimulationOptions options;
    int first_replication = 0, end_replication = 0;

    std::vector<CompiledCadence> compiled;  // the cadences, then the no-touch baseline (unless the shape leaves it out)
    GlobalEffects global;
    RunSettings settings;
    Candidates candidates;
    CustomerRunner runner;
    std::vector<RunTotals> totals;                     // per compiled cadence, this replication
    std::vector<std::vector<ReplicationFigures>> replications;  // per compiled cadence, per replication run so far

    int replication = 0;
    int customer = 0;
    RunShape shape;

    ReplicationRun(Population population_in, std::vector<cadence::Cadence> cadences_in, EffectModel effects_in,
                   SimulationOptions options_in, int first, int count, RunShape shape_in = {})
        : population(std::move(population_in)), cadences(std::move(cadences_in)), effects(std::move(effects_in)), options(std::move(options_in)),
          shape(shape_in) {
        if (count < 1 || first < 0 || first > options.replications - count)
            throw std::invalid_argument("simulate: replications " + std::to_string(first) + " to " + std::to_string(first + count - 1) +
                                        " are not among the run's " + std::to_string(options.replications));
        first_replication = replication = first;
        end_replication = first + count;
        settings = run_settings(options.days, options.active_window_days, options.segment_rules);
        for (const auto& one : cadences) compiled.push_back(compile_cadence(one, effects, settings));
        if (shape.with_baseline) compiled.push_back(compile_cadence(cadence::Cadence{"No touches", "", {}, {}, {}}, effects, settings));
        global = global_effects(effects);
        for (auto& one : compiled) script_without_purchases(one, global, settings);
        totals.resize(compiled.size());
        replications.resize(compiled.size());
        start_replication();
    }

    bool finished() const { return replication == end_replication; }

    void simulate_customer(int index) {
        const auto count = compiled.size();
        const auto seed = options.seed;
        const auto rep = static_cast<std::uint64_t>(replication);
        const auto who = static_cast<std::uint64_t>(index);
        if (options.common_random_numbers) {
            const auto draw = draw_customer(population, customer_key(seed, rep, who, 0));
            candidates.reset(draw, global.max_rate_multiplier, options.days);
            for (std::size_t c = 0; c < count; ++c) runner.run(compiled[c], global, settings, draw, candidates, totals[c]);
        } else {
            for (std::size_t c = 0; c < count; ++c) {
                const auto draw = draw_customer(population, customer_key(seed, rep, who, 1 + c));
                candidates.reset(draw, global.max_rate_multiplier, options.days);
                runner.run(compiled[c], global, settings, draw, candidates, totals[c]);
            }
        }
    }

    void start_replication() {
        for (std::size_t c = 0; c < compiled.size(); ++c) totals[c].reset(options.days, compiled[c].steps.size());
    }

    void finish_replication() {
        for (std::size_t c = 0; c < compiled.size(); ++c) replications[c].push_back(figures_of(totals[c], shape.keep_curves));
    }

    // Simulates customers until the budget is spent or the last replication is done.
    void advance(std::chrono::milliseconds budget) {
        const auto start = std::chrono::steady_clock::now();
        // No try block here: Emscripten's JavaScript-based exceptions slow down every call made inside one.
        while (!finished()) {
            const int end = std::min(options.customers, customer + customers_per_slice_check);
            for (; customer < end; ++customer) simulate_customer(customer);
            if (customer == options.customers) {
                finish_replication();
                ++replication;
                customer = 0;
                if (!finished()) start_replication();
            }
            if (std::chrono::steady_clock::now() - start >= budget) break;
        }
    }

    jobs::Progress progress(bool done, bool cancelled) const {
        jobs::Progress progress;
        const double total = static_cast<double>(end_replication - first_replication) * options.customers;
        const double so_far = static_cast<double>(replication - first_replication) * options.customers + customer;
        progress.phase = done ? "Done"
                              : "Simulating replication " + std::to_string(std::min(replication + 1, end_replication)) + " of " +
                                    std::to_string(options.replications);
        progress.fraction = so_far / total;
        progress.items = so_far;
        progress.items_unit = "customers";
        progress.finished = done || cancelled;
        if (cancelled) progress.error = "cancelled";
        return progress;
    }
};


}  // namespace touchpoint::sim::detail
