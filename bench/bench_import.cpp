// Native import of one file, phase by phase: reading the bytes, parsing and checking every row
// up to the Dataset and headline metrics (what the dashboard waits for), and writing the rows
// to a SQLite file in one transaction (what "imported" waits for).
// Usage: touchpoint_bench_import FILE [STORE] [--in-memory] [--repeat N]
//   STORE defaults to a scratch file in the working directory, removed after; --in-memory keeps the store in memory and
//   saves it whole at the end, as the browser does.
#include "touchpoint/data/importer.hpp"
#include "touchpoint/metrics/headline.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>
#include <algorithm>
#include <cstdlib>

namespace {

using Clock = std::chrono::steady_clock;

double milliseconds(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

struct Options {
    std::string file;
    std::string store_path;
    bool in_memory = false;
    int repeat = 1;
};

Options parse_options(int argc, char** argv) {
    Options options;
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--in-memory") options.in_memory = true;
        else if (argument == "--repeat" && i + 1 < argc) options.repeat = std::max(1, std::stoi(argv[++i]));
        else positional.push_back(argument);
    }
    if (positional.empty() || positional.size() > 2) {
        std::fprintf(stderr, "usage: %s FILE [STORE] [--in-memory] [--repeat N]\n", argv[0]);
        std::exit(2);
    }
    options.file = positional[0];
    options.store_path = positional.size() > 1 ? positional[1] : "touchpoint_bench_import.sqlite";
    return options;
}

// One import into a fresh store; returns false when the import failed.
bool run_once(const Options& options, int run) {
    using namespace touchpoint;
    std::filesystem::remove(options.store_path);
    const auto start = Clock::now();
    std::string bytes;
    {
        std::ifstream file(options.file, std::ios::binary);
        bytes.resize(static_cast<std::size_t>(std::filesystem::file_size(options.file)));
        file.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    const auto read_done = Clock::now();

    auto store = options.in_memory ? data::Store::open_in_memory_copy(options.store_path) : data::Store::open(options.store_path);
    if (options.in_memory) store.reserve_in_memory(2 * bytes.size());  // as the workbench does before an import
    data::ImportJob job(store, options.file, bytes, {});
    jobs::Progress progress = job.step(std::chrono::milliseconds(0));  // the analysis and a first slice of rows
    const auto analysed = Clock::now();
    Clock::time_point dataset_done{}, dashboard_done{};
    metrics::HeadlineMetrics numbers;
    do {
        progress = job.step(std::chrono::milliseconds(10000));
        if (dashboard_done == Clock::time_point{} && job.dataset()) {
            dataset_done = Clock::now();
            numbers = metrics::compute_headline_metrics(*job.dataset());
            dashboard_done = Clock::now();
        }
    } while (!progress.finished && !progress.waiting);
    if (options.in_memory) store.save_to(options.store_path);
    const auto written = Clock::now();
    const auto& report = job.report();

    std::printf("run %d\n", run);
    std::printf("file              %s (%.1f MB)\n", options.file.c_str(), static_cast<double>(bytes.size()) / 1e6);
    std::printf("rows              read %lld, loaded %lld, rejected %lld\n", static_cast<long long>(report.rows_read),
                static_cast<long long>(report.rows_loaded), static_cast<long long>(report.rows_rejected));
    std::printf("read file         %8.1f ms\n", milliseconds(start, read_done));
    std::printf("analysis          %8.1f ms (encoding, dialect, mapping, formats, content hash)\n",
                milliseconds(read_done, analysed));
    std::printf("rows to Dataset   %8.1f ms\n", milliseconds(analysed, dataset_done));
    std::printf("headline metrics  %8.1f ms\n", milliseconds(dataset_done, dashboard_done));
    std::printf("dashboard numbers %8.1f ms after the bytes were in memory (%lld customers)\n",
                milliseconds(read_done, dashboard_done), static_cast<long long>(numbers.customers));
    std::printf("written to SQLite %8.1f ms after the bytes were in memory\n", milliseconds(read_done, written));
    std::printf("total             %8.1f ms\n", milliseconds(start, written));
    return !report.fatal_error;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    bool ok = true;
    for (int run = 1; run <= options.repeat; ++run) ok = run_once(options, run) && ok;
    std::filesystem::remove(options.store_path);
    return ok ? 0 : 1;
}
