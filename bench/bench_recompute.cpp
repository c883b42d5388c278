// One full recomputation of the retention figures, cohorts, segments and RFM, and a segment rule
// change, on an orders file: the median and best of several runs, part by part. Built natively
// and for wasm (run under node), so the core's speed in V8 can be seen without a browser; the
// page runs the same measurement (bench/recompute_measure.hpp) through web/benchmarks.cpp.
//
// Usage: touchpoint_bench_recompute FILE [--repeats N] [--rule-changes N] [--warmups N] [--json]
//   FILE is an orders CSV (imported in memory, as the workbench does) or a Touchpoint store
//   (.sqlite, .db). Loading is timed apart and is not part of any goal.
#include "recompute_measure.hpp"

#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/store.hpp"

#include <nlohmann/json.hpp>
#include <CLI/CLI.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace {

using namespace touchpoint;

bool is_store(const std::string& path) {
    const auto extension = std::filesystem::path(path).extension().string();
    return extension == ".sqlite" || extension == ".db";
}

// The Dataset the workbench would show after importing the file into an empty store.
std::optional<data::Dataset> load(const std::string& path, std::string& error) {
    if (is_store(path)) {
        auto store = data::Store::open(path);
        return data::load_dataset(store);
    }
    std::string bytes;
    {
        std::ifstream file(path, std::ios::binary);
        if (!file) {
            error = "cannot read " + path;
            return std::nullopt;
        }
        bytes.resize(static_cast<std::size_t>(std::filesystem::file_size(path)));
        file.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    auto store = data::Store::open(":memory:");
    data::ImportJob job(store, std::filesystem::path(path).filename().string(), bytes, {});
    jobs::Progress progress;
    do {
        progress = job.step(std::chrono::milliseconds(10000));
        if (job.dataset()) return *job.dataset();  // ready before anything is written
    } while (!progress.finished && !progress.waiting);
    error = job.report().fatal_error ? *job.report().fatal_error : std::string("the import gave no Dataset");
    return std::nullopt;
}

template <std::size_t Parts>
void print_runs(const char* title, const bench::TimedRuns<Parts>& runs, const std::array<const char*, Parts>& keys, double goal_ms) {
    const auto total = bench::spread_of(runs.total_ms);
    std::printf("%-22s %10s %10s %14s\n", title, "median", "best", "CPU median");
    for (std::size_t p = 0; p < Parts; ++p) {
        const auto part = bench::spread_of(runs.part_ms[p]);
        std::printf("  %-20s %7.1f ms %7.1f ms %10.1f ms\n", keys[p], part.median, part.min, bench::spread_of(runs.part_cpu_ms[p]).median);
    }
    const auto cpu = bench::spread_of(runs.total_cpu_ms);
    std::printf("  %-20s %7.1f ms %7.1f ms   goal %.0f ms: %s (%zu runs)\n", "total", total.median, total.min, goal_ms,
                total.median <= goal_ms ? "met" : "NOT met", runs.total_ms.size());
    std::printf("  %-20s %7.1f ms %7.1f ms   (process CPU time; in wasm it follows the wall clock)\n", "total CPU", cpu.median, cpu.min);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Times a full retention recomputation (metrics, cohorts, segments, RFM) and a segment rule change."};
    std::string file;
    int repeats = 9, rule_changes = 21, warmups = 1;
    bool json = false;
    app.add_option("file", file, "orders CSV, or a Touchpoint store (.sqlite, .db)")->required();
    app.add_option("--repeats", repeats, "timed full recomputations")->capture_default_str()->check(CLI::PositiveNumber);
    app.add_option("--rule-changes", rule_changes, "timed rule changes")->capture_default_str()->check(CLI::PositiveNumber);
    app.add_option("--warmups", warmups, "untimed full recomputations first")->capture_default_str()->check(CLI::NonNegativeNumber);
    app.add_flag("--json", json, "print JSON instead of a table");
    CLI11_PARSE(app, argc, argv);

    const auto load_start = bench::Clock::now();
    std::string error;
    std::optional<data::Dataset> dataset;
    try {
        dataset = load(file, error);
    } catch (const std::exception& e) {
        error = e.what();
    }
    if (!dataset) {
        std::fprintf(stderr, "touchpoint_bench_recompute: %s\n", error.c_str());
        return 1;
    }
    const double load_ms = bench::milliseconds_since(load_start);

    bench::RecomputeState state;
    const auto measurement = bench::measure_recompute(*dataset, state, warmups, repeats, rule_changes);
    if (json) {
        auto result = bench::to_json(measurement, state, false);
        result["file"] = file;
        result["load_ms"] = load_ms;
        std::printf("%s\n", result.dump(2).c_str());
        return 0;
    }
    std::printf("file %s: %zu customers, %zu orders, %zu purchase days; loaded in %.0f ms (not timed below)\n", file.c_str(),
                measurement.customers, measurement.orders, measurement.purchase_days, load_ms);
    print_runs("full recomputation", measurement.full, bench::recompute_part_keys, bench::recompute_goal_ms);
    print_runs("rule change", measurement.rule_change, bench::rule_change_part_keys, bench::rule_change_goal_ms);
    return 0;
}
