// Section index: defaults; starting and following the fit; the parameter and comparison tables;
// the diagnostic charts; the customer table and its export; the Dataset followed; the test API.
#include "sections/models/models_panel.hpp"

#include "app/workbench.hpp"
#include "charts/chart.hpp"
#include "platform/platform.hpp"
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/help/glossary.hpp"
#include "ui/empty_state.hpp"
#include "ui/format.hpp"
#include "ui/help_window.hpp"
#include "ui/icons.hpp"
#include "ui/test_hooks.hpp"
#include "ui/ui_scale.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace touchpoint::web {

namespace {

// ---- Defaults --------------------------------------------------------------------------------

constexpr std::array<const char*, 4> tab_names{"tracking", "conditional", "distribution", "customers"};

constexpr std::array<clv::ModelKind, 2> purchase_models{clv::ModelKind::BgNbd, clv::ModelKind::ParetoNbd};
constexpr const char* purchase_model_labels = "BG/NBD\0Pareto/NBD\0";

std::string iso(int day) { return data::format_iso_date(data::day_from_number(day)); }

void copy_text(std::array<char, 16>& target, const std::string& text) {
    std::snprintf(target.data(), target.size(), "%s", text.c_str());
}

clv::TimeUnit unit_of(const ModelsControls& controls) { return controls.unit == 1 ? clv::TimeUnit::Day : clv::TimeUnit::Week; }
const char* unit_word(clv::TimeUnit unit) { return unit == clv::TimeUnit::Day ? "days" : "weeks"; }

// A heading over a group of the fit column.
void section_heading(const char* text) {
    ImGui::Spacing();
    ImGui::TextUnformatted(text);
    ImGui::Separator();
}

std::optional<int> parse_day(const char* text) {
    const auto day = data::parse_iso_date(text);
    if (!day) return std::nullopt;
    return data::day_number(*day);
}

// ---- Starting and following the fit ----------------------------------------------------------

void start_fit(ModelsState& state, Workbench& workbench) {
    if (state.fit.running()) return;
    const auto calibration_end = parse_day(state.controls.calibration_end.data());
    state.controls.calibration_invalid = !calibration_end || *calibration_end < state.first_day;
    if (state.controls.calibration_invalid) return;
    clv::ModelRunOptions options;
    options.purchase_model = purchase_models[static_cast<std::size_t>(state.controls.model)];
    options.calibration_end = data::day_from_number(std::min(*calibration_end, state.last_day));
    if (*calibration_end < state.last_day) options.holdout_end = data::day_from_number(state.last_day);
    options.unit = unit_of(state.controls);
    options.horizon = std::max(1, state.controls.horizon);
    options.discount_rate = clv::discount_rate_per_unit(std::max(0.0, state.controls.annual_discount_percent) / 100.0, options.unit);
    state.last_error.clear();
    std::shared_ptr<clv::ModelRunJob> job;
    try {
        job = std::make_shared<clv::ModelRunJob>(state.dataset, options);
    } catch (const std::exception& error) {
        state.last_error = error.what();
        return;
    }
    state.job_annual_discount_percent = state.controls.annual_discount_percent;
    state.fit.start(workbench, std::string("Fitting ") + clv::model_title(options.purchase_model) + " and Gamma-Gamma", std::move(job));
    // The data's name for the simulator: the description's first sentence.
    state.run_data = workbench.source_description().substr(0, workbench.source_description().find(". "));
}

std::shared_ptr<widgets::ColumnarTable> prediction_table(const clv::ModelRun& run) {
    const std::size_t n = run.predictions.size();
    std::vector<std::string> ids(n);
    std::vector<double> x(n), t_x(n), T(n), alive(n), purchases(n), spend(n), clv(n);
    for (std::size_t c = 0; c < n; ++c) {
        const auto& prediction = run.predictions[c];
        ids[c] = prediction.customer_id;
        x[c] = run.customers[c].x;
        t_x[c] = run.customers[c].t_x;
        T[c] = run.customers[c].T;
        alive[c] = prediction.probability_alive;
        purchases[c] = prediction.expected_purchases;
        spend[c] = prediction.expected_spend.value_or(std::nan(""));
        clv[c] = prediction.clv.value_or(std::nan(""));
    }
    auto table = std::make_shared<widgets::ColumnarTable>();
    table->add_text_column("Customer", std::move(ids));
    table->add_number_column("x", widgets::CellKind::Count, std::move(x));
    table->add_number_column("t_x", widgets::CellKind::Number, std::move(t_x));
    table->add_number_column("T", widgets::CellKind::Number, std::move(T));
    table->add_number_column("P(alive)", widgets::CellKind::Percent, std::move(alive));
    table->add_number_column("Expected purchases", widgets::CellKind::Number, std::move(purchases));
    table->add_number_column("Expected spend", widgets::CellKind::Money, std::move(spend));
    table->add_number_column("CLV", widgets::CellKind::Money, std::move(clv));
    return table;
}

void adopt_run(ModelsState& state, const clv::ModelRun& finished) {
    auto run = std::make_shared<const clv::ModelRun>(finished);
    FitSummary summary;
    summary.model = clv::model_title(run->purchase.kind);
    summary.calibration_end = data::format_iso_date(run->options.calibration_end);
    summary.unit = clv::time_unit_name(run->options.unit);
    summary.customers = run->purchase.customers;
    summary.log_likelihood = run->purchase.log_likelihood;
    summary.aic = run->purchase.aic;
    summary.bic = run->purchase.bic;
    summary.converged = run->purchase.converged;
    if (run->holdout_error) {
        summary.mean_absolute_error = run->holdout_error->mean_absolute_error;
        summary.root_mean_squared_error = run->holdout_error->root_mean_squared_error;
    }
    state.fits.push_back(std::move(summary));
    state.table.set_source(prediction_table(*run));
    state.run = std::move(run);
}

// The runner lets go of a job when it ends; then its result (or its failure, which the
// workbench shows as a toast) is read from our own pointer. A fit without a result that did not
// fail was cancelled (the runner may not have said so yet, when a command follows the cancel
// before the next frame).
void follow_fit(ModelsState& state, Workbench& workbench) {
    const auto ended = state.fit.follow(workbench);
    if (!ended) return;
    if (ended->job->result()) {
        adopt_run(state, *ended->job->result());
        state.run_annual_discount_percent = state.job_annual_discount_percent;
    } else {
        state.last_error = ended->state == jobs::JobState::Failed ? ended->error : jobs::job_state_name(jobs::JobState::Cancelled);
    }
}

// ---- Controls --------------------------------------------------------------------------------

void draw_controls(ModelsState& state, Workbench& workbench) {
    auto& controls = state.controls;
    const bool running = state.fit.running();
    ImGui::BeginDisabled(running);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Purchase model");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(130.0f));
    ImGui::Combo("##model", &controls.model, purchase_model_labels);
    ImGui::SameLine(0.0f, px(18.0f));
    ImGui::TextUnformatted("Calibration ends");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(104.0f));
    ImGui::InputText("##calibration_end", controls.calibration_end.data(), controls.calibration_end.size(), ImGuiInputTextFlags_CharsNoBlank);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The models learn from orders up to this day; the days after it, up to %s, are the holdout they are checked against.",
                          iso(state.last_day).c_str());
    ImGui::SameLine(0.0f, px(18.0f));
    ImGui::TextUnformatted("Time unit");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(90.0f));
    ImGui::Combo("##unit", &controls.unit, "weeks\0days\0");
    ImGui::SameLine(0.0f, px(18.0f));
    if (ImGui::Button("Fit")) start_fit(state, workbench);
    test_hooks::record_click_target("models:fit");
    // What the predictions look ahead over and discount at.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Predict over");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(70.0f));
    if (ImGui::InputInt("##horizon", &controls.horizon, 0, 0)) controls.horizon = std::clamp(controls.horizon, 1, 5000);
    ImGui::SameLine();
    ImGui::TextUnformatted(unit_word(unit_of(controls)));
    ImGui::SameLine(0.0f, px(18.0f));
    ImGui::TextUnformatted("CLV discount rate");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(60.0f));
    if (ImGui::InputDouble("##discount", &controls.annual_discount_percent, 0.0, 0.0, "%.1f"))
        controls.annual_discount_percent = std::clamp(controls.annual_discount_percent, 0.0, 100.0);
    ImGui::SameLine();
    ImGui::TextUnformatted("% a year");
    ImGui::EndDisabled();

    if (controls.calibration_invalid)
        ImGui::TextColored(ImVec4(0.85f, 0.25f, 0.2f, 1.0f), "The calibration end must be a date (YYYY-MM-DD) on or after the first order, %s.",
                           iso(state.first_day).c_str());
    // As the frame began: a fit started by Fit above shows its progress from the next frame.
    if (running) {
        state.fit.draw_status(workbench);
    } else if (!state.last_error.empty()) {
        ImGui::TextColored(ImVec4(0.85f, 0.25f, 0.2f, 1.0f), "No fit: %s", state.last_error.c_str());
    }
}

