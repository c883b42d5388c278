// The BG/NBD benchmark: a fit on a large customer summary and P(alive) and expected purchases
// for every customer, timed (median and best of several runs). Built natively and for wasm (run
// under node, reading the real file system), so the fit's speed in V8 can be seen without a
// browser. scripts/bench-models runs both beside the scipy reference (bench/models/) on the same
// summary file and writes bench/results/models.md.
//
// Usage: touchpoint_bench_models [FILE] [--customers N] [--seed S] [--calibration-end YYYY-MM-DD]
//                                [--write-summary OUT] [--repeats N] [--prediction-repeats N]
//                                [--horizon H] [--json]
//   FILE is a summary CSV (customer_id,x,t_x,T,monetary, as `touchpoint summary` writes it).
//   Without FILE the summary is made from the built-in sample shop (N customers, 350,000 by
//   default, over its 24 months; calibration up to --calibration-end, 2025-06-30 by default:
//   the first 18 months; time unit week). --write-summary writes that summary as the CLI would.
#include "timing.hpp"
#include "touchpoint/clv/models.hpp"
#include "touchpoint/clv/predictions.hpp"
#include "touchpoint/clv/summary.hpp"
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/sample_shop.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace {

using namespace touchpoint;
using namespace touchpoint::bench;

// The goals.
constexpr double fit_goal_ms = 300;
constexpr double speed_up_goal = 10;
constexpr double prediction_goal_ms = 50;

// One CSV field: plain or double-quoted (with "" for a quote inside).
std::string next_field(const std::string& line, std::size_t& position) {
    std::string field;
    if (position < line.size() && line[position] == '"') {
        for (++position; position < line.size(); ++position) {
            if (line[position] == '"') {
                if (position + 1 < line.size() && line[position + 1] == '"') {
                    field += '"';
                    ++position;
                } else {
                    ++position;
                    break;
                }
            } else {
                field += line[position];
            }
        }
    } else {
        const auto comma = line.find(',', position);
        field = line.substr(position, comma == std::string::npos ? std::string::npos : comma - position);
        position = comma == std::string::npos ? line.size() : comma;
    }
    if (position < line.size() && line[position] == ',') ++position;
    return field;
}

std::optional<std::vector<clv::CustomerSummary>> read_summary(const std::string& path, std::string& error) {
    std::ifstream file(path);
    if (!file) {
        error = "cannot read " + path;
        return std::nullopt;
    }
    std::string line;
    std::getline(file, line);
    if (line.rfind("customer_id,x,t_x,T", 0) != 0) {
        error = path + ": expected the header customer_id,x,t_x,T,monetary";
        return std::nullopt;
    }
    std::vector<clv::CustomerSummary> rows;
    int number = 1;
    while (std::getline(file, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        std::size_t position = 0;
        clv::CustomerSummary row;
        row.customer_id = next_field(line, position);
        const std::string x = next_field(line, position), t_x = next_field(line, position), T = next_field(line, position),
                          monetary = next_field(line, position);
        char* end = nullptr;
        row.x = static_cast<int>(std::strtol(x.c_str(), &end, 10));
        bool ok = !x.empty() && *end == 0;
        row.t_x = std::strtod(t_x.c_str(), &end);
        ok = ok && !t_x.empty() && *end == 0;
        row.T = std::strtod(T.c_str(), &end);
        ok = ok && !T.empty() && *end == 0;
        row.monetary = monetary.empty() ? 0.0 : std::strtod(monetary.c_str(), &end);
        if (!ok) {
            error = path + ", line " + std::to_string(number) + ": unreadable row";
            return std::nullopt;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

// The summary of the sample shop, the way `touchpoint sample` + `touchpoint summary` make it.
std::vector<clv::CustomerSummary> sample_summary(int customers, std::uint64_t seed, data::Day calibration_end) {
    data::SampleShopOptions options;
    options.customers = customers;
    options.seed = seed;
    options.surveys = false;
    options.tickets = false;
    const auto shop = data::generate_sample_shop(options);
    std::vector<std::string> ids;
    std::unordered_map<std::string, std::uint32_t> index;
    ids.reserve(shop.customers.size());
    for (const auto& customer : shop.customers) {
        index.emplace(customer.customer_id, static_cast<std::uint32_t>(ids.size()));
        ids.push_back(customer.customer_id);
    }
    std::vector<data::OrderPoint> orders;
    orders.reserve(shop.orders.size());
    for (const auto& order : shop.orders)
        orders.push_back({index.at(order.customer_id), data::day_number(order.order_date), order.amount});
    return clv::summarise_customers(data::build_dataset(ids, orders), {calibration_end, clv::TimeUnit::Week});
}

bool write_summary(const std::string& path, const std::vector<clv::CustomerSummary>& summary) {
    std::ofstream out(path);
    out << "customer_id,x,t_x,T,monetary\n";
    for (const auto& row : summary) {
        char line[160];
        std::snprintf(line, sizeof line, ",%d,%.4f,%.4f,%.4f\n", row.x, row.t_x, row.T, row.monetary);
        out << row.customer_id << line;
    }
    return static_cast<bool>(out);
}

struct Shape {
    std::size_t customers = 0, without_repeat = 0, histories = 0, x_and_T = 0;
    int largest_x = 0;
};
Shape shape_of(const std::vector<clv::CustomerSummary>& summary) {
    Shape shape;
    shape.customers = summary.size();
    std::set<std::tuple<int, double, double>> histories;
    std::set<std::pair<int, double>> x_and_T;
    for (const auto& row : summary) {
        shape.without_repeat += row.x == 0;
        shape.largest_x = std::max(shape.largest_x, row.x);
        histories.insert({row.x, row.x == 0 ? 0.0 : row.t_x, row.T});
        x_and_T.insert({row.x, row.T});
    }
    shape.histories = histories.size();
    shape.x_and_T = x_and_T.size();
    return shape;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Times a BG/NBD fit and P(alive) and expected purchases for every customer."};
    std::string file, write_to, calibration_end_text = "2025-06-30";
    int customers = 350000, repeats = 7, prediction_repeats = 7;
    std::uint64_t seed = 42;
    double horizon = 52;
    bool json = false;
    app.add_option("file", file, "summary CSV (customer_id,x,t_x,T,monetary); without it, the sample shop's");
    app.add_option("--customers", customers, "sample shop customers")->capture_default_str()->check(CLI::PositiveNumber);
    app.add_option("--seed", seed, "sample shop seed")->capture_default_str();
    app.add_option("--calibration-end", calibration_end_text, "sample shop calibration end")->capture_default_str();
    app.add_option("--write-summary", write_to, "write the summary CSV (as touchpoint summary does) and carry on");
    app.add_option("--repeats", repeats, "timed fits (one untimed fit runs first)")->capture_default_str()->check(CLI::PositiveNumber);
    app.add_option("--prediction-repeats", prediction_repeats, "timed prediction passes (one untimed pass runs first)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_option("--horizon", horizon, "prediction horizon in weeks")->capture_default_str();
    app.add_flag("--json", json, "print JSON instead of a table");
    CLI11_PARSE(app, argc, argv);

    const auto load_start = Clock::now();
    std::vector<clv::CustomerSummary> summary;
    std::string source;
    if (!file.empty()) {
        std::string error;
        auto rows = read_summary(file, error);
        if (!rows) {
            std::fprintf(stderr, "touchpoint_bench_models: %s\n", error.c_str());
            return 1;
        }
        summary = std::move(*rows);
        source = file;
    } else {
        const auto end = data::parse_iso_date(calibration_end_text);
        if (!end) {
            std::fprintf(stderr, "touchpoint_bench_models: --calibration-end takes YYYY-MM-DD\n");
            return 2;
        }
        summary = sample_summary(customers, seed, *end);
        source = "sample shop, " + std::to_string(customers) + " customers, seed " + std::to_string(seed) + ", calibration to " +
                 calibration_end_text;
    }
    if (!write_to.empty() && !write_summary(write_to, summary)) {
        std::fprintf(stderr, "touchpoint_bench_models: cannot write %s\n", write_to.c_str());
        return 1;
    }
    const double load_ms = milliseconds_since(load_start);
    const auto shape = shape_of(summary);

    // The fit as the workbench runs it (standard errors included), then without the standard
    // errors, to show what they cost.
    clv::FitResult fit = clv::fit_model(clv::ModelKind::BgNbd, summary);  // untimed warm-up
    if (!fit.ok()) {
        std::fprintf(stderr, "touchpoint_bench_models: the fit failed: %s\n", fit.error.c_str());
        return 1;
    }
    std::vector<double> fit_ms, fit_cpu_ms, fit_without_errors_ms;
    clv::FitOptions without_errors;
    without_errors.standard_errors = false;
    for (int i = 0; i < repeats; ++i) {
        auto start = Clock::now();
        const double cpu_start = cpu_milliseconds();
        fit = clv::fit_model(clv::ModelKind::BgNbd, summary);
        fit_cpu_ms.push_back(cpu_milliseconds() - cpu_start);
        fit_ms.push_back(milliseconds_since(start));
        start = Clock::now();
        const auto bare = clv::fit_model(clv::ModelKind::BgNbd, summary, without_errors);
        fit_without_errors_ms.push_back(milliseconds_since(start));
        if (bare.log_likelihood != fit.log_likelihood) std::fprintf(stderr, "warning: the fits differ\n");
    }

    // P(alive) and expected purchases for every customer: the workbench's per-customer table.
    std::vector<double> prediction_ms;
    double sum_alive = 0, sum_expected = 0;
    const clv::PredictionOptions prediction_options{horizon, 0};
    for (int i = 0; i < prediction_repeats + 1; ++i) {
        const auto start = Clock::now();
        const auto rows = clv::predict_customers(fit, nullptr, summary, prediction_options);
        const double ms = milliseconds_since(start);
        if (i > 0) prediction_ms.push_back(ms);  // the first pass is a warm-up
        sum_alive = sum_expected = 0;
        for (const auto& row : rows) {
            sum_alive += row.probability_alive;
            sum_expected += row.expected_purchases;
        }
    }

    const auto fit_spread = spread_of(fit_ms), bare_spread = spread_of(fit_without_errors_ms), prediction_spread = spread_of(prediction_ms);
#ifdef __EMSCRIPTEN__
    const char* platform = "wasm (node)";
#else
    const char* platform = "native";
#endif
    if (json) {
        nlohmann::json out = {{"platform", platform},
                              {"source", source},
                              {"load_ms", load_ms},
                              {"customers", shape.customers},
                              {"customers_without_repeat", shape.without_repeat},
                              {"distinct_histories", shape.histories},
                              {"distinct_x_T", shape.x_and_T},
                              {"largest_x", shape.largest_x},
                              {"fit", clv::to_json(fit)},
                              {"fit_ms", fit_ms},
                              {"fit_ms_median", fit_spread.median},
                              {"fit_ms_min", fit_spread.min},
                              {"fit_cpu_ms", fit_cpu_ms},
                              {"fit_cpu_ms_median", spread_of(fit_cpu_ms).median},
                              {"fit_without_standard_errors_ms", fit_without_errors_ms},
                              {"fit_without_standard_errors_ms_median", bare_spread.median},
                              {"horizon", horizon},
                              {"prediction_ms", prediction_ms},
                              {"prediction_ms_median", prediction_spread.median},
                              {"prediction_ms_min", prediction_spread.min},
                              {"sum_probability_alive", sum_alive},
                              {"sum_expected_purchases", sum_expected}};
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("%s; %s: %zu customers (%zu without a repeat purchase, largest x %d), %zu distinct (x, t_x, T), %zu distinct (x, T); "
                "loaded in %.0f ms\n",
                platform, source.c_str(), shape.customers, shape.without_repeat, shape.largest_x, shape.histories, shape.x_and_T, load_ms);
    std::printf("BG/NBD: r %.6f  alpha %.6f  a %.6f  b %.6f   LL %.10f   %s after %d iterations\n", fit.params[0], fit.params[1],
                fit.params[2], fit.params[3], fit.log_likelihood, fit.converged ? "converged" : "NOT converged", fit.iterations);
    if (fit.std_errors.size() == 4)
        std::printf("  std. errors: r %.6f  alpha %.6f  a %.6f  b %.6f\n", fit.std_errors[0], fit.std_errors[1], fit.std_errors[2],
                    fit.std_errors[3]);
    std::printf("%-34s %9s %9s %9s\n", "", "median", "best", "worst");
    std::printf("%-34s %6.1f ms %6.1f ms %6.1f ms   goal %.0f ms: %s (%d runs)\n", "fit (with standard errors)", fit_spread.median,
                fit_spread.min, fit_spread.max, fit_goal_ms, fit_spread.median <= fit_goal_ms ? "met" : "NOT met", repeats);
    std::printf("%-34s %6.1f ms\n", "  its process CPU time", spread_of(fit_cpu_ms).median);
    std::printf("%-34s %6.1f ms %6.1f ms %6.1f ms\n", "fit without standard errors", bare_spread.median, bare_spread.min, bare_spread.max);
    std::printf("%-34s %6.1f ms %6.1f ms %6.1f ms   goal %.0f ms: %s (%d runs)\n", "P(alive) + E[purchases], all", prediction_spread.median,
                prediction_spread.min, prediction_spread.max, prediction_goal_ms,
                prediction_spread.median <= prediction_goal_ms ? "met" : "NOT met", prediction_repeats);
    std::printf("  horizon %.0f weeks: sum of P(alive) %.6f, sum of expected purchases %.6f\n", horizon, sum_alive, sum_expected);
    std::printf("  (the speed-up goal, %.0fx over scipy, is checked by scripts/bench-models)\n", speed_up_goal);
    return 0;
}
