// Section index: the experiments in the store; analysing; the controls; the results; the
// empty state; the test API.
#include "sections/experiments/experiments_analysis.hpp"

#include "ui/test_hooks.hpp"
#include "charts/chart.hpp"
#include "charts/palette.hpp"
#include "sections/experiments/experiment_figures.hpp"
#include "ui/format.hpp"
#include "ui/help_window.hpp"
#include "ui/icons.hpp"
#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"
#include "app/workbench.hpp"
#include "touchpoint/experiments/report_json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

namespace touchpoint::web {

namespace {

bool is_repeat(const AnalysisSettings& settings) { return settings.metric.kind == experiments::OutcomeKind::Repeat; }

// ---- The experiments in the store --------------------------------------------------------------

// Read again whenever the data shown changes (an import makes a new Dataset).
void follow_store(AnalysisState& state, Workbench& workbench) {
    const auto* dataset = workbench.dataset().get();
    if (dataset == state.listed_for) return;
    state.listed_for = dataset;
    state.listing_error.clear();
    try {
        state.experiments = experiments::list_experiments(workbench.shown_store());
    } catch (const std::exception& error) {
        state.experiments.clear();
        state.listing_error = error.what();
    }
    const bool still_there = std::any_of(state.experiments.begin(), state.experiments.end(),
                                         [&](const auto& listing) { return listing.experiment == state.settings.experiment; });
    if (!still_there) {
        state.settings.experiment = state.experiments.empty() ? "" : state.experiments.front().experiment;
        state.settings.control.clear();
    }
}

const experiments::ExperimentListing* chosen_listing(const AnalysisState& state) {
    for (const auto& listing : state.experiments)
        if (listing.experiment == state.settings.experiment) return &listing;
    return nullptr;
}

// ---- Analysing ---------------------------------------------------------------------------------

void analyse(AnalysisState& state, Workbench& workbench) {
    const auto* dataset = workbench.dataset().get();
    if (state.analysed_for && *state.analysed_for == state.settings && state.analysed_dataset == dataset) return;
    state.analysed_for = state.settings;
    state.analysed_dataset = dataset;
    state.analysis.reset();
    state.result_json = nullptr;
    state.error.clear();
    if (state.settings.experiment.empty()) return;
    try {
        const auto assignments = experiments::load_assignments(workbench.shown_store(), state.settings.experiment);
        const auto outcomes = experiments::compute_outcomes(assignments, *dataset, state.settings.metric);
        experiments::ExperimentAnalysisOptions options;
        options.control_arm = state.settings.control;
        options.alpha = state.settings.alpha;
        options.mixture_sd = state.settings.mixture_sd;
        auto analysis = experiments::analyze_outcomes(state.settings.experiment, outcomes, options);
        state.result_json = experiments::to_json(analysis);
        state.analysis = std::move(analysis);
    } catch (const std::exception& error) {
        state.error = error.what();
    }
}

// ---- The controls ------------------------------------------------------------------------------

void draw_controls(AnalysisState& state) {
    auto& settings = state.settings;
    control_label("Experiment");
    ImGui::SetNextItemWidth(px(200.0f));
    if (ImGui::BeginCombo("##experiment", settings.experiment.c_str())) {
        for (const auto& listing : state.experiments) {
            const std::string label = listing.experiment + "  (" + format_count(listing.assignments) + " assignments)";
            if (ImGui::Selectable(label.c_str(), listing.experiment == settings.experiment)) {
                settings.experiment = listing.experiment;
                settings.control.clear();
            }
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine(0.0f, px(18.0f));
    control_label("Outcome");
    int kind = is_repeat(settings) ? 0 : 1;
    ImGui::SetNextItemWidth(px(190.0f));
    const char* kinds[] = {"Bought again within", "Revenue within"};
    if (ImGui::Combo("##outcome_kind", &kind, kinds, 2))
        settings.metric.kind = kind == 0 ? experiments::OutcomeKind::Repeat : experiments::OutcomeKind::Revenue;
    hover_definition(is_repeat(settings) ? "outcome_repeat" : "outcome_revenue");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(48.0f));
    if (ImGui::InputInt("##outcome_days", &settings.metric.days, 0, 0)) settings.metric.days = std::clamp(settings.metric.days, 1, 3650);
    hover_hint("Days after the assignment day that count; customers whose days are not over yet are left out.");
    ImGui::SameLine(0.0f, 4.0f);
    ImGui::TextUnformatted("days");
    ImGui::SameLine(0.0f, px(18.0f));
    control_label("Control arm");
    ImGui::SetNextItemWidth(px(150.0f));
    const auto* listing = chosen_listing(state);
    if (ImGui::BeginCombo("##control_arm", settings.control.empty() ? "(default)" : settings.control.c_str())) {
        if (ImGui::Selectable("(default)", settings.control.empty())) settings.control.clear();
        hover_hint("The arm named \"control\", else the first arm by name.");
        if (listing)
            for (const auto& arm : listing->arms)
                if (ImGui::Selectable(arm.c_str(), arm == settings.control)) settings.control = arm;
        ImGui::EndCombo();
    }
    ImGui::SameLine(0.0f, px(18.0f));
    control_label("alpha", "significance_level");
    ImGui::SetNextItemWidth(px(56.0f));
    if (ImGui::InputDouble("##analysis_alpha", &settings.alpha, 0.0, 0.0, "%.3f")) settings.alpha = std::clamp(settings.alpha, 0.001, 0.5);
}

// ---- The results -------------------------------------------------------------------------------

// Rate differences in points, one decimal: "+4.9 pts".
std::string points_text(double share_difference) {
    if (!std::isfinite(share_difference)) return "n/a";
    char text[32];
    std::snprintf(text, sizeof text, "%+.1f pts", share_difference * 100.0);
    return text;
}

std::string money_difference_text(double value) {
    if (!std::isfinite(value)) return "n/a";
    return (value >= 0 ? "+" : "") + format_amount(value);
}

// "+4.9 pts" then "(-2.4 to +12.1)" in the muted colour.
void estimate_cell(const std::string& estimate, const std::string& low, const std::string& high) {
    ImGui::TextUnformatted(estimate.c_str());
    ImGui::SameLine(0.0f, px(4.0f));
    ImGui::TextDisabled("(%s to %s)", low.c_str(), high.c_str());
}

void p_value_cell(double p, bool significant) {
    if (significant) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tied_colour()), "%s", p_value_text(p).c_str());
    else ImGui::TextUnformatted(p_value_text(p).c_str());
}

struct Column {
    const char* header;
    const char* term;  // glossary key for the header's hover, or nullptr
};

// A table with a header row whose cells explain their terms on hover; as tall and wide as its cells.
bool begin_arms_table(const char* id, std::span<const Column> columns) {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX;
    if (!ImGui::BeginTable(id, static_cast<int>(columns.size()), flags)) return false;
    for (const auto& column : columns) ImGui::TableSetupColumn(column.header);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (std::size_t c = 0; c < columns.size(); ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c));
        ImGui::TableHeader(columns[c].header);
        if (columns[c].term) hover_definition(columns[c].term);
    }
    return true;
}

