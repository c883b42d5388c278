#pragma once
// `touchpoint import DB FILE [--table T] [--map field=column]... [--preview] [--json]`: a CSV, TSV
// or .xlsx file read into a store (created if missing), one transaction per file, and the report
// of what was stored, rejected and left out.
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Adds the subcommand; it runs from its own callback while the app parses, and a failure ends
// the program with exit code 1 (a CLI::RuntimeError) after a message on stderr.
void add_import_command(CLI::App& app);

}  // namespace touchpoint::cli
