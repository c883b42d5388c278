// touchpoint: the native command line over the same core as the workbench.
#include "touchpoint/clv/summary.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/help/glossary.hpp"
#include "touchpoint/metrics/cohorts.hpp"
#include "touchpoint/metrics/headline.hpp"
#include "touchpoint/metrics/retention.hpp"
#include "touchpoint/metrics/support.hpp"
#include "touchpoint/metrics/surveys.hpp"
#include "abtest_command.hpp"
#include "customer_command.hpp"
#include "fit_command.hpp"
#include "power_command.hpp"
#include "roleplay_command.hpp"
#include "segments_command.hpp"
#include "simulate_command.hpp"
#include "sweep_command.hpp"
#include "workspace_command.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace touchpoint;

// Help texts take their words from the glossary, so `--help` and the workbench's hover say the same.
std::string glossary_text(std::string_view key) {
    const auto definition = help::definition_of(key);
    if (definition.empty()) throw std::logic_error("the glossary has no entry '" + std::string(key) + "'");
    return std::string(definition);
}

std::string metrics_footer() {
    std::string text = "Definitions:\n";
    std::vector<std::string_view> shown;
    const auto add = [&](std::string_view key) {
        if (std::find(shown.begin(), shown.end(), key) != shown.end()) return;
        shown.push_back(key);
        text += "  " + std::string(key) + ": " + glossary_text(key) + "\n";
    };
    for (const auto& definition : metrics::metric_definitions()) add(definition.key);
    text += "With --report, --from, --to or --compare-*, the full report for the date window:\n";
    add("date_window");
    for (const char* key : metrics::retention_report_keys()) add(key);
    return text + "Run `touchpoint glossary` for every metric and model parameter.\n";
}

std::string glossary_group_footer(std::string_view group) {
    std::string text = "Definitions:\n";
    for (const auto* entry : help::entries_in_group(group))
        text += "  " + std::string(entry->label) + ": " + std::string(entry->definition) + "\n";
    return text;
}

nlohmann::json to_json(const help::GlossaryEntry& entry) {
    return {{"key", entry.key}, {"label", entry.label}, {"group", entry.group}, {"definition", entry.definition}};
}

void print_entry(const help::GlossaryEntry& entry) {
    // One line per definition, unwrapped: the terminal wraps it, and grep finds it whole.
    std::cout << "  " << entry.key << " (" << entry.label << ")\n      " << entry.definition << "\n";
}

