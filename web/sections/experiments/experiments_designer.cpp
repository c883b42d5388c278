// Section index: outcomes; starting and following the run; the controls; the calls; the arms;
// the test API.
#include "sections/experiments/experiments_designer.hpp"

#include "app/workbench.hpp"
#include "charts/chart.hpp"
#include "sections/experiments/experiment_figures.hpp"
#include "ui/format.hpp"
#include "ui/settings_reader.hpp"
#include "ui/test_hooks.hpp"
#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"
#include "touchpoint/experiments/power.hpp"
#include "touchpoint/sim/timing_sweep.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

namespace touchpoint::web {

namespace {

// ---- Outcomes ----------------------------------------------------------------------------------

constexpr std::array<sim::ExperimentOutcome, 3> outcomes{sim::ExperimentOutcome::RepeatWithin, sim::ExperimentOutcome::RevenueWithin,
                                                         sim::ExperimentOutcome::ActiveAtEnd};
constexpr std::array<const char*, 3> outcome_labels{"Bought again within", "Revenue within", "Active at the end of"};

std::size_t outcome_index(sim::ExperimentOutcome outcome) {
    return static_cast<std::size_t>(std::find(outcomes.begin(), outcomes.end(), outcome) - outcomes.begin());
}

bool is_revenue(sim::ExperimentOutcome outcome) { return outcome == sim::ExperimentOutcome::RevenueWithin; }

std::string value_text(sim::ExperimentOutcome outcome, double value) {
    return is_revenue(outcome) ? format_amount(value) : figure_text(value, FigureFormat::Percent);
}

// ---- Starting and following the run -----------------------------------------------------------

void start_run(DesignerState& state, const ExperimentInputs& inputs, Workbench& workbench) {
    if (state.run.job.running()) return;
    state.run.last_error.clear();
    const auto& controls = state.controls;
    const auto* cadence = inputs.offer(workbench).find(controls.cadence);
    if (!cadence) {
        state.run.last_error = "\"" + controls.cadence.key + "\" is no longer among the cadences: choose another.";
        return;
    }
    sim::SimulatedExperimentDesign design;
    design.outcome = controls.outcome;
    design.window_days = controls.window;
    design.customers = controls.customers;
    design.experiments = controls.experiments;
    design.alpha = controls.alpha;
    design.seed = controls.seed;
    design.segment_rules = inputs.segment_rules();
    std::shared_ptr<sim::SimulatedExperimentJob> job;
    try {
        design.arms = sim::timing_arms(*cadence, controls.step, sim::parse_day_grid(controls.days.data()));
        job = std::make_shared<sim::SimulatedExperimentJob>(choose_population(workbench), std::move(design), sim::default_effect_model());
    } catch (const std::exception& error) {
        state.run.last_error = error.what();
        return;
    }
    state.run.start(workbench, "Simulating " + std::to_string(controls.experiments) + " experiments", std::move(job));
}

// ---- The controls ------------------------------------------------------------------------------

void draw_controls(DesignerState& state, const ExperimentInputs& inputs, Workbench& workbench) {
    auto& controls = state.controls;
    const auto offer = inputs.offer(workbench);
    ImGui::BeginDisabled(state.run.job.running());
    control_label("Cadence");
    if (draw_cadence_combo("##designer_cadence", offer, controls.cadence, px(210.0f))) {
        const auto* cadence = offer.find(controls.cadence);
        if (cadence && !cadence->steps.empty() && !has_step(*cadence, controls.step)) controls.step = cadence->steps.front().name;
    }
    const auto* cadence = offer.find(controls.cadence);
    ImGui::SameLine(0.0f, px(18.0f));
    control_label("Step whose day differs");
    draw_step_combo("##designer_step", cadence, controls.step, std::string(), px(230.0f));
    ImGui::SameLine(0.0f, px(18.0f));
    control_label("Arms on days");
    ImGui::SetNextItemWidth(px(100.0f));
    ImGui::InputText("##designer_days", controls.days.data(), controls.days.size(), ImGuiInputTextFlags_CharsNoBlank);
    hover_hint("The step's day in each arm, 2 to 6 of them: 0,30,90. The first arm is control.");
    ImGui::SameLine(0.0f, px(18.0f));
    control_label("alpha", "significance_level");
    ImGui::SetNextItemWidth(px(50.0f));
    if (ImGui::InputDouble("##designer_alpha", &controls.alpha, 0.0, 0.0, "%.3f")) controls.alpha = std::clamp(controls.alpha, 0.001, 0.5);

    control_label("Outcome");
    ImGui::SetNextItemWidth(px(170.0f));
    int outcome = static_cast<int>(outcome_index(controls.outcome));
    if (ImGui::Combo("##designer_outcome", &outcome, outcome_labels.data(), static_cast<int>(outcome_labels.size())))
        controls.outcome = outcomes[static_cast<std::size_t>(outcome)];
    hover_hint("What each customer's outcome is, counted from the first purchase: a repeat purchase within the window, the "
               "revenue of repeat purchases within it, or a purchase in the last 90 days of it.");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(44.0f));
    if (ImGui::InputInt("##designer_window", &controls.window, 0, 0)) controls.window = std::clamp(controls.window, 1, 3650);
    ImGui::SameLine(0.0f, 4.0f);
    ImGui::TextUnformatted("days");
    ImGui::SameLine(0.0f, px(18.0f));
    whole_number_field("Customers", "##designer_customers", controls.customers, 4, 10'000'000, px(76.0f),
                       "Customers per experiment, all arms together, split evenly: the planned sample size (see Power and sample size).");
    whole_number_field("Experiments", "##designer_experiments", controls.experiments, 2, 100'000, px(56.0f),
                       "How many times the test is played, each time on new customers.");
    control_label("Seed");
    ImGui::SetNextItemWidth(px(48.0f));
    ImGui::InputScalar("##designer_seed", ImGuiDataType_U64, &controls.seed);
    ImGui::SameLine(0.0f, px(18.0f));
    ImGui::BeginDisabled(!cadence);
    if (ImGui::Button("  Simulate  ")) start_run(state, inputs, workbench);
    ImGui::EndDisabled();
    test_hooks::record_click_target("experiments:designer_run");
    ImGui::EndDisabled();
}

void draw_status(DesignerState& state, Workbench& workbench) {
    auto& run = state.run;
    if (draw_job_outcome(run.job, workbench, "experiments:designer_cancel", "No simulated experiment: ", run.last_error, run.last_end,
                         run.result != nullptr, "run"))
        return;
    if (!run.result) {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + px(700.0f));
        ImGui::TextWrapped("Before testing follow-up timings on real customers, play the test many times on simulated ones at the "
                           "planned size: each arm gets customers of its own, as in a real test, and each experiment is analysed as "
                           "the real one would be (two-sided at alpha, Holm's correction across arms). How often does it name the "
                           "truly best arm?");
        ImGui::PopTextWrapPos();
        return;
    }
    const auto& design = run.result->design;
    ImGui::TextDisabled("%d experiments of %s customers, %d arms, outcome within %d days, seed %llu; %.1f s.", design.experiments,
                        format_count(design.customers).c_str(), static_cast<int>(design.arms.size()), design.window_days,
                        static_cast<unsigned long long>(design.seed), run.result_seconds);
}

