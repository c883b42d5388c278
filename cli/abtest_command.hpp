#pragma once
// `touchpoint abtest`: analyse an experiment. `proportions` compares two conversion counts
// (z-test, relative lift, Bayesian probability to beat control), `means` two files of
// per-customer values (Welch, Mann-Whitney, bootstrap), `analyze` an experiment in a store
// (assignments and orders, with the sample-ratio check and Holm's correction), and `aa`
// measures what peeking does to the false-positive rate in simulated A/A tests.
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Adds `abtest` with its subcommands; each runs from its own callback, and a failure ends the
// program with exit code 1 (a CLI::RuntimeError) after a message on stderr.
void add_abtest_command(CLI::App& app);

}  // namespace touchpoint::cli
