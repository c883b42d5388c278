// Native import of one file, phase by phase: reading the bytes, parsing and checking every row
// up to the Dataset and headline metrics (what the dashboard waits for), and writing the rows
// to a SQLite file in one transaction (what "imported" waits for).
// Usage: touchpoint_bench_import FILE [STORE] [--in-memory]
//   STORE defaults to a scratch file, removed after; --in-memory keeps the store in memory and
//   saves it whole at the end, as the browser does.
#include "touchpoint/data/importer.hpp"
#include "touchpoint/metrics/headline.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

double milliseconds(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace

int main(int argc, char** argv) {
    using namespace touchpoint;
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE [STORE]\n", argv[0]);
        return 2;
    }
    const bool in_memory = argc > 3 && std::string(argv[3]) == "--in-memory";
    const std::string store_path = argc > 2 ? argv[2] : (std::filesystem::temp_directory_path() / "touchpoint_bench_import.sqlite").string();
    std::filesystem::remove(store_path);

    const auto start = Clock::now();
    std::string bytes;
    {
        std::ifstream file(argv[1], std::ios::binary);
        bytes.resize(std::filesystem::file_size(argv[1]));
        file.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    const auto read_done = Clock::now();

    auto store = in_memory ? data::Store::open_in_memory_copy(store_path) : data::Store::open(store_path);
    if (in_memory) store.reserve_in_memory(2 * bytes.size());  // as the workbench does before an import
    data::ImportJob job(store, argv[1], bytes, {});
    jobs::Progress progress = job.step(std::chrono::milliseconds(0));  // the analysis and a first slice of rows
    const auto analysed = Clock::now();
    Clock::time_point dashboard_done{};
    metrics::HeadlineMetrics numbers;
    do {
        progress = job.step(std::chrono::milliseconds(10000));
        if (dashboard_done == Clock::time_point{} && job.dataset()) {
            numbers = metrics::compute_headline_metrics(*job.dataset());
            dashboard_done = Clock::now();
        }
    } while (!progress.finished && !progress.waiting);
    if (in_memory) store.save_to(store_path);
    const auto written = Clock::now();
    const auto& report = job.report();

    std::printf("file              %s (%.1f MB)\n", argv[1], static_cast<double>(bytes.size()) / 1e6);
    std::printf("rows              read %lld, loaded %lld, rejected %lld\n", static_cast<long long>(report.rows_read),
                static_cast<long long>(report.rows_loaded), static_cast<long long>(report.rows_rejected));
    std::printf("read file         %8.1f ms\n", milliseconds(start, read_done));
    std::printf("analysis          %8.1f ms (encoding, dialect, mapping, formats, content hash)\n",
                milliseconds(read_done, analysed));
    std::printf("dashboard numbers %8.1f ms after the bytes were in memory (%lld customers)\n",
                milliseconds(read_done, dashboard_done), static_cast<long long>(numbers.customers));
    std::printf("written to SQLite %8.1f ms after the bytes were in memory\n", milliseconds(read_done, written));
    std::printf("total             %8.1f ms\n", milliseconds(start, written));
    if (argc <= 2) std::filesystem::remove(store_path);  // a scratch store
    return report.fatal_error ? 1 : 0;
}
