#include "customer_command.hpp"
#include "cli_common.hpp"

#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/customer_timeline.hpp"
#include "touchpoint/data/store.hpp"

#include <nlohmann/json.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

namespace touchpoint::cli {

namespace {

struct CustomerArguments {
    std::string store_path;
    std::string customer_id;
    bool as_json = false;
};

// A day that may be missing: "-".
std::string date_or_dash(const std::optional<int>& day) { return day ? iso_date(*day) : std::string("-"); }

std::string score(const char* name, const std::optional<double>& value) {
    if (!value) return {};
    char text[32];
    std::snprintf(text, sizeof text, "%s %g  ", name, *value);
    return text;
}

// One line of the event's own details, after its date and kind.
std::string details_of(const data::TimelineEvent& event) {
    char text[64];
    switch (event.kind) {
        case data::TimelineEventKind::Order: {
            std::snprintf(text, sizeof text, "%10.2f  ", event.amount);
            std::string line = text + event.order_id;
            if (!event.category.empty()) line += "  " + event.category;
            if (!event.channel.empty()) line += "  via " + event.channel;
            if (!event.status.empty()) line += "  (" + event.status + ")";
            if (event.is_return) line += "  NOT A PURCHASE (" + (event.flag.empty() ? std::string("refund") : event.flag) + ")";
            return line;
        }
        case data::TimelineEventKind::Touch:
            return (event.touch_type.empty() ? std::string("touch") : event.touch_type) +
                   (event.channel.empty() ? "" : " via " + event.channel) + (event.outcome.empty() ? "" : ": " + event.outcome);
        case data::TimelineEventKind::Survey: {
            std::string scores = score("NPS", event.nps) + score("CSAT", event.csat) + score("CES", event.ces);
            while (!scores.empty() && scores.back() == ' ') scores.pop_back();
            return scores.empty() ? "no score given" : scores;
        }
        case data::TimelineEventKind::Ticket:
            return (event.ticket_id.empty() ? std::string("ticket") : event.ticket_id) +
                   (event.channel.empty() ? "" : " via " + event.channel) + ", first response " +
                   date_or_dash(event.first_response_day) + ", resolved " + date_or_dash(event.resolved_day);
    }
    return {};
}

void print_timeline(const data::CustomerTimeline& timeline) {
    std::cout << "Customer " << timeline.customer_id << "\n";
    if (timeline.profile)
        std::cout << "  signed up " << date_or_dash(timeline.profile->signup_day) << ", region "
                  << (timeline.profile->region.empty() ? "-" : timeline.profile->region) << ", acquired via "
                  << (timeline.profile->acquisition_channel.empty() ? "-" : timeline.profile->acquisition_channel)
                  << ", renewal " << date_or_dash(timeline.profile->renewal_day) << "\n";
    else
        std::cout << "  (no row in the customers table)\n";
    const auto counts = timeline.count_by_kind();
    char line[256];
    std::snprintf(line, sizeof line, "  %lld orders (%lld returns or refunds) on %lld purchase days, revenue %.2f; "
                                     "%lld touches, %lld survey answers, %lld tickets\n\n",
                  static_cast<long long>(counts[0]), static_cast<long long>(timeline.returns()),
                  static_cast<long long>(timeline.purchase_days()), timeline.revenue(), static_cast<long long>(counts[1]),
                  static_cast<long long>(counts[2]), static_cast<long long>(counts[3]));
    std::cout << line;
    std::snprintf(line, sizeof line, "%-10s  %-6s  %s\n", "Date", "Kind", "Details");
    std::cout << line;
    for (const auto& event : timeline.events) {
        const auto kind = data::timeline_event_kind_key(event.kind);
        std::snprintf(line, sizeof line, "%-10s  %-6.*s  ", iso_date(event.day).c_str(), static_cast<int>(kind.size()), kind.data());
        std::cout << line << details_of(event) << "\n";
    }
}

void run_customer(const CustomerArguments& arguments) {
    auto store = data::Store::open(arguments.store_path);
    const auto timeline = data::load_customer_timeline(store, arguments.customer_id);
    if (!timeline)
        throw std::runtime_error("no customer '" + arguments.customer_id + "' in " + arguments.store_path +
                                 " (no order, customer row, touch, survey answer or ticket has that id)");
    if (arguments.as_json)
        std::cout << data::to_json(*timeline).dump(2) << "\n";
    else
        print_timeline(*timeline);
}

}  // namespace

void add_customer_command(CLI::App& app) {
    auto arguments = std::make_shared<CustomerArguments>();  // outlives this call: the callback reads it
    auto* command = app.add_subcommand(
        "customer", "One customer's timeline: orders (returns and refunds flagged), touches, survey answers and tickets, by date");
    command->add_option("store", arguments->store_path, "SQLite file")->required()->check(CLI::ExistingFile);
    command->add_option("id", arguments->customer_id, "Customer id, exactly as stored")->required();
    command->add_flag("--json", arguments->as_json, "Print JSON instead of a table");
    command->callback([arguments] { run_reporting_errors("customer", [&] { run_customer(*arguments); }); });
}

}  // namespace touchpoint::cli
