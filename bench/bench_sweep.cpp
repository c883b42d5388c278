// The timing sweep benchmark: the workload is a sweep of one step's follow-up day over 30 days
// (the "Getting the most out of it" guide of the Second-sale welcome template, days 1 to 30) x
// 100,000 customers x 365 days x 10 replications on the sample shop's population, under the
// default effect model. Every grid point is a variant of the cadence played for every customer,
// and the no-touch baseline runs once more: 31 cadence runs per customer.
//
// Built natively and for wasm under node (sim::run_timing_sweep on one thread, as the CLI runs
// it), and for the browser page (bench/sweep/page) as the workbench runs it: a BackgroundSweep
// that splits the grid over the simulation workers, stepped once per animation frame.
// scripts/bench-sweep runs them all and writes bench/results/sweep.md.
//
// Usage: touchpoint_bench_sweep [--cadence FILE] [--step NAME] [--days GRID] [--customers N]
//                               [--horizon D] [--replications R] [--repeats N] [--json]
#include "timing.hpp"
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/sim/timing_sweep.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#ifdef TOUCHPOINT_BENCH_SWEEP_WEB
#include "workers/background_sweep.hpp"
#include "workers/simulation_workers.hpp"

#include <emscripten/emscripten.h>
#else
#include "touchpoint/data/file_text.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#endif

namespace {

using namespace touchpoint;
using namespace touchpoint::bench;

struct Workload {
    std::string cadence_text;
    std::string step = "Getting the most out of it";
    std::string days = "1..30";
    sim::SimulationOptions options;
};

sim::SimulationOptions workload_options() {
    sim::SimulationOptions options;
    options.customers = 100000;
    options.days = 365;
    options.replications = 10;
    options.seed = 1;
    return options;
}

sim::SweepSpec spec_of(const Workload& workload) {
    sim::SweepSpec spec;
    spec.cadence = cadence::cadence_from_json_text(workload.cadence_text);
    spec.first = {workload.step, sim::parse_day_grid(workload.days)};
    spec.metric = sim::SweepMetric::RepeatRate;
    return spec;
}

// FNV-1a over the result's JSON: equal digests mean the same numbers to the last bit.
std::string digest_of(const std::string& text) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
    return out;
}

nlohmann::json workload_json(const Workload& workload, const sim::SweepSpec& spec) {
    const auto& options = workload.options;
    return {{"cadence", spec.cadence.name}, {"step", workload.step}, {"days", workload.days}, {"grid_points", sim::sweep_grid(spec).size()},
            {"customers", options.customers}, {"horizon", options.days}, {"replications", options.replications}, {"seed", options.seed}};
}

nlohmann::json best_json(const sim::SweepResult& result) {
    const auto& best = result.points[result.best];
    int tied = 0;
    for (const auto& point : result.points) tied += point.tied_with_best ? 1 : 0;
    return {{"day", best.days.first_day}, {"metric", best.metric.mean}, {"ci_low", best.metric.ci_low}, {"ci_high", best.metric.ci_high},
            {"tied_days", tied}};
}

}  // namespace

#ifdef TOUCHPOINT_BENCH_SWEEP_WEB

namespace {
std::unique_ptr<web::BackgroundSweep> page_sweep;
Workload page_workload;
}

// {"cadence": text, "customers", "replications", "workers"} in; {"workers"} or {"error"} out.
extern "C" EMSCRIPTEN_KEEPALIVE const char* touchpoint_bench_sweep_start(const char* request_text) {
    static std::string out;
    try {
        const auto json = nlohmann::json::parse(request_text);
        page_workload = Workload{json.at("cadence").get<std::string>()};
        page_workload.options = workload_options();
        page_workload.options.customers = json.value("customers", page_workload.options.customers);
        page_workload.options.replications = json.value("replications", page_workload.options.replications);
        const int workers = json.value("workers", 0);
        page_sweep = std::make_unique<web::BackgroundSweep>(sim::sample_shop_population(), spec_of(page_workload), sim::default_effect_model(),
                                                            page_workload.options, workers > 0 ? workers : web::simulation_worker_slots());
        out = nlohmann::json{{"workers", page_sweep->workers_used()}}.dump();
    } catch (const std::exception& error) {
        out = nlohmann::json{{"error", error.what()}}.dump();
    }
    return out.c_str();
}

