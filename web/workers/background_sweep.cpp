#include "workers/background_sweep.hpp"
#include "workers/simulation_workers.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace touchpoint::web {

struct BackgroundSweep::State {
    sim::Population population;
    sim::SweepSpec spec;
    sim::SimulationOptions options;
    int total_points = 0;
    std::unique_ptr<sim::SweepPartJob> in_frames;     // where workers cannot run
    std::vector<std::unique_ptr<WorkerCall>> calls;   // a block of grid points each
    std::vector<int> point_counts;                    // per call
    std::vector<std::optional<sim::SweepPart>> parts;
    bool cancelled = false;
    std::string error;
    std::optional<sim::SweepResult> result;

    // Customer runs of one variant each: the baseline runs once per block too.
    double work_of(int points) const { return static_cast<double>(points + 1) * options.customers * options.replications; }

    jobs::Progress progress() const {
        jobs::Progress progress;
        double done = 0, total = 0;
        for (std::size_t i = 0; i < calls.size(); ++i) {
            const double block = work_of(point_counts[i]);
            total += block;
            done += parts[i] ? block : calls[i]->customers_done() * (point_counts[i] + 1);
        }
        progress.fraction = total > 0 ? done / total : 0;
        progress.items = progress.fraction * total_points;
        progress.items_unit = "grid points";
        progress.phase = result ? "Done" : "Sweeping " + std::to_string(total_points) + " grid points in " + std::to_string(calls.size()) +
                                               (calls.size() == 1 ? " worker" : " workers");
        progress.finished = result.has_value() || cancelled || !error.empty();
        progress.error = cancelled ? "cancelled" : error;
        return progress;
    }
};

BackgroundSweep::BackgroundSweep(sim::Population population, sim::SweepSpec spec, sim::EffectModel effects, sim::SimulationOptions options,
                                 int worker_count)
    : state_(std::make_unique<State>()) {
    auto& state = *state_;
    sim::validate(population);
    sim::validate(effects);
    sim::validate(spec, options);
    state.total_points = static_cast<int>(sim::sweep_grid(spec).size());
    if (worker_count <= 0) {
        state.in_frames = std::make_unique<sim::SweepPartJob>(population, spec, effects, options, 0, state.total_points);
    } else {
        nlohmann::json request = {{"population", sim::to_json(population)},
                                  {"effects", sim::to_json(effects)},
                                  {"options", sim::to_json(options)},
                                  {"spec", sim::to_json(spec)}};
        for (const auto& [first, count] : sim::split_evenly(state.total_points, worker_count)) {
            request["first_point"] = first;
            request["point_count"] = count;
            state.calls.push_back(std::make_unique<WorkerCall>("run_sweep_part", request.dump()));
            state.point_counts.push_back(count);
        }
        state.parts.resize(state.calls.size());
    }
    state.population = std::move(population);
    state.spec = std::move(spec);
    state.options = options;
}

BackgroundSweep::~BackgroundSweep() = default;

jobs::Progress BackgroundSweep::step(std::chrono::milliseconds budget) {
    auto& state = *state_;
    if (state.result || state.cancelled || !state.error.empty()) return state.progress();
    if (state.in_frames) {
        auto progress = state.in_frames->step(budget);
        if (state.in_frames->part())
            state.result = sim::combine_sweep_parts(state.population, state.spec, state.options, {*state.in_frames->part()});
        progress.phase = state.result ? "Done" : "Sweeping " + std::to_string(state.total_points) + " grid points";
        return progress;
    }
    for (std::size_t i = 0; i < state.calls.size(); ++i) {
        auto& call = *state.calls[i];
        if (!call.answered() || state.parts[i]) continue;
        const std::string answer = call.take_answer();
        state.error = worker_error(answer);
        if (!state.error.empty()) {
            for (auto& other : state.calls) other->stop();
            return state.progress();
        }
        state.parts[i] = sim::sweep_part_from_json(nlohmann::json::parse(answer));
        return state.progress();
    }
    if (std::all_of(state.parts.begin(), state.parts.end(), [](const auto& part) { return part.has_value(); })) {
        std::vector<sim::SweepPart> parts;
        for (auto& part : state.parts) parts.push_back(std::move(*part));
        state.result = sim::combine_sweep_parts(state.population, state.spec, state.options, std::move(parts));
    }
    return state.progress();
}

void BackgroundSweep::cancel() {
    auto& state = *state_;
    if (state.result) return;
    if (state.in_frames) state.in_frames->cancel();
    state.cancelled = true;
    for (auto& call : state.calls) call->stop();
}

const std::optional<sim::SweepResult>& BackgroundSweep::result() const { return state_->result; }

int BackgroundSweep::workers_used() const { return static_cast<int>(state_->calls.size()); }

}  // namespace touchpoint::web