// ---- Parameters and comparison ---------------------------------------------------------------

// The glossary's key of a model parameter: "bgnbd_r", "paretonbd_beta", "gg_q".
std::string glossary_key(clv::ModelKind kind, const std::string& name) {
    switch (kind) {
        case clv::ModelKind::BgNbd: return "bgnbd_" + name;
        case clv::ModelKind::ParetoNbd: return "paretonbd_" + name;
        case clv::ModelKind::GammaGamma: return "gg_" + name;
    }
    return name;
}

void draw_parameters(const clv::FitResult& fit, const char* id) {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable(id, 3, flags)) return;
    ImGui::TableSetupColumn("Parameter");
    ImGui::TableSetupColumn("Estimate");
    ImGui::TableSetupColumn("Std. error");
    ImGui::TableHeadersRow();
    for (std::size_t j = 0; j < fit.names.size() && j < fit.params.size(); ++j) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(fit.names[j].c_str());
        hover_definition(glossary_key(fit.kind, fit.names[j]));
        ImGui::TableSetColumnIndex(1);
        ImGui::Text("%.4g", fit.params[j]);
        ImGui::TableSetColumnIndex(2);
        if (j < fit.std_errors.size()) ImGui::Text("%.3g", fit.std_errors[j]);
        else ImGui::TextDisabled("-");
    }
    ImGui::EndTable();
    ImGui::Text("Log-likelihood %.2f", fit.log_likelihood);
    ImGui::Text("AIC %.1f   BIC %.1f", fit.aic, fit.bic);
    if (fit.converged) ImGui::Text("Converged after %d iterations, on %s customers.", fit.iterations, format_count(static_cast<std::int64_t>(fit.customers)).c_str());
    else ImGui::TextColored(ImVec4(0.85f, 0.45f, 0.1f, 1.0f), "Did not converge (%d iterations): treat the estimates with care.", fit.iterations);
    if (fit.std_errors.empty())
        ImGui::TextDisabled("No standard errors: the likelihood is flat or degenerate at the estimate.");
}