// ---- The calls ---------------------------------------------------------------------------------

struct Call {
    const char* label;
    const sim::Estimate* share;
    ImU32 colour;
    const char* hint;
};

// The three calls as one bar split in proportion, with their shares and intervals beside.
void draw_calls(const sim::SimulatedExperimentResult& result, ImFont* heading) {
    const Call calls[] = {
        {"Right call", &result.right_call, tied_colour(), "The experiment named the truly best arm (significantly better than control, or control when every treatment was significantly worse)."},
        {"Wrong call", &result.wrong_call, theme_colours().error_text, "The experiment named an arm that is not the best: a false win."},
        {"No call", &result.no_call, IM_COL32(150, 150, 150, 255), "No arm was significantly different from control: the test could not tell."},
    };
    for (const auto& call : calls) {
        ImGui::BeginGroup();
        ImGui::PushStyleColor(ImGuiCol_Text, call.colour);
        if (heading) ImGui::PushFont(heading);
        ImGui::TextUnformatted(figure_text(call.share->mean, FigureFormat::Percent).c_str());
        if (heading) ImGui::PopFont();
        ImGui::PopStyleColor();
        ImGui::Text("%s", call.label);
        ImGui::TextDisabled("%s to %s", figure_text(call.share->ci_low, FigureFormat::Percent).c_str(),
                            figure_text(call.share->ci_high, FigureFormat::Percent).c_str());
        ImGui::EndGroup();
        hover_hint(call.hint);
        ImGui::SameLine(0.0f, px(40.0f));
    }
    ImGui::NewLine();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float width = std::min(ImGui::GetContentRegionAvail().x, px(720.0f)), height = px(14.0f);
    float x = at.x;
    for (const auto& call : calls) {
        const float part = width * static_cast<float>(std::clamp(call.share->mean, 0.0, 1.0));
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x, at.y), ImVec2(x + part, at.y + height), call.colour);
        x += part;
    }
    ImGui::Dummy(ImVec2(width, height));
    if (!result.arms_differ)
        ImGui::TextDisabled("Every arm plays the same cadence (an A/A test): there is no best arm, so every call is a false win.");
    else
        ImGui::TextDisabled("Truly best: %s (pooled over every experiment). Median p-value of the best treatment against control: %s.",
                            result.arms[result.truly_best].name.c_str(), p_value_text(result.median_p_value).c_str());
}

