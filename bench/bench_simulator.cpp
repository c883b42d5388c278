// The cadence simulator benchmark: the workload is 100,000 customers x
// 365 days x 6 cadences (the six cadence templates that touch anyone, from assets/cadences/) x 10
// replications on the sample shop's population, under the default effect model, timed through
// sim::simulate_cadences as the CLI runs it. Figures: wall time (median and best of several runs,
// after one untimed run) and customer-days per second = customers x days x cadences x
// replications / seconds (the no-touch baseline the simulator always adds is not counted).
//
// Built natively and for wasm (run under node, reading the real file system), and a second wasm
// build for the browser page (bench/simulator/page) exporting the same measurement as
// touchpoint_bench_simulator_run. scripts/bench-simulator runs them all beside the NumPy reference
// (bench/simulator/numpy_reference.py) and writes bench/results/simulator.md.
//
// Usage: touchpoint_bench_simulator [--cadences DIR] [--customers N] [--days D] [--replications R]
//                                   [--seed S] [--repeats N] [--step-budget-ms B] [--dump FILE]
//                                   [--write-model FILE] [--json]
//   --step-budget-ms  also run the workload as the workbench does, as a job stepped with this
//                     budget, and report how long the steps really took (0: skip)
//   --dump            write the whole result (to_json with curves) to FILE, to compare builds
//   --write-model     write the population, effect model, segment rules and channel defaults (reach
//                     and cost of a step that gives none) as JSON to FILE, for the NumPy
//                     reference, and stop
#include "timing.hpp"
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/sim/effect_model.hpp"
#include "touchpoint/sim/population.hpp"
#include "touchpoint/sim/simulator.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#ifdef TOUCHPOINT_BENCH_SIMULATOR_WEB
#include "workers/background_simulation.hpp"
#else
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#endif

namespace {

using namespace touchpoint;
using namespace touchpoint::bench;

// FNV-1a over the result's JSON: equal digests mean the same numbers to the last bit (nlohmann
// prints doubles so that they read back exactly).
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

struct Request {
    std::vector<cadence::Cadence> cadences;
    sim::SimulationOptions options;
    int repeats = 3;
    bool warmup = true;  // one untimed run first
    int step_budget_ms = 0;
    bool dump = false;  // keep the whole result's JSON
};

sim::SimulationOptions workload_options() {
    sim::SimulationOptions options;
    options.customers = 100000;
    options.days = 365;
    options.replications = 10;
    options.seed = 1;
    return options;
}

// Runs the measurement and returns its figures; `full` receives the whole result when asked.
nlohmann::json measure(const Request& request, std::string* full) {
    const auto population = sim::sample_shop_population();
    const auto effects = sim::default_effect_model();
    const auto& options = request.options;

    // One untimed run first (the browser and node compile hot wasm functions with their
    // optimising tier in the background; natively it warms the caches), then the timed runs.
    sim::SimulationResult result;
    if (request.warmup || request.repeats < 1) result = sim::simulate_cadences(population, request.cadences, effects, options);
    std::vector<double> run_ms, run_cpu_ms;
    for (int i = 0; i < request.repeats; ++i) {
        const auto start = Clock::now();
        const double cpu_start = cpu_milliseconds();
        result = sim::simulate_cadences(population, request.cadences, effects, options);
        run_cpu_ms.push_back(cpu_milliseconds() - cpu_start);
        run_ms.push_back(milliseconds_since(start));
    }

    // The workbench's way: a job stepped between frames with a budget; how long did the steps take?
    nlohmann::json steps = nullptr;
    if (request.step_budget_ms > 0) {
        const auto start = Clock::now();
        sim::SimulationJob job(population, request.cadences, effects, options);
        const double construct_ms = milliseconds_since(start);
        std::vector<double> step_ms;
        for (;;) {
            const auto step_start = Clock::now();
            const auto progress = job.step(std::chrono::milliseconds(request.step_budget_ms));
            step_ms.push_back(milliseconds_since(step_start));
            if (progress.finished) break;
        }
        const double total_ms = milliseconds_since(start);
        const auto spread = spread_of(step_ms);
        std::vector<double> sorted = step_ms;
        std::sort(sorted.begin(), sorted.end());
        const double p99 = sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(0.99 * static_cast<double>(sorted.size())))];
        const auto over = std::count_if(step_ms.begin(), step_ms.end(), [&](double ms) { return ms > request.step_budget_ms + 2.0; });
        const bool same = to_json(*job.result(), true).dump() == to_json(result, true).dump();
        steps = {{"budget_ms", request.step_budget_ms},
                 {"steps", step_ms.size()},
                 {"construct_ms", construct_ms},
                 {"median_ms", spread.median},
                 {"p99_ms", p99},
                 {"longest_ms", spread.max},
                 {"longest_at", std::max_element(step_ms.begin(), step_ms.end()) - step_ms.begin()},
                 {"last_ms", step_ms.back()},
                 {"over_budget_by_2ms", over},
                 {"total_ms", total_ms},
                 {"same_result", same}};
    }

    const auto json = to_json(result, true);
    const std::string text = json.dump();
    if (full) *full = text;
    nlohmann::json cadences = nlohmann::json::array();
    const auto figures = [](const sim::CadenceOutcome& outcome) {
        return nlohmann::json{{"name", outcome.name},
                              {"repeat_rate", outcome.repeat_rate.mean},
                              {"purchases", outcome.purchases.mean},
                              {"revenue", outcome.revenue.mean},
                              {"cost", outcome.cost.mean},
                              {"touches", outcome.touches_per_customer.mean},
                              {"reached", outcome.reached_per_customer.mean},
                              {"opt_outs", outcome.opt_outs.mean},
                              {"alive_at_end", outcome.alive_by_day.mean.back()}};
    };
    for (const auto& outcome : result.cadences) cadences.push_back(figures(outcome));
    const double customer_days = static_cast<double>(options.customers) * options.days * static_cast<double>(request.cadences.size()) *
                                 options.replications;
    const auto run = spread_of(run_ms), cpu = spread_of(run_cpu_ms);
