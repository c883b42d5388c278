#include "segments_command.hpp"
#include "cli_common.hpp"

#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/help/glossary.hpp"
#include "touchpoint/metrics/rfm.hpp"
#include "touchpoint/metrics/segments.hpp"

#include <nlohmann/json.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace touchpoint::cli {

namespace {

struct SegmentsArguments {
    std::string store_path;
    std::string rules_path;
    std::string as_of;
    std::string from;
    bool include_customers = false;
    bool as_json = false;
};

std::string segments_footer() {
    std::string text =
        "Rules file (--rules): one JSON object; keys left out keep their defaults:\n"
        "  " + metrics::to_json(metrics::SegmentRules{}).dump() + "\n\nDefinitions:\n";
    for (const auto* key : {"segment_rule_new_within_days", "segment_rule_loyal_min_purchase_days",
                            "segment_rule_lapse_gap_multiple", "segment_rule_one_time_lapse_days", "segment_new",
                            "segment_returning", "segment_loyal", "segment_lapsed", "segment_revenue",
                            "segment_trend", "segment_migration", "rfm_recency", "rfm_frequency", "rfm_monetary", "rfm_fm"})
        text += labelled_definition_line(glossary_entry(key));
    return text + "Run `touchpoint glossary --group Segments` for the named RFM segments.\n";
}

metrics::SegmentRules read_rules(const std::string& path) {
    if (path.empty()) return {};
    const auto text = read_file(path);
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& error) {
        throw std::runtime_error(path + ": not valid JSON (" + error.what() + ")");
    }
    try {
        return metrics::segment_rules_from_json(json);
    } catch (const metrics::SegmentRulesError& error) {
        throw std::runtime_error(path + ": " + error.what());
    }
}

