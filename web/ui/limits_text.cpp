#include "ui/limits_text.hpp"

#include "ui/format.hpp"
#include "touchpoint/limits.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace touchpoint::web {

std::string format_bytes(std::size_t bytes) {
    static const char* const units[] = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) return format_count(static_cast<std::int64_t>(bytes)) + (bytes == 1 ? " byte" : " bytes");
    double value = static_cast<double>(bytes) / 1024.0;
    std::size_t unit = 0;
    while (value >= 1024.0 && unit + 1 < std::size(units)) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    if (std::fabs(value - std::round(value)) < 0.05) std::snprintf(text, sizeof text, "%.0f %s", std::round(value), units[unit]);
    else std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    return text;
}

std::vector<LimitLine> limit_lines() {
    using namespace limits;
    const auto count = [](auto value) { return format_count(static_cast<std::int64_t>(value)); };
    return {
        {"Largest file to import", format_bytes(max_import_file_bytes)},
        {"Most rows in one import", count(max_import_rows)},
        {"Longest share link", count(max_share_link_chars) + " characters"},
        {"Largest workspace (file, link or published)", format_bytes(max_workspace_json_bytes)},
        {"Deepest nesting in a workspace or scenario", count(max_json_depth) + " levels"},
        {"Largest scenario file", format_bytes(max_scenario_json_bytes)},
        {"Most nodes in a scenario", count(max_scenario_nodes)},
        {"Most replies per node", count(max_scenario_choices_per_node)},
        {"Longest line, reply or outcome", count(max_scenario_text_chars) + " characters"},
    };
}

std::string import_limits_text() {
    return "Up to " + format_bytes(limits::max_import_file_bytes) + " and " + format_count(limits::max_import_rows) +
           " rows per file.";
}

std::string share_limits_text() {
    return "A link may have up to " + format_count(static_cast<std::int64_t>(limits::max_share_link_chars)) +
           " characters; a workspace (file, link or published folder) up to " + format_bytes(limits::max_workspace_json_bytes) + ".";
}

std::string scenario_limits_text() {
    return "A scenario may have up to " + format_count(static_cast<std::int64_t>(limits::max_scenario_nodes)) + " nodes, " +
           format_count(static_cast<std::int64_t>(limits::max_scenario_choices_per_node)) + " replies per node and " +
           format_count(static_cast<std::int64_t>(limits::max_scenario_text_chars)) + " characters per text; files up to " +
           format_bytes(limits::max_scenario_json_bytes) + ".";
}

nlohmann::json limits_json() {
    using namespace limits;
    return {{"max_import_file_bytes", max_import_file_bytes},
            {"max_import_rows", max_import_rows},
            {"max_workspace_json_bytes", max_workspace_json_bytes},
            {"max_scenario_json_bytes", max_scenario_json_bytes},
            {"max_json_depth", max_json_depth},
            {"max_scenario_nodes", max_scenario_nodes},
            {"max_scenario_choices_per_node", max_scenario_choices_per_node},
            {"max_scenario_text_chars", max_scenario_text_chars},
            {"max_share_link_chars", max_share_link_chars},
            // As the page writes them, for the script's own messages.
            {"shown",
             {{"max_import_file_bytes", format_bytes(max_import_file_bytes)},
              {"max_workspace_json_bytes", format_bytes(max_workspace_json_bytes)}}}};
}

std::string file_too_large_message(const std::string& name, double size_bytes) {
    const auto size = size_bytes < 0 ? std::size_t{0} : static_cast<std::size_t>(size_bytes);
    return "'" + name + "' was not imported: it is " + format_bytes(size) + " (" + format_count(static_cast<std::int64_t>(size)) +
           " bytes), more than the " + format_bytes(limits::max_import_file_bytes) +
           " a file may have in the browser. Split it into smaller files, or import it with the command line (touchpoint import).";
}

}  // namespace touchpoint::web
