// touchpoint: the native command line over the same core as the workbench.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/metrics/headline.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

namespace {

using namespace touchpoint;

std::string metrics_footer() {
    std::string text = "Definitions:\n";
    for (const auto& definition : metrics::metric_definitions())
        text += std::string("  ") + definition.key + ": " + definition.definition + "\n";
    return text;
}

int run_sample(const std::string& out, std::uint64_t seed, int customers, bool replace) {
    if (std::filesystem::exists(out)) {
        if (!replace) {
            std::cerr << "touchpoint sample: " << out << " already exists (use --force to replace it)\n";
            return 1;
        }
        std::filesystem::remove(out);
    }
    data::SampleShopOptions options;
    options.seed = seed;
    options.customers = customers;
    const auto shop = data::generate_sample_shop(options);
    auto store = data::Store::open(out);
    data::write_sample_shop(store, shop);
    std::cerr << "touchpoint sample: wrote " << shop.customers.size() << " customers and " << shop.orders.size()
              << " orders to " << out << " (seed " << seed << ")\n";
    return 0;
}

void print_table(const metrics::HeadlineMetrics& m) {
    auto optional_text = [](const std::optional<double>& value, const char* format) {
        if (!value) return std::string("n/a");
        char text[32];
        std::snprintf(text, sizeof text, format, *value);
        return std::string(text);
    };
    std::cout << "Customers                   " << m.customers << "\n"
              << "Orders                      " << m.orders << "\n"
              << "Repeat purchase rate        "
              << optional_text(m.repeat_purchase_rate ? std::optional(*m.repeat_purchase_rate * 100) : std::nullopt, "%.1f%%")
              << "\n"
              << "Median days between orders  " << optional_text(m.median_days_between_orders, "%.1f") << "\n\n"
              << "Month     Returning  New\n";
    for (const auto& month : m.returning_by_month) {
        char line[64];
        std::snprintf(line, sizeof line, "%-8s  %9lld  %lld\n", month.month.c_str(),
                      static_cast<long long>(month.returning), static_cast<long long>(month.new_customers));
        std::cout << line;
    }
}

int run_metrics(const std::string& path, bool as_json) {
    if (!std::filesystem::exists(path)) {
        std::cerr << "touchpoint metrics: " << path << ": no such file\n";
        return 1;
    }
    auto store = data::Store::open(path);
    const auto result = metrics::compute_headline_metrics(data::load_dataset(store));
    if (as_json)
        std::cout << metrics::to_json(result).dump(2) << "\n";
    else
        print_table(result);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Touchpoint: plan post-sale customer care with evidence. All data stays on this machine."};
    app.require_subcommand(1);

    std::string sample_out;
    std::uint64_t seed = data::SampleShopOptions{}.seed;
    int customers = data::SampleShopOptions{}.customers;
    bool replace = false;
    auto* sample = app.add_subcommand("sample", "Write the built-in sample shop (a seeded simulation) to a new store");
    sample->add_option("--out", sample_out, "SQLite file to create")->required();
    sample->add_option("--seed", seed, "Random seed; the same seed gives the same shop")->capture_default_str();
    sample->add_option("--customers", customers, "Number of customers")->capture_default_str()->check(CLI::PositiveNumber);
    sample->add_flag("--force", replace, "Replace the file if it exists");

    std::string metrics_path;
    bool as_json = false;
    auto* metrics_command = app.add_subcommand("metrics", "Print the headline retention metrics of a store");
    metrics_command->add_option("store", metrics_path, "SQLite file")->required();
    metrics_command->add_flag("--json", as_json, "Print JSON instead of a table");
    metrics_command->footer(metrics_footer());

    CLI11_PARSE(app, argc, argv);
    try {
        if (*sample) return run_sample(sample_out, seed, customers, replace);
        if (*metrics_command) return run_metrics(metrics_path, as_json);
    } catch (const std::exception& error) {
        std::cerr << "touchpoint: " << error.what() << "\n";
        return 1;
    }
    return 0;
}
