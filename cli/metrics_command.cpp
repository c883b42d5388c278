#include "metrics_command.hpp"
#include "cli_common.hpp"

#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/help/glossary.hpp"
#include "touchpoint/metrics/headline.hpp"
#include "touchpoint/metrics/support.hpp"
#include "touchpoint/metrics/surveys.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace touchpoint::cli {

// Resolves --from/--to against the store's history: an open end is the first or last order.
std::optional<metrics::DateWindow> window_from(const data::Dataset& dataset, const std::string& from, const std::string& to,
                                               const char* what) {
    const auto history = metrics::whole_history(dataset);
    metrics::DateWindow window = history.value_or(metrics::DateWindow{});
    for (const auto& [text, day] : {std::pair{&from, &window.first_day}, std::pair{&to, &window.last_day}}) {
        if (text->empty()) {
            if (!history) {
                std::cerr << "touchpoint metrics: the store has no orders; give both dates of the " << what << "\n";
                return std::nullopt;
            }
            continue;
        }
        const auto parsed = data::parse_iso_date(*text);
        if (!parsed) {
            std::cerr << "touchpoint metrics: dates are YYYY-MM-DD, got '" << *text << "'\n";
            return std::nullopt;
        }
        *day = data::day_number(*parsed);
    }
    if (window.last_day < window.first_day) {
        std::cerr << "touchpoint metrics: the " << what << " ends before it starts\n";
        return std::nullopt;
    }
    return window;
}

