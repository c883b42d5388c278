#include "workers/background_simulation.hpp"
#include "workers/simulation_workers.hpp"
#include "workers/worker_fan_out.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace touchpoint::web {

struct BackgroundSimulation::State {
    sim::Population population;
    std::vector<cadence::Cadence> cadences;
    sim::EffectModel effects;
    sim::SimulationOptions options;
    std::unique_ptr<sim::SimulationJob> in_frames;  // where workers cannot run
    WorkerFanOut<sim::SimulationPart, sim::SimulationResult> workers;  // a block of replications each

    jobs::Progress progress() const {
        jobs::Progress progress;
        const double total = static_cast<double>(options.customers) * options.replications;
        for (std::size_t i = 0; i < workers.blocks(); ++i)
            progress.items += workers.part_in(i) ? static_cast<double>(workers.items_in(i)) * options.customers : workers.customers_done(i);
        progress.fraction = progress.items / total;
        progress.items_unit = "customers";
        progress.phase = workers.result() ? "Done" : "Simulating " + std::to_string(options.replications) + " replications" + workers.in_workers();
        workers.set_end(progress);
        return progress;
    }
};

BackgroundSimulation::BackgroundSimulation(sim::Population population, std::vector<cadence::Cadence> cadences, sim::EffectModel effects,
                                           sim::SimulationOptions options, int worker_count)
    : state_(std::make_unique<State>()) {
    auto& state = *state_;
    if (worker_count <= 0) {
        state.in_frames = std::make_unique<sim::SimulationJob>(population, cadences, effects, options);
        return;
    }
    // Refuse what the simulator cannot run here and now, as SimulationJob would, not in a worker later.
    sim::SimulationPartJob(population, cadences, effects, options, 0, options.replications);
    nlohmann::json request = {{"population", sim::to_json(population)},
                              {"effects", sim::to_json(effects)},
                              {"options", sim::to_json(options)},
                              {"cadences", nlohmann::json::array()}};
    for (const auto& one : cadences) request["cadences"].push_back(cadence::to_json(one));
    state.workers.start("run_simulation_part", std::move(request), "first_replication", "replication_count", options.replications, worker_count);
    state.population = std::move(population);
    state.cadences = std::move(cadences);
    state.effects = std::move(effects);
    state.options = options;
}

BackgroundSimulation::~BackgroundSimulation() = default;

jobs::Progress BackgroundSimulation::step(std::chrono::milliseconds budget) {
    auto& state = *state_;
    if (state.in_frames) {
        auto progress = state.in_frames->step(budget);
        if (state.in_frames->result() && !state.workers.result()) state.workers.result() = *state.in_frames->result();
        return progress;
    }
    state.workers.step([](const std::string& answer) { return sim::decode_simulation_part(answer); },
                       [&state](std::vector<sim::SimulationPart> parts) {
                           return sim::combine_parts(state.population, state.cadences, state.effects, state.options, std::move(parts));
                       });
    return state.progress();
}

void BackgroundSimulation::cancel() {
    auto& state = *state_;
    if (state.in_frames) {
        state.in_frames->cancel();
        return;
    }
    state.workers.cancel();
}

const std::optional<sim::SimulationResult>& BackgroundSimulation::result() const { return state_->workers.result(); }

int BackgroundSimulation::workers_used() const { return static_cast<int>(state_->workers.blocks()); }

int BackgroundSimulation::default_worker_count() { return simulation_worker_slots(); }

void BackgroundSimulation::warm_up(int worker_count) { warm_up_simulation_workers(worker_count); }

}  // namespace touchpoint::web
