// Section index: working out the answer; the design's controls; the answer and the power curve;
// the test API.
#include "sections/experiments/experiments_power.hpp"

#include "charts/chart.hpp"
#include "sections/experiments/experiment_figures.hpp"
#include "ui/format.hpp"
#include "ui/help_window.hpp"
#include "ui/ui_scale.hpp"
#include "touchpoint/experiments/report_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

namespace touchpoint::web {

namespace {

// ---- Working out the answer --------------------------------------------------------------------

constexpr int curve_points = 121;

bool same_design(const experiments::PowerDesign& a, const experiments::PowerDesign& b) {
    return a.metric == b.metric && a.baseline == b.baseline && a.standard_deviation == b.standard_deviation &&
           a.minimum_detectable_effect == b.minimum_detectable_effect && a.relative == b.relative && a.alpha == b.alpha &&
           a.power == b.power && a.allocation_ratio == b.allocation_ratio && a.one_sided == b.one_sided;
}

bool is_proportion(const experiments::PowerDesign& design) { return design.metric == experiments::MetricKind::Proportion; }

// Only when the design changed: the t-test's power takes a noncentral t, too slow for every frame.
const PowerAnswer& worked_out(const PowerState& state) {
    auto& answer = state.answer;
    if (answer.worked_out_for && same_design(*answer.worked_out_for, state.design)) return answer;
    answer = PowerAnswer{};
    answer.worked_out_for = state.design;
    try {
        const auto size = experiments::required_sample_size(state.design);
        const auto span = power_curve_span(size);
        answer.curve = experiments::power_curve(state.design, span.n_min, span.n_max, curve_points);
        answer.size = size;
    } catch (const std::exception& error) {
        answer.error = error.what();
    }
    return answer;
}

// ---- The design's controls ---------------------------------------------------------------------

// A number shown `scale` times larger than it is kept (a share as a percentage), with a unit after it.
bool scaled_field(const char* id, double& value, double scale, const char* format, const char* unit, float width) {
    double shown = value * scale;
    ImGui::SetNextItemWidth(width);
    const bool changed = ImGui::InputDouble(id, &shown, 0.0, 0.0, format);
    if (changed && std::isfinite(shown)) value = shown / scale;
    if (unit && *unit) {
        ImGui::SameLine(0.0f, px(4.0f));
        ImGui::TextUnformatted(unit);
    }
    return changed;
}

// A row of the design's table: the label (with its glossary hover) in the first column.
void design_row(const char* label, const char* term = nullptr) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    if (term) hover_definition(term);
    ImGui::TableSetColumnIndex(1);
}

void draw_design(PowerState& state) {
    auto& design = state.design;
    const bool proportion = is_proportion(design);
    if (!ImGui::BeginTable("power_design", 2, ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, px(170.0f));
    ImGui::TableSetupColumn("control", ImGuiTableColumnFlags_WidthStretch);
    const float field = px(96.0f);

    design_row("Outcome");
    int metric = proportion ? 0 : 1;
    if (ImGui::RadioButton("Conversion rate", &metric, 0)) design.metric = experiments::MetricKind::Proportion;
    hover_hint("A share of customers, such as those who buy again within 30 days.");
    ImGui::SameLine();
    if (ImGui::RadioButton("Mean", &metric, 1)) design.metric = experiments::MetricKind::Mean;
    hover_hint("An amount per customer, such as revenue within 30 days.");

    design_row(proportion ? "Control's rate" : "Control's mean");
    if (proportion) scaled_field("##baseline", design.baseline, 100.0, "%.2f", "%", field);
    else scaled_field("##baseline", design.baseline, 1.0, "%.2f", "", field);
    hover_hint(proportion ? "The rate the control arm is expected to reach, from your data (the Dashboard's repeat rate)."
                          : "The mean the control arm is expected to reach; used to turn a relative effect into an amount.");
    if (!proportion) {
        design_row("Standard deviation");
        scaled_field("##sd", design.standard_deviation, 1.0, "%.2f", "per customer", field);
        hover_hint("How much the outcome varies from customer to customer; revenue often has a standard deviation larger than its mean.");
    }

    design_row("Smallest effect", "minimum_detectable_effect");
    if (design.relative) scaled_field("##mde", design.minimum_detectable_effect, 100.0, "%.2f", "% of the control's", field);
    else if (proportion) scaled_field("##mde", design.minimum_detectable_effect, 100.0, "%.2f", "points", field);
    else scaled_field("##mde", design.minimum_detectable_effect, 1.0, "%.2f", "per customer", field);
    design_row("");
    int relative = design.relative ? 1 : 0;
    if (ImGui::RadioButton("Absolute", &relative, 0)) design.relative = false;
    ImGui::SameLine();
    if (ImGui::RadioButton("Relative", &relative, 1)) design.relative = true;
    hover_hint("Relative: the effect as a share of the control's rate or mean (10% of a 10% rate is one point).");

    design_row("Significance level", "significance_level");
    scaled_field("##alpha", design.alpha, 1.0, "%.3f", "", field);
    design_row("Power", "statistical_power");
    scaled_field("##power", design.power, 1.0, "%.2f", "", field);
    design_row("Test");
    int sides = design.one_sided ? 1 : 0;
    if (ImGui::RadioButton("Two-sided", &sides, 0)) design.one_sided = false;
    hover_hint("Finds a difference either way: the usual choice.");
    ImGui::SameLine();
    if (ImGui::RadioButton("One-sided", &sides, 1)) design.one_sided = true;
    hover_hint("Looks only in the direction of the effect: fewer customers, but a harm would go unnoticed.");
    design_row("Allocation ratio", "allocation_ratio");
    scaled_field("##ratio", design.allocation_ratio, 1.0, "%.2f", "treatment per control", field);
    ImGui::EndTable();
}

// ---- The answer and the power curve ------------------------------------------------------------

std::string value_text(const experiments::PowerDesign& design, double value) {
    return is_proportion(design) ? figure_text(value, FigureFormat::Percent) : format_amount(value);
}

void draw_answer(const PowerState& state, ImFont* heading) {
    const auto& design = state.design;
    const auto& size = *worked_out(state).size;
    if (heading) ImGui::PushFont(heading);
    ImGui::Text("%s customers per arm", format_count(size.n_control).c_str());
    if (heading) ImGui::PopFont();
    hover_definition("sample_size_per_arm");
    if (size.n_treatment != size.n_control)
        ImGui::Text("Control %s, treatment %s: %s customers in all.", format_count(size.n_control).c_str(),
                    format_count(size.n_treatment).c_str(), format_count(size.n_total).c_str());
    else
        ImGui::Text("%s customers in all, half in each arm.", format_count(size.n_total).c_str());
    char effect[64];
    if (is_proportion(design)) std::snprintf(effect, sizeof effect, "%+.2f points", size.effect * 100.0);
    else std::snprintf(effect, sizeof effect, "%s%s", size.effect >= 0 ? "+" : "", format_amount(size.effect).c_str());
    ImGui::TextDisabled("To tell %s from %s (%s) with %.0f%% power at alpha %.3g, %s.", value_text(design, design.baseline).c_str(),
                        value_text(design, size.treatment_value).c_str(), effect, design.power * 100.0, design.alpha,
                        design.one_sided ? "one-sided" : "two-sided");
    ImGui::TextDisabled("Cohen's %s %.4f; unrounded %.2f per arm; power with the rounded arms %.1f%%.", is_proportion(design) ? "h" : "d",
                        size.standardized_effect, size.n_control_exact, size.achieved_power * 100.0);
}

void draw_curve(const PowerState& state, ImVec2 size, std::vector<DrawnChart>& drawn) {
    const auto& design = state.design;
    const auto& answer = worked_out(state);
    std::vector<double> ns, powers;
    for (const auto& point : answer.curve) {
        ns.push_back(point.n_control);
        powers.push_back(point.power);
    }
    charts::ChartOptions options;
    options.title = "Power by customers per arm";
    options.x_label = design.allocation_ratio == 1.0 ? "customers per arm" : "customers in the control arm (treatment: x the ratio)";
    options.y_format = charts::AxisFormat::Percent;
    options.export_name = "power-curve";
    if (!charts::begin_chart("power_curve", size, options)) return;
    charts::line("Power", ns, powers, estimate_colour());
    const double target_x[] = {ns.front(), ns.back()};
    const double target_y[] = {design.power, design.power};
    charts::line("Target power", target_x, target_y, IM_COL32(140, 140, 140, 255));
    const double n = static_cast<double>(answer.size->n_control);
    const double answer_x[] = {n, n};
    const double answer_y[] = {0.0, answer.size->achieved_power};
    charts::line("##customers needed", answer_x, answer_y, best_colour());
    const double dot_x[] = {n};
    const double dot_y[] = {answer.size->achieved_power};
    charts::scatter("##answer", dot_x, dot_y, best_colour());
    charts::end_chart();
    const auto rect = charts::last_chart_rect();
    drawn.push_back({"power_curve", rect.min, rect.max, 2});
}

}  // namespace

experiments::PowerDesign example_power_design() {
    experiments::PowerDesign example;
    example.metric = experiments::MetricKind::Proportion;
    example.baseline = 0.10;
    example.standard_deviation = 40.0;
    example.minimum_detectable_effect = 0.02;
    return example;
}

void draw_power_tab(PowerState& state, ImFont* heading, std::vector<DrawnChart>& drawn) {
    worked_out(state);
    ImGui::Spacing();
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("power_layout", 2, flags, ImVec2(0.0f, ImGui::GetContentRegionAvail().y))) return;
    ImGui::TableSetupColumn("design", ImGuiTableColumnFlags_WidthFixed, px(430.0f));
    ImGui::TableSetupColumn("answer", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted("The experiment");
    ImGui::Separator();
    draw_design(state);
    ImGui::Spacing();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + px(410.0f));
    ImGui::TextDisabled("Proportions use a z-test on Cohen's h, means a two-sample t-test on Cohen's d, as statsmodels does; "
                        "the same numbers come from touchpoint power on the command line.");
    ImGui::PopTextWrapPos();
    ImGui::TableSetColumnIndex(1);
    // The controls may have changed the design this frame.
    if (const auto& answer = worked_out(state); !answer.size) {
        error_text("No answer: " + answer.error);
    } else {
        draw_answer(state, heading);
        ImGui::Spacing();
        draw_curve(state, ImVec2(0.0f, std::max(px(220.0f), ImGui::GetContentRegionAvail().y - px(8.0f))), drawn);
    }
    ImGui::EndTable();
}