std::string percent(std::int64_t part, std::int64_t whole) {
    char text[16];
    std::snprintf(text, sizeof text, "%.1f%%", whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
    return text;
}

void print_report(const metrics::SegmentReport& report, const metrics::RfmResult& rfm) {
    const auto& rules = report.rules;
    char line[160];
    std::cout << "Segments as of " << iso_date(report.as_of_day) << " (new within " << rules.new_within_days
              << " days; loyal from " << rules.loyal_min_purchase_days << " purchase days; lapsed after "
              << rules.lapse_gap_multiple << " x own median gap, or " << rules.one_time_lapse_days
              << " days for one-time buyers)\n\n";
    std::snprintf(line, sizeof line, "%-20s %10s  %6s  %12s\n", "Segment", "Customers", "Share", "Revenue");
    std::cout << line;
    double revenue = 0.0;
    for (std::size_t s = 0; s < metrics::segment_count; ++s) {
        const auto label = metrics::segment_label(static_cast<metrics::Segment>(s));
        std::snprintf(line, sizeof line, "%-20.*s %10lld  %6s  %12.2f\n", static_cast<int>(label.size()), label.data(),
                      static_cast<long long>(report.totals.customers[s]),
                      percent(report.totals.customers[s], report.totals.total_customers).c_str(), report.totals.revenue[s]);
        std::cout << line;
        revenue += report.totals.revenue[s];
    }
    std::snprintf(line, sizeof line, "%-20s %10lld  %6s  %12.2f\n", "Total", static_cast<long long>(report.totals.total_customers),
                  "", revenue);
    std::cout << line;

    std::snprintf(line, sizeof line, "\n%-20s %10s  %6s  %12s\n", "RFM segment", "Customers", "Share", "Revenue");
    std::cout << line;
    for (std::size_t s = 0; s < metrics::rfm_segment_count; ++s) {
        const auto label = metrics::rfm_segment_label(static_cast<metrics::RfmSegment>(s));
        std::snprintf(line, sizeof line, "%-20.*s %10lld  %6s  %12.2f\n", static_cast<int>(label.size()), label.data(),
                      static_cast<long long>(rfm.segment_customers[s]),
                      percent(rfm.segment_customers[s], rfm.total_customers).c_str(), rfm.segment_revenue[s]);
        std::cout << line;
    }

    std::snprintf(line, sizeof line, "\n%-10s %10s %10s %10s %10s\n", "Month end", "New", "Returning", "Loyal", "Lapsed");
    std::cout << line;
    for (const auto& point : report.trend) {
        std::snprintf(line, sizeof line, "%s %10lld %10lld %10lld %10lld\n", iso_date(point.day).c_str(),
                      static_cast<long long>(point.customers[0]), static_cast<long long>(point.customers[1]),
                      static_cast<long long>(point.customers[2]), static_cast<long long>(point.customers[3]));
        std::cout << line;
    }

    if (report.migration) {
        std::cout << "\nMigration from " << iso_date(report.migration->from_day) << " (rows) to "
                  << iso_date(report.migration->to_day) << " (columns)\n";
        std::snprintf(line, sizeof line, "%-20s %10s %10s %10s %10s\n", "", "New", "Returning", "Loyal", "Lapsed");
        std::cout << line;
        for (std::size_t row = 0; row <= metrics::segment_count; ++row) {
            const auto label = metrics::segment_label(static_cast<metrics::Segment>(row));
            const auto& counts = report.migration->counts[row];
            std::snprintf(line, sizeof line, "%-20.*s %10lld %10lld %10lld %10lld\n", static_cast<int>(label.size()),
                          label.data(), static_cast<long long>(counts[0]), static_cast<long long>(counts[1]),
                          static_cast<long long>(counts[2]), static_cast<long long>(counts[3]));
            std::cout << line;
        }
    }
}

void run_segments(const SegmentsArguments& arguments) {
    metrics::SegmentOptions options;
    options.rules = read_rules(arguments.rules_path);
    if (!arguments.as_of.empty()) options.as_of_day = data::day_number(date_option("--as-of", arguments.as_of));
    if (!arguments.from.empty()) options.migration_from_day = data::day_number(date_option("--from", arguments.from));

    auto store = data::Store::open(arguments.store_path);
    const auto dataset = data::load_dataset(store);
    const auto history = metrics::build_purchase_history(dataset);
    const auto report = metrics::compute_segments(history, options);
    const auto rfm = metrics::compute_rfm(metrics::customer_stats_as_of(history, report.as_of_day));

    if (arguments.as_json) {
        auto json = metrics::to_json(report, dataset, arguments.include_customers);
        json["rfm"] = metrics::to_json(rfm, dataset, arguments.include_customers);
        std::cout << json.dump(2) << "\n";
    } else {
        print_report(report, rfm);
        if (arguments.include_customers) {
            std::cout << "\ncustomer_id,segment,recency_days,frequency,monetary,r,f,m,rfm_segment\n";
            for (std::size_t c = 0; c < dataset.customer_count(); ++c) {
                const auto& scores = rfm.customers[c];
                if (scores.frequency == 0) continue;
                char numbers[96];
                std::snprintf(numbers, sizeof numbers, ",%d,%d,%.2f,%d,%d,%d,", scores.recency_days, scores.frequency,
                              scores.monetary, scores.recency_score, scores.frequency_score, scores.monetary_score);
                std::cout << data::csv_field(dataset.customer_ids[c]) << "," << metrics::segment_key(report.customer_segments[c])
                          << numbers << metrics::rfm_segment_key(scores.segment) << "\n";
            }
        }
    }
}

}  // namespace

void add_segments_command(CLI::App& app) {
    auto arguments = std::make_shared<SegmentsArguments>();  // outlives this call: the callback reads it
    auto* command = app.add_subcommand(
        "segments", "Segment customers (new, returning, loyal, lapsed) under editable rules, and score RFM, as of a date");
    command->add_option("store", arguments->store_path, "SQLite file")->required()->check(CLI::ExistingFile);
    command->add_option("--rules", arguments->rules_path,
                        "JSON file of segment rules (format below); the defaults when omitted")
        ->check(CLI::ExistingFile);
    command->add_option("--as-of", arguments->as_of,
                        "Evaluate as of this date, YYYY-MM-DD: only purchases on or before it count (default: the last purchase day)");
    command->add_option("--from", arguments->from,
                        "Also print the migration matrix from this date (YYYY-MM-DD) to the as-of date. " +
                            glossary_text("segment_migration"));
    command->add_flag("--customers", arguments->include_customers,
                      "Also list every customer's segment and RFM scores (a CSV block, or customer arrays in JSON)");
    command->add_flag("--json", arguments->as_json, "Print JSON instead of tables");
    command->footer(segments_footer());
    command->callback([arguments] { run_reporting_errors("segments", [&] { run_segments(*arguments); }); });
}

}  // namespace touchpoint::cli
