// Section index: state and defaults; the steps of the cadence; starting and following the sweep;
// the controls; the status line and the results; the test API.
#include "ui/test_hooks.hpp"
#include "sections/experiments/experiments_sweep.hpp"

#include "sections/drill_down/drill_down.hpp"
#include "sections/experiments/experiments_inputs.hpp"
#include "sections/experiments/experiments_sweep_results.hpp"
#include "workers/background_sweep.hpp"
#include "ui/format.hpp"
#include "ui/job_progress.hpp"
#include "workers/simulation_workers.hpp"
#include "ui/ui_scale.hpp"
#include "app/workbench.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

namespace touchpoint::web {

namespace {

// ---- State and defaults ------------------------------------------------------------------------

using DayText = std::array<char, 48>;

DayText day_text(std::string_view text) {
    DayText buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.*s", static_cast<int>(text.size()), text.data());
    return buffer;
}

// The first sweep on offer: when should the win-back nudge go out after a customer's usual
// repurchase time has passed? Its profit has a clear best day and a plateau tied with it.
struct SweepControls {
    CadenceChoice cadence{"win_back.json", false};
    std::string step = "Past the usual time";
    DayText days = day_text("0..60");
    bool two_steps = false;
    std::string second_step = "We have not heard from you";
    DayText second_days = day_text("30..120/10");
    sim::SweepMetric metric = sim::SweepMetric::IncrementalProfit;
    int customers = 20000;
    int horizon = 365;
    int replications = 10;
    std::uint64_t seed = 1;
    double margin_percent = 30.0;
};

struct SweepState {
    SweepControls controls;

