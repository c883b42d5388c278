#include "glossary_command.hpp"
#include "cli_common.hpp"

#include "touchpoint/help/glossary.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::cli {

namespace {

struct GlossaryArguments {
    std::string key, group;
    bool as_json = false;
};

nlohmann::json to_json(const help::GlossaryEntry& entry) {
    return {{"key", entry.key}, {"label", entry.label}, {"group", entry.group}, {"definition", entry.definition}};
}

void print_entry(const help::GlossaryEntry& entry) {
    // One line per definition, unwrapped: the terminal wraps it, and grep finds it whole.
    std::cout << "  " << entry.key << " (" << entry.label << ")\n      " << entry.definition << "\n";
}

int run_glossary(const GlossaryArguments& arguments) {
    const auto& key = arguments.key;
    const auto& group = arguments.group;
    if (!key.empty()) {
        const auto* entry = help::find_entry(key);
        if (!entry) {
            std::cerr << "touchpoint glossary: no entry '" << key << "'";
            std::string similar;
            for (const auto& candidate : help::glossary())
                if (candidate.key.find(key) != std::string_view::npos) similar += " " + std::string(candidate.key);
            std::cerr << (similar.empty() ? "; run `touchpoint glossary` for the list" : "; did you mean:" + similar)
                      << "\n";
            return 1;
        }
        if (arguments.as_json)
            std::cout << to_json(*entry).dump(2) << "\n";
        else
            std::cout << entry->key << " (" << entry->label << ", " << entry->group << ")\n" << entry->definition << "\n";
        return 0;
    }

    std::vector<std::string_view> groups = help::glossary_groups();
    if (!group.empty()) {
        if (std::find(groups.begin(), groups.end(), group) == groups.end()) {
            std::cerr << "touchpoint glossary: no group '" << group << "'; the groups are:";
            for (const auto name : groups) std::cerr << " \"" << name << "\"";
            std::cerr << "\n";
            return 1;
        }
        groups = {group};
    }
    if (arguments.as_json) {
        nlohmann::json entries = nlohmann::json::array();
        for (const auto name : groups)
            for (const auto* entry : help::entries_in_group(name)) entries.push_back(to_json(*entry));
        std::cout << entries.dump(2) << "\n";
        return 0;
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
        std::cout << (g > 0 ? "\n" : "") << groups[g] << "\n";
        for (const auto* entry : help::entries_in_group(groups[g])) print_entry(*entry);
    }
    return 0;
}

}  // namespace

void add_glossary_command(CLI::App& app) {
    auto arguments = std::make_shared<GlossaryArguments>();  // outlives this call: the callback reads it
    auto* glossary_command = app.add_subcommand("glossary", "Print the definitions of the metrics and model parameters, as the workbench shows them");
    glossary_command->add_option("key", arguments->key, "One entry's key, e.g. repeat_purchase_rate (all entries when omitted)");
    glossary_command->add_option("--group", arguments->group, "Only this group, e.g. Retention or BG/NBD");
    glossary_command->add_flag("--json", arguments->as_json, "Print JSON: an object for one key, else an array");
    // Failures other than its own messages read "touchpoint: ...", as they always have.
    glossary_command->callback([arguments] { run_reporting_errors("", [&] { return run_glossary(*arguments); }); });
}

}  // namespace touchpoint::cli