void draw_comparison(const ModelsState& state) {
    section_heading("Fits compared");
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Log-likelihood, AIC and BIC compare fits on the same calibration; lower AIC, BIC and holdout error are better.");
    ImGui::PopStyleColor();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX;
    if (!ImGui::BeginTable("fits", 7, flags)) return;
    for (const char* name : {"Model", "Calibration end", "Log-likelihood", "AIC", "BIC", "Holdout MAE", "Holdout RMSE"}) ImGui::TableSetupColumn(name);
    ImGui::TableHeadersRow();
    for (auto it = state.fits.rbegin(); it != state.fits.rend(); ++it) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::Text("%s%s", it->model.c_str(), it->converged ? "" : " (not converged)");
        ImGui::TableSetColumnIndex(1);
        ImGui::Text("%s (%s)", it->calibration_end.c_str(), it->unit.c_str());
        ImGui::TableSetColumnIndex(2);
        ImGui::Text("%.2f", it->log_likelihood);
        ImGui::TableSetColumnIndex(3);
        ImGui::Text("%.1f", it->aic);
        ImGui::TableSetColumnIndex(4);
        ImGui::Text("%.1f", it->bic);
        ImGui::TableSetColumnIndex(5);
        if (it->mean_absolute_error) ImGui::Text("%.4f", *it->mean_absolute_error);
        else ImGui::TextDisabled("-");
        ImGui::TableSetColumnIndex(6);
        if (it->root_mean_squared_error) ImGui::Text("%.4f", *it->root_mean_squared_error);
        else ImGui::TextDisabled("-");
    }
    ImGui::EndTable();
}