    std::shared_ptr<BackgroundSweep> job;
    jobs::JobId job_id = 0;
    std::optional<jobs::JobStatus> job_status;
    std::chrono::steady_clock::time_point job_start;
    int job_workers = 0;
    std::string last_run;  // "done", "cancelled" or "failed" once a sweep has ended
    std::string last_error;
    std::shared_ptr<const sim::SweepResult> result;
    nlohmann::json result_json;  // made once per run for the test API
    double result_seconds = 0;
    int result_workers = 0;
    std::string population_description;  // of the population the next run draws from
};

SweepState& sweep_state() {
    static SweepState state;
    return state;
}

// ---- The steps of the cadence -------------------------------------------------------------------

// After the cadence changes: steps it does not have give way to its first (and second) step.
void keep_steps_valid(SweepState& state) {
    const auto* cadence = find_cadence(state.controls.cadence);
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

void start_sweep(SweepState& state, Workbench& workbench) {
    if (state.job) return;
    state.last_error.clear();
    const auto& controls = state.controls;
    const auto* cadence = find_cadence(controls.cadence);
    if (!cadence) {
        state.last_error = "\"" + controls.cadence.key + "\" is no longer among the cadences: choose another.";
        return;
    }
    sim::SimulationOptions options;
    options.customers = controls.customers;
    options.days = controls.horizon;
    options.replications = controls.replications;
    options.seed = controls.seed;
    options.margin = controls.margin_percent / 100.0;
    options.segment_rules = workspace_segment_rules();
    sim::SweepSpec spec;
    spec.cadence = *cadence;
    spec.metric = controls.metric;
    try {
        spec.first = {controls.step, sim::parse_day_grid(controls.days.data())};
        if (controls.two_steps) spec.second = sim::SweepAxis{controls.second_step, sim::parse_day_grid(controls.second_days.data())};
        state.job_workers = simulation_worker_slots();
        state.job = std::make_shared<BackgroundSweep>(choose_population(workbench), std::move(spec), sim::default_effect_model(), options,
                                                      state.job_workers);
    } catch (const std::exception& error) {
        state.last_error = error.what();
        return;
    }
    const std::string title = "Sweeping the day of \"" + controls.step + "\"";
    state.job_id = workbench.start_job(title, state.job);
    state.job_start = std::chrono::steady_clock::now();
    state.job_status.reset();
}

// The runner lets go of a job when it ends; then its result is read from our own pointer.
void follow_job(SweepState& state, const Workbench& workbench) {
    if (!state.job) return;
    if (const auto status = workbench.job_runner().status(state.job_id)) {
        state.job_status = *status;
        return;
    }
    if (state.job->result()) {
        auto result = std::make_shared<const sim::SweepResult>(*state.job->result());
        state.result_json = sim::to_json(*result);
        state.result = std::move(result);
        state.result_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - state.job_start).count();
        state.result_workers = state.job->workers_used();
        state.last_run = "done";
    } else {
        const std::string error = state.job->step(std::chrono::milliseconds(0)).error;
        state.last_run = error == "cancelled" ? "cancelled" : "failed";
        if (state.last_run == "failed") state.last_error = error;
    }
    state.job.reset();
}

// ---- The controls ------------------------------------------------------------------------------

void draw_days_field(const char* id, DayText& text) {
    ImGui::SetNextItemWidth(px(92.0f));
    ImGui::InputText(id, text.data(), text.size(), ImGuiInputTextFlags_CharsNoBlank);
    hover_hint("The delays to try, in days: 1..60 (every day), 1..60/5 (every fifth day) or 3,7,14. At most 400 grid points.");
}

void draw_controls(SweepState& state, Workbench& workbench) {
    auto& controls = state.controls;
    ImGui::BeginDisabled(state.job != nullptr);

    control_label("Cadence");
    if (draw_cadence_combo("##sweep_cadence", controls.cadence, px(210.0f))) keep_steps_valid(state);
    const auto* cadence = find_cadence(controls.cadence);
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
    if (ImGui::Button("  Run sweep  ")) start_sweep(state, workbench);
    ImGui::EndDisabled();
    test_hooks::record_click_target("experiments:sweep_run");
    ImGui::EndDisabled();
}

// ---- The status line and the results -----------------------------------------------------------

void draw_status(SweepState& state, Workbench& workbench) {
    if (state.job) {
        if (state.job_status) {
            draw_job_progress(*state.job_status, [&workbench, id = state.job_id] { workbench.cancel_job(id); });
            test_hooks::record_click_target("experiments:sweep_cancel");
        } else {
            ImGui::TextDisabled("Starting...");
        }
        return;
    }
    if (!state.last_error.empty()) {
        error_text("No sweep: " + state.last_error);
        return;
    }
    if (state.last_run == "cancelled") {
        ImGui::TextDisabled(state.result ? "Cancelled. The results shown are from the last sweep that finished." : "Cancelled.");
        return;
    }
    if (!state.result) {
        ImGui::TextDisabled("Customers from the %s; effect model: the defaults. Choose a step and its days, then Run sweep.",
                            state.population_description.c_str());
        return;
    }
    const auto& result = *state.result;
    const auto& options = result.options;
    char where[48];
    if (state.result_workers > 0)
        std::snprintf(where, sizeof where, "in %d worker%s", state.result_workers, state.result_workers == 1 ? "" : "s");
    else
        std::snprintf(where, sizeof where, "in the page");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s: %d grid points x %s customers x %d replications over %d days, seed %llu; %.1f s %s; customers from the %s.",
                        result.spec.cadence.name.c_str(), static_cast<int>(result.points.size()), format_count(options.customers).c_str(),
                        options.replications, options.days, static_cast<unsigned long long>(options.seed), state.result_seconds, where,
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

nlohmann::json settings_json(const SweepControls& controls) {
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

// All or nothing: false (and nothing changed) when a name or a value is not admissible.
bool apply_settings(SweepState& state, const nlohmann::json& settings) {
    if (!settings.is_object() || state.job) return false;
    auto controls = state.controls;
    try {
        if (settings.contains("cadence")) {
            const auto choice = cadence_named(settings["cadence"].get<std::string>());
            if (!choice) return false;
            controls.cadence = *choice;
        }
        const auto* cadence = find_cadence(controls.cadence);
        if (!cadence) return false;
        const auto text = [&](const char* key, DayText& target) {
            if (!settings.contains(key)) return true;
            const auto value = settings[key].get<std::string>();
            if (value.empty() || value.size() >= target.size()) return false;
            target = day_text(value);
            return true;
        };
        if (!text("days", controls.days) || !text("second_days", controls.second_days)) return false;
        if (settings.contains("step")) controls.step = settings["step"].get<std::string>();
        if (settings.contains("second_step")) {
            const auto& second = settings["second_step"];
            controls.two_steps = second.is_string() && !second.get<std::string>().empty();
            if (controls.two_steps) controls.second_step = second.get<std::string>();
        }
        if (!has_step(*cadence, controls.step) || (controls.two_steps && !has_step(*cadence, controls.second_step))) return false;
        if (settings.contains("metric")) {
            const auto metric = sim::sweep_metric_from_key(settings["metric"].get<std::string>());
            if (!metric) return false;
            controls.metric = *metric;
        }
        const auto whole = [&](const char* key, int& target, int low, int high) {
            if (!settings.contains(key)) return true;
            const auto value = settings[key].get<long long>();
            if (value < low || value > high) return false;
            target = static_cast<int>(value);
            return true;
        };
        if (!whole("customers", controls.customers, 1, 10'000'000) || !whole("horizon", controls.horizon, 1, 3650) ||
            !whole("replications", controls.replications, 1, 1000))
            return false;
        if (settings.contains("seed")) controls.seed = settings["seed"].get<std::uint64_t>();
        if (settings.contains("margin")) {
            const double margin = settings["margin"].get<double>();
            if (!(margin >= 0 && margin <= 1)) return false;
            controls.margin_percent = margin * 100.0;
        }
    } catch (const nlohmann::json::exception&) {
        return false;
    }
    state.controls = std::move(controls);
    return true;
}

}  // namespace

void follow_sweep(Workbench& workbench) {
    auto& state = sweep_state();
    follow_experiment_inputs(workbench);
    state.population_description = population_source(choose_population(workbench));
    follow_job(state, workbench);
}

void draw_sweep_tab(Workbench& workbench, std::vector<DrawnChart>& drawn) {
    auto& state = sweep_state();
    ImGui::Spacing();
    draw_controls(state, workbench);
    draw_status(state, workbench);
    if (!state.result) {
        draw_explanation();
        return;
    }
    draw_results(*state.result, drawn);
}

nlohmann::json sweep_state_json() {
    const auto& state = sweep_state();
    nlohmann::json steps = nlohmann::json::array();
    if (const auto* cadence = find_cadence(state.controls.cadence))
        for (const auto& step : cadence->steps) steps.push_back(step.name);
    nlohmann::json json{
        {"state", state.job ? "running" : state.result ? "done" : "idle"},
        {"last_run", state.last_run},
        {"error", state.last_error},
        {"settings", settings_json(state.controls)},
        {"templates", cadence_templates_json()},
        {"steps", steps},
        {"population", state.population_description},
        {"progress", nullptr},
        {"result", nullptr},
    };
    if (state.job && state.job_status)
        json["progress"] = {{"fraction", state.job_status->progress.fraction},
                            {"phase", state.job_status->progress.phase},
                            {"items", state.job_status->progress.items}};
    if (state.result) {
        json["result"] = state.result_json;
        json["seconds"] = state.result_seconds;
        json["workers"] = state.result_workers;
    }
    return json;
}

bool run_sweep_command(Workbench& workbench, std::string_view arguments) {
    auto& state = sweep_state();
    follow_sweep(workbench);
    const auto argument = [&](std::string_view prefix) -> std::optional<std::string_view> {
        if (arguments.substr(0, prefix.size()) != prefix) return std::nullopt;
        return arguments.substr(prefix.size());
    };
    const auto parse = [](std::string_view text) { return nlohmann::json::parse(text, nullptr, false); };
    if (arguments == "sweep_run") {
        start_sweep(state, workbench);
        return state.job != nullptr;
    }
    if (arguments == "sweep_cancel") {
        if (!state.job) return false;
        workbench.cancel_job(state.job_id);
        return true;
    }
    if (const auto settings = argument("sweep_set:")) return apply_settings(state, parse(*settings));
    if (const auto settings = argument("sweep:")) {
        if (!apply_settings(state, parse(*settings))) return false;
        start_sweep(state, workbench);
        return state.job != nullptr;
    }
    return false;
}

}  // namespace touchpoint::web
