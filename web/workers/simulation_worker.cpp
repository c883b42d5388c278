// The simulation worker: a module of its own (touchpoint_worker.js, built with BUILD_AS_WORKER)
// that the page starts in Web Workers, so the simulator runs beside the page's main thread
// instead of in its frames. The page calls run_simulation_part or run_sweep_part with a request
// (see background_simulation.cpp, background_sweep.cpp); the worker answers with its progress now
// and then ({"customers_done"}) and finally with the part (a simulation part as
// sim::encode_simulation_part bytes, a sweep part as JSON) or the error ({"error"}).
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/sim/simulator.hpp"
#include "touchpoint/sim/timing_sweep.hpp"

#include <emscripten/emscripten.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace {

using namespace touchpoint;

// How often the page hears how far the part is: often enough for a smooth progress bar.
constexpr auto progress_interval = std::chrono::milliseconds(100);

void respond(std::string text, bool final_response) {
    if (final_response)
        emscripten_worker_respond(text.data(), static_cast<int>(text.size()));
    else
        emscripten_worker_respond_provisionally(text.data(), static_cast<int>(text.size()));
}

std::unique_ptr<sim::SimulationPartJob> simulation_job_from(const nlohmann::json& request) {
    std::vector<cadence::Cadence> cadences;
    for (const auto& one : request.at("cadences")) cadences.push_back(cadence::cadence_from_json(one));
    return std::make_unique<sim::SimulationPartJob>(
        sim::population_from_json(request.at("population")), std::move(cadences), sim::effect_model_from_json(request.at("effects")),
        sim::simulation_options_from_json(request.at("options")), request.at("first_replication").get<int>(),
        request.at("replication_count").get<int>());
}

std::unique_ptr<sim::SweepPartJob> sweep_job_from(const nlohmann::json& request) {
    return std::make_unique<sim::SweepPartJob>(sim::population_from_json(request.at("population")), sim::sweep_spec_from_json(request.at("spec")),
                                               sim::effect_model_from_json(request.at("effects")),
                                               sim::simulation_options_from_json(request.at("options")), request.at("first_point").get<int>(),
                                               request.at("point_count").get<int>());
}

// Reads the request and makes the job; on a bad request answers with the error and gives null.
template <typename Make>
auto job_from(char* data, int size, Make make) -> decltype(make(nlohmann::json())) {
    try {
        return make(nlohmann::json::parse(std::string(data, static_cast<std::size_t>(size))));
    } catch (const std::exception& error) {
        respond(nlohmann::json{{"error", error.what()}}.dump(), true);
        return nullptr;
    }
}

// Steps the job to its end, telling the page how far it is now and then. Outside any try block:
// Emscripten's JavaScript-based exceptions slow down every call made inside one.
template <typename Job>
void run_reporting_progress(Job& job) {
    for (;;) {
        const auto progress = job.step(progress_interval);
        if (progress.finished) return;
        respond(nlohmann::json{{"customers_done", progress.items}}.dump(), false);
    }
}

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void run_simulation_part(char* data, int size) {
    const auto job = job_from(data, size, simulation_job_from);
    if (!job) return;
    run_reporting_progress(*job);
    respond(sim::encode_simulation_part(*job->part()), true);
}

extern "C" EMSCRIPTEN_KEEPALIVE void run_sweep_part(char* data, int size) {
    const auto job = job_from(data, size, sweep_job_from);
    if (!job) return;
    run_reporting_progress(*job);
    respond(sim::to_json(*job->part()).dump(), true);
}
