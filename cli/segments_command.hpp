#pragma once
// `touchpoint segments DB [--rules rules.json] [--as-of DATE] [--from DATE] [--customers] [--json]`:
// segment sizes, revenue, trend and migration under editable rules, and RFM segments.
//
// The rules file is one JSON object; keys left out keep their defaults, an unknown key or a value
// out of range is an error naming the key:
//   {"new_within_days": 30, "loyal_min_purchase_days": 4, "lapse_gap_multiple": 2.0, "one_time_lapse_days": 90}
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Adds the subcommand; it runs from its own callback while the app parses, and a failure ends
// the program with exit code 1 (a CLI::RuntimeError) after a message on stderr.
void add_segments_command(CLI::App& app);

}  // namespace touchpoint::cli
