#include "workspace_command.hpp"
#include "cli_common.hpp"

#include "touchpoint/workspace/workspace.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

namespace touchpoint::cli {

namespace {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error(path + ": cannot be read");
    return std::string(std::istreambuf_iterator<char>(file), {});
}

// A workspace's problems as "FILE:LINE:COLUMN: ..." (syntax) or "FILE: FIELD: ..." (content).
std::string located(const std::string& path, const workspace::WorkspaceError& error) {
    if (error.line() > 0) {
        const std::string message = error.what();  // "line 4, column 2: not valid JSON: ..."
        return path + ":" + std::to_string(error.line()) + ":" + std::to_string(error.column()) + ": " + message.substr(message.find(": ") + 2);
    }
    return path + ": " + error.what();
}

workspace::ReadWorkspace read_workspace_file(const std::string& path) {
    try {
        return workspace::read_workspace_text(read_text(path));
    } catch (const workspace::WorkspaceError& error) {
        throw std::runtime_error(located(path, error));
    }
}

int run_validate(const std::string& path) {
    nlohmann::json parsed;
    int version = 0;
    std::vector<workspace::WorkspaceIssue> issues;
    try {
        const auto text = read_text(path);
        parsed = nlohmann::json::parse(text, nullptr, false);
        if (parsed.is_discarded()) workspace::read_workspace_text(text);  // throws with the line and column
        version = workspace::workspace_version(parsed);
        issues = workspace::validate_workspace(workspace::migrate_workspace(parsed));
    } catch (const workspace::WorkspaceError& error) {
        std::cout << located(path, error) << "\n";
        return 1;
    }
    std::size_t errors = 0;
    for (const auto& issue : issues) errors += issue.severity == workspace::IssueSeverity::Error ? 1 : 0;
    std::cout << path << ": version " << version;
    if (version != workspace::workspace_format_version) std::cout << " (read as version " << workspace::workspace_format_version << ")";
    std::cout << ", " << errors << (errors == 1 ? " error, " : " errors, ") << issues.size() - errors
              << (issues.size() - errors == 1 ? " warning" : " warnings") << (workspace::has_customer_data(parsed) ? ", holds customer data" : "")
              << "\n";
    for (const auto& issue : issues)
        std::cout << (issue.severity == workspace::IssueSeverity::Error ? "  error    " : "  warning  ") << issue.field << ": " << issue.message << "\n";
    return errors > 0 ? 1 : 0;
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
    if (!file) throw std::runtime_error(path.string() + ": cannot be written");
}

void run_migrate(const std::string& path, const std::string& out) {
    const auto read = read_workspace_file(path);
    const auto text = read.document.dump(2) + "\n";
    if (out.empty()) std::cout << text;
    else write_text(out, text);
    if (read.original_version != workspace::workspace_format_version)
        std::cerr << path << ": migrated from version " << read.original_version << " to " << workspace::workspace_format_version << "\n";
}

// The built page: --site, else $TOUCHPOINT_SITE_DIR, else the wasm build beside this CLI's
// (build/native/cli/touchpoint -> build/wasm/site).
fs::path site_folder(const std::string& requested) {
    if (!requested.empty()) return requested;
    if (const char* from_environment = std::getenv("TOUCHPOINT_SITE_DIR")) return from_environment;
    std::error_code error;
    const auto executable = fs::read_symlink("/proc/self/exe", error);
    if (!error) return executable.parent_path().parent_path().parent_path() / "wasm" / "site";
    return "build/wasm/site";
}

struct PublishArguments {
    std::string workspace_path, out, site;
    bool include_customer_data = false;
};

void run_publish(const PublishArguments& arguments) {
    auto read = read_workspace_file(arguments.workspace_path);
    const auto site = site_folder(arguments.site);
    if (!fs::is_regular_file(site / "index.html"))
        throw std::runtime_error(site.string() + ": no built page here (index.html); build it with `cmake --build --preset wasm`, or name it with --site");
    const fs::path out = arguments.out;
    if (fs::exists(out) && !fs::is_directory(out)) throw std::runtime_error(out.string() + ": exists and is not a folder");
    fs::create_directories(out);
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(site)) {
        if (!entry.is_regular_file()) continue;
        if (entry.path().filename() == "workspace.json") continue;  // the page's own, if a test left one
        fs::copy_file(entry.path(), out / entry.path().filename(), fs::copy_options::overwrite_existing);
        ++files;
    }
    // The page opens ./workspace.json when its index names it: a page served without one never asks
    // for a file that is not there.
    const auto index_path = out / "index.html";
    auto index = read_text(index_path.string());
    const auto head_end = index.find("</head>");
    if (head_end == std::string::npos) throw std::runtime_error((site / "index.html").string() + ": no </head>, so the workspace cannot be named in it");
    if (index.find("name=\"touchpoint-workspace\"") == std::string::npos)
        index.insert(head_end, "  <meta name=\"touchpoint-workspace\" content=\"workspace.json\">\n");
    write_text(index_path, index);
    const bool had_customer_data = workspace::has_customer_data(read.document);
    if (!arguments.include_customer_data) read.document = workspace::without_customer_data(std::move(read.document));
    write_text(out / "workspace.json", workspace::workspace_text(read.document));
    std::cout << "Published " << arguments.workspace_path << " to " << out.string() << " (" << files << " files of the page from " << site.string()
              << ", and workspace.json)\n";
    if (had_customer_data)
        std::cout << (arguments.include_customer_data ? "The workspace's customer data is included: anyone who can open the folder can read it.\n"
                                                      : "The workspace's customer data was left out (--include-customer-data keeps it).\n");
    std::cout << "Serve the folder with any static web server; the page opens the workspace read-only.\n";
}

}  // namespace

void add_workspace_command(CLI::App& app) {
    auto* command = app.add_subcommand("workspace", "Check or upgrade a workspace file (docs/workspace.md)");
    command->require_subcommand(1);
    auto path = std::make_shared<std::string>();
    auto* validate = command->add_subcommand("validate", "Print every problem with its field; exit 1 on errors");
    validate->add_option("file", *path, "A workspace JSON file")->required()->check(CLI::ExistingFile);
    validate->callback([path] { run_reporting_errors("workspace validate", [&] { return run_validate(*path); }); });
    auto out = std::make_shared<std::string>();
    auto* migrate = command->add_subcommand("migrate", "Write the workspace at this version (older versions are migrated step by step)");
    migrate->add_option("file", *path, "A workspace JSON file")->required()->check(CLI::ExistingFile);
    migrate->add_option("--out,-o", *out, "Write here instead of to stdout");
    migrate->callback([path, out] { run_reporting_errors("workspace migrate", [&] { run_migrate(*path, *out); }); });
}

void add_publish_command(CLI::App& app) {
    auto arguments = std::make_shared<PublishArguments>();
    auto* command = app.add_subcommand("publish", "Write a folder that any static host serves: the page, its assets and the workspace, opened read-only");
    command->add_option("--workspace", arguments->workspace_path, "The workspace JSON file to share")->required()->check(CLI::ExistingFile);
    command->add_option("--out", arguments->out, "The folder to write (created if needed)")->required();
    command->add_option("--site", arguments->site, "The built page (default: $TOUCHPOINT_SITE_DIR, else build/wasm/site beside this CLI)");
    command->add_flag("--include-customer-data", arguments->include_customer_data,
                      "Keep the workspace's customer rows; by default they are left out");
    command->callback([arguments] { run_reporting_errors("publish", [&] { run_publish(*arguments); }); });
}

}  // namespace touchpoint::cli
