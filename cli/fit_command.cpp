#include "fit_command.hpp"
#include "cli_common.hpp"

#include "touchpoint/clv/diagnostics.hpp"
#include "touchpoint/clv/models.hpp"
#include "touchpoint/clv/predictions.hpp"
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/csv_reader.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/store.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

namespace touchpoint::cli {

namespace {

struct ModelArguments {
    std::string input_path;  // a SQLite store or a summary CSV
    std::string model = "bgnbd";
    std::string calibration_end;  // empty: the last order day (stores only)
    std::string time_unit = "week";
    bool as_json = false;
    std::string holdout_end;  // fit only: diagnostics against the holdout up to this day (stores)
    // predict only
    double horizon = 0;
    double discount_rate = 0;
};

bool is_sqlite_file(const std::string& bytes) { return bytes.rfind(std::string("SQLite format 3\0", 16), 0) == 0; }

double parse_number(std::string_view text, const std::string& where) {
    const std::string value(text);
    char* end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(number))
        throw std::runtime_error(where + ": '" + value + "' is not a number");
    return number;
}

// A summary CSV with the columns customer_id, x, t_x, T, monetary (any order, more allowed).
std::vector<clv::CustomerSummary> read_summary_csv(const std::string& path, const std::string& text) {
    data::CsvReader reader(text, data::CsvDialect{});
    data::CsvRecord record;
    if (!reader.next(record)) throw std::runtime_error(path + ": the file is empty");
    const char* wanted[] = {"customer_id", "x", "t_x", "T", "monetary"};
    std::size_t column_of[5];
    for (std::size_t w = 0; w < 5; ++w) {
        const auto found = std::find(record.fields.begin(), record.fields.end(), std::string_view(wanted[w]));
        if (found == record.fields.end())
            throw std::runtime_error(path + ": line 1: no column '" + wanted[w] + "' (a summary has customer_id, x, t_x, T, monetary)");
        column_of[w] = static_cast<std::size_t>(found - record.fields.begin());
    }
    std::vector<clv::CustomerSummary> rows;
    while (reader.next(record)) {
        const auto where = [&](std::size_t w) {
            return path + ": line " + std::to_string(record.line) + ", column " + std::to_string(column_of[w] + 1) + " (" + wanted[w] + ")";
        };
        if (reader.error())
            throw std::runtime_error(path + ": line " + std::to_string(reader.error()->line) + ", column " +
                                     std::to_string(reader.error()->column) + ": " + reader.error()->reason);
        for (std::size_t w = 0; w < 5; ++w)
            if (column_of[w] >= record.fields.size()) throw std::runtime_error(where(w) + ": missing");
        clv::CustomerSummary row;
        row.customer_id = std::string(record.fields[column_of[0]]);
        const double x = parse_number(record.fields[column_of[1]], where(1));
        if (x < 0 || x != std::floor(x) || x > 1e9) throw std::runtime_error(where(1) + ": x must be a whole number, 0 or more");
        row.x = static_cast<int>(x);
        row.t_x = parse_number(record.fields[column_of[2]], where(2));
        row.T = parse_number(record.fields[column_of[3]], where(3));
        row.monetary = parse_number(record.fields[column_of[4]], where(4));
        if (row.t_x < 0) throw std::runtime_error(where(2) + ": t_x is negative");
        if (row.T < row.t_x) throw std::runtime_error(where(3) + ": T is before t_x");
        rows.push_back(std::move(row));
    }
    return rows;
}

// The calibration summary from a store's orders, or read from a summary CSV.
std::vector<clv::CustomerSummary> load_summary(const ModelArguments& arguments, const char* command) {
    auto bytes = read_file(arguments.input_path);
    if (!is_sqlite_file(bytes)) {
        if (!arguments.calibration_end.empty())
            std::cerr << "touchpoint " << command << ": --calibration-end applies to stores; a summary CSV is already split\n";
        return read_summary_csv(arguments.input_path, bytes);
    }
    bytes.clear();
    auto store = data::Store::open(arguments.input_path);
    const auto dataset = data::load_dataset(store);
    if (dataset.order_days.empty()) throw std::runtime_error(arguments.input_path + ": the store has no orders");
    data::Day end = data::day_from_number(*std::max_element(dataset.order_days.begin(), dataset.order_days.end()));
    if (!arguments.calibration_end.empty()) end = date_option("--calibration-end", arguments.calibration_end);
    return clv::summarise_customers(dataset, {end, arguments.time_unit == "day" ? clv::TimeUnit::Day : clv::TimeUnit::Week});
}

clv::ModelKind model_kind(const std::string& name) {
    const auto kind = clv::model_from_name(name);
    if (!kind) throw std::runtime_error("unknown --model '" + name + "' (use bgnbd, pnbd or gg)");
    return *kind;
}

void print_fit(const clv::FitResult& fit, const std::string& time_unit) {
    static const char* titles[] = {"BG/NBD", "Pareto/NBD", "Gamma-Gamma"};
    std::cout << titles[static_cast<int>(fit.kind)] << " fit on " << fit.customers << " customers"
              << (fit.kind == clv::ModelKind::GammaGamma ? " with repeat purchases" : " (time unit: " + time_unit + ")") << "\n";
    for (std::size_t j = 0; j < fit.names.size(); ++j) {
        char line[96];
        if (j < fit.std_errors.size())
            std::snprintf(line, sizeof line, "  %-6s %12.4f  (std. error %.4f)\n", fit.names[j].c_str(), fit.params[j], fit.std_errors[j]);
        else
            std::snprintf(line, sizeof line, "  %-6s %12.4f  (std. error n/a)\n", fit.names[j].c_str(), fit.params[j]);
        std::cout << line;
    }
    char line[160];
    std::snprintf(line, sizeof line, "log-likelihood %.4f   AIC %.2f   BIC %.2f\n", fit.log_likelihood, fit.aic, fit.bic);
    std::cout << line << (fit.converged ? "converged" : "did not converge") << " after " << fit.iterations << " iterations\n";
}

// How the fitted purchase model does on the holdout: the error, the conditional expectations by
// calibration purchases, the distribution of calibration purchases and the tracking plot.
nlohmann::json holdout_diagnostics(const ModelArguments& arguments, const clv::FitResult& fit) {
    if (fit.kind == clv::ModelKind::GammaGamma) throw std::runtime_error("--holdout-end applies to purchase models (bgnbd, pnbd)");
    if (arguments.calibration_end.empty()) throw std::runtime_error("--holdout-end needs --calibration-end: the holdout follows it");
    auto bytes = data::read_file_bytes(arguments.input_path);
    if (!bytes || !is_sqlite_file(*bytes)) throw std::runtime_error("--holdout-end needs a store: a summary CSV has no holdout");
    bytes->clear();
    auto store = data::Store::open(arguments.input_path);
    const auto dataset = data::load_dataset(store);
    const clv::HoldoutOptions options{date_option("--calibration-end", arguments.calibration_end),
                                      date_option("--holdout-end", arguments.holdout_end),
                                      arguments.time_unit == "day" ? clv::TimeUnit::Day : clv::TimeUnit::Week};
    const double length = clv::holdout_length(options);
    const auto customers = clv::split_calibration_holdout(dataset, options);
    std::vector<clv::CustomerSummary> calibration;
    for (const auto& customer : customers) calibration.push_back(customer.calibration);

    const auto error = clv::holdout_error(fit, customers, length);
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& group : clv::conditional_expectations(fit, customers, length))
        groups.push_back({{"x", group.x}, {"and_more", group.and_more}, {"customers", group.customers},
                          {"actual_mean", group.actual_mean}, {"predicted_mean", group.predicted_mean}});
    nlohmann::json frequencies = nlohmann::json::array();
    for (const auto& count : clv::calibration_frequencies(fit, calibration))
        frequencies.push_back({{"x", count.x}, {"and_more", count.and_more}, {"actual", count.actual},
                               {"predicted", count.predicted ? nlohmann::json(*count.predicted) : nlohmann::json()}});
    nlohmann::json tracking = nlohmann::json::array();
    for (const auto& point : clv::tracking(fit, dataset, options))
        tracking.push_back({{"last_day", iso_date(point.last_day)},
                            {"actual", point.actual}, {"predicted", point.predicted},
                            {"actual_cumulative", point.actual_cumulative}, {"predicted_cumulative", point.predicted_cumulative}});
    return {{"calibration_end", arguments.calibration_end},
            {"holdout_end", arguments.holdout_end},
            {"length", length},
            {"customers", error.customers},
            {"actual_purchases", error.actual_total},
            {"predicted_purchases", error.predicted_total},
            {"mean_absolute_error", error.mean_absolute_error},
            {"root_mean_squared_error", error.root_mean_squared_error},
            {"conditional_expectations", std::move(groups)},
            {"calibration_frequencies", std::move(frequencies)},
            {"tracking", std::move(tracking)}};
}

