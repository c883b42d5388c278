#include "export_command.hpp"
#include "cli_common.hpp"

#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/data/table_spec.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace touchpoint::cli {

namespace {

struct ExportArguments {
    std::string store_path, table = "orders", out, columns;
};

int run_export(const ExportArguments& arguments) {
    const auto& table = arguments.table;
    const auto& out = arguments.out;
    std::string columns = arguments.columns;
    const auto* spec = data::table_spec_by_name(table);
    if (!spec) {
        std::cerr << "touchpoint export: unknown table '" << table << "'\n";
        return 1;
    }
    if (columns.empty())
        for (const auto& field : spec->fields)
            if (field.stored) columns += (columns.empty() ? "" : ",") + std::string(field.name);
    for (const auto& name : [&] {
             std::vector<std::string> names;
             std::stringstream list(columns);
             for (std::string item; std::getline(list, item, ',');) names.push_back(item);
             return names;
         }()) {
        if (!spec->field(name) || !spec->field(name)->stored) {
            std::cerr << "touchpoint export: the " << table << " table has no column '" << name << "'\n";
            return 1;
        }
    }
    auto store = data::Store::open(arguments.store_path);
    std::ofstream file(out, std::ios::binary);
    if (!file) {
        std::cerr << "touchpoint export: cannot write " << out << "\n";
        return 1;
    }
    // SQLite writes each value as text itself, so amounts come out as stored ("55.3", not "55.299999").
    auto rows = store.prepare("SELECT " + columns + " FROM " + spec->sql_table + " ORDER BY rowid");
    const int count = static_cast<int>(std::count(columns.begin(), columns.end(), ',')) + 1;
    file << columns << "\n";
    std::string line;
    std::int64_t written = 0;
    while (rows.step()) {
        line.clear();
        for (int c = 0; c < count; ++c) {
            if (c > 0) line += ',';
            line += data::csv_field(rows.column_text(c));
        }
        line += '\n';
        file << line;
        ++written;
    }
    std::cerr << "touchpoint export: wrote " << written << " rows to " << out << "\n";
    return file ? 0 : 1;
}

}  // namespace

void add_export_command(CLI::App& app) {
    auto arguments = std::make_shared<ExportArguments>();  // outlives this call: the callback reads it
    auto* export_command = app.add_subcommand("export", "Write a table of a store as CSV");
    export_command->add_option("store", arguments->store_path, "SQLite file")->required()->check(CLI::ExistingFile);
    export_command->add_option("--table", arguments->table, "Table to export")->capture_default_str();
    export_command->add_option("--out", arguments->out, "CSV file to write")->required();
    export_command->add_option("--columns", arguments->columns, "Comma-separated columns (default: all fields of the table)");
    // Failures other than its own messages read "touchpoint: ...", as they always have.
    export_command->callback([arguments] { run_reporting_errors("", [&] { return run_export(*arguments); }); });
}

}  // namespace touchpoint::cli