// How many customers a test would need to find the true difference between control and the
// treatment nearest the right call: the truly best arm, or, when control is best, the best
// treatment (rates only: a revenue outcome would need its spread too).
void draw_size_hint(const sim::SimulatedExperimentResult& result) {
    if (!result.arms_differ || is_revenue(result.design.outcome) || result.arms.size() < 2) return;
    std::size_t compared = result.truly_best;
    if (compared == 0) {
        compared = 1;
        for (std::size_t a = 2; a < result.arms.size(); ++a)
            if (result.arms[a].true_value > result.arms[compared].true_value) compared = a;
    }
    const auto& control = result.arms.front();
    const auto& arm = result.arms[compared];
    experiments::PowerDesign design;
    design.baseline = control.true_value;
    design.minimum_detectable_effect = arm.true_value - control.true_value;
    design.alpha = result.design.alpha;
    std::string needed;
    try {
        needed = "a test needs about " + format_count(experiments::required_sample_size(design).n_control) +
                 " customers per arm to find it 8 times in 10";
    } catch (const std::exception&) {
        needed = "no test of a realistic size can find it";
    }
    char difference[32];
    std::snprintf(difference, sizeof difference, "%.2f", std::abs(design.minimum_detectable_effect) * 100.0);
    ImGui::TextDisabled("In truth %s %s control by %s points; %s (see Power and sample size).", arm.name.c_str(),
                        design.minimum_detectable_effect >= 0 ? "beats" : "trails", difference, needed.c_str());
}

// ---- The arms ----------------------------------------------------------------------------------

void draw_arms_table(const sim::SimulatedExperimentResult& result) {
    const auto outcome = result.design.outcome;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX;
    if (!ImGui::BeginTable("designer_arms", 7, flags)) return;
    for (const char* header : {"Arm", "Customers", "True value", "Called the winner", "Better than control", "Opt-outs", "Cost per customer"})
        ImGui::TableSetupColumn(header);
    ImGui::TableHeadersRow();
    for (std::size_t a = 0; a < result.arms.size(); ++a) {
        const auto& arm = result.arms[a];
        const bool best = result.arms_differ && a == result.truly_best;
        ImGui::TableNextRow();
        if (best) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, IM_COL32(56, 158, 92, 50));
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(arm.name.c_str());
        if (a == 0) {
            ImGui::SameLine();
            ImGui::TextDisabled("(control)");
        }
        if (best) {
            ImGui::SameLine();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tied_colour()), "(truly best)");
        }
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(format_count(arm.customers).c_str());
        ImGui::TableSetColumnIndex(2);
        ImGui::Text("%s", value_text(outcome, arm.true_value).c_str());
        ImGui::SameLine(0.0f, px(4.0f));
        ImGui::TextDisabled("(+/- %s)", value_text(outcome, 1.96 * arm.true_value_std_error).c_str());
        ImGui::TableSetColumnIndex(3);
        ImGui::TextUnformatted(figure_text(arm.called_share, FigureFormat::Percent).c_str());
        ImGui::TableSetColumnIndex(4);
        if (a == 0) ImGui::TextDisabled("-");
        else ImGui::TextUnformatted(figure_text(arm.significant_share, FigureFormat::Percent).c_str());
        ImGui::TableSetColumnIndex(5);
        ImGui::TextUnformatted(figure_text(arm.opt_outs, FigureFormat::FinePercent).c_str());
        ImGui::TableSetColumnIndex(6);
        ImGui::TextUnformatted(figure_text(arm.cost, FigureFormat::Cost).c_str());
    }
    ImGui::EndTable();
}

