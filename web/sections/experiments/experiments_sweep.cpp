// Section index: the steps of the cadence; starting and following the sweep; the controls; the
// status line and the results; the test API.
#include "sections/experiments/experiments_sweep.hpp"

#include "app/workbench.hpp"
#include "sections/experiments/experiments_sweep_results.hpp"
#include "ui/format.hpp"
#include "ui/settings_reader.hpp"
#include "ui/test_hooks.hpp"
#include "ui/ui_scale.hpp"
#include "workers/simulation_workers.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

namespace touchpoint::web {

namespace {

// ---- The steps of the cadence -------------------------------------------------------------------

// After the cadence changes: steps it does not have give way to its first (and second) step.
void keep_steps_valid(SweepState& state, const CadenceOffer& offer) {
    const auto* cadence = offer.find(state.controls.cadence);
    if (!cadence || cadence->steps.empty()) return;
    auto& controls = state.controls;
    if (!has_step(*cadence, controls.step)) controls.step = cadence->steps.front().name;
    if (!has_step(*cadence, controls.second_step) || controls.second_step == controls.step) {
        controls.second_step.clear();
        for (const auto& step : cadence->steps)
            if (step.name != controls.step) {
                controls.second_step = step.name;
                break;
            }
    }
    if (controls.second_step.empty()) controls.two_steps = false;
}

// ---- Starting and following the sweep ----------------------------------------------------------

void start_sweep(SweepState& state, const ExperimentInputs& inputs, Workbench& workbench) {
    if (state.run.job.running()) return;
    state.run.last_error.clear();
    const auto& controls = state.controls;
    const auto* cadence = inputs.offer(workbench).find(controls.cadence);
    if (!cadence) {
        state.run.last_error = "\"" + controls.cadence.key + "\" is no longer among the cadences: choose another.";
        return;
    }
    sim::SimulationOptions options;
    options.customers = controls.customers;
    options.days = controls.horizon;
    options.replications = controls.replications;
    options.seed = controls.seed;
    options.margin = controls.margin_percent / 100.0;
    options.segment_rules = inputs.segment_rules();
    sim::SweepSpec spec;
    spec.cadence = *cadence;
    spec.metric = controls.metric;
    std::shared_ptr<BackgroundSweep> job;
    try {
        spec.first = {controls.step, sim::parse_day_grid(controls.days.data())};
        if (controls.two_steps) spec.second = sim::SweepAxis{controls.second_step, sim::parse_day_grid(controls.second_days.data())};
        job = std::make_shared<BackgroundSweep>(choose_population(workbench), std::move(spec), sim::default_effect_model(), options,
                                                simulation_worker_slots());
    } catch (const std::exception& error) {
        state.run.last_error = error.what();
        return;
    }
    state.run.start(workbench, "Sweeping the day of \"" + controls.step + "\"", std::move(job));
}

// ---- The controls ------------------------------------------------------------------------------

void draw_days_field(const char* id, DayText& text) {
    ImGui::SetNextItemWidth(px(92.0f));
    ImGui::InputText(id, text.data(), text.size(), ImGuiInputTextFlags_CharsNoBlank);
    hover_hint("The delays to try, in days: 1..60 (every day), 1..60/5 (every fifth day) or 3,7,14. At most 400 grid points.");
}

void draw_controls(SweepState& state, const ExperimentInputs& inputs, Workbench& workbench) {
    auto& controls = state.controls;
    const auto offer = inputs.offer(workbench);
    ImGui::BeginDisabled(state.run.job.running());

    control_label("Cadence");
    if (draw_cadence_combo("##sweep_cadence", offer, controls.cadence, px(210.0f))) keep_steps_valid(state, offer);
    const auto* cadence = offer.find(controls.cadence);
    ImGui::SameLine(0.0f, px(18.0f));
    control_label("Step whose day varies");
    draw_step_combo("##sweep_step", cadence, controls.step, controls.two_steps ? controls.second_step : std::string(), px(230.0f));
    ImGui::SameLine(0.0f, px(18.0f));
    control_label("Days");
    draw_days_field("##sweep_days", controls.days);
    control_label("Best at");
    ImGui::SetNextItemWidth(px(230.0f));
    if (ImGui::BeginCombo("##sweep_metric", std::string(sim::sweep_metric_label(controls.metric)).c_str())) {
        for (std::size_t m = 0; m < sim::sweep_metric_count; ++m) {
            const auto metric = static_cast<sim::SweepMetric>(m);
            const std::string label(sim::sweep_metric_label(metric));
            if (ImGui::Selectable((label + (sim::lower_is_better(metric) ? " (lowest)" : "")).c_str(), metric == controls.metric))
                controls.metric = metric;
        }
        ImGui::EndCombo();
    }
    hover_hint("What the best day is best at; incremental profit counts the margin on the revenue gained over no touches, less "
               "the cost of the touches.");

    ImGui::SameLine(0.0f, px(28.0f));
    ImGui::AlignTextToFramePadding();
    ImGui::Checkbox("Second step", &controls.two_steps);
    hover_hint("Vary a second step's day too: every pair of days is tried (a 2-D sweep), shown as a heatmap.");
    ImGui::SameLine();
    ImGui::BeginDisabled(!controls.two_steps);
    draw_step_combo("##sweep_second_step", cadence, controls.second_step, controls.step, px(230.0f));
    ImGui::SameLine(0.0f, px(18.0f));
    control_label("Days");
    draw_days_field("##sweep_second_days", controls.second_days);
    ImGui::EndDisabled();
    whole_number_field("Customers", "##sweep_customers", controls.customers, 1, 10'000'000, px(76.0f),
                       "Simulated customers per replication; every grid point meets the same ones.");
    whole_number_field("Horizon", "##sweep_horizon", controls.horizon, 1, 3650, px(50.0f),
                       "Days each customer is followed after the first purchase.");
    whole_number_field("Replications", "##sweep_replications", controls.replications, 1, 1000, px(40.0f),
                       "Independent runs on new customers; the intervals are over them (at least 2 for an interval).");
    control_label("Seed");
    ImGui::SetNextItemWidth(px(56.0f));
    ImGui::InputScalar("##sweep_seed", ImGuiDataType_U64, &controls.seed);
    hover_hint("The same seed gives the same numbers, here and in `touchpoint sweep`.");
    ImGui::SameLine(0.0f, px(18.0f));
    control_label("Margin");
    ImGui::SetNextItemWidth(px(40.0f));
    if (ImGui::InputDouble("##sweep_margin", &controls.margin_percent, 0.0, 0.0, "%.0f"))
        controls.margin_percent = std::clamp(controls.margin_percent, 0.0, 100.0);
    hover_hint("Gross margin on revenue, for incremental profit.");
    ImGui::SameLine(0.0f, 2.0f);
    ImGui::TextUnformatted("%");
    ImGui::SameLine(0.0f, px(18.0f));
    ImGui::BeginDisabled(!cadence);
    if (ImGui::Button("  Run sweep  ")) start_sweep(state, inputs, workbench);
    ImGui::EndDisabled();
    test_hooks::record_click_target("experiments:sweep_run");
    ImGui::EndDisabled();
}

// ---- The status line and the results -----------------------------------------------------------

void draw_status(SweepState& state, Workbench& workbench) {
    auto& run = state.run;
    if (draw_job_outcome(run.job, workbench, "experiments:sweep_cancel", "No sweep: ", run.last_error, run.last_end, run.result != nullptr,
                         "sweep"))
        return;
    if (!run.result) {
        ImGui::TextDisabled("Customers from the %s; effect model: the defaults. Choose a step and its days, then Run sweep.",
                            state.population_description.c_str());
        return;
    }
    const auto& result = *run.result;
    const auto& options = result.options;
    char where[48];
    if (state.result_workers > 0)
        std::snprintf(where, sizeof where, "in %d worker%s", state.result_workers, state.result_workers == 1 ? "" : "s");
    else
        std::snprintf(where, sizeof where, "in the page");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s: %d grid points x %s customers x %d replications over %d days, seed %llu; %.1f s %s; customers from the %s.",
                        result.spec.cadence.name.c_str(), static_cast<int>(result.points.size()), format_count(options.customers).c_str(),
                        options.replications, options.days, static_cast<unsigned long long>(options.seed), run.result_seconds, where,
                        population_source(result.population).c_str());
    ImGui::PopTextWrapPos();
}

void draw_explanation() {
    ImGui::Spacing();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + px(700.0f));
    ImGui::TextWrapped("Should the check-in go out on day 3, 7 or 14? A timing sweep plays the cadence once for every day of the "
                       "grid, each time on the same simulated customers with the same luck (common random numbers), so the "
                       "differences between days come from the timing, not from noise. The response curve shows the metric by "
                       "day with its 95%% interval over the replications; the best day is marked, and the days the data cannot "
                       "tell apart from it are shaded.");
    ImGui::Spacing();
    ImGui::TextDisabled("The same sweep runs on the command line: touchpoint sweep --cadence <file> --step \"<step>\" --days 0..60");
    ImGui::PopTextWrapPos();
}

