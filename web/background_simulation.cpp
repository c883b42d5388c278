#include "background_simulation.hpp"

#include <emscripten/emscripten.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <string_view>

namespace touchpoint::web {

namespace {

constexpr const char* worker_script = "touchpoint_worker.js";
constexpr int max_workers = 8;
constexpr std::string_view progress_prefix = "{\"customers_done\"";

EM_JS(int, touchpoint_worker_slots, (), {
    if (typeof Worker === 'undefined' || location.protocol === 'file:') return 0;
    return navigator.hardwareConcurrency || 2;
});

// Workers stay loaded between runs (loading one compiles the module); a run takes what it needs
// and gives them back when their parts are in. A cancelled run's busy workers are stopped instead.
std::vector<worker_handle>& idle_workers() {
    static std::vector<worker_handle> idle;
    return idle;
}

worker_handle take_worker() {
    auto& idle = idle_workers();
    if (idle.empty()) return emscripten_create_worker(worker_script);
    const worker_handle worker = idle.back();
    idle.pop_back();
    return worker;
}

// One worker's share of the run.
struct PartCall {
    worker_handle worker = 0;
    int first_replication = 0, replication_count = 0;
    double customers_done = 0;
    bool answered = false;  // the final answer is in
    std::string answer;     // not yet read
    std::optional<sim::SimulationPart> part;
};

void on_worker_message(char* data, int size, void* argument);

}  // namespace

struct BackgroundSimulation::State {
    sim::Population population;
    std::vector<cadence::Cadence> cadences;
    sim::EffectModel effects;
    sim::SimulationOptions options;
    std::unique_ptr<sim::SimulationJob> in_frames;  // where workers cannot run
    std::vector<std::unique_ptr<PartCall>> calls;
    bool cancelled = false;
    std::string error;
    std::optional<sim::SimulationResult> result;

    // Stops the workers still at work: their answers will never come, and nothing waits for them.
    void stop_busy_workers() {
        for (auto& call : calls)
            if (!call->answered && call->worker) {
                emscripten_destroy_worker(call->worker);
                call->worker = 0;
            }
    }

    jobs::Progress progress() const {
        jobs::Progress progress;
        const double total = static_cast<double>(options.customers) * options.replications;
        for (const auto& call : calls) progress.items += call->customers_done;
        progress.fraction = progress.items / total;
        progress.items_unit = "customers";
        progress.phase = result ? "Done" : "Simulating " + std::to_string(options.replications) + " replications in " +
                                               std::to_string(calls.size()) + (calls.size() == 1 ? " worker" : " workers");
        progress.finished = result.has_value() || cancelled || !error.empty();
        progress.error = cancelled ? "cancelled" : error;
        return progress;
    }
};

namespace {

void on_worker_message(char* data, int size, void* argument) {
    auto& call = *static_cast<PartCall*>(argument);
    const std::string_view message(data, static_cast<std::size_t>(size));
    if (message.rfind(progress_prefix, 0) == 0) {
        const auto progress = nlohmann::json::parse(message, nullptr, false);
        if (progress.is_object()) call.customers_done = progress.value("customers_done", call.customers_done);
        return;
    }
    call.answered = true;
    call.answer.assign(message);
}

}  // namespace

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
        auto call = std::make_unique<PartCall>();
        call->worker = take_worker();
        call->first_replication = first;
        call->replication_count = count;
        request["first_replication"] = first;
        request["replication_count"] = count;
        std::string text = request.dump();
        emscripten_call_worker(call->worker, "run_simulation_part", text.data(), static_cast<int>(text.size()), on_worker_message,
                               call.get());
        state.calls.push_back(std::move(call));
    }
    state.population = std::move(population);
    state.cadences = std::move(cadences);
    state.effects = std::move(effects);
    state.options = options;
}

BackgroundSimulation::~BackgroundSimulation() {
    auto& state = *state_;
    state.stop_busy_workers();
    for (auto& call : state.calls)
        if (call->worker) idle_workers().push_back(call->worker);
}

jobs::Progress BackgroundSimulation::step(std::chrono::milliseconds budget) {
    auto& state = *state_;
    if (state.in_frames) {
        auto progress = state.in_frames->step(budget);
        if (state.in_frames->result() && !state.result) state.result = *state.in_frames->result();
        return progress;
    }
    if (state.result || state.cancelled || !state.error.empty()) return state.progress();
    // One part read per step, so that a frame holds at most one.
    for (auto& call : state.calls) {
        if (!call->answered || call->part) continue;
        const std::string answer = std::move(call->answer);
        call->answer = {};
        if (answer.rfind("{", 0) == 0) {  // not a part: the worker's error
            const auto message = nlohmann::json::parse(answer, nullptr, false);
            state.error = message.is_object() && message.contains("error") && message["error"].is_string()
                              ? message["error"].get<std::string>()
                              : "a simulation worker sent an answer that is not a part";
            state.stop_busy_workers();
            return state.progress();
        }
        call->part = sim::decode_simulation_part(answer);
        call->customers_done = static_cast<double>(call->replication_count) * state.options.customers;
        return state.progress();
    }
    const bool all_in = std::all_of(state.calls.begin(), state.calls.end(), [](const auto& call) { return call->part.has_value(); });
    if (all_in) {
        std::vector<sim::SimulationPart> parts;
        for (auto& call : state.calls) parts.push_back(std::move(*call->part));
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
    state.stop_busy_workers();
}

const std::optional<sim::SimulationResult>& BackgroundSimulation::result() const { return state_->result; }

int BackgroundSimulation::workers_used() const { return static_cast<int>(state_->calls.size()); }

int BackgroundSimulation::default_worker_count() { return std::clamp(touchpoint_worker_slots(), 0, max_workers); }

void BackgroundSimulation::warm_up(int worker_count) {
    auto& idle = idle_workers();
    while (static_cast<int>(idle.size()) < worker_count) idle.push_back(emscripten_create_worker(worker_script));
}

}  // namespace touchpoint::web
