#include "cohorts_command.hpp"
#include "cli_common.hpp"
#include "metrics_command.hpp"

#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/metrics/cohorts.hpp"

#include <nlohmann/json.hpp>
#include <cstddef>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace touchpoint::cli {

namespace {

struct CohortArguments {
    std::string store_path, by = "month", from, to;
    bool show_revenue = false, as_json = false;
};

int run_cohorts(const CohortArguments& arguments) {
    auto store = data::Store::open(arguments.store_path);
    const auto dataset = data::load_dataset(store);
    metrics::CohortOptions options{*metrics::period_from_name(arguments.by), std::nullopt};
    if (!arguments.from.empty() || !arguments.to.empty()) {
        options.window = window_from(dataset, arguments.from, arguments.to, "window");
        if (!options.window) return 1;
    }
    const auto matrix = metrics::compute_cohorts(dataset, options);
    if (arguments.as_json) {
        std::cout << metrics::to_json(matrix).dump(2) << "\n";
        return 0;
    }
    std::cout << (arguments.show_revenue ? "Revenue" : "Customers retained (%)") << " by " << metrics::period_name(matrix.period)
              << " since the first purchase\nCohort       Size";
    const std::size_t columns = matrix.rows.empty() ? 0 : matrix.rows.front().cells.size();
    for (std::size_t k = 0; k < columns; ++k) {
        char header[16];
        std::snprintf(header, sizeof header, arguments.show_revenue ? " %10zu" : " %5zu", k);
        std::cout << header;
    }
    std::cout << "\n";
    for (const auto& row : matrix.rows) {
        char head[48];
        std::snprintf(head, sizeof head, "%-9s %7lld", row.label.c_str(), static_cast<long long>(row.size));
        std::cout << head;
        for (const auto& cell : row.cells) {
            char text[24];
            if (arguments.show_revenue)
                std::snprintf(text, sizeof text, " %10.2f", cell.revenue);
            else
                std::snprintf(text, sizeof text, " %5.1f", cell.retained * 100.0);
            std::cout << text;
        }
        std::cout << "\n";
    }
    return 0;
}

}  // namespace

void add_cohorts_command(CLI::App& app) {
    auto arguments = std::make_shared<CohortArguments>();  // outlives this call: the callback reads it
    auto* cohorts_command = app.add_subcommand("cohorts", "Print the cohort retention matrix: customers by first-purchase month or week, followed period by period");
    cohorts_command->add_option("store", arguments->store_path, "SQLite file")->required()->check(CLI::ExistingFile);
    cohorts_command->add_option("--by", arguments->by, "Cohorts by month or ISO week")->capture_default_str()->check(CLI::IsMember({"month", "week"}));
    cohorts_command->add_option("--from", arguments->from, "Only customers whose first purchase is on or after this day (YYYY-MM-DD)");
    cohorts_command->add_option("--to", arguments->to, "Only first purchases up to this day; later purchases are not counted");
    cohorts_command->add_flag("--revenue", arguments->show_revenue, "Show revenue instead of the share retained (table output)");
    cohorts_command->add_flag("--json", arguments->as_json, "Print JSON: customers, retained and revenue per cohort");
    cohorts_command->footer(definitions_footer({"cohort_size", "cohort_retention", "cohort_revenue"}));
    // Failures other than its own messages read "touchpoint: ...", as they always have.
    cohorts_command->callback([arguments] { run_reporting_errors("", [&] { return run_cohorts(*arguments); }); });
}

}  // namespace touchpoint::cli
