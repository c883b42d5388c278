// The simulation worker: a module of its own (touchpoint_worker.js, built with BUILD_AS_WORKER)
// that the page starts in Web Workers, so the simulator runs beside the page's main thread
// instead of in its frames. The page calls run_simulation_part with a request (see
// background_simulation.cpp); the worker answers with its progress now and then ({"customers_done"})
// and finally with the part's figures (sim::encode_simulation_part) or the error ({"error"}).
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/sim/simulator.hpp"

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

std::unique_ptr<sim::SimulationPartJob> part_job_from(const nlohmann::json& request) {
    std::vector<cadence::Cadence> cadences;
    for (const auto& one : request.at("cadences")) cadences.push_back(cadence::cadence_from_json(one));
    return std::make_unique<sim::SimulationPartJob>(
        sim::population_from_json(request.at("population")), std::move(cadences), sim::effect_model_from_json(request.at("effects")),
        sim::simulation_options_from_json(request.at("options")), request.at("first_replication").get<int>(),
        request.at("replication_count").get<int>());
}

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void run_simulation_part(char* data, int size) {
    std::unique_ptr<sim::SimulationPartJob> job;
    try {
        job = part_job_from(nlohmann::json::parse(std::string(data, static_cast<std::size_t>(size))));
    } catch (const std::exception& error) {
        respond(nlohmann::json{{"error", error.what()}}.dump(), true);
        return;
    }
    // Outside any try block: Emscripten's JavaScript-based exceptions slow down every call made inside one.
    for (;;) {
        const auto progress = job->step(progress_interval);
        if (progress.finished) break;
        respond(nlohmann::json{{"customers_done", progress.items}}.dump(), false);
    }
    respond(sim::encode_simulation_part(*job->part()), true);
}
