#pragma once
// `touchpoint workspace validate FILE`: reads a workspace (any version), migrates it in memory and
// prints every finding with its field; exit 1 on errors.
// `touchpoint workspace migrate FILE [--out OUT]`: writes the workspace at this build's version.
// `touchpoint publish --workspace W.json --out DIR`: a folder any static host serves as it is: the
// built page, its assets and workspace.json, which the page opens read-only (viewer mode).
#include <CLI/CLI.hpp>

namespace touchpoint::cli {

// Each runs from its own callback; a failure ends the program with exit code 1 (a
// CLI::RuntimeError) after a message on stderr that names the file.
void add_workspace_command(CLI::App& app);
void add_publish_command(CLI::App& app);

}  // namespace touchpoint::cli
