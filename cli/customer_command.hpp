#pragma once
// `touchpoint customer DB ID [--json]`: one customer's timeline of orders, returns, touches,
// surveys and tickets, the same the workbench's drill-down shows.
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Adds the subcommand; it runs from its own callback while the app parses, and a failure ends
// the program with exit code 1 (a CLI::RuntimeError) after a message on stderr.
void add_customer_command(CLI::App& app);

}  // namespace touchpoint::cli