int run_glossary(const std::string& key, const std::string& group, bool as_json) {
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
        if (as_json)
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
    if (as_json) {
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

int run_sample(const std::string& out, const data::SampleShopOptions& options, bool replace) {
    if (std::filesystem::exists(out)) {
        if (!replace) {
            std::cerr << "touchpoint sample: " << out << " already exists (use --force to replace it)\n";
            return 1;
        }
        std::filesystem::remove(out);
    }
    const auto shop = data::generate_sample_shop(options);
    auto store = data::Store::open(out);
    data::write_sample_shop(store, shop);
    std::cerr << "touchpoint sample: wrote " << shop.customers.size() << " customers and " << shop.orders.size()
              << " orders to " << out << " (seed " << options.seed << ")\n";
    return 0;
}

std::string read_file(const std::string& path) {
    auto bytes = data::read_file_bytes(path);
    if (!bytes) throw std::runtime_error(path + ": cannot read the file");
    return std::move(*bytes);
}
struct ImportArguments {
    std::string store_path, file_path, table = "orders", date_format, sheet, rejected_csv;
    std::vector<std::string> mappings;
    bool as_json = false;
    bool preview = false;
};

// The first orders as they would be stored, as the page's preview shows them.
void print_preview(const data::ImportReport& report) {
    std::cout << "order_id,customer_id,order_date,amount,quantity,category,channel,status,flag,lines\n";
    for (const auto& order : report.preview) {
        char amount[32];
        std::snprintf(amount, sizeof amount, "%.2f", order.amount);
        std::cout << data::csv_field(order.order_id) << ',' << data::csv_field(order.customer_id) << ',' << order.order_date << ','
                  << amount << ',' << order.quantity << ',' << data::csv_field(order.category) << ','
                  << data::csv_field(order.channel) << ',' << data::csv_field(order.status) << ',' << order.flag << ','
                  << order.lines << "\n";
    }
}

int run_import(const ImportArguments& arguments) {
    const auto* spec = data::table_spec_by_name(arguments.table);
    if (!spec) {
        std::cerr << "touchpoint import: unknown table '" << arguments.table << "'\n";
        return 1;
    }
    data::ImportOptions options;
    options.table = spec->kind;
    options.build_dataset = false;  // the CLI reports; it has no dashboard to feed
    options.max_rows = 0;           // the row limit is the page's memory; the CLI reads what fits in the machine's
    options.sheet = arguments.sheet;
    options.confirm_before_writing = arguments.preview;  // and never confirmed: nothing is written
    for (const auto& mapping : arguments.mappings) {
        const auto equals = mapping.find('=');
        if (equals == std::string::npos) {
            std::cerr << "touchpoint import: --map takes field=column, got '" << mapping << "'\n";
            return 1;
        }
        options.mapping_overrides.emplace_back(mapping.substr(0, equals), mapping.substr(equals + 1));
    }
    if (!arguments.date_format.empty()) {
        options.date_layout = data::date_layout_from_name(arguments.date_format);
        if (!options.date_layout) {
            std::cerr << "touchpoint import: unknown --date-format '" << arguments.date_format
                      << "' (use ISO 8601, d/m/Y, m/d/Y, d.m.Y, Y/m/d, YYYYMMDD or 'Excel serial')\n";
            return 1;
        }
    }
    const std::string bytes = read_file(arguments.file_path);
    auto store = data::Store::open(arguments.store_path);
    const std::string file_name = std::filesystem::path(arguments.file_path).filename().string();

    data::ImportJob job(store, file_name, bytes, options);
    const bool show_progress = !arguments.as_json;
    const auto progress = jobs::run_to_completion(job, [&](const jobs::Progress& p) {
        if (show_progress && !p.finished)
            std::cerr << "\r" << p.phase << ": " << static_cast<long long>(p.items) << " " << p.items_unit << "   " << std::flush;
    });
    if (show_progress) std::cerr << "\r" << std::string(60, ' ') << "\r";
    data::ImportReport report = job.report();
    if (progress.waiting && job.phase() == data::ImportPhase::NeedsDecision) {
        report.fatal_error = file_name + ": " + job.question()->message + " Choose with --date-format d/m/Y or m/d/Y.";
        job.cancel();
    }
    if (!arguments.rejected_csv.empty()) {
        std::ofstream rejected(arguments.rejected_csv, std::ios::binary);
        rejected << data::rejected_rows_csv(report);
        if (!rejected) {
            std::cerr << "touchpoint import: cannot write " << arguments.rejected_csv << "\n";
            return 1;
        }
    }

    if (arguments.as_json) {
        std::cout << data::to_json(report).dump(2) << "\n";
    } else if (report.fatal_error) {
        std::cerr << "touchpoint import: " << *report.fatal_error << "\n";
    } else if (report.duplicate_of) {
        std::cout << file_name << ": " << *report.duplicate_of << "\n";
    } else {
        std::cout << file_name << " -> " << report.table << " (" << report.encoding << ", " << report.dialect
                  << (report.date_layout.empty() ? "" : ", dates " + report.date_layout) << ")\n";
        if (!report.recognised_export.empty()) std::cout << "recognised: " << report.recognised_export << " export\n";
        std::cout << "columns:";
        for (const auto& [field, column] : report.mapping) std::cout << " " << field << "=" << column;
        std::cout << "\n" << data::summary_line(report) << (arguments.preview ? " (preview: nothing was written)" : "") << "\n";
        if (report.total_mismatches > 0)
            std::cout << report.total_mismatches << " orders have a total that differs from the sum of their lines; the total was used\n";
        for (const auto& group : report.reasons) {
            std::cout << (group.skipped ? "left out: " : "rejected: ") << group.reason << " (" << group.count << ")\n";
            for (const auto& row : group.examples) std::cout << "  " << data::describe(row) << "\n";
        }
        for (const auto& note : report.notes) std::cout << "note: " << note << "\n";
        if (arguments.preview) print_preview(report);
    }
    return report.fatal_error ? 1 : 0;
}

int run_export(const std::string& store_path, const std::string& table, const std::string& out, std::string columns) {
    const auto* spec = data::table_spec_by_name(table);
    if (!spec) {
        std::cerr << "touchpoint export: unknown table '" << table << "'\n";
        return 1;
    }
    if (columns.empty())
        for (const auto& field : spec->fields)
            if (field.stored) columns += (columns.empty() ? "" : ",") + std::string(field.name);
    for (const auto& name : [&] {
             std::vector<std::string> names;
             std::stringstream list(columns);
             for (std::string item; std::getline(list, item, ',');) names.push_back(item);
             return names;
         }()) {
        if (!spec->field(name) || !spec->field(name)->stored) {
            std::cerr << "touchpoint export: the " << table << " table has no column '" << name << "'\n";
            return 1;
        }
    }
    auto store = data::Store::open(store_path);
    std::ofstream file(out, std::ios::binary);
    if (!file) {
        std::cerr << "touchpoint export: cannot write " << out << "\n";
        return 1;
    }
    // SQLite writes each value as text itself, so amounts come out as stored ("55.3", not "55.299999").
    auto rows = store.prepare("SELECT " + columns + " FROM " + spec->sql_table + " ORDER BY rowid");
    const int count = static_cast<int>(std::count(columns.begin(), columns.end(), ',')) + 1;
    file << columns << "\n";
    std::string line;
    std::int64_t written = 0;
    while (rows.step()) {
        line.clear();
        for (int c = 0; c < count; ++c) {
            if (c > 0) line += ',';
            line += data::csv_field(rows.column_text(c));
        }
        line += '\n';
        file << line;
        ++written;
    }
    std::cerr << "touchpoint export: wrote " << written << " rows to " << out << "\n";
    return file ? 0 : 1;
}

int run_summary(const std::string& store_path, const std::string& calibration_end, const std::string& unit, bool as_json) {
    const auto end = data::parse_iso_date(calibration_end);
    if (!end) {
        std::cerr << "touchpoint summary: --calibration-end takes a date as YYYY-MM-DD, got '" << calibration_end << "'\n";
        return 1;
    }
    auto store = data::Store::open(store_path);
    const auto summary = clv::summarise_customers(
        data::load_dataset(store), {*end, unit == "day" ? clv::TimeUnit::Day : clv::TimeUnit::Week});
    if (as_json) {
        std::cout << clv::to_json(summary).dump() << "\n";
        return 0;
    }
    std::cout << "customer_id,x,t_x,T,monetary\n";
    for (const auto& row : summary) {
        char line[160];
        std::snprintf(line, sizeof line, ",%d,%.4f,%.4f,%.4f\n", row.x, row.t_x, row.T, row.monetary);
        std::cout << data::csv_field(row.customer_id) << line;
    }
    return 0;
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

// ---- `cohorts` ----

struct CohortArguments {
    std::string store_path, by = "month", from, to;
    bool show_revenue = false, as_json = false;
};

int run_cohorts(const CohortArguments& arguments) {
    auto store = data::Store::open(arguments.store_path);
    const auto dataset = data::load_dataset(store);
    metrics::CohortOptions options{*metrics::period_from_name(arguments.by), std::nullopt};
    if (!arguments.from.empty() || !arguments.to.empty()) {
        options.window = window_from(dataset, arguments.from, arguments.to, "window");
        if (!options.window) return 1;
    }
    const auto matrix = metrics::compute_cohorts(dataset, options);
    if (arguments.as_json) {
        std::cout << metrics::to_json(matrix).dump(2) << "\n";
        return 0;
    }
    std::cout << (arguments.show_revenue ? "Revenue" : "Customers retained (%)") << " by " << metrics::period_name(matrix.period)
              << " since the first purchase\nCohort       Size";
    const std::size_t columns = matrix.rows.empty() ? 0 : matrix.rows.front().cells.size();
    for (std::size_t k = 0; k < columns; ++k) {
        char header[16];
        std::snprintf(header, sizeof header, arguments.show_revenue ? " %10zu" : " %5zu", k);
        std::cout << header;
    }
    std::cout << "\n";
    for (const auto& row : matrix.rows) {
        char head[48];
        std::snprintf(head, sizeof head, "%-9s %7lld", row.label.c_str(), static_cast<long long>(row.size));
        std::cout << head;
        for (const auto& cell : row.cells) {
            char text[24];
            if (arguments.show_revenue)
                std::snprintf(text, sizeof text, " %10.2f", cell.revenue);
            else
                std::snprintf(text, sizeof text, " %5.1f", cell.retained * 100.0);
            std::cout << text;
        }
        std::cout << "\n";
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Touchpoint: plan post-sale customer care with evidence. All data stays on this machine."};
    app.require_subcommand(1);

    std::string sample_out;
    data::SampleShopOptions sample_options;
    bool replace = false;
    auto* sample = app.add_subcommand("sample", "Write the built-in sample shop (a seeded simulation) to a new store");
    sample->add_option("--out", sample_out, "SQLite file to create")->required();
    sample->add_option("--seed", sample_options.seed, glossary_text("sample_seed"))->capture_default_str();
    sample->add_option("--customers", sample_options.customers, glossary_text("sample_customers"))->capture_default_str()->check(CLI::PositiveNumber);
    sample->add_option("--days", sample_options.days, glossary_text("sample_days"))->capture_default_str()->check(CLI::PositiveNumber);
    sample->add_option("--purchase-rate-shape", sample_options.purchase_rate_shape_r, glossary_text("sample_purchase_rate_shape"))->capture_default_str();
    sample->add_option("--purchase-rate-alpha", sample_options.purchase_rate_rate_alpha, glossary_text("sample_purchase_rate_alpha"))->capture_default_str();
    sample->add_option("--dropout-a", sample_options.dropout_a, glossary_text("sample_dropout_a"))->capture_default_str();
    sample->add_option("--dropout-b", sample_options.dropout_b, glossary_text("sample_dropout_b"))->capture_default_str();
    sample->add_option("--seasonal-peak-day", sample_options.seasonal_peak_day_of_year, glossary_text("sample_seasonal_peak_day"))->capture_default_str();
    sample->add_option("--seasonal-width", sample_options.seasonal_width_days, glossary_text("sample_seasonal_width"))->capture_default_str();
    sample->add_option("--seasonal-amplitude", sample_options.seasonal_amplitude, glossary_text("sample_seasonal_amplitude"))->capture_default_str();
    sample->add_option("--spend-shape-p", sample_options.spend_shape_p, glossary_text("sample_spend_shape_p"))->capture_default_str();
    sample->add_option("--spend-shape-q", sample_options.spend_shape_q, glossary_text("sample_spend_shape_q"))->capture_default_str();
    sample->add_option("--spend-rate-gamma", sample_options.spend_rate_gamma, glossary_text("sample_spend_rate_gamma"))->capture_default_str();
    sample->add_flag("--force", replace, "Replace the file if it exists");

    ImportArguments import_arguments;
    auto* import_command = app.add_subcommand("import", "Import a CSV/TSV file into a store (created if missing), one transaction per file");
    import_command->add_option("store", import_arguments.store_path, "SQLite file")->required();
    import_command->add_option("file", import_arguments.file_path, "CSV, TSV or whitespace-separated file, or an Excel workbook (.xlsx)")->required()->check(CLI::ExistingFile);
    import_command->add_option("--table", import_arguments.table, "orders, customers, touches, surveys, tickets or assignments")->capture_default_str();
    import_command->add_option("--map", import_arguments.mappings, "field=column (a header name or a 1-based column number); repeatable");
    import_command->add_option("--date-format", import_arguments.date_format, "ISO 8601, d/m/Y, m/d/Y, d.m.Y, Y/m/d, YYYYMMDD or 'Excel serial' (detected when omitted)");
    import_command->add_flag("--json", import_arguments.as_json, "Print the import report as JSON");
    import_command->add_option("--sheet", import_arguments.sheet, "The worksheet of an .xlsx workbook to import (the first when omitted)");
    import_command->add_flag("--preview", import_arguments.preview,
                             "Read the file and show what would be stored (counts and the first orders); write nothing");
    import_command->add_option("--rejected", import_arguments.rejected_csv, "Write every rejected row to this CSV file");

    std::string export_store, export_table = "orders", export_out, export_columns;
    auto* export_command = app.add_subcommand("export", "Write a table of a store as CSV");
    export_command->add_option("store", export_store, "SQLite file")->required()->check(CLI::ExistingFile);
    export_command->add_option("--table", export_table, "Table to export")->capture_default_str();
    export_command->add_option("--out", export_out, "CSV file to write")->required();
    export_command->add_option("--columns", export_columns, "Comma-separated columns (default: all fields of the table)");

    std::string summary_store, calibration_end, time_unit = "week";
    bool summary_json = false;
    auto* summary_command = app.add_subcommand("summary", "Per-customer x, t_x, T and monetary value for buy-till-you-die models");
    summary_command->add_option("store", summary_store, "SQLite file")->required()->check(CLI::ExistingFile);
    summary_command->add_option("--calibration-end", calibration_end, "Last day of the calibration period (YYYY-MM-DD)")->required();
    summary_command->add_option("--time-unit", time_unit, "week or day")->capture_default_str()->check(CLI::IsMember({"week", "day"}));
    summary_command->add_flag("--json", summary_json, "Print JSON");
    summary_command->footer(glossary_group_footer("Summary"));

    std::string glossary_key, glossary_group;
    bool glossary_json = false;
    auto* glossary_command = app.add_subcommand("glossary", "Print the definitions of the metrics and model parameters, as the workbench shows them");
    glossary_command->add_option("key", glossary_key, "One entry's key, e.g. repeat_purchase_rate (all entries when omitted)");
    glossary_command->add_option("--group", glossary_group, "Only this group, e.g. Retention or BG/NBD");
    glossary_command->add_flag("--json", glossary_json, "Print JSON: an object for one key, else an array");

    // Without window options `metrics` prints the headline metrics, exactly as the workbench's
    // dashboard shows them (the browser tests compare the two); any window option asks for the report.
    ReportArguments report_arguments;
    bool full_report = false;
    auto* metrics_command = app.add_subcommand("metrics", "Print the headline retention metrics of a store, or the full report for a date window");
    metrics_command->add_option("store", report_arguments.store_path, "SQLite file")->required();
    metrics_command->add_flag("--json", report_arguments.as_json, "Print JSON instead of a table");
    metrics_command->add_flag("--report", full_report, "The full retention report over the whole history, with every survey answer and ticket");
    auto* from_option = metrics_command->add_option("--from", report_arguments.from, "First day of the window, YYYY-MM-DD (default: the first order)");
    auto* to_option = metrics_command->add_option("--to", report_arguments.to, "Last day of the window, included (default: the last order)");
    auto* churn_option = metrics_command->add_option("--churn-days", report_arguments.churn_days,
                                                     "N, the churn window: the window's last N days")->capture_default_str()->check(CLI::PositiveNumber);
    auto* period_option = metrics_command->add_option("--period", report_arguments.period, "Per-period figures by month or ISO week")
                              ->capture_default_str()->check(CLI::IsMember({"month", "week"}));
    auto* compare_from_option = metrics_command->add_option("--compare-from", report_arguments.compare_from,
                                                            "First day of a second window (B) shown beside the first (A)");
    auto* compare_to_option = metrics_command->add_option("--compare-to", report_arguments.compare_to, "Last day of the second window");
    metrics_command->footer(metrics_footer());

    CohortArguments cohort_arguments;
    auto* cohorts_command = app.add_subcommand("cohorts", "Print the cohort retention matrix: customers by first-purchase month or week, followed period by period");
    cohorts_command->add_option("store", cohort_arguments.store_path, "SQLite file")->required()->check(CLI::ExistingFile);
    cohorts_command->add_option("--by", cohort_arguments.by, "Cohorts by month or ISO week")->capture_default_str()->check(CLI::IsMember({"month", "week"}));
    cohorts_command->add_option("--from", cohort_arguments.from, "Only customers whose first purchase is on or after this day (YYYY-MM-DD)");
    cohorts_command->add_option("--to", cohort_arguments.to, "Only first purchases up to this day; later purchases are not counted");
    cohorts_command->add_flag("--revenue", cohort_arguments.show_revenue, "Show revenue instead of the share retained (table output)");
    cohorts_command->add_flag("--json", cohort_arguments.as_json, "Print JSON: customers, retained and revenue per cohort");
    cohorts_command->footer("Definitions:\n  cohort_size: " + glossary_text("cohort_size") + "\n  cohort_retention: " +
                            glossary_text("cohort_retention") + "\n  cohort_revenue: " + glossary_text("cohort_revenue") + "\n");

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
    try {
        if (*sample) return run_sample(sample_out, sample_options, replace);
        if (*metrics_command) {
            const bool wants_report = full_report || from_option->count() || to_option->count() || churn_option->count() ||
                                      period_option->count() || compare_from_option->count() || compare_to_option->count();
            return wants_report ? run_retention_report(report_arguments)
                                : run_headline_metrics(report_arguments.store_path, report_arguments.as_json);
        }
        if (*cohorts_command) return run_cohorts(cohort_arguments);
        if (*import_command) return run_import(import_arguments);
        if (*export_command) return run_export(export_store, export_table, export_out, export_columns);
        if (*summary_command) return run_summary(summary_store, calibration_end, time_unit, summary_json);
        if (*glossary_command) return run_glossary(glossary_key, glossary_group, glossary_json);
    } catch (const std::exception& error) {
        std::cerr << "touchpoint: " << error.what() << "\n";
        return 1;
    }
    return 0;
}