// Returns true when "Use in simulator" was pressed.
bool draw_fit_column(ModelsState& state, Workbench& workbench) {
    const auto& run = *state.run;
    const char* unit = unit_word(run.options.unit);
    section_heading(clv::model_title(run.purchase.kind));
    ImGui::TextWrapped("Calibration to %s, in %s.", data::format_iso_date(run.options.calibration_end).c_str(), unit);
    const bool pressed = ImGui::Button("Use in simulator");
    test_hooks::record_click_target("models:use_in_simulator");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The simulator will draw its customers from these parameters.");
    draw_parameters(run.purchase, "purchase_parameters");
    ImGui::TextWrapped("A new customer makes %.2f repeat purchases in their first %.0f %s.",
                       clv::expected_purchases_new_customer(run.purchase, run.options.horizon), run.options.horizon, unit);

    section_heading("Gamma-Gamma (spend per purchase)");
    if (!run.spend) ImGui::TextDisabled("No customer has repeat purchases with a spend: no spend model, so no CLV.");
    else if (!run.spend->ok()) ImGui::TextColored(ImVec4(0.85f, 0.25f, 0.2f, 1.0f), "No fit: %s", run.spend->error.c_str());
    else {
        draw_parameters(*run.spend, "spend_parameters");
        const double p = run.spend->param("p"), q = run.spend->param("q"), gamma = run.spend->param("gamma");
        if (q > 1) ImGui::Text("Mean spend per purchase: %s", format_amount(p * gamma / (q - 1)).c_str());
    }

    if (run.holdout_error) {
        section_heading("Holdout");
        const auto& error = *run.holdout_error;
        ImGui::TextWrapped("%s to %s (%.0f %s): %s purchases made, %.1f predicted; per customer MAE %.3f, RMSE %.3f.",
                           iso(data::day_number(run.options.calibration_end) + 1).c_str(),
                           data::format_iso_date(*run.options.holdout_end).c_str(), run.holdout_units, unit,
                           format_count(static_cast<std::int64_t>(error.actual_total)).c_str(), error.predicted_total,
                           error.mean_absolute_error, error.root_mean_squared_error);
    }
    draw_comparison(state);
    return pressed && use_fit_in_simulator(state, workbench);
}

// ---- Diagnostic charts -----------------------------------------------------------------------

void draw_tracking(ModelsState& state, ImVec2 size) {
    const auto& run = *state.run;
    if (run.tracking.empty()) {
        ImGui::TextDisabled("The tracking plot needs a holdout: choose a calibration end before the last order, %s.", iso(state.last_day).c_str());
        return;
    }
    ImGui::Checkbox("Cumulative", &state.cumulative);
    std::vector<double> days, actual, predicted;
    for (const auto& point : run.tracking) {
        days.push_back(point.last_day);
        actual.push_back(state.cumulative ? point.actual_cumulative : point.actual);
        predicted.push_back(state.cumulative ? point.predicted_cumulative : point.predicted);
    }
    const std::string title = std::string(state.cumulative ? "Cumulative repeat purchases" : "Repeat purchases per ") +
                              (state.cumulative ? "" : (run.options.unit == clv::TimeUnit::Week ? "week" : "day")) +
                              ", actual and predicted; calibration ends " + data::format_iso_date(run.options.calibration_end);
    charts::ChartOptions options;
    options.title = title.c_str();
    options.x_format = charts::AxisFormat::Date;
    options.y_label = "repeat purchases";
    options.export_name = "tracking";
    size.y -= ImGui::GetFrameHeightWithSpacing();
    // The holdout shaded, so the eye sees where the model stops learning.
    const double top = std::max(*std::max_element(actual.begin(), actual.end()), *std::max_element(predicted.begin(), predicted.end()));
    const std::array<double, 2> holdout_days{static_cast<double>(data::day_number(run.options.calibration_end)),
                                             static_cast<double>(data::day_number(*run.options.holdout_end))};
    const std::array<double, 2> holdout_low{0.0, 0.0}, holdout_high{top, top};
    if (charts::begin_chart("tracking", size, options)) {
        charts::band("Holdout", holdout_days, holdout_low, holdout_high, IM_COL32(128, 128, 128, 40));
        charts::line("Actual", days, actual);
        charts::line("Predicted", days, predicted);
        charts::end_chart();
    }
}