#ifdef TOUCHPOINT_BENCH_SIMULATOR_WEB
    const char* platform = "wasm (browser)";
#elif defined(__EMSCRIPTEN__)
    const char* platform = "wasm (node)";
#else
    const char* platform = "native";
#endif
    return {{"platform", platform},
            {"workload",
             {{"customers", options.customers},
              {"days", options.days},
              {"cadences", request.cadences.size()},
              {"replications", options.replications},
              {"seed", options.seed},
              {"population", result.population.description}}},
            {"customer_days", customer_days},
            {"run_ms", run_ms},
            {"run_cpu_ms", run_cpu_ms},
            {"run_ms_median", run.median},
            {"run_ms_min", run.min},
            {"run_cpu_ms_median", cpu.median},
            {"customer_days_per_second", customer_days / (run.median / 1000.0)},
            {"customer_days_per_second_best", customer_days / (run.min / 1000.0)},
            {"result_digest", digest_of(text)},
            {"cadence_results", std::move(cadences)},
            {"baseline", figures(result.baseline)},
            {"job_steps", std::move(steps)}};
}

}  // namespace

#ifdef TOUCHPOINT_BENCH_SIMULATOR_WEB

namespace {

Request request_from_json(const nlohmann::json& json) {
    Request request;
    request.options = workload_options();
    for (const auto& text : json.at("cadences")) request.cadences.push_back(cadence::cadence_from_json_text(text.get<std::string>()));
    request.options.customers = json.value("customers", request.options.customers);
    request.options.days = json.value("days", request.options.days);
    request.options.replications = json.value("replications", request.options.replications);
    request.options.seed = json.value("seed", request.options.seed);
    request.repeats = std::max(0, json.value("repeats", request.repeats));  // 0: only the untimed run
    request.warmup = json.value("warmup", true);
    request.step_budget_ms = json.value("step_budget_ms", 0);
    return request;
}

}  // namespace

// The browser page's entry point: {"cadences": [text, ...], "customers": N, "days": D,
// "replications": R, "seed": S, "repeats": N, "warmup": true|false, "step_budget_ms": B} in, the
// figures (or {"error"}) out. repeats 0 runs only the untimed run. The returned text lives until
// the next call.
extern "C" EMSCRIPTEN_KEEPALIVE const char* touchpoint_bench_simulator_run(const char* request_text) {
    static std::string out;
    try {
        out = measure(request_from_json(nlohmann::json::parse(request_text)), nullptr).dump();
    } catch (const std::exception& error) {
        out = nlohmann::json{{"error", error.what()}}.dump();
    }
    return out.c_str();
}