void draw_results(const sim::SweepResult& result, std::vector<DrawnChart>& drawn) {
    draw_sweep_headline(result);
    ImGui::Spacing();
    const ImVec2 available = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float table_width = std::clamp(available.x * 0.4f, px(300.0f), px(470.0f));
    const float height = std::max(px(260.0f), available.y);
    const ImVec2 figure_size(available.x - table_width - gap, height);
    if (result.spec.second) draw_sweep_heatmap(result, figure_size, drawn);
    else draw_sweep_curve(result, figure_size, drawn);
    ImGui::SameLine();
    draw_sweep_table(result, ImVec2(table_width, height));
}

// ---- The test API ------------------------------------------------------------------------------

// All or nothing: false (and nothing changed) when a name or a value is not admissible.
bool apply_settings(SweepState& state, const CadenceOffer& offer, const nlohmann::json& settings) {
    if (state.run.job.running()) return false;
    auto controls = state.controls;
    SettingsReader read(settings);
    read.read_named("cadence", controls.cadence, [&](const std::string& name) { return offer.named(name); });
    read.read_named("days", controls.days, day_setting);
    read.read_named("second_days", controls.second_days, day_setting);
    read.read("step", controls.step);
    if (const auto* second = read.find("second_step")) {
        controls.two_steps = second->is_string() && !second->get<std::string>().empty();
        if (controls.two_steps) controls.second_step = second->get<std::string>();
    }
    read.read_named("metric", controls.metric, [](const std::string& key) { return sim::sweep_metric_from_key(key); });
    read.read("customers", controls.customers, 1, 10'000'000);
    read.read("horizon", controls.horizon, 1, 3650);
    read.read("replications", controls.replications, 1, 1000);
    read.read("seed", controls.seed);
    if (double margin = 0; read.read("margin", margin, 0.0, 1.0)) controls.margin_percent = margin * 100.0;
    const auto* cadence = offer.find(controls.cadence);
    if (!cadence || !has_step(*cadence, controls.step) || (controls.two_steps && !has_step(*cadence, controls.second_step))) read.reject();
    if (!read.ok()) return false;
    state.controls = std::move(controls);
    return true;
}

}  // namespace

