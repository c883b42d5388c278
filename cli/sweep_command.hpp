#pragma once
// `touchpoint sweep`: one cadence with a step's delay tried at each day of a grid (or two steps'
// over a grid of pairs) on the same simulated customers; the response curve with intervals, the
// best day and the days tied with it. `--shard K/N` runs the K-th of N blocks of the grid and
// prints it as a part; `touchpoint merge` puts the parts together into exactly the unsharded result.
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Adds `sweep` and `merge`; they run from their own callbacks, and a failure ends the program with
// exit code 1 (a CLI::RuntimeError) after a message on stderr.
void add_sweep_commands(CLI::App& app);

}  // namespace touchpoint::cli