// The workbench's way since simulations left the page's frames: a BackgroundSimulation (its
// replications split over Web Workers running touchpoint_worker.js), stepped by the page once per
// animation frame as the job runner steps it, until the parts are in and combined. Start takes
// the request and "workers" (0 or absent: the browser's logical cores); step returns
// {"finished", "fraction", "step_ms"} and at the end the result's digest and the workers used.
namespace {
std::unique_ptr<web::BackgroundSimulation> background_job;
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* touchpoint_bench_simulator_background_start(const char* request_text) {
    static std::string out;
    try {
        const auto json = nlohmann::json::parse(request_text);
        const auto request = request_from_json(json);
        const int workers = json.value("workers", 0);
        background_job = std::make_unique<web::BackgroundSimulation>(sim::sample_shop_population(), request.cadences,
                                                                     sim::default_effect_model(), request.options,
                                                                     workers > 0 ? workers : web::BackgroundSimulation::default_worker_count());
        out = nlohmann::json{{"workers", background_job->workers_used()}}.dump();
    } catch (const std::exception& error) {
        out = nlohmann::json{{"error", error.what()}}.dump();
    }
    return out.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* touchpoint_bench_simulator_background_step(int budget_ms) {
    static std::string out;
    const auto start = Clock::now();
    const auto progress = background_job->step(std::chrono::milliseconds(budget_ms));
    const double step_ms = milliseconds_since(start);
    nlohmann::json json = {{"finished", progress.finished}, {"fraction", progress.fraction}, {"step_ms", step_ms}};
    if (progress.finished) {
        if (background_job->result()) json["result_digest"] = digest_of(to_json(*background_job->result(), true).dump());
        if (!progress.error.empty()) json["error"] = progress.error;
        json["workers"] = background_job->workers_used();
        background_job.reset();
    }
    out = json.dump();
    return out.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE void touchpoint_bench_simulator_warm_up(int workers) { web::BackgroundSimulation::warm_up(workers); }

#else

// The six templates of the workload, in this order (silence.json touches nobody: it is the
// simulator's own no-touch baseline, which every run adds anyway).
const char* const workload_templates[] = {"second_sale_welcome.json", "win_back.json", "strategic_customer_care.json",
                                          "b2b_account_care.json",    "loyalty.json",  "ecommerce_after_sales.json"};

int main(int argc, char** argv) {
    CLI::App app{"Times the cadence simulator on the benchmark workload."};
    std::string directory = "assets/cadences", dump, model_file;
    Request request;
    request.options = workload_options();
    bool json = false;
    app.add_option("--cadences", directory, "folder with the cadence templates")->capture_default_str();
    app.add_option("--customers", request.options.customers, "customers per replication")->capture_default_str();
    app.add_option("--days", request.options.days, "horizon in days")->capture_default_str();
    app.add_option("--replications", request.options.replications, "replications")->capture_default_str();
    app.add_option("--seed", request.options.seed, "seed")->capture_default_str();
    app.add_option("--repeats", request.repeats, "timed runs (one untimed run comes first)")->capture_default_str()->check(CLI::PositiveNumber);
    app.add_option("--step-budget-ms", request.step_budget_ms, "also step a job with this budget and time the steps (0: skip)")
        ->capture_default_str();
    app.add_option("--dump", dump, "write the whole result as JSON (with curves) to this file");
    app.add_option("--write-model", model_file, "write the population, effects and segment rules as JSON to this file and stop");
    app.add_flag("--json", json, "print JSON instead of a summary");
    CLI11_PARSE(app, argc, argv);

    if (!model_file.empty()) {
        nlohmann::json channels = nlohmann::json::object();
        for (std::size_t c = 0; c < cadence::channel_count; ++c) {
            const auto channel = static_cast<cadence::Channel>(c);
            const auto defaults = cadence::channel_defaults(channel);
            channels[std::string(cadence::channel_key(channel))] = {{"reach_rate", defaults.reach_rate}, {"cost", defaults.cost_per_touch}};
        }
        const nlohmann::json model = {{"population", sim::to_json(sim::sample_shop_population())},
                                      {"effects", sim::to_json(sim::default_effect_model())},
                                      {"segment_rules", metrics::to_json(request.options.segment_rules)},
                                      {"channel_defaults", std::move(channels)}};
        std::ofstream out(model_file, std::ios::binary);
        out << model.dump(1) << "\n";
        return out ? 0 : 1;
    }

    try {
        for (const char* name : workload_templates) {
            const auto path = std::filesystem::path(directory) / name;
            std::ifstream file(path, std::ios::binary);
            if (!file) throw std::runtime_error("cannot read " + path.string());
            std::stringstream text;
            text << file.rdbuf();
            request.cadences.push_back(cadence::cadence_from_json_text(text.str()));
        }
        std::string full;
        const auto figures = measure(request, dump.empty() ? nullptr : &full);
        if (!dump.empty()) std::ofstream(dump, std::ios::binary) << full << "\n";
        if (json) {
            std::printf("%s\n", figures.dump(1).c_str());
        } else {
            std::printf("%s: %.0f ms median, %.0f ms best (%.3g customer-days/s); digest %s\n", figures["platform"].get<std::string>().c_str(),
                        figures["run_ms_median"].get<double>(), figures["run_ms_min"].get<double>(),
                        figures["customer_days_per_second"].get<double>(), figures["result_digest"].get<std::string>().c_str());
            if (!figures["job_steps"].is_null()) std::printf("job steps: %s\n", figures["job_steps"].dump().c_str());
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "touchpoint_bench_simulator: %s\n", error.what());
        return 1;
    }
    return 0;
}

#endif