nlohmann::json power_state_json(const PowerState& state) {
    const auto& answer = worked_out(state);
    const auto& design = state.design;
    nlohmann::json json{
        {"design",
         {{"metric", is_proportion(design) ? "proportion" : "mean"},
          {"baseline", design.baseline},
          {"sd", design.standard_deviation},
          {"mde", design.minimum_detectable_effect},
          {"relative", design.relative},
          {"alpha", design.alpha},
          {"power", design.power},
          {"ratio", design.allocation_ratio},
          {"one_sided", design.one_sided}}},
        {"result", nullptr},
        {"error", answer.error},
        {"curve", nullptr},
    };
    if (answer.size) {
        json["result"] = experiments::to_json(design, *answer.size);
        json["curve"] = {{"points", answer.curve.size()}, {"n_min", answer.curve.front().n_control}, {"n_max", answer.curve.back().n_control}};
    }
    return json;
}

bool run_power_command(PowerState& state, std::string_view arguments) {
    constexpr std::string_view prefix = "power:";
    if (arguments.substr(0, prefix.size()) != prefix) return false;
    const auto settings = nlohmann::json::parse(arguments.substr(prefix.size()), nullptr, false);
    if (!settings.is_object()) return false;
    auto design = state.design;
    try {
        for (const auto& [key, value] : settings.items()) {
            if (key == "metric") {
                const auto metric = experiments::metric_kind_from_name(value.get<std::string>());
                if (!metric) return false;
                design.metric = *metric;
            } else if (key == "baseline") design.baseline = value.get<double>();
            else if (key == "sd") design.standard_deviation = value.get<double>();
            else if (key == "mde") design.minimum_detectable_effect = value.get<double>();
            else if (key == "relative") design.relative = value.get<bool>();
            else if (key == "alpha") design.alpha = value.get<double>();
            else if (key == "power") design.power = value.get<double>();
            else if (key == "ratio") design.allocation_ratio = value.get<double>();
            else if (key == "one_sided") design.one_sided = value.get<bool>();
            else return false;
        }
    } catch (const nlohmann::json::exception&) {
        return false;
    }
    state.design = design;
    worked_out(state);
    return true;
}

}  // namespace touchpoint::web