namespace {

std::string metrics_footer() {
    std::string text = "Definitions:\n";
    std::vector<std::string_view> shown;
    const auto add = [&](std::string_view key) {
        if (std::find(shown.begin(), shown.end(), key) != shown.end()) return;
        shown.push_back(key);
        text += definition_line(key);
    };
    for (const auto& definition : metrics::metric_definitions()) add(definition.key);
    text += "With --report, --from, --to or --compare-*, the full report for the date window:\n";
    add("date_window");
    for (const char* key : metrics::retention_report_keys()) add(key);
    return text + "Run `touchpoint glossary` for every metric and model parameter.\n";
}

void print_table(const metrics::HeadlineMetrics& m) {
    auto optional_text = [](const std::optional<double>& value, const char* format) {
        if (!value) return std::string("n/a");
        char text[32];
        std::snprintf(text, sizeof text, format, *value);
        return std::string(text);
    };
    std::cout << "Customers                   " << m.customers << "\n"
              << "Orders                      " << m.orders << "\n"
              << "Repeat purchase rate        "
              << optional_text(m.repeat_purchase_rate ? std::optional(*m.repeat_purchase_rate * 100) : std::nullopt, "%.1f%%")
              << "\n"
              << "Median days between orders  " << optional_text(m.median_days_between_orders, "%.1f") << "\n\n"
              << "Month     Returning  New\n";
    for (const auto& month : m.returning_by_month) {
        char line[64];
        std::snprintf(line, sizeof line, "%-8s  %9lld  %lld\n", month.month.c_str(),
                      static_cast<long long>(month.returning), static_cast<long long>(month.new_customers));
        std::cout << line;
    }
}

int run_headline_metrics(const std::string& path, bool as_json) {
    if (!std::filesystem::exists(path)) {
        std::cerr << "touchpoint metrics: " << path << ": no such file\n";
        return 1;
    }
    auto store = data::Store::open(path);
    const auto result = metrics::compute_headline_metrics(data::load_dataset(store));
    if (as_json)
        std::cout << metrics::to_json(result).dump(2) << "\n";
    else
        print_table(result);
    return 0;
}

// ---- `metrics` with a date window: the full retention report, or two windows side by side ----

struct ReportArguments {
    std::string store_path, from, to, compare_from, compare_to, period = "month";
    int churn_days = 90;
    bool as_json = false;
};

std::string optional_text(const std::optional<double>& value, const char* format, double scale = 1.0) {
    if (!value) return "n/a";
    char text[48];
    std::snprintf(text, sizeof text, format, *value * scale);
    return text;
}

// A figure as the table shows it: rates in percent, money and averages with two decimals.
std::string figure_text(std::string_view key, const std::optional<double>& value) {
    const bool is_rate = key == "repeat_purchase_rate" || key == "churn_rate" || key == "lost_after_first_purchase";
    if (is_rate) return optional_text(value, "%.1f%%", 100.0);
    if (key == "revenue_stability_cv" || key == "purchase_frequency") return optional_text(value, "%.3f");
    if (value && *value == std::floor(*value) && key != "revenue") return optional_text(value, "%.0f");
    return optional_text(value, "%.2f");
}

std::string label_of(std::string_view key) {
    const auto* entry = help::find_entry(key);
    return entry ? std::string(entry->label) : std::string(key);
}

void print_report(const metrics::RetentionReport& report) {
    const auto json = metrics::to_json(report);
    std::cout << "Window " << json["window"]["from"].get<std::string>() << " to " << json["window"]["to"].get<std::string>()
              << " (churn window " << report.options.churn_window_days << " days, by "
              << metrics::period_name(report.options.period) << ")\n\n";
    for (const char* key : metrics::retention_report_keys()) {
        const auto& value = json[key];
        if (!value.is_null() && !value.is_number()) continue;  // the tables below
        char line[160];
        std::snprintf(line, sizeof line, "%-44s %s\n", label_of(key).c_str(),
                      figure_text(key, value.is_null() ? std::nullopt : std::optional(value.get<double>())).c_str());
        std::cout << line;
    }
    std::cout << "\nDays between purchases  Repeat purchases\n";
    for (const auto& bin : json["inter_purchase_time"]["bins"]) {
        const std::string range = std::to_string(bin["from_days"].get<int>()) +
                                  (bin["to_days"].is_null() ? "+" : "-" + std::to_string(bin["to_days"].get<int>()));
        char line[80];
        std::snprintf(line, sizeof line, "%-22s  %lld\n", range.c_str(), static_cast<long long>(bin["count"].get<std::int64_t>()));
        std::cout << line;
    }
    std::cout << "\nPeriod     Active    New  Returning  Orders     Revenue\n";
    for (const auto& period : report.per_period) {
        char line[128];
        std::snprintf(line, sizeof line, "%-9s%s %6lld %6lld %10lld %7lld %11.2f\n", period.label.c_str(),
                      period.within_window ? " " : "*", static_cast<long long>(period.active_customers),
                      static_cast<long long>(period.new_customers), static_cast<long long>(period.returning_customers),
                      static_cast<long long>(period.orders), period.revenue);
        std::cout << line;
    }
    std::cout << "(* the window covers only part of the period; left out of revenue stability)\n";
}

void print_feedback(const metrics::SurveyMetrics& surveys, const metrics::SupportMetrics& support) {
    const auto count = [](std::int64_t value) { return static_cast<long long>(value); };
    std::cout << "\nSurveys: " << count(surveys.responses) << (surveys.window ? " answers in the window\n" : " answers\n");
    char line[160];
    std::snprintf(line, sizeof line, "  %-42s %s  (%lld answers)\n", label_of("nps").c_str(), optional_text(surveys.nps, "%.1f").c_str(), count(surveys.nps_answers));
    std::cout << line;
    std::snprintf(line, sizeof line, "  %-42s %s  (%lld answers)\n", label_of("csat").c_str(), optional_text(surveys.csat, "%.1f%%").c_str(), count(surveys.csat_answers));
    std::cout << line;
    std::snprintf(line, sizeof line, "  %-42s %s  (%lld answers)\n", label_of("ces").c_str(), optional_text(surveys.ces, "%.2f").c_str(), count(surveys.ces_answers));
    std::cout << line;
    std::cout << "  Bought again within " << surveys.retention_horizon_days << " days of answering:\n";
    for (const auto& [score, groups] : {std::pair{"NPS", &surveys.nps_retention}, std::pair{"CSAT", &surveys.csat_retention},
                                        std::pair{"CES", &surveys.ces_retention}})
        for (const auto& group : *groups) {
            std::snprintf(line, sizeof line, "    %-5s %-14s %7s of %lld answers (%lld too recent to judge)\n", score, group.label.c_str(),
                          optional_text(group.later_retention.rate, "%.1f%%", 100.0).c_str(), count(group.later_retention.counted),
                          count(group.later_retention.too_recent));
            std::cout << line;
        }
    std::cout << "\nSupport: " << count(support.overall.opened) << (support.window ? " tickets opened in the window\n" : " tickets\n");
    std::cout << "  Channel         Opened  Answered  Resolved  First response (median days)  Resolution (median days)  Resolved\n";
    auto figures_line = [&](const metrics::SupportFigures& figures, const std::string& name) {
        std::snprintf(line, sizeof line, "  %-14s %7lld %9lld %9lld %29s %25s %9s\n", name.c_str(), count(figures.opened), count(figures.answered),
                      count(figures.resolved), optional_text(figures.first_response.median_days, "%.1f").c_str(),
                      optional_text(figures.resolution.median_days, "%.1f").c_str(),
                      optional_text(figures.resolution_rate, "%.1f%%", 100.0).c_str());
        std::cout << line;
    };
    figures_line(support.overall, "all");
    for (const auto& channel : support.by_channel) figures_line(channel, channel.channel.empty() ? "(none)" : channel.channel);
    std::snprintf(line, sizeof line, "  bought within %d days after a fast first response: %s of %lld; after a slow one or none: %s of %lld\n",
                  support.retention_horizon_days, optional_text(support.fast_response_retention.rate, "%.1f%%", 100.0).c_str(),
                  count(support.fast_response_retention.counted), optional_text(support.slow_response_retention.rate, "%.1f%%", 100.0).c_str(),
                  count(support.slow_response_retention.counted));
    std::cout << line;
}

void print_comparison(const metrics::RetentionComparison& comparison) {
    const auto json_a = metrics::to_json(comparison.a)["window"], json_b = metrics::to_json(comparison.b)["window"];
    char line[200];
    std::snprintf(line, sizeof line, "%-44s %24s %24s %12s\n", "", (json_a["from"].get<std::string>() + " to " + json_a["to"].get<std::string>()).c_str(),
                  (json_b["from"].get<std::string>() + " to " + json_b["to"].get<std::string>()).c_str(), "B - A");
    std::cout << line;
    for (const auto& figure : comparison.differences) {
        // A difference of two rates is in percentage points, not a rate itself.
        std::string difference = figure_text(figure.key, figure.difference);
        if (difference.ends_with('%')) difference.replace(difference.size() - 1, 1, " pp");
        std::snprintf(line, sizeof line, "%-44s %24s %24s %12s\n", label_of(figure.key).c_str(), figure_text(figure.key, figure.a).c_str(),
                      figure_text(figure.key, figure.b).c_str(), difference.c_str());
        std::cout << line;
    }
}

int run_retention_report(const ReportArguments& arguments) {
    if (!std::filesystem::exists(arguments.store_path)) {
        std::cerr << "touchpoint metrics: " << arguments.store_path << ": no such file\n";
        return 1;
    }
    auto store = data::Store::open(arguments.store_path);
    const auto dataset = data::load_dataset(store);
    const metrics::RetentionOptions options{arguments.churn_days, *metrics::period_from_name(arguments.period)};
    const auto window = window_from(dataset, arguments.from, arguments.to, "window");
    if (!window) return 1;

    if (arguments.compare_from.empty() && arguments.compare_to.empty()) {
        const auto report = metrics::compute_retention_report(dataset, *window, options);
        // Survey answers given and tickets opened in the window, with their later retention;
        // without --from and --to every answer and ticket, even those after the last order.
        const bool whole_history = arguments.from.empty() && arguments.to.empty();
        const auto feedback_window = whole_history ? std::nullopt : std::optional(*window);
        const auto surveys = metrics::survey_metrics(store, dataset, {feedback_window});
        const auto support = metrics::support_metrics(store, dataset, {feedback_window});
        if (arguments.as_json) {
            auto json = metrics::to_json(report);
            json["surveys"] = metrics::to_json(surveys);
            json["support"] = metrics::to_json(support);
            std::cout << json.dump(2) << "\n";
        } else {
            print_report(report);
            print_feedback(surveys, support);
        }
        return 0;
    }
    const auto other = window_from(dataset, arguments.compare_from, arguments.compare_to, "compared window");
    if (!other) return 1;
    const auto comparison = metrics::compare_windows(dataset, *window, *other, options);
    if (arguments.as_json)
        std::cout << metrics::to_json(comparison).dump(2) << "\n";
    else
        print_comparison(comparison);
    return 0;
}

}  // namespace

