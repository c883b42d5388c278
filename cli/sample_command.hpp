#pragma once
// `touchpoint sample --out DB`: the built-in sample shop (a seeded simulation) written to a new store.
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Adds the subcommand; it runs from its own callback while the app parses, and a failure ends
// the program with exit code 1 (a CLI::RuntimeError) after a message on stderr.
void add_sample_command(CLI::App& app);

}  // namespace touchpoint::cli