void draw_conditional(ModelsState& state, ImVec2 size) {
    const auto& run = *state.run;
    if (run.conditional.empty()) {
        ImGui::TextDisabled("Conditional expectations need a holdout: choose a calibration end before the last order, %s.",
                            iso(state.last_day).c_str());
        return;
    }
    std::vector<double> xs, actual, predicted;
    for (const auto& group : run.conditional) {
        xs.push_back(group.x);
        actual.push_back(group.actual_mean);
        predicted.push_back(group.predicted_mean);
    }
    charts::ChartOptions options;
    options.title = "Holdout purchases per customer by calibration repeat purchases (the last group: that many or more)";
    options.x_label = "repeat purchases in calibration";
    options.y_label = "mean purchases in the holdout";
    options.export_name = "conditional-expectations";
    if (charts::begin_chart("conditional", size, options)) {
        charts::line("Actual", xs, actual);
        charts::line("Predicted", xs, predicted);
        charts::scatter("##actual points", xs, actual);
        charts::scatter("##predicted points", xs, predicted);
        charts::end_chart();
    }
}

void draw_distribution(ModelsState& state, ImVec2 size) {
    const auto& run = *state.run;
    std::vector<double> actual_xs, actual, predicted_xs, predicted;
    for (const auto& count : run.frequencies) {
        actual_xs.push_back(count.x - 0.2);
        actual.push_back(static_cast<double>(count.actual));
        if (count.predicted) {
            predicted_xs.push_back(count.x + 0.2);
            predicted.push_back(*count.predicted);
        }
    }
    charts::ChartOptions options;
    options.title = "Customers by repeat purchases in calibration (the last group: that many or more)";
    options.x_label = "repeat purchases in calibration";
    options.y_label = "customers";
    options.export_name = "repeat-purchase-distribution";
    if (charts::begin_chart("distribution", size, options)) {
        charts::bars("Actual", actual_xs, actual, 0.4);
        if (!predicted.empty()) charts::bars("Predicted", predicted_xs, predicted, 0.4);
        charts::end_chart();
    }
}

// ---- Customer table and export ---------------------------------------------------------------

std::string predictions_csv(const clv::ModelRun& run) {
    std::string csv = "customer_id,x,t_x,T,p_alive,expected_purchases,expected_spend,clv\n";
    char line[256];
    const auto optional_number = [](const std::optional<double>& value) {
        char text[32] = "";
        if (value) std::snprintf(text, sizeof text, "%.10g", *value);
        return std::string(text);
    };
    for (std::size_t c = 0; c < run.predictions.size(); ++c) {
        const auto& customer = run.customers[c];
        const auto& prediction = run.predictions[c];
        // Ids are written as the data had them; quoted when they hold a comma or a quote.
        std::string id = prediction.customer_id;
        if (id.find_first_of(",\"\n") != std::string::npos) {
            std::string quoted = "\"";
            for (const char ch : id) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            id = quoted + "\"";
        }
        std::snprintf(line, sizeof line, ",%d,%.10g,%.10g,%.10g,%.10g,", customer.x, customer.t_x, customer.T, prediction.probability_alive,
                      prediction.expected_purchases);
        csv += id + line + optional_number(prediction.expected_spend) + "," + optional_number(prediction.clv) + "\n";
    }
    return csv;
}

void export_predictions(const ModelsState& state) {
    if (!state.run) return;
    platform::download("customer-predictions.csv", predictions_csv(*state.run), "text/csv");
}

void draw_customers(ModelsState& state, ImVec2 size) {
    const auto& run = *state.run;
    if (ImGui::Button("Export CSV")) export_predictions(state);
    test_hooks::record_click_target("models:export");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("x repeat purchases, the last at t_x, over T %s observed; P(alive) at the calibration end; expected purchases, "
                       "spend per purchase and CLV over the next %.0f %s, discounted at %.1f%% a year.",
                       unit_word(run.options.unit), run.options.horizon, unit_word(run.options.unit), state.run_annual_discount_percent);
    ImGui::PopStyleColor();
    size = ImGui::GetContentRegionAvail();
    state.table.draw("model_customers", size);
}

