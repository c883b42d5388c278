#include "app/benchmarks.hpp"

#include "../../bench/recompute_measure.hpp"
#include "platform/platform.hpp"
#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/store.hpp"
#include "app/workbench.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <optional>

namespace touchpoint::web {

namespace {

struct RecomputeSettings {
    int warmups = 2;  // the first runs in a page execute on the browser's baseline wasm compiler
    int repeats = 7;
    int rule_changes = 21;
};

// "recompute" or "recompute:REPEATS[,RULE_CHANGES[,WARMUPS]]".
RecomputeSettings settings_from(const std::string& name) {
    RecomputeSettings settings;
    const auto colon = name.find(':');
    if (colon == std::string::npos) return settings;
    int* targets[] = {&settings.repeats, &settings.rule_changes, &settings.warmups};
    const char* text = name.c_str() + colon + 1;
    for (int* target : targets) {
        char* end = nullptr;
        const long value = std::strtol(text, &end, 10);
        if (end == text) break;
        *target = static_cast<int>(value < 0 ? 0 : value > 1000 ? 1000 : value);
        if (*end != ',') break;
        text = end + 1;
    }
    if (settings.repeats < 1) settings.repeats = 1;
    if (settings.rule_changes < 1) settings.rule_changes = 1;
    return settings;
}

// The Dataset an import of `bytes` into an empty store gives, as the workbench builds it (the
// rows are not written: the Dataset is ready before that).
std::optional<data::Dataset> dataset_from(std::string_view bytes, std::string& error) {
    try {
        auto store = data::Store::open(":memory:");
        data::ImportJob job(store, "orders.csv", bytes, {});
        jobs::Progress progress;
        do {
            progress = job.step(std::chrono::milliseconds(60000));
            if (job.dataset()) return *job.dataset();
        } while (!progress.finished && !progress.waiting);
        error = job.report().fatal_error ? *job.report().fatal_error : std::string("the import gave no Dataset");
    } catch (const std::exception& e) {
        error = e.what();
    }
    return std::nullopt;
}

}  // namespace

nlohmann::json benchmark_recompute(Workbench&, const std::string& name, std::string_view bytes) {
    const auto settings = settings_from(name);
    const auto load_start = std::chrono::steady_clock::now();
    std::string error;
    const auto dataset = dataset_from(bytes, error);
    if (!dataset) return {{"name", name}, {"error", error}};
    const double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - load_start).count();

    // Outside any try block: calls made inside one go through JavaScript in this build.
    bench::RecomputeState state;
    const auto measurement = bench::measure_recompute(*dataset, state, settings.warmups, settings.repeats, settings.rule_changes);
    auto result = bench::to_json(measurement, state, true);
    result["name"] = name;
    result["load_ms"] = load_ms;
    result["peak_wasm_bytes"] = platform::memory_bytes();
    return result;
}

}  // namespace touchpoint::web
