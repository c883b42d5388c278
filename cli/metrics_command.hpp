#pragma once
// `touchpoint metrics DB [--json]`: the headline retention metrics, exactly as the workbench's
// dashboard shows them (the browser tests compare the two). Any window option (--report, --from,
// --to, --churn-days, --period, --compare-*) asks for the full retention report of a date window
// instead, with the survey and support figures, or two windows side by side.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/metrics/retention.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace touchpoint::cli {

// Adds the subcommand; it runs from its own callback while the app parses, and a failure ends
// the program with exit code 1 (a CLI::RuntimeError) after a message on stderr.
void add_metrics_command(CLI::App& app);

// Resolves --from/--to (YYYY-MM-DD, either may be empty) against the store's history: an open end
// is the first or last order. When the dates make no window, says why on stderr as `touchpoint
// metrics: ...` (`what` names the window) and returns nullopt. `cohorts` windows its cohorts so too.
std::optional<metrics::DateWindow> window_from(const data::Dataset& dataset, const std::string& from, const std::string& to,
                                               const char* what);

}  // namespace touchpoint::cli