void draw_called_chart(const sim::SimulatedExperimentResult& result, ImVec2 size, std::vector<DrawnChart>& drawn) {
    std::vector<std::string> names;
    std::vector<double> called;
    for (const auto& arm : result.arms) {
        names.push_back(arm.name);
        called.push_back(arm.called_share);
    }
    charts::ChartOptions options;
    options.title = "Share of the experiments that called each arm the winner";
    options.y_format = charts::AxisFormat::Percent;
    options.export_name = "simulated-experiment-calls";
    if (!charts::begin_chart("designer_calls", size, options)) return;
    const charts::BarSeries series[] = {{"Called the winner", called, estimate_colour()}};
    charts::stacked_bars(names, series);
    charts::end_chart();
    const auto rect = charts::last_chart_rect();
    drawn.push_back({"designer_calls", rect.min, rect.max, 1});
}

// ---- The test API ------------------------------------------------------------------------------

nlohmann::json settings_json(const DesignerControls& controls) {
    return {{"cadence", controls.cadence.key},
            {"step", controls.step},
            {"days", controls.days.data()},
            {"outcome", std::string(sim::experiment_outcome_key(controls.outcome))},
            {"window", controls.window},
            {"customers", controls.customers},
            {"experiments", controls.experiments},
            {"alpha", controls.alpha},
            {"seed", controls.seed}};
}

// All or nothing: false (and nothing changed) when a name or a value is not admissible.
bool apply_settings(DesignerState& state, const CadenceOffer& offer, const nlohmann::json& settings) {
    if (state.run.job.running()) return false;
    auto controls = state.controls;
    SettingsReader read(settings);
    read.read_named("cadence", controls.cadence, [&](const std::string& name) { return offer.named(name); });
    read.read("step", controls.step);
    read.read_named("days", controls.days, day_setting);
    read.read_named("outcome", controls.outcome, [](const std::string& key) { return sim::experiment_outcome_from_key(key); });
    read.read("window", controls.window, 1, 3650);
    read.read("customers", controls.customers, 4, 10'000'000);
    read.read("experiments", controls.experiments, 2, 100'000);
    read.read("alpha", controls.alpha, 0.0, 1.0, SettingsReader::Ends::Excluded);
    read.read("seed", controls.seed);
    const auto* cadence = offer.find(controls.cadence);
    if (!cadence || !has_step(*cadence, controls.step)) read.reject();
    if (!read.ok()) return false;
    state.controls = std::move(controls);
    return true;
}

}  // namespace

void follow_designer(DesignerState& state, Workbench& workbench) { state.run.follow(workbench); }

void draw_designer_tab(DesignerState& state, const ExperimentInputs& inputs, Workbench& workbench, ImFont* heading,
                       std::vector<DrawnChart>& drawn) {
    ImGui::Spacing();
    draw_controls(state, inputs, workbench);
    draw_status(state, workbench);
    const auto& result = state.run.result;
    if (!result) return;
    ImGui::Spacing();
    draw_calls(*result, heading);
    draw_size_hint(*result);
    ImGui::Spacing();
    draw_arms_table(*result);
    ImGui::Spacing();
    const float height = ImGui::GetContentRegionAvail().y - px(4.0f);
    if (height >= px(140.0f)) draw_called_chart(*result, ImVec2(std::min(ImGui::GetContentRegionAvail().x, px(720.0f)), height), drawn);
}

nlohmann::json designer_state_json(const DesignerState& state) {
    auto json = state.run.state_json();
    json["settings"] = settings_json(state.controls);
    return json;
}

bool run_designer_command(DesignerState& state, ExperimentInputs& inputs, Workbench& workbench, std::string_view arguments) {
    inputs.follow(workbench);
    state.run.follow(workbench);
    const auto parse = [](std::string_view text) { return nlohmann::json::parse(text, nullptr, false); };
    const auto offer = inputs.offer(workbench);
    if (arguments == "designer_run") {
        start_run(state, inputs, workbench);
        return state.run.job.running();
    }
    if (arguments == "designer_cancel") {
        if (!state.run.job.running()) return false;
        state.run.job.cancel(workbench);
        return true;
    }
    constexpr std::string_view set = "designer_set:", run = "designer:";
    if (arguments.substr(0, set.size()) == set) return apply_settings(state, offer, parse(arguments.substr(set.size())));
    if (arguments.substr(0, run.size()) == run) {
        if (!apply_settings(state, offer, parse(arguments.substr(run.size())))) return false;
        start_run(state, inputs, workbench);
        return state.run.job.running();
    }
    return false;
}

}  // namespace touchpoint::web