void print_holdout(const nlohmann::json& holdout) {
    char line[160];
    std::snprintf(line, sizeof line, "\nHoldout %s to %s: %.0f repeat purchases, %.1f predicted; per customer MAE %.3f, RMSE %.3f\n",
                  holdout["calibration_end"].get<std::string>().c_str(), holdout["holdout_end"].get<std::string>().c_str(),
                  holdout["actual_purchases"].get<double>(), holdout["predicted_purchases"].get<double>(),
                  holdout["mean_absolute_error"].get<double>(), holdout["root_mean_squared_error"].get<double>());
    std::cout << line << "  x     customers  holdout mean  predicted mean  |  calibration customers  predicted\n";
    const auto& groups = holdout["conditional_expectations"];
    const auto& counts = holdout["calibration_frequencies"];
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const auto& count = counts[i];
        const int x = count["x"].get<int>();
        const std::string label = std::to_string(x) + (count["and_more"].get<bool>() ? "+" : "");
        const nlohmann::json* group = nullptr;
        for (const auto& candidate : groups)
            if (candidate["x"].get<int>() == x) group = &candidate;
        const std::string predicted = count["predicted"].is_null() ? "n/a" : std::to_string(count["predicted"].get<double>()).substr(0, 8);
        if (group)
            std::snprintf(line, sizeof line, "  %-4s %10lld %13.3f %15.3f  |  %21lld  %s\n", label.c_str(),
                          static_cast<long long>((*group)["customers"].get<std::int64_t>()), (*group)["actual_mean"].get<double>(),
                          (*group)["predicted_mean"].get<double>(), static_cast<long long>(count["actual"].get<std::int64_t>()),
                          predicted.c_str());
        else
            std::snprintf(line, sizeof line, "  %-4s %10d %13s %15s  |  %21lld  %s\n", label.c_str(), 0, "", "",
                          static_cast<long long>(count["actual"].get<std::int64_t>()), predicted.c_str());
        std::cout << line;
    }
}

