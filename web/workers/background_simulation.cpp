#include "workers/background_simulation.hpp"
#include "workers/simulation_workers.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

namespace touchpoint::web {

struct BackgroundSimulation::State {
    sim::Population population;
    std::vector<cadence::Cadence> cadences;
    sim::EffectModel effects;
    sim::SimulationOptions options;
    std::unique_ptr<sim::SimulationJob> in_frames;  // where workers cannot run
    std::vector<std::unique_ptr<WorkerCall>> calls;  // a block of replications each
    std::vector<int> replication_counts;             // per call
    std::vector<std::optional<sim::SimulationPart>> parts;
    bool cancelled = false;
    std::string error;
    std::optional<sim::SimulationResult> result;

    void stop_workers() {
        for (auto& call : calls) call->stop();
    }

    jobs::Progress progress() const {
        jobs::Progress progress;
        const double total = static_cast<double>(options.customers) * options.replications;
        for (std::size_t i = 0; i < calls.size(); ++i)
            progress.items += parts[i] ? static_cast<double>(replication_counts[i]) * options.customers : calls[i]->customers_done();
        progress.fraction = progress.items / total;
        progress.items_unit = "customers";
        progress.phase = result ? "Done" : "Simulating " + std::to_string(options.replications) + " replications in " +
                                               std::to_string(calls.size()) + (calls.size() == 1 ? " worker" : " workers");
        progress.finished = result.has_value() || cancelled || !error.empty();
        progress.error = cancelled ? "cancelled" : error;
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
    for (const auto& [first, count] : sim::split_evenly(options.replications, worker_count)) {
        request["first_replication"] = first;
        request["replication_count"] = count;
        state.calls.push_back(std::make_unique<WorkerCall>("run_simulation_part", request.dump()));
        state.replication_counts.push_back(count);
    }
    state.parts.resize(state.calls.size());
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
        if (state.in_frames->result() && !state.result) state.result = *state.in_frames->result();
        return progress;
    }
    if (state.result || state.cancelled || !state.error.empty()) return state.progress();
    // One part read per step, so that a frame holds at most one.
    for (std::size_t i = 0; i < state.calls.size(); ++i) {
        auto& call = *state.calls[i];
        if (!call.answered() || state.parts[i]) continue;
        const std::string answer = call.take_answer();
        state.error = worker_error(answer);
        if (!state.error.empty()) {
            state.stop_workers();
            return state.progress();
        }
        state.parts[i] = sim::decode_simulation_part(answer);
        return state.progress();
    }
    if (std::all_of(state.parts.begin(), state.parts.end(), [](const auto& part) { return part.has_value(); })) {
        std::vector<sim::SimulationPart> parts;
        for (auto& part : state.parts) parts.push_back(std::move(*part));
        state.result = sim::combine_parts(state.population, state.cadences, state.effects, state.options, std::move(parts));
    }
    return state.progress();
}

void BackgroundSimulation::cancel() {
    auto& state = *state_;
    if (state.in_frames) {
        state.in_frames->cancel();
        return;
    }
    if (state.result) return;
    state.cancelled = true;
    state.stop_workers();
}

const std::optional<sim::SimulationResult>& BackgroundSimulation::result() const { return state_->result; }

int BackgroundSimulation::workers_used() const { return static_cast<int>(state_->calls.size()); }

int BackgroundSimulation::default_worker_count() { return simulation_worker_slots(); }

void BackgroundSimulation::warm_up(int worker_count) { warm_up_simulation_workers(worker_count); }

}  // namespace touchpoint::web