// One step of the job, as the workbench's job runner steps it once per frame.
extern "C" EMSCRIPTEN_KEEPALIVE const char* touchpoint_bench_sweep_step(int budget_ms) {
    static std::string out;
    const auto start = Clock::now();
    const auto progress = page_sweep->step(std::chrono::milliseconds(budget_ms));
    const double step_ms = milliseconds_since(start);
    nlohmann::json json = {{"finished", progress.finished}, {"fraction", progress.fraction}, {"step_ms", step_ms}};
    if (progress.finished) {
        if (page_sweep->result()) {
            json["result_digest"] = digest_of(to_json(*page_sweep->result()).dump());
            json["best"] = best_json(*page_sweep->result());
            json["workload"] = workload_json(page_workload, page_sweep->result()->spec);
        }
        if (!progress.error.empty()) json["error"] = progress.error;
        json["workers"] = page_sweep->workers_used();
        page_sweep.reset();
    }
    out = json.dump();
    return out.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE void touchpoint_bench_sweep_warm_up(int workers) { web::warm_up_simulation_workers(workers); }

#else

int main(int argc, char** argv) {
    CLI::App app{"Times a timing sweep on one thread (sim::run_timing_sweep)."};
    std::string cadence_path = "assets/cadences/second_sale_welcome.json";
    Workload workload;
    workload.options = workload_options();
    int repeats = 3;
    bool json = false;
    app.add_option("--cadence", cadence_path, "the cadence")->capture_default_str();
    app.add_option("--step", workload.step, "the step whose delay varies")->capture_default_str();
    app.add_option("--days", workload.days, "the grid")->capture_default_str();
    app.add_option("--customers", workload.options.customers, "customers per replication")->capture_default_str();
    app.add_option("--horizon", workload.options.days, "days")->capture_default_str();
    app.add_option("--replications", workload.options.replications, "replications")->capture_default_str();
    app.add_option("--repeats", repeats, "timed runs (one untimed run comes first)")->capture_default_str()->check(CLI::PositiveNumber);
    app.add_flag("--json", json, "print JSON");
    CLI11_PARSE(app, argc, argv);
    try {
        const auto text = data::read_file_bytes(cadence_path);
        if (!text) throw std::runtime_error("cannot read " + cadence_path);
        workload.cadence_text = *text;
        const auto spec = spec_of(workload);
        const auto population = sim::sample_shop_population();
        const auto effects = sim::default_effect_model();
        auto result = sim::run_timing_sweep(population, spec, effects, workload.options);  // untimed
        std::vector<double> run_ms, run_cpu_ms;
        for (int i = 0; i < repeats; ++i) {
            const auto start = Clock::now();
            const double cpu_start = cpu_milliseconds();
            result = sim::run_timing_sweep(population, spec, effects, workload.options);
            run_cpu_ms.push_back(cpu_milliseconds() - cpu_start);
            run_ms.push_back(milliseconds_since(start));
        }
        const auto run = spread_of(run_ms), cpu = spread_of(run_cpu_ms);
#ifdef __EMSCRIPTEN__
        const char* platform = "wasm (node)";
#else
        const char* platform = "native";
#endif
        const nlohmann::json out = {{"platform", platform},
                                    {"workload", workload_json(workload, spec)},
                                    {"run_ms", run_ms},
                                    {"run_cpu_ms", run_cpu_ms},
                                    {"run_ms_median", run.median},
                                    {"run_ms_min", run.min},
                                    {"run_cpu_ms_median", cpu.median},
                                    {"result_digest", digest_of(to_json(result).dump())},
                                    {"best", best_json(result)}};
        if (json) std::cout << out.dump(2) << "\n";
        else std::cout << platform << ": " << run.median << " ms median over " << repeats << " runs; best day " << out["best"]["day"] << "\n";
    } catch (const std::exception& error) {
        std::cerr << "touchpoint_bench_sweep: " << error.what() << "\n";
        return 1;
    }
    return 0;
}

#endif
