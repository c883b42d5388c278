#include "roleplay_command.hpp"
#include "cli_common.hpp"
#include "simulation_inputs.hpp"

#include "touchpoint/roleplay/conversation.hpp"
#include "touchpoint/roleplay/customer_outlook.hpp"
#include "touchpoint/roleplay/debrief.hpp"
#include "touchpoint/roleplay/scenario_library.hpp"
#include "touchpoint/roleplay/validation.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace touchpoint::cli {

namespace {

struct RoleplayArguments {
    std::string scenario_path;
    std::uint64_t seed = 1;
    std::vector<std::size_t> choices;  // 1-based, as the terminal numbers them
    bool validate_only = false;
    bool as_json = false;
    bool what_if = false;
    int what_if_customers = 1000;
    SimulationInputs population;
};

// Prints the findings; returns the exit code (1 when the scenario has errors or cannot be read).
int run_validate(const std::string& path) {
    roleplay::Scenario scenario;
    try {
        scenario = roleplay::read_scenario_file(path);
    } catch (const roleplay::ScenarioError& error) {
        std::cout << path << ": cannot be read\n  error    " << error.what() << "\n";
        return 1;
    }
    const auto issues = roleplay::validate_scenario(scenario);
    std::size_t errors = 0;
    for (const auto& issue : issues) errors += issue.severity == roleplay::IssueSeverity::Error ? 1 : 0;
    std::cout << path << ": " << errors << (errors == 1 ? " error, " : " errors, ") << issues.size() - errors
              << (issues.size() - errors == 1 ? " warning\n" : " warnings\n");
    for (const auto& issue : issues)
        std::cout << (issue.severity == roleplay::IssueSeverity::Error ? "  error    " : "  warning  ") << issue.field << ": "
                  << issue.message << "\n";
    return errors > 0 ? 1 : 0;
}

void print_persona(const roleplay::Scenario& scenario) {
    std::cout << scenario.title << "\n";
    if (!scenario.description.empty()) std::cout << scenario.description << "\n";
    const auto& persona = scenario.persona;
    std::cout << "\n" << persona.name << " (" << persona.segment << "), " << persona.mood << "\n" << persona.situation << "\n";
}

void print_node(const roleplay::Conversation& conversation) {
    std::cout << "\n" << conversation.scenario().persona.name << ": \"" << conversation.customer_line() << "\"\n";
    const auto& choices = conversation.choices();
    for (std::size_t i = 0; i < choices.size(); ++i) std::cout << "  " << i + 1 << ". " << choices[i].text << "\n";
}

// The trainee's reply, 0-based; nullopt when stdin ends.
std::optional<std::size_t> read_reply(std::size_t count) {
    for (std::string text; std::cout << "> " << std::flush, std::getline(std::cin, text);) {
        try {
            std::size_t used = 0;
            const auto number = std::stoul(text, &used);
            if (used > 0 && number >= 1 && number <= count) return number - 1;
        } catch (const std::exception&) {
        }
        std::cout << "Type a number from 1 to " << count << ".\n";
    }
    return std::nullopt;
}

std::string percent(double share) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", 100.0 * share);
    return text;
}

void print_what_if(const roleplay::WhatIfResult& result) {
    const auto& options = result.options;
    std::cout << "\nWhat if " << options.customers << " customers like this (" << result.population << ", " << options.days
              << " days, " << options.replications << " replications, no outreach afterwards):\n";
    for (const auto* outlook : {&result.trainee, &result.best}) {
        std::cout << "  " << (outlook == &result.trainee ? "this ending  " : "best ending  ") << roleplay::ending_label(outlook->ending)
                  << ": still buying after " << options.days << " days " << percent(outlook->active_at_end.mean) << " ("
                  << percent(outlook->active_at_end.ci_low) << " to " << percent(outlook->active_at_end.ci_high) << "), repeat buyers "
                  << percent(outlook->repeat_rate.mean)
                  << ", repeat purchases " << std::round(outlook->purchases.mean * options.customers) << "\n";
    }
    std::cout << "  With the best ending, " << std::lround(result.more_active_at_end) << " more of the " << options.customers
              << " would still be buying, with " << std::lround(result.more_purchases) << " more repeat purchases.\n";
}

