#include "sample_command.hpp"
#include "cli_common.hpp"

#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/data/store.hpp"

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

namespace touchpoint::cli {

namespace {

struct SampleArguments {
    std::string out;
    data::SampleShopOptions options;
    bool replace = false;
};

int run_sample(const SampleArguments& arguments) {
    const auto& out = arguments.out;
    const auto& options = arguments.options;
    if (std::filesystem::exists(out)) {
        if (!arguments.replace) {
            std::cerr << "touchpoint sample: " << out << " already exists (use --force to replace it)\n";
            return 1;
        }
        std::filesystem::remove(out);
    }
    const auto shop = data::generate_sample_shop(options);
    auto store = data::Store::open(out);
    data::write_sample_shop(store, shop);
    std::cerr << "touchpoint sample: wrote " << shop.customers.size() << " customers and " << shop.orders.size()
              << " orders to " << out << " (seed " << options.seed << ")\n";
    return 0;
}

}  // namespace

void add_sample_command(CLI::App& app) {
    auto arguments = std::make_shared<SampleArguments>();  // outlives this call: the callback reads it
    auto& options = arguments->options;
    auto* sample = app.add_subcommand("sample", "Write the built-in sample shop (a seeded simulation) to a new store");
    sample->add_option("--out", arguments->out, "SQLite file to create")->required();
    sample->add_option("--seed", options.seed, glossary_text("sample_seed"))->capture_default_str();
    sample->add_option("--customers", options.customers, glossary_text("sample_customers"))->capture_default_str()->check(CLI::PositiveNumber);
    sample->add_option("--days", options.days, glossary_text("sample_days"))->capture_default_str()->check(CLI::PositiveNumber);
    sample->add_option("--purchase-rate-shape", options.purchase_rate_shape_r, glossary_text("sample_purchase_rate_shape"))->capture_default_str();
    sample->add_option("--purchase-rate-alpha", options.purchase_rate_rate_alpha, glossary_text("sample_purchase_rate_alpha"))->capture_default_str();
    sample->add_option("--dropout-a", options.dropout_a, glossary_text("sample_dropout_a"))->capture_default_str();
    sample->add_option("--dropout-b", options.dropout_b, glossary_text("sample_dropout_b"))->capture_default_str();
    sample->add_option("--seasonal-peak-day", options.seasonal_peak_day_of_year, glossary_text("sample_seasonal_peak_day"))->capture_default_str();
    sample->add_option("--seasonal-width", options.seasonal_width_days, glossary_text("sample_seasonal_width"))->capture_default_str();
    sample->add_option("--seasonal-amplitude", options.seasonal_amplitude, glossary_text("sample_seasonal_amplitude"))->capture_default_str();
    sample->add_option("--spend-shape-p", options.spend_shape_p, glossary_text("sample_spend_shape_p"))->capture_default_str();
    sample->add_option("--spend-shape-q", options.spend_shape_q, glossary_text("sample_spend_shape_q"))->capture_default_str();
    sample->add_option("--spend-rate-gamma", options.spend_rate_gamma, glossary_text("sample_spend_rate_gamma"))->capture_default_str();
    sample->add_flag("--force", arguments->replace, "Replace the file if it exists");
    // Failures other than its own messages read "touchpoint: ...", as they always have.
    sample->callback([arguments] { run_reporting_errors("", [&] { return run_sample(*arguments); }); });
}

}  // namespace touchpoint::cli
