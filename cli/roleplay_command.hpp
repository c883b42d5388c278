#pragma once
// `touchpoint roleplay SCENARIO.json`: plays a role-play scenario in the terminal (the customer's
// line, numbered replies, a number read from stdin) and prints the debrief at the end.
// `--choices 1,2,1` plays a scripted path without asking, `--json` prints the debrief as JSON,
// and `--validate` prints the validator's findings instead of playing (exit 1 on errors).
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Adds `roleplay`; it runs from its own callback, and a failure ends the program with exit code 1
// (a CLI::RuntimeError) after a message on stderr.
void add_roleplay_command(CLI::App& app);

}  // namespace touchpoint::cli
