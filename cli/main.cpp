// touchpoint: the native command line over the same core as the workbench. Each command lives in
// its own cli/<name>_command.cpp and runs from its CLI11 callback; this file puts them together.
#include "abtest_command.hpp"
#include "cohorts_command.hpp"
#include "customer_command.hpp"
#include "export_command.hpp"
#include "fit_command.hpp"
#include "glossary_command.hpp"
#include "import_command.hpp"
#include "metrics_command.hpp"
#include "power_command.hpp"
#include "roleplay_command.hpp"
#include "sample_command.hpp"
#include "segments_command.hpp"
#include "simulate_command.hpp"
#include "summary_command.hpp"
#include "sweep_command.hpp"
#include "workspace_command.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
    namespace cli = touchpoint::cli;
    CLI::App app{"Touchpoint: plan post-sale customer care with evidence. All data stays on this machine."};
    app.require_subcommand(1);

    // In this order in `touchpoint --help`.
    cli::add_sample_command(app);
    cli::add_import_command(app);
    cli::add_export_command(app);
    cli::add_summary_command(app);
    cli::add_glossary_command(app);
    cli::add_metrics_command(app);
    cli::add_cohorts_command(app);
    cli::add_segments_command(app);
    cli::add_customer_command(app);
    cli::add_fit_commands(app);
    cli::add_simulate_command(app);
    cli::add_power_command(app);
    cli::add_abtest_command(app);
    cli::add_sweep_commands(app);
    cli::add_roleplay_command(app);
    cli::add_workspace_command(app);
    cli::add_publish_command(app);

    CLI11_PARSE(app, argc, argv);
    return 0;
}
