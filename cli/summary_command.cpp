#include "summary_command.hpp"
#include "cli_common.hpp"

#include "touchpoint/clv/summary.hpp"
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/help/glossary.hpp"

#include <nlohmann/json.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

namespace touchpoint::cli {

namespace {

struct SummaryArguments {
    std::string store_path, calibration_end, time_unit = "week";
    bool as_json = false;
};

std::string glossary_group_footer(std::string_view group) {
    std::string text = "Definitions:\n";
    for (const auto* entry : help::entries_in_group(group)) text += labelled_definition_line(*entry);
    return text;
}

int run_summary(const SummaryArguments& arguments) {
    const auto end = data::parse_iso_date(arguments.calibration_end);
    if (!end) {
        std::cerr << "touchpoint summary: --calibration-end takes a date as YYYY-MM-DD, got '" << arguments.calibration_end << "'\n";
        return 1;
    }
    auto store = data::Store::open(arguments.store_path);
    const auto summary = clv::summarise_customers(
        data::load_dataset(store), {*end, arguments.time_unit == "day" ? clv::TimeUnit::Day : clv::TimeUnit::Week});
    if (arguments.as_json) {
        std::cout << clv::to_json(summary).dump() << "\n";
        return 0;
    }
    std::cout << "customer_id,x,t_x,T,monetary\n";
    for (const auto& row : summary) {
        char line[160];
        std::snprintf(line, sizeof line, ",%d,%.4f,%.4f,%.4f\n", row.x, row.t_x, row.T, row.monetary);
        std::cout << data::csv_field(row.customer_id) << line;
    }
    return 0;
}

}  // namespace

void add_summary_command(CLI::App& app) {
    auto arguments = std::make_shared<SummaryArguments>();  // outlives this call: the callback reads it
    auto* summary_command = app.add_subcommand("summary", "Per-customer x, t_x, T and monetary value for buy-till-you-die models");
    summary_command->add_option("store", arguments->store_path, "SQLite file")->required()->check(CLI::ExistingFile);
    summary_command->add_option("--calibration-end", arguments->calibration_end, "Last day of the calibration period (YYYY-MM-DD)")->required();
    summary_command->add_option("--time-unit", arguments->time_unit, "week or day")->capture_default_str()->check(CLI::IsMember({"week", "day"}));
    summary_command->add_flag("--json", arguments->as_json, "Print JSON");
    summary_command->footer(glossary_group_footer("Summary"));
    // Failures other than its own messages read "touchpoint: ...", as they always have.
    summary_command->callback([arguments] { run_reporting_errors("", [&] { return run_summary(*arguments); }); });
}

}  // namespace touchpoint::cli
