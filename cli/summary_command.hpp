#pragma once
// `touchpoint summary DB --calibration-end DATE`: per customer x, t_x, T and monetary value, the
// input of the buy-till-you-die models, as CSV or JSON.
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Adds the subcommand; it runs from its own callback while the app parses, and a failure ends
// the program with exit code 1 (a CLI::RuntimeError) after a message on stderr.
void add_summary_command(CLI::App& app);

}  // namespace touchpoint::cli