int run_roleplay(const RoleplayArguments& arguments) {
    if (arguments.validate_only) return run_validate(arguments.scenario_path);
    roleplay::Conversation conversation(roleplay::read_scenario_file(arguments.scenario_path), arguments.seed);
    const bool scripted = !arguments.choices.empty();
    const bool talk = !arguments.as_json;
    if (talk) print_persona(conversation.scenario());

    std::size_t next_scripted = 0;
    while (!conversation.finished()) {
        if (talk) print_node(conversation);
        std::optional<std::size_t> reply;
        if (scripted) {
            if (next_scripted == arguments.choices.size()) break;  // the script ran out before an ending
            const auto number = arguments.choices[next_scripted++];
            if (number == 0 || number > conversation.choices().size())
                throw std::runtime_error("--choices: reply " + std::to_string(number) + " at step " + std::to_string(next_scripted) +
                                         " is not on offer (1 to " + std::to_string(conversation.choices().size()) + ")");
            reply = number - 1;
            if (talk) std::cout << "> " << number << "\n";
        } else {
            reply = read_reply(conversation.choices().size());
            if (!reply) break;
        }
        conversation.choose(*reply);
    }
    if (talk && conversation.finished())
        std::cout << "\n" << conversation.scenario().persona.name << ": \"" << conversation.customer_line() << "\"\n";

    const auto debrief = roleplay::make_debrief(conversation);
    std::optional<roleplay::WhatIfResult> what_if;
    if (arguments.what_if) {
        if (!conversation.finished()) throw std::runtime_error("--what-if: the conversation did not reach an ending");
        roleplay::WhatIfOptions options;
        options.customers = arguments.what_if_customers;
        what_if = roleplay::what_if_customers(conversation.scenario(), *conversation.ending(),
                                              population_from_files(arguments.population), options);
    }
    if (arguments.as_json) {
        auto json = roleplay::to_json(debrief);
        if (what_if) json["what_if"] = roleplay::to_json(*what_if);
        std::cout << json.dump(2) << "\n";
    } else {
        std::cout << "\n" << roleplay::debrief_text(debrief);
        if (what_if) print_what_if(*what_if);
    }
    return 0;
}

}  // namespace

void add_roleplay_command(CLI::App& app) {
    auto arguments = std::make_shared<RoleplayArguments>();  // outlives this call: the callback reads it
    auto* command = app.add_subcommand("roleplay", "Practise a customer conversation and get a debrief (assets/scenarios/*.json)");
    command->add_option("scenario", arguments->scenario_path, "A role-play scenario JSON file")->required()->check(CLI::ExistingFile);
    command->add_option("--seed", arguments->seed, "Random seed for the customer's lines: the same seed gives the same conversation")
        ->capture_default_str();
    command->add_option("--choices", arguments->choices, "Play these replies in order without asking (1-based, e.g. 1,2,1)")
        ->delimiter(',');
    command->add_flag("--json", arguments->as_json, "Print only the debrief, as JSON");
    command->add_flag("--validate", arguments->validate_only, "Check the scenario and print the findings; exit 1 on errors");
    command->add_flag("--what-if", arguments->what_if,
                      "After the ending, simulate customers like this one as the ending left them and as the scenario's best "
                      "ending would have (the population: --model/--spend-model, or the sample shop's defaults)");
    command->add_option("--customers", arguments->what_if_customers, "Customers for --what-if")->capture_default_str();
    add_simulation_input_options(*command, arguments->population);
    // --what-if simulates customers without outreach, so touch effects play no part.
    command->remove_option(command->get_option("--effects"));
    command->footer(
        "Each reply is scored on the behaviours that keep customers (clarifies expectations, proactive, open question,\n"
        "acknowledges, offers relevant value) and those that lose them (pushy, vague, defensive, makes the customer repeat).\n"
        "The debrief quotes the moments that earned or lost points, with a stronger reply for each missed one.");
    command->callback([arguments] { run_reporting_errors("roleplay", [&] { return run_roleplay(*arguments); }); });
}

}  // namespace touchpoint::cli