void draw_results(ModelsState& state, Workbench& workbench, bool& use_in_simulator) {
    const ImVec2 available = ImGui::GetContentRegionAvail();
    const float left_width = std::clamp(available.x * 0.34f, px(300.0f), px(460.0f));
    ImGui::BeginChild("fit_column", ImVec2(left_width, 0.0f));
    use_in_simulator = draw_fit_column(state, workbench);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("diagnostics", ImVec2(0.0f, 0.0f));
    if (ImGui::BeginTabBar("model_tabs")) {
        const auto tab = [&](const char* label, ModelsTab which) {
            const bool selected = state.select_tab == which;
            const bool open = ImGui::BeginTabItem(label, nullptr, selected ? ImGuiTabItemFlags_SetSelected : 0);
            if (selected) state.select_tab.reset();
            if (open) state.shown_tab = which;
            return open;
        };
        using DrawTab = void (*)(ModelsState&, ImVec2);
        const std::array<std::pair<const char*, DrawTab>, 4> tabs{{{"Tracking", &draw_tracking},
                                                                   {"Conditional expectations", &draw_conditional},
                                                                   {"Repeat purchases", &draw_distribution},
                                                                   {"Customers", &draw_customers}}};
        for (std::size_t t = 0; t < tabs.size(); ++t) {
            if (!tab(tabs[t].first, static_cast<ModelsTab>(t))) continue;
            tabs[t].second(state, ImGui::GetContentRegionAvail());
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
}

}  // namespace

// A new Dataset: forget the fits of the old one; calibrate on all but the last half year
// (or the last third of a shorter history), so there is a holdout to check the fit against.
void follow_dataset(ModelsState& state, Workbench& workbench) {
    const auto& dataset = workbench.dataset();
    if (state.dataset == dataset) return;
    state.fit.cancel(workbench);
    const auto keep_controls = state.controls;
    state = ModelsState{};
    state.controls = keep_controls;
    state.dataset = dataset;
    if (!dataset || dataset->order_days.empty()) return;
    const auto [first, last] = std::minmax_element(dataset->order_days.begin(), dataset->order_days.end());
    state.first_day = *first;
    state.last_day = *last;
    const int holdout_days = std::min(182, (state.last_day - state.first_day) / 3);
    copy_text(state.controls.calibration_end, iso(state.last_day - holdout_days));
}

std::optional<Section> draw_models_panel(ModelsState& state, Workbench& workbench, ImFont* heading) {
    if (!state.dataset || state.dataset->order_days.empty()) {
        static constexpr EmptyState no_orders{
            icons::models, "Models",
            "Buy-till-you-die models (BG/NBD, Pareto/NBD, Gamma-Gamma) fitted to your orders: for each customer, the chance "
            "of still being active, the purchases to expect and the lifetime value.",
            "Load orders on the Data page. The models are fitted to each customer's purchase summary (repeat purchases x, "
            "last purchase t_x, time observed T).",
            "Go to Data"};
        if (draw_empty_state(no_orders, heading)) return Section::Data;
        return std::nullopt;
    }
    follow_fit(state, workbench);
    std::string source = workbench.source_description();
    while (!source.empty() && (source.back() == '.' || source.back() == ' ')) source.pop_back();
    ImGui::TextDisabled("%s. Orders from %s to %s.", source.c_str(), iso(state.first_day).c_str(), iso(state.last_day).c_str());
    draw_controls(state, workbench);
    ImGui::Spacing();
    if (!state.run) {
        if (!state.fit.running())
            ImGui::TextWrapped("Choose a purchase model and the calibration end, then Fit. BG/NBD and Pareto/NBD model how often "
                               "customers buy and when they stop; Gamma-Gamma models what they spend. Together they give each "
                               "customer's chance of still being active, the purchases to expect and the lifetime value.");
        return std::nullopt;
    }
    bool use_in_simulator = false;
    draw_results(state, workbench, use_in_simulator);
    if (use_in_simulator) return Section::Simulate;
    return std::nullopt;
}

bool use_fit_in_simulator(const ModelsState& state, Workbench& workbench) {
    if (!state.run || !state.run->purchase.ok()) return false;
    SimulatorModels models;
    models.purchase = state.run->purchase;
    if (state.run->spend && state.run->spend->ok()) models.spend = *state.run->spend;
    models.unit = state.run->options.unit;
    models.calibration_end = data::format_iso_date(state.run->options.calibration_end);
    models.data_description = state.run_data;
    workbench.set_simulator_models(std::move(models));
    return true;
}

nlohmann::json models_state_json(const ModelsState& state) {
    const auto& controls = state.controls;
    nlohmann::json json{
        {"state", state.fit.running() ? "running" : state.run ? "done" : "idle"},
        {"controls",
         {{"model", clv::model_name(purchase_models[static_cast<std::size_t>(controls.model)])},
          {"calibration_end", controls.calibration_end.data()},
          {"calibration_invalid", controls.calibration_invalid},
          {"unit", clv::time_unit_name(unit_of(controls))},
          {"horizon", controls.horizon},
          {"annual_discount", controls.annual_discount_percent / 100.0}}},
        {"tab", tab_names[static_cast<std::size_t>(state.shown_tab)]},
        {"fits", state.fits.size()},
        {"error", state.last_error},
    };
    if (state.run) {
        const auto& run = *state.run;
        nlohmann::json conditional = nlohmann::json::array(), frequencies = nlohmann::json::array();
        for (const auto& group : run.conditional)
            conditional.push_back({{"x", group.x}, {"customers", group.customers}, {"actual", group.actual_mean}, {"predicted", group.predicted_mean}});
        for (const auto& count : run.frequencies)
            frequencies.push_back({{"x", count.x}, {"actual", count.actual}, {"predicted", count.predicted ? nlohmann::json(*count.predicted) : nlohmann::json()}});
        json["run"] = {
            {"calibration_end", data::format_iso_date(run.options.calibration_end)},
            {"holdout_end", run.options.holdout_end ? nlohmann::json(data::format_iso_date(*run.options.holdout_end)) : nlohmann::json()},
            {"unit", clv::time_unit_name(run.options.unit)},
            {"horizon", run.options.horizon},
            {"discount_rate", run.options.discount_rate},
            {"customers", run.customers.size()},
            {"purchase", clv::to_json(run.purchase)},
            {"spend", run.spend ? clv::to_json(*run.spend) : nlohmann::json()},
            {"tracking_points", run.tracking.size()},
            {"conditional", conditional},
            {"frequencies", frequencies},
            {"holdout_actual_total", run.holdout_error ? nlohmann::json(run.holdout_error->actual_total) : nlohmann::json()},
            {"predictions", run.predictions.size()},
            {"table_rows", state.table.shown_row_count()},
        };
    }
    return json;
}

bool run_models_command(ModelsState& state, Workbench& workbench, std::string_view arguments) {
    const auto argument = [&](std::string_view prefix) -> std::optional<std::string_view> {
        if (arguments.substr(0, prefix.size()) != prefix) return std::nullopt;
        return arguments.substr(prefix.size());
    };
    if (const auto fit = argument("fit:")) {
        const auto options = nlohmann::json::parse(*fit, nullptr, false);
        if (!options.is_object() || state.fit.running()) return false;
        auto& controls = state.controls;
        if (options.contains("model")) {
            const auto kind = clv::model_from_name(options["model"].get<std::string>());
            const auto found = kind ? std::find(purchase_models.begin(), purchase_models.end(), *kind) : purchase_models.end();
            if (found == purchase_models.end()) return false;
            controls.model = static_cast<int>(found - purchase_models.begin());
        }
        if (options.contains("calibration_end")) copy_text(controls.calibration_end, options["calibration_end"].get<std::string>());
        if (options.contains("unit")) controls.unit = options["unit"] == "day" ? 1 : 0;
        if (options.contains("horizon")) controls.horizon = options["horizon"].get<int>();
        if (options.contains("annual_discount")) controls.annual_discount_percent = options["annual_discount"].get<double>() * 100.0;
        start_fit(state, workbench);
        return state.fit.running();
    }
    if (const auto tab = argument("tab:")) {
        const auto found = std::find(tab_names.begin(), tab_names.end(), *tab);
        if (found == tab_names.end()) return false;
        state.select_tab = static_cast<ModelsTab>(found - tab_names.begin());
        return true;
    }
    if (const auto cumulative = argument("cumulative:")) {
        state.cumulative = *cumulative == "true";
        return true;
    }
    if (arguments == "export") {
        if (!state.run) return false;
        export_predictions(state);
        return true;
    }
    return false;
}

}  // namespace touchpoint::web
