#include "import_command.hpp"
#include "cli_common.hpp"

#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/store.hpp"

#include <nlohmann/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace touchpoint::cli {

namespace {

struct ImportArguments {
    std::string store_path, file_path, table = "orders", date_format, sheet, rejected_csv;
    std::vector<std::string> mappings;
    bool as_json = false;
    bool preview = false;
};

// The first orders as they would be stored, as the page's preview shows them.
void print_preview(const data::ImportReport& report) {
    std::cout << "order_id,customer_id,order_date,amount,quantity,category,channel,status,flag,lines\n";
    for (const auto& order : report.preview) {
        char amount[32];
        std::snprintf(amount, sizeof amount, "%.2f", order.amount);
        std::cout << data::csv_field(order.order_id) << ',' << data::csv_field(order.customer_id) << ',' << order.order_date << ','
                  << amount << ',' << order.quantity << ',' << data::csv_field(order.category) << ','
                  << data::csv_field(order.channel) << ',' << data::csv_field(order.status) << ',' << order.flag << ','
                  << order.lines << "\n";
    }
}

int run_import(const ImportArguments& arguments) {
    const auto* spec = data::table_spec_by_name(arguments.table);
    if (!spec) {
        std::cerr << "touchpoint import: unknown table '" << arguments.table << "'\n";
        return 1;
    }
    data::ImportOptions options;
    options.table = spec->kind;
    options.build_dataset = false;  // the CLI reports; it has no dashboard to feed
    options.max_rows = 0;           // the row limit is the page's memory; the CLI reads what fits in the machine's
    options.sheet = arguments.sheet;
    options.confirm_before_writing = arguments.preview;  // and never confirmed: nothing is written
    for (const auto& mapping : arguments.mappings) {
        const auto equals = mapping.find('=');
        if (equals == std::string::npos) {
            std::cerr << "touchpoint import: --map takes field=column, got '" << mapping << "'\n";
            return 1;
        }
        options.mapping_overrides.emplace_back(mapping.substr(0, equals), mapping.substr(equals + 1));
    }
    if (!arguments.date_format.empty()) {
        options.date_layout = data::date_layout_from_name(arguments.date_format);
        if (!options.date_layout) {
            std::cerr << "touchpoint import: unknown --date-format '" << arguments.date_format
                      << "' (use ISO 8601, d/m/Y, m/d/Y, d.m.Y, Y/m/d, YYYYMMDD or 'Excel serial')\n";
            return 1;
        }
    }
    const std::string bytes = read_file(arguments.file_path);
    auto store = data::Store::open(arguments.store_path);
    const std::string file_name = std::filesystem::path(arguments.file_path).filename().string();

    data::ImportJob job(store, file_name, bytes, options);
    const auto progress = run_job(job, arguments.as_json ? ProgressLine::None : ProgressLine::Items);
    data::ImportReport report = job.report();
    if (progress.waiting && job.phase() == data::ImportPhase::NeedsDecision) {
        report.fatal_error = file_name + ": " + job.question()->message + " Choose with --date-format d/m/Y or m/d/Y.";
        job.cancel();
    }
    if (!arguments.rejected_csv.empty()) {
        std::ofstream rejected(arguments.rejected_csv, std::ios::binary);
        rejected << data::rejected_rows_csv(report);
        if (!rejected) {
            std::cerr << "touchpoint import: cannot write " << arguments.rejected_csv << "\n";
            return 1;
        }
    }

    if (arguments.as_json) {
        std::cout << data::to_json(report).dump(2) << "\n";
    } else if (report.fatal_error) {
        std::cerr << "touchpoint import: " << *report.fatal_error << "\n";
    } else if (report.duplicate_of) {
        std::cout << file_name << ": " << *report.duplicate_of << "\n";
    } else {
        std::cout << file_name << " -> " << report.table << " (" << report.encoding << ", " << report.dialect
                  << (report.date_layout.empty() ? "" : ", dates " + report.date_layout) << ")\n";
        if (!report.recognised_export.empty()) std::cout << "recognised: " << report.recognised_export << " export\n";
        std::cout << "columns:";
        for (const auto& [field, column] : report.mapping) std::cout << " " << field << "=" << column;
        std::cout << "\n" << data::summary_line(report) << (arguments.preview ? " (preview: nothing was written)" : "") << "\n";
        if (report.total_mismatches > 0)
            std::cout << report.total_mismatches << " orders have a total that differs from the sum of their lines; the total was used\n";
        for (const auto& group : report.reasons) {
            std::cout << (group.skipped ? "left out: " : "rejected: ") << group.reason << " (" << group.count << ")\n";
            for (const auto& row : group.examples) std::cout << "  " << data::describe(row) << "\n";
        }
        for (const auto& note : report.notes) std::cout << "note: " << note << "\n";
        if (arguments.preview) print_preview(report);
    }
    return report.fatal_error ? 1 : 0;
}

}  // namespace

void add_import_command(CLI::App& app) {
    auto arguments = std::make_shared<ImportArguments>();  // outlives this call: the callback reads it
    auto* import_command = app.add_subcommand("import", "Import a CSV/TSV file into a store (created if missing), one transaction per file");
    import_command->add_option("store", arguments->store_path, "SQLite file")->required();
    import_command->add_option("file", arguments->file_path, "CSV, TSV or whitespace-separated file, or an Excel workbook (.xlsx)")->required()->check(CLI::ExistingFile);
    import_command->add_option("--table", arguments->table, "orders, customers, touches, surveys, tickets or assignments")->capture_default_str();
    import_command->add_option("--map", arguments->mappings, "field=column (a header name or a 1-based column number); repeatable");
    import_command->add_option("--date-format", arguments->date_format, "ISO 8601, d/m/Y, m/d/Y, d.m.Y, Y/m/d, YYYYMMDD or 'Excel serial' (detected when omitted)");
    import_command->add_flag("--json", arguments->as_json, "Print the import report as JSON");
    import_command->add_option("--sheet", arguments->sheet, "The worksheet of an .xlsx workbook to import (the first when omitted)");
    import_command->add_flag("--preview", arguments->preview,
                             "Read the file and show what would be stored (counts and the first orders); write nothing");
    import_command->add_option("--rejected", arguments->rejected_csv, "Write every rejected row to this CSV file");
    // Failures other than its own messages read "touchpoint: ...", as they always have.
    import_command->callback([arguments] { run_reporting_errors("", [&] { return run_import(*arguments); }); });
}

}  // namespace touchpoint::cli