void arm_name_cell(const experiments::ArmResult& arm, bool control) {
    ImGui::TextUnformatted(arm.arm.c_str());
    if (!control) return;
    ImGui::SameLine();
    ImGui::TextDisabled("(control)");
}

void draw_sample_ratio(const experiments::ExperimentAnalysis& analysis) {
    const auto& check = analysis.sample_ratio;
    if (check.mismatch) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().error_text);
        ImGui::Text("%s Sample ratio mismatch: chi-square %.2f, p %s. The arms do not hold the planned shares; find out why before "
                    "trusting the results.",
                    icons::warning, check.chi_square, p_value_text(check.p_value).c_str());
        ImGui::PopStyleColor();
    } else {
        ImGui::Text("Sample ratio: chi-square %.2f, p %s: the arms hold the planned (equal) shares.", check.chi_square,
                    p_value_text(check.p_value).c_str());
    }
    hover_definition("sample_ratio_mismatch");
}

void draw_repeat_tables(const AnalysisState& state) {
    const auto& analysis = *state.analysis;
    const int rows = static_cast<int>(analysis.arms.size());
    ImGui::TextUnformatted("Each arm against control");
    const Column tests[] = {{"Arm", nullptr},
                            {"Customers", nullptr},
                            {"Bought again", "outcome_repeat"},
                            {"Difference (95% CI)", "confidence_interval"},
                            {"p-value", "p_value"},
                            {"Holm p", "holm_correction"},
                            {"Relative lift (95% CI)", "relative_lift"}};
    if (begin_arms_table("repeat_tests", tests)) {
        for (int k = 0; k < rows; ++k) {
            const auto& arm = analysis.arms[static_cast<std::size_t>(k)];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            arm_name_cell(arm, k == 0);
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(format_count(arm.customers).c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(figure_text(arm.mean, FigureFormat::Percent).c_str());
            ImGui::SameLine(0.0f, px(4.0f));
            ImGui::TextDisabled("(%s)", format_count(arm.successes).c_str());
            if (k == 0) continue;
            const auto& comparison = analysis.comparisons[static_cast<std::size_t>(k - 1)];
            const auto& test = *comparison.proportions;
            ImGui::TableSetColumnIndex(3);
            estimate_cell(points_text(test.difference), points_text(test.difference_ci.low), points_text(test.difference_ci.high));
            ImGui::TableSetColumnIndex(4);
            p_value_cell(comparison.p_value, false);
            ImGui::TableSetColumnIndex(5);
            p_value_cell(comparison.holm_p_value, comparison.significant);
            ImGui::TableSetColumnIndex(6);
            if (!test.relative_lift) ImGui::TextDisabled("n/a");
            else if (!test.relative_lift_ci) ImGui::TextUnformatted(signed_percent_text(*test.relative_lift).c_str());
            else
                estimate_cell(signed_percent_text(*test.relative_lift), signed_percent_text(test.relative_lift_ci->low),
                              signed_percent_text(test.relative_lift_ci->high));
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted("Bayesian view and sequential monitoring");
    const Column views[] = {{"Arm", nullptr},
                            {"P(beat control)", "probability_to_beat_control"},
                            {"Expected loss", "expected_loss"},
                            {"Difference (95% credible)", "credible_interval"},
                            {"Always-valid 95% CI", "always_valid_interval"}};
    if (begin_arms_table("repeat_views", views)) {
        for (int k = 1; k < rows; ++k) {
            const auto& comparison = analysis.comparisons[static_cast<std::size_t>(k - 1)];
            const auto& bayes = *comparison.bayesian;
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            arm_name_cell(analysis.arms[static_cast<std::size_t>(k)], false);
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(figure_text(bayes.probability_treatment_better, FigureFormat::Percent).c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::Text("%.2f pts", bayes.expected_loss_treatment * 100.0);
            ImGui::TableSetColumnIndex(3);
            estimate_cell(points_text(bayes.difference_mean), points_text(bayes.difference_credible_interval.low),
                          points_text(bayes.difference_credible_interval.high));
            ImGui::TableSetColumnIndex(4);
            if (!comparison.looks.empty()) {
                const auto& look = comparison.looks.back();
                ImGui::Text("%s to %s", points_text(std::max(look.ci.low, -1.0)).c_str(), points_text(std::min(look.ci.high, 1.0)).c_str());
            }
        }
        ImGui::EndTable();
    }
}

void draw_revenue_tables(const AnalysisState& state) {
    const auto& analysis = *state.analysis;
    const int rows = static_cast<int>(analysis.arms.size());
    ImGui::TextUnformatted("Each arm against control");
    const Column tests[] = {{"Arm", nullptr},
                            {"Customers", nullptr},
                            {"Revenue per customer", "outcome_revenue"},
                            {"Difference (95% CI)", "confidence_interval"},
                            {"p-value (Welch)", "welch_t_test"},
                            {"Holm p", "holm_correction"}};
    if (begin_arms_table("revenue_tests", tests)) {
        for (int k = 0; k < rows; ++k) {
            const auto& arm = analysis.arms[static_cast<std::size_t>(k)];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            arm_name_cell(arm, k == 0);
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(format_count(arm.customers).c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(format_amount(arm.mean).c_str());
            if (k == 0) continue;
            const auto& comparison = analysis.comparisons[static_cast<std::size_t>(k - 1)];
            const auto& welch = *comparison.welch;
            ImGui::TableSetColumnIndex(3);
            estimate_cell(money_difference_text(welch.difference), money_difference_text(welch.difference_ci.low),
                          money_difference_text(welch.difference_ci.high));
            ImGui::TableSetColumnIndex(4);
            p_value_cell(comparison.p_value, false);
            ImGui::TableSetColumnIndex(5);
            p_value_cell(comparison.holm_p_value, comparison.significant);
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted("Checks that need no bell curve, and sequential monitoring");
    const Column views[] = {{"Arm", nullptr},
                            {"Mann-Whitney p", "mann_whitney_u"},
                            {"Bootstrap 95% CI", "bootstrap_interval"},
                            {"Always-valid 95% CI", "always_valid_interval"}};
    if (begin_arms_table("revenue_views", views)) {
        for (int k = 1; k < rows; ++k) {
            const auto& comparison = analysis.comparisons[static_cast<std::size_t>(k - 1)];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            arm_name_cell(analysis.arms[static_cast<std::size_t>(k)], false);
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(p_value_text(comparison.mann_whitney->p_value).c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::Text("%s to %s", money_difference_text(comparison.bootstrap->interval.low).c_str(),
                        money_difference_text(comparison.bootstrap->interval.high).c_str());
            ImGui::TableSetColumnIndex(3);
            if (!comparison.looks.empty()) {
                const auto& look = comparison.looks.back();
                ImGui::Text("%s to %s", money_difference_text(look.ci.low).c_str(), money_difference_text(look.ci.high).c_str());
            }
        }
        ImGui::EndTable();
    }
}

// The always-valid interval of each arm's difference from control, look by look: it narrows as
// customers' outcomes come in, and a look where it leaves 0 is where the test could have stopped.
void draw_sequential_chart(const AnalysisState& state, ImVec2 size, std::vector<DrawnChart>& drawn) {
    const auto& analysis = *state.analysis;
    const bool repeat = is_repeat(state.settings);
    charts::ChartOptions options;
    options.title = "Always-valid 95% interval of the difference from control, look by look";
    options.x_format = charts::AxisFormat::Date;
    options.y_label = repeat ? "rate points" : "revenue per customer";
    options.y_format = repeat ? charts::AxisFormat::Number : charts::AxisFormat::Money;
    options.export_name = "always-valid-intervals";
    if (!charts::begin_chart("analysis_sequential", size, options)) return;
    const double scale = repeat ? 100.0 : 1.0;  // rates in points
    double first_day = 0, last_day = 0;
    std::size_t series = 0;
    for (std::size_t k = 0; k < analysis.comparisons.size(); ++k) {
        const auto& comparison = analysis.comparisons[k];
        if (comparison.looks.empty()) continue;
        std::vector<double> days, estimates, lows, highs;
        for (std::size_t i = 0; i < comparison.looks.size(); ++i) {
            const auto& look = comparison.looks[i];
            days.push_back(comparison.look_days[i]);
            estimates.push_back(look.estimate * scale);
            lows.push_back((repeat ? std::max(look.ci.low, -1.0) : look.ci.low) * scale);
            highs.push_back((repeat ? std::min(look.ci.high, 1.0) : look.ci.high) * scale);
        }
        first_day = series == 0 ? days.front() : std::min(first_day, days.front());
        last_day = series == 0 ? days.back() : std::max(last_day, days.back());
        const auto colour = charts::series_colour(k);
        const ImU32 arm_colour = IM_COL32(colour.r, colour.g, colour.b, colour.a);
        charts::band(("##interval " + comparison.arm).c_str(), days, lows, highs, arm_colour);
        charts::line(comparison.arm.c_str(), days, estimates, arm_colour);
        ++series;
    }
    if (series > 0) {
        const double zero_x[] = {first_day, last_day};
        const double zero_y[] = {0.0, 0.0};
        charts::line("No difference", zero_x, zero_y, IM_COL32(140, 140, 140, 255));
    }
    charts::end_chart();
    const auto rect = charts::last_chart_rect();
    drawn.push_back({"analysis_sequential", rect.min, rect.max, series});
}

void draw_results(const AnalysisState& state, std::vector<DrawnChart>& drawn) {
    const auto& analysis = *state.analysis;
    std::int64_t customers = 0;
    for (const auto& arm : analysis.arms) customers += arm.customers;
    ImGui::Text("%s customers analysed in %d arms, control \"%s\"; outcome %s, data to %s.", format_count(customers).c_str(),
                static_cast<int>(analysis.arms.size()), analysis.control_arm.c_str(),
                experiments::outcome_metric_name(analysis.metric).c_str(), state.result_json.value("data_end", "").c_str());
    const auto left_out = analysis.without_date + analysis.in_several_arms + analysis.too_recent;
    if (left_out > 0)
        ImGui::TextDisabled("Left out: %s without an assignment date, %s in more than one arm, %s whose %d days are not over yet.",
                            format_count(analysis.without_date).c_str(), format_count(analysis.in_several_arms).c_str(),
                            format_count(analysis.too_recent).c_str(), analysis.metric.days);
    draw_sample_ratio(analysis);
    ImGui::Spacing();
    if (analysis.metric.kind == experiments::OutcomeKind::Repeat) draw_repeat_tables(state);
    else draw_revenue_tables(state);
    ImGui::Spacing();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + px(900.0f));
    const auto& first = analysis.comparisons.front();
    ImGui::TextDisabled("Each arm is compared with control at alpha %.3g; Holm's correction keeps the chance of any false win at "
                        "alpha across %d comparison%s (green: still significant). The always-valid interval stays valid however "
                        "often the experiment was looked at: below, as if it had been watched every week (mixture SPRT tuned to "
                        "differences of %s).",
                        state.settings.alpha, static_cast<int>(analysis.comparisons.size()), analysis.comparisons.size() == 1 ? "" : "s",
                        is_repeat(state.settings) ? (format_decimal(first.mixture_sd * 100.0, 1) + " points").c_str()
                                                  : format_amount(first.mixture_sd).c_str());
    ImGui::PopTextWrapPos();
    const float height = ImGui::GetContentRegionAvail().y - px(4.0f);
    if (height >= px(160.0f)) draw_sequential_chart(state, ImVec2(0.0f, height), drawn);
}

// ---- The empty state ---------------------------------------------------------------------------

std::optional<Section> draw_empty_state(const AnalysisState& state, Workbench& workbench) {
    ImGui::Spacing();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + px(640.0f));
    ImGui::TextUnformatted("No experiment assignments in this data yet.");
    ImGui::Spacing();
    ImGui::TextWrapped("To analyse an experiment, import its assignments on the Data page (import as: assignments): one row per "
                       "customer with the customer id, the experiment, the arm and the date of assignment. The orders of the same "
                       "customers measure the outcome: whether they bought again, or what they spent, within N days of it.");
    if (workbench.source() == DataSource::Sample)
        ImGui::TextDisabled("The built-in sample shop has no experiments: import your orders and assignments.");
    if (!state.listing_error.empty()) error_text(state.listing_error);
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    const bool pressed = ImGui::Button("Import assignments on the Data page");
    test_hooks::record_click_target("experiments:import_assignments");
    if (!pressed) return std::nullopt;
    workbench.import_table = data::TableKind::Assignments;  // the Data page opens ready to import them
    return Section::Data;
}

}  // namespace

std::optional<Section> draw_analysis_tab(AnalysisState& state, Workbench& workbench, std::vector<DrawnChart>& drawn) {
    follow_store(state, workbench);
    if (state.experiments.empty()) return draw_empty_state(state, workbench);
    ImGui::Spacing();
    draw_controls(state);
    analyse(state, workbench);
    ImGui::Separator();
    if (!state.error.empty()) error_text("No analysis: " + state.error);
    else if (state.analysis) draw_results(state, drawn);
    return std::nullopt;
}

nlohmann::json analysis_state_json(const AnalysisState& state) {
    nlohmann::json listings = nlohmann::json::array();
    for (const auto& listing : state.experiments)
        listings.push_back({{"experiment", listing.experiment}, {"assignments", listing.assignments}, {"arms", listing.arms}});
    return {{"experiments", listings},
            {"settings",
             {{"experiment", state.settings.experiment},
              {"metric", experiments::outcome_metric_name(state.settings.metric)},
              {"control", state.settings.control},
              {"alpha", state.settings.alpha},
              {"mixture_sd", state.settings.mixture_sd}}},
            {"result", state.result_json},
            {"error", state.error}};
}

bool run_analysis_command(AnalysisState& state, Workbench& workbench, std::string_view arguments) {
    constexpr std::string_view prefix = "analysis:";
    if (arguments.substr(0, prefix.size()) != prefix) return false;
    const auto json = nlohmann::json::parse(arguments.substr(prefix.size()), nullptr, false);
    if (!json.is_object()) return false;
    follow_store(state, workbench);
    auto settings = state.settings;
    try {
        if (json.contains("experiment")) {
            settings.experiment = json["experiment"].get<std::string>();
            settings.control.clear();
            if (std::none_of(state.experiments.begin(), state.experiments.end(),
                             [&](const auto& listing) { return listing.experiment == settings.experiment; }))
                return false;
        }
        if (json.contains("metric")) {
            const auto metric = experiments::parse_outcome_metric(json["metric"].get<std::string>());
            if (!metric) return false;
            settings.metric = *metric;
        }
        if (json.contains("control")) settings.control = json["control"].get<std::string>();
        if (json.contains("alpha")) settings.alpha = json["alpha"].get<double>();
        if (json.contains("mixture_sd")) settings.mixture_sd = json["mixture_sd"].get<double>();
    } catch (const nlohmann::json::exception&) {
        return false;
    }
    if (!(settings.alpha > 0 && settings.alpha < 1) || !(settings.mixture_sd >= 0)) return false;
    state.settings = std::move(settings);
    analyse(state, workbench);
    return true;
}

}  // namespace touchpoint::web
