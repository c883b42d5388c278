#pragma once
// `touchpoint export DB --out FILE [--table T] [--columns a,b]`: a table of a store as CSV, the
// stored columns only, values as SQLite stores them.
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Adds the subcommand; it runs from its own callback while the app parses, and a failure ends
// the program with exit code 1 (a CLI::RuntimeError) after a message on stderr.
void add_export_command(CLI::App& app);

}  // namespace touchpoint::cli