void add_metrics_command(CLI::App& app) {
    // Without window options `metrics` prints the headline metrics, exactly as the workbench's
    // dashboard shows them (the browser tests compare the two); any window option asks for the report.
    auto arguments = std::make_shared<ReportArguments>();  // outlives this call: the callback reads it
    auto full_report = std::make_shared<bool>(false);
    auto* metrics_command = app.add_subcommand("metrics", "Print the headline retention metrics of a store, or the full report for a date window");
    metrics_command->add_option("store", arguments->store_path, "SQLite file")->required();
    metrics_command->add_flag("--json", arguments->as_json, "Print JSON instead of a table");
    metrics_command->add_flag("--report", *full_report, "The full retention report over the whole history, with every survey answer and ticket");
    auto* from_option = metrics_command->add_option("--from", arguments->from, "First day of the window, YYYY-MM-DD (default: the first order)");
    auto* to_option = metrics_command->add_option("--to", arguments->to, "Last day of the window, included (default: the last order)");
    auto* churn_option = metrics_command->add_option("--churn-days", arguments->churn_days,
                                                     "N, the churn window: the window's last N days")->capture_default_str()->check(CLI::PositiveNumber);
    auto* period_option = metrics_command->add_option("--period", arguments->period, "Per-period figures by month or ISO week")
                              ->capture_default_str()->check(CLI::IsMember({"month", "week"}));
    auto* compare_from_option = metrics_command->add_option("--compare-from", arguments->compare_from,
                                                            "First day of a second window (B) shown beside the first (A)");
    auto* compare_to_option = metrics_command->add_option("--compare-to", arguments->compare_to, "Last day of the second window");
    metrics_command->footer(metrics_footer());
    const std::vector<CLI::Option*> window_options{from_option, to_option, churn_option, period_option, compare_from_option, compare_to_option};
    // Failures other than its own messages read "touchpoint: ...", as they always have.
    metrics_command->callback([arguments, full_report, window_options] {
        run_reporting_errors("", [&] {
            const bool wants_report = *full_report || std::any_of(window_options.begin(), window_options.end(),
                                                                  [](const CLI::Option* option) { return option->count() > 0; });
            return wants_report ? run_retention_report(*arguments) : run_headline_metrics(arguments->store_path, arguments->as_json);
        });
    });
}

}  // namespace touchpoint::cli