void run_fit(const ModelArguments& arguments) {
    const auto kind = model_kind(arguments.model);
    const auto summary = load_summary(arguments, "fit");
    const auto fit = clv::fit_model(kind, summary);
    if (!fit.ok()) {
        if (arguments.as_json) std::cout << clv::to_json(fit).dump(2) << "\n";
        throw std::runtime_error("no fit: " + fit.error);
    }
    const auto holdout = arguments.holdout_end.empty() ? nlohmann::json() : holdout_diagnostics(arguments, fit);
    if (arguments.as_json) {
        auto json = clv::to_json(fit);
        if (!holdout.is_null()) json["holdout"] = holdout;
        std::cout << json.dump(2) << "\n";
    } else {
        print_fit(fit, arguments.time_unit);
        if (!holdout.is_null()) print_holdout(holdout);
    }
}

void run_predict(const ModelArguments& arguments) {
    const auto kind = model_kind(arguments.model);
    if (kind == clv::ModelKind::GammaGamma)
        throw std::runtime_error("predict takes a purchase model (bgnbd or pnbd); the spend model is fitted beside it");
    if (!(arguments.horizon > 0)) throw std::runtime_error("--horizon must be positive");
    const auto summary = load_summary(arguments, "predict");
    const auto purchases = clv::fit_model(kind, summary);
    if (!purchases.ok()) throw std::runtime_error("no fit of " + arguments.model + ": " + purchases.error);
    // CLV needs the spend model; without usable spend the predictions still carry purchases.
    const auto spend = clv::fit_model(clv::ModelKind::GammaGamma, summary);
    const bool has_spend_model = spend.ok() && clv::gamma_gamma_population_mean_spend(spend.gamma_gamma());
    if (!has_spend_model)
        std::cerr << "touchpoint predict: no CLV, the spend model does not apply: "
                  << (spend.ok() ? "q <= 1, so mean spend is infinite" : spend.error) << "\n";
    const auto rows = clv::predict_customers(purchases, has_spend_model ? &spend : nullptr, summary,
                                             {arguments.horizon, arguments.discount_rate});

    if (arguments.as_json) {
        nlohmann::json customers = nlohmann::json::array();
        for (const auto& row : rows) {
            customers.push_back({{"customer_id", row.customer_id},
                                 {"p_alive", row.probability_alive},
                                 {"expected_purchases", row.expected_purchases},
                                 {"expected_spend", row.expected_spend ? nlohmann::json(*row.expected_spend) : nlohmann::json()},
                                 {"clv", row.clv ? nlohmann::json(*row.clv) : nlohmann::json()}});
        }
        nlohmann::json out = {{"model", clv::to_json(purchases)},
                              {"spend_model", has_spend_model ? clv::to_json(spend) : nlohmann::json()},
                              {"horizon", arguments.horizon},
                              {"time_unit", arguments.time_unit},
                              {"discount_rate", arguments.discount_rate},
                              {"new_customer_expected_purchases", clv::expected_purchases_new_customer(purchases, arguments.horizon)},
                              {"customers", customers}};
        std::cout << out.dump(2) << "\n";
        return;
    }
    std::cout << "customer_id,p_alive,expected_purchases,expected_spend,clv\n";
    std::string text;
    for (const auto& row : rows) {
        char line[160];
        if (row.clv)
            std::snprintf(line, sizeof line, ",%.6f,%.6f,%.4f,%.4f\n", row.probability_alive, row.expected_purchases, *row.expected_spend, *row.clv);
        else
            std::snprintf(line, sizeof line, ",%.6f,%.6f,,\n", row.probability_alive, row.expected_purchases);
        text = data::csv_field(row.customer_id);
        text += line;
        std::cout << text;
    }
}

