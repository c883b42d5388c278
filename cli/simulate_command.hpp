#pragma once
// `touchpoint simulate`: cadences (JSON files) played side by side on customers drawn from a
// fitted BG/NBD (the JSON of `touchpoint fit --json`, with an optional Gamma-Gamma fit for
// revenue) or from the sample shop's defaults; a table or JSON of the outcomes with 95% intervals.
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Adds the subcommand; it runs from its own callback while the app parses, and a failure ends
// the program with exit code 1 (a CLI::RuntimeError) after a message on stderr.
void add_simulate_command(CLI::App& app);

}  // namespace touchpoint::cli
