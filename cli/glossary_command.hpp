#pragma once
// `touchpoint glossary [KEY] [--group G] [--json]`: the definitions of the metrics and model
// parameters, the same words the workbench shows on hover (core/src/help/glossary.cpp).
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Adds the subcommand; it runs from its own callback while the app parses, and a failure ends
// the program with exit code 1 (a CLI::RuntimeError) after a message on stderr.
void add_glossary_command(CLI::App& app);

}  // namespace touchpoint::cli