void add_common_options(CLI::App* command, ModelArguments& arguments) {
    command->add_option("input", arguments.input_path, "SQLite store, or a summary CSV with customer_id, x, t_x, T, monetary")
        ->required()
        ->check(CLI::ExistingFile);
    command->add_option("--calibration-end", arguments.calibration_end,
                        "Last day of the calibration period, YYYY-MM-DD (stores; default: the last order day)");
    command->add_option("--time-unit", arguments.time_unit, "week or day (stores)")->capture_default_str()->check(CLI::IsMember({"week", "day"}));
    command->add_flag("--json", arguments.as_json, "Print JSON");
}

}  // namespace

void add_fit_commands(CLI::App& app) {
    auto fit_arguments = std::make_shared<ModelArguments>();  // outlives this call: the callback reads it
    auto* fit = app.add_subcommand("fit", "Fit BG/NBD, Pareto/NBD or Gamma-Gamma by maximum likelihood");
    add_common_options(fit, *fit_arguments);
    fit->add_option("--model", fit_arguments->model, "bgnbd, pnbd or gg")->required()->check(CLI::IsMember({"bgnbd", "pnbd", "gg"}));
    fit->add_option("--holdout-end", fit_arguments->holdout_end,
                    "Last day of a holdout after --calibration-end (stores): prints the holdout error, conditional expectations "
                    "by calibration purchases, the calibration purchase distribution and the tracking plot");
    fit->footer("Parameters are fitted on the log scale with L-BFGS-B; standard errors come from the inverse Hessian of the\n"
                "negative log-likelihood in the natural parameters (central differences). AIC = 2k - 2LL, BIC = k ln(n) - 2LL.");
    fit->callback([fit_arguments] { run_reporting_errors("fit", [&] { run_fit(*fit_arguments); }); });

    auto predict_arguments = std::make_shared<ModelArguments>();
    auto* predict = app.add_subcommand("predict", "Per customer: P(alive), expected purchases in a horizon, and CLV");
    add_common_options(predict, *predict_arguments);
    predict->add_option("--model", predict_arguments->model, "bgnbd or pnbd")->required()->check(CLI::IsMember({"bgnbd", "pnbd"}));
    predict->add_option("--horizon", predict_arguments->horizon, "Horizon in time units after the calibration end")->required();
    predict->add_option("--discount-rate", predict_arguments->discount_rate, "Discount rate per time unit, for CLV")->capture_default_str();
    predict->footer("CLV = E[spend per transaction] x sum over time units k = 1..ceil(horizon) of\n"
                    "      (E[purchases by k] - E[purchases by k-1]) / (1 + discount rate)^k,\n"
                    "with the spend per transaction from a Gamma-Gamma fit on the customers with repeat purchases.");
    predict->callback([predict_arguments] { run_reporting_errors("predict", [&] { run_predict(*predict_arguments); }); });
}

}  // namespace touchpoint::cli
