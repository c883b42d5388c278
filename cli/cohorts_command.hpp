#pragma once
// `touchpoint cohorts DB [--by month|week] [--from DATE] [--to DATE] [--revenue] [--json]`: the
// cohort retention matrix, customers by first-purchase month or week followed period by period.
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Adds the subcommand; it runs from its own callback while the app parses, and a failure ends
// the program with exit code 1 (a CLI::RuntimeError) after a message on stderr.
void add_cohorts_command(CLI::App& app);

}  // namespace touchpoint::cli
