#include "workers/background_sweep.hpp"
#include "workers/simulation_workers.hpp"
#include "workers/worker_fan_out.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace touchpoint::web {

struct BackgroundSweep::State {
    sim::Population population;
    sim::SweepSpec spec;
    sim::SimulationOptions options;
    int total_points = 0;
    std::unique_ptr<sim::SweepPartJob> in_frames;  // where workers cannot run
    WorkerFanOut<sim::SweepPart, sim::SweepResult> workers;  // a block of grid points each

    // Customer runs of one variant each: the baseline runs once per block too.
    double work_of(int points) const { return static_cast<double>(points + 1) * options.customers * options.replications; }

    jobs::Progress progress() const {
        jobs::Progress progress;
        double done = 0, total = 0;
        for (std::size_t i = 0; i < workers.blocks(); ++i) {
            const double block = work_of(workers.items_in(i));
            total += block;
            done += workers.part_in(i) ? block : workers.customers_done(i) * (workers.items_in(i) + 1);
        }
        progress.fraction = total > 0 ? done / total : 0;
        progress.items = progress.fraction * total_points;
        progress.items_unit = "grid points";
        progress.phase = workers.result() ? "Done" : "Sweeping " + std::to_string(total_points) + " grid points" + workers.in_workers();
        workers.set_end(progress);
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
        state.workers.start("run_sweep_part", std::move(request), "first_point", "point_count", state.total_points, worker_count);
    }
    state.population = std::move(population);
    state.spec = std::move(spec);
    state.options = options;
}

BackgroundSweep::~BackgroundSweep() = default;

jobs::Progress BackgroundSweep::step(std::chrono::milliseconds budget) {
    auto& state = *state_;
    if (state.workers.ended()) return state.progress();
    if (state.in_frames) {
        auto progress = state.in_frames->step(budget);
        if (state.in_frames->part())
            state.workers.result() = sim::combine_sweep_parts(state.population, state.spec, state.options, {*state.in_frames->part()});
        progress.phase = state.workers.result() ? "Done" : "Sweeping " + std::to_string(state.total_points) + " grid points";
        return progress;
    }
    state.workers.step([](const std::string& answer) { return sim::sweep_part_from_json(nlohmann::json::parse(answer)); },
                       [&state](std::vector<sim::SweepPart> parts) {
                           return sim::combine_sweep_parts(state.population, state.spec, state.options, std::move(parts));
                       });
    return state.progress();
}

void BackgroundSweep::cancel() {
    auto& state = *state_;
    if (state.workers.result()) return;
    if (state.in_frames) state.in_frames->cancel();
    state.workers.cancel();
}

const std::optional<sim::SweepResult>& BackgroundSweep::result() const { return state_->workers.result(); }

int BackgroundSweep::workers_used() const { return static_cast<int>(state_->workers.blocks()); }

}  // namespace touchpoint::web