nlohmann::json sweep_settings_json(const SweepControls& controls) {
    return {{"cadence", controls.cadence.key},
            {"cadence_source", controls.cadence.workspace ? "workspace" : "template"},
            {"step", controls.step},
            {"days", controls.days.data()},
            {"second_step", controls.two_steps ? nlohmann::json(controls.second_step) : nlohmann::json()},
            {"second_days", controls.second_days.data()},
            {"metric", std::string(sim::sweep_metric_key(controls.metric))},
            {"customers", controls.customers},
            {"horizon", controls.horizon},
            {"replications", controls.replications},
            {"seed", controls.seed},
            {"margin", controls.margin_percent / 100.0}};
}

void follow_sweep(SweepState& state, Workbench& workbench) {
    state.population_description = population_source(choose_population(workbench));
    if (const auto finished = state.run.follow(workbench)) state.result_workers = finished->workers_used();
}

void draw_sweep_tab(SweepState& state, const ExperimentInputs& inputs, Workbench& workbench, std::vector<DrawnChart>& drawn) {
    ImGui::Spacing();
    draw_controls(state, inputs, workbench);
    draw_status(state, workbench);
    if (!state.run.result) {
        draw_explanation();
        return;
    }
    draw_results(*state.run.result, drawn);
}

nlohmann::json sweep_state_json(const SweepState& state, const CadenceOffer& offer) {
    nlohmann::json steps = nlohmann::json::array();
    if (const auto* cadence = offer.find(state.controls.cadence))
        for (const auto& step : cadence->steps) steps.push_back(step.name);
    auto json = state.run.state_json();
    json["settings"] = sweep_settings_json(state.controls);
    json["templates"] = cadence_templates_json(offer.catalogue);
    json["steps"] = std::move(steps);
    json["population"] = state.population_description;
    if (!json["progress"].is_null()) json["progress"]["items"] = state.run.job.status()->progress.items;
    if (state.run.result) json["workers"] = state.result_workers;
    return json;
}

bool run_sweep_command(SweepState& state, ExperimentInputs& inputs, Workbench& workbench, std::string_view arguments) {
    inputs.follow(workbench);
    follow_sweep(state, workbench);
    const auto argument = [&](std::string_view prefix) -> std::optional<std::string_view> {
        if (arguments.substr(0, prefix.size()) != prefix) return std::nullopt;
        return arguments.substr(prefix.size());
    };
    const auto parse = [](std::string_view text) { return nlohmann::json::parse(text, nullptr, false); };
    const auto offer = inputs.offer(workbench);
    if (arguments == "sweep_run") {
        start_sweep(state, inputs, workbench);
        return state.run.job.running();
    }
    if (arguments == "sweep_cancel") {
        if (!state.run.job.running()) return false;
        state.run.job.cancel(workbench);
        return true;
    }
    if (const auto settings = argument("sweep_set:")) return apply_settings(state, offer, parse(*settings));
    if (const auto settings = argument("sweep:")) {
        if (!apply_settings(state, offer, parse(*settings))) return false;
        start_sweep(state, inputs, workbench);
        return state.run.job.running();
    }
    return false;
}

}  // namespace touchpoint::web
