#pragma once
// `touchpoint power`: customers per arm an experiment needs to detect a given effect on a
// conversion rate or a mean, with the power it then has (core/experiments/power.hpp).
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Adds the subcommand; it runs from its own callback, and a failure ends the program with exit
// code 1 (a CLI::RuntimeError) after a message on stderr.
void add_power_command(CLI::App& app);

}  // namespace touchpoint::cli
