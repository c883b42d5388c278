#pragma once
// `touchpoint fit` and `touchpoint predict`: the buy-till-you-die models (BG/NBD, Pareto/NBD,
// Gamma-Gamma) fitted on a store's orders or on a summary CSV (customer_id, x, t_x, T,
// monetary), and what they predict per customer.
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Adds both subcommands; each runs from its own callback while the app parses, and a failure
// ends the program with exit code 1 (a CLI::RuntimeError) after a message on stderr.
void add_fit_commands(CLI::App& app);

}  // namespace touchpoint::cli
