#include "sections/dashboard/dashboard_panel.hpp"

#include "ui/help_window.hpp"
#include "ui/card_size.hpp"

#include "charts/chart.hpp"
#include "ui/format.hpp"
#include "ui/ui_scale.hpp"
#include "sections/dashboard/window_presets.hpp"
#include "app/workbench.hpp"
#include "sections/dashboard/surveys_support_tabs.hpp"
#include "touchpoint/metrics/customer_lists.hpp"
#include "touchpoint/help/glossary.hpp"
#include "touchpoint/metrics/retention.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <iterator>

namespace touchpoint::web {

namespace {

// The cards of the Overview, in reading order; each key is a glossary key and a report figure.
constexpr std::array<const char*, 12> card_keys{
    "active_customers",     "new_customers",     "orders",
    "revenue",              "repeat_purchase_rate", "churn_rate",
    "purchase_frequency",   "median_days_between_orders", "lost_after_first_purchase",
    "revenue_per_customer", "historical_clv",    "revenue_stability_cv",
};

using WindowChoice = OverviewState::WindowChoice;

void apply_compare_preset(OverviewState& state) {
    if (const auto window = compare_window_for(static_cast<ComparePreset>(state.b.preset), state.a.window)) {
        state.b.window = *window;
        state.b.show_dates();
    }
}

void apply_window_preset(OverviewState& state) {
    if (!state.history) return;
    if (const auto window = window_for(static_cast<WindowPreset>(state.a.preset), *state.history)) {
        state.a.window = *window;
        state.a.show_dates();
    }
    apply_compare_preset(state);
    state.stale = true;
}

// A new Dataset (an import, another sample) keeps the user's presets but not typed dates.
void follow_dataset(OverviewState& state, const std::shared_ptr<const data::Dataset>& dataset) {
    if (state.dataset == dataset) return;
    state.dataset = dataset;
    state.history = metrics::whole_history(*dataset);
    if (state.a.preset == static_cast<int>(WindowPreset::Custom)) state.a.preset = static_cast<int>(WindowPreset::WholeHistory);
    if (state.b.preset == static_cast<int>(ComparePreset::Custom)) state.b.preset = static_cast<int>(ComparePreset::PreviousPeriod);
    apply_window_preset(state);
}

void recompute(OverviewState& state) {
    state.stale = false;
    state.report.reset();
    state.comparison.reset();
    if (!state.history) return;
    const metrics::RetentionOptions options{state.churn_window_days, state.period};
    if (state.compare) {
        state.comparison = metrics::compare_windows(*state.dataset, state.a.window, state.b.window, options);
        state.report = state.comparison->a;
    } else {
        state.report = metrics::compute_retention_report(*state.dataset, state.a.window, options);
    }
}

const char* label_of(const char* key) {
    const auto* entry = help::find_entry(key);
    return entry ? entry->label.data() : key;
}

bool is_share(std::string_view key) {
    return key == "repeat_purchase_rate" || key == "churn_rate" || key == "lost_after_first_purchase";
}

std::string figure_text(std::string_view key, std::optional<double> value) {
    if (key == "active_customers" || key == "new_customers" || key == "orders")
        return value ? format_count(static_cast<std::int64_t>(*value)) : "n/a";
    if (is_share(key)) return format_percent(value);
    if (key == "median_days_between_orders") return format_days(value);
    if (key == "purchase_frequency" || key == "revenue_stability_cv") return format_decimal(value, 2);
    return format_amount(value);
}

// B - A: shares in percentage points, everything else in the figure's own unit, with its sign.
std::string difference_text(std::string_view key, std::optional<double> difference) {
    if (!difference) return "n/a";
    const char* sign = *difference > 0 ? "+" : "";
    if (is_share(key)) return sign + format_decimal(*difference * 100.0, 1) + " pp";
    return sign + figure_text(key, difference);
}

void draw_card(const char* key, const std::string& value, float width, const DashboardFonts& fonts, DashboardSnapshot& snapshot) {
    ImGui::BeginChild(key, ImVec2(width, card_height(fonts.value, 1)), true, ImGuiWindowFlags_NoScrollbar);
    ImGui::TextDisabled("%s", label_of(key));
    if (fonts.value) ImGui::PushFont(fonts.value);
    ImGui::TextUnformatted(value.c_str());
    if (fonts.value) ImGui::PopFont();
    ImGui::EndChild();
    hover_definition(key);
    snapshot.shown.push_back({key, label_of(key), value});
}

// Preset combo and the two dates; returns true when the window changed.
bool draw_window_choice(const char* id, WindowChoice& choice, std::span<const char* const> preset_labels, int custom_preset) {
    bool changed = false;
    ImGui::PushID(id);
    ImGui::SetNextItemWidth(px(190.0f));
    if (ImGui::Combo("##preset", &choice.preset, preset_labels.data(), static_cast<int>(preset_labels.size()))) changed = true;
    const auto date_field = [&](const char* label, std::array<char, 16>& text) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(px(104.0f));
        ImGui::InputText(label, text.data(), text.size(), ImGuiInputTextFlags_CharsNoBlank);
        // Typed dates count once the field is left, so half-typed dates are not computed.
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            const auto first = parse_day(choice.from.data()), last = parse_day(choice.to.data());
            choice.dates_invalid = !first || !last || *last < *first;
            if (!choice.dates_invalid) {
                choice.window = {*first, *last};
                choice.preset = custom_preset;
                changed = true;
            }
        }
    };
    date_field("##from", choice.from);
    ImGui::SameLine();
    ImGui::TextUnformatted("to");
    date_field("##to", choice.to);
    if (choice.dates_invalid) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.85f, 0.25f, 0.2f, 1.0f), "Dates are YYYY-MM-DD, the second not before the first");
    }
    ImGui::PopID();
    return changed;
}

// Line one: window A, the churn window and the period; line two: the compared window B.
void draw_window_bar(OverviewState& state) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Window");
    ImGui::SameLine(px(110.0f));
    if (draw_window_choice("a", state.a, window_preset_labels, static_cast<int>(WindowPreset::Custom))) {
        if (state.a.preset != static_cast<int>(WindowPreset::Custom)) apply_window_preset(state);
        apply_compare_preset(state);
        state.stale = true;
    }
    // On a narrow window the churn window and the period go on a line of their own.
    const float room_left = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x - ImGui::GetItemRectMax().x;
    if (room_left > px(400.0f)) ImGui::SameLine(0.0f, px(24.0f));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Churn window");
    hover_definition("churn_rate");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(130.0f));
    if (ImGui::SliderInt("##churn_days", &state.churn_window_days, 7, 365, "%d days")) state.stale = true;
    ImGui::SameLine(0.0f, px(24.0f));
    ImGui::TextUnformatted("Per");
    ImGui::SameLine();
    int period = state.period == metrics::Period::Month ? 0 : 1;
    ImGui::SetNextItemWidth(px(90.0f));
    if (ImGui::Combo("##period", &period, "month\0week\0")) {
        state.period = period == 0 ? metrics::Period::Month : metrics::Period::Week;
        state.stale = true;
    }

    if (ImGui::Checkbox("Compare", &state.compare)) state.stale = true;
    if (state.compare) {
        ImGui::SameLine(px(110.0f));
        if (draw_window_choice("b", state.b, compare_preset_labels, static_cast<int>(ComparePreset::Custom))) {
            if (state.b.preset != static_cast<int>(ComparePreset::Custom)) apply_compare_preset(state);
            state.stale = true;
        }
        ImGui::SameLine(0.0f, px(24.0f));
        ImGui::TextDisabled("The charts show window A.");
    }
}

void draw_cards(const metrics::RetentionReport& report, const DashboardFonts& fonts, DashboardSnapshot& snapshot) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    constexpr int per_row = 4;
    const float width = (ImGui::GetContentRegionAvail().x - (per_row - 1) * spacing) / per_row;
    snapshot.cards_min = ImGui::GetCursorScreenPos();
    for (std::size_t i = 0; i < card_keys.size(); ++i) {
        if (i % per_row != 0) ImGui::SameLine();
        draw_card(card_keys[i], figure_text(card_keys[i], metrics::report_figure(report, card_keys[i])), width, fonts, snapshot);
    }
    snapshot.cards_max = ImVec2(snapshot.cards_min.x + ImGui::GetContentRegionAvail().x, ImGui::GetItemRectMax().y);
}

// The two windows side by side: every figure of A and B and the difference.
void draw_comparison_table(const OverviewState& state, DashboardSnapshot& snapshot) {
    const auto& comparison = *state.comparison;
    snapshot.cards_min = ImGui::GetCursorScreenPos();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("comparison", 4, flags)) {
        const std::string a = "A: " + day_text(comparison.a.window.first_day) + " to " + day_text(comparison.a.window.last_day);
        const std::string b = "B: " + day_text(comparison.b.window.first_day) + " to " + day_text(comparison.b.window.last_day);
        ImGui::TableSetupColumn("Figure", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn(a.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn(b.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("B - A", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableHeadersRow();
        for (const char* key : card_keys) {
            const auto value_a = metrics::report_figure(comparison.a, key), value_b = metrics::report_figure(comparison.b, key);
            const std::optional<double> difference =
                value_a && value_b ? std::optional(*value_b - *value_a) : std::nullopt;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(label_of(key));
            hover_definition(key);
            ImGui::TableNextColumn();
            const std::string text_a = figure_text(key, value_a);
            ImGui::TextUnformatted(text_a.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(figure_text(key, value_b).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(difference_text(key, difference).c_str());
            snapshot.shown.push_back({key, label_of(key), text_a});
        }
        ImGui::EndTable();
    }
    snapshot.cards_max = ImVec2(snapshot.cards_min.x + ImGui::GetContentRegionAvail().x, ImGui::GetItemRectMax().y);
}

// A click on a bar lists its customers: the new or the returning ones of that period, or both
// when the click was above the stack.
void list_period_customers(const data::Dataset& dataset, const metrics::RetentionReport& report, const charts::ChartClick& click,
                           Handoffs& handoffs) {
    if (click.category < 0 || static_cast<std::size_t>(click.category) >= report.per_period.size()) return;
    const auto period = static_cast<std::size_t>(click.category);
    auto customers = metrics::period_customers(dataset, report.window, report.options.period, period);
    const std::string& label = report.per_period[period].label;
    CustomerListRequest request;
    if (click.series == 0) {
        request = {"Returning customers in " + label, std::move(customers.returning_customers)};
    } else if (click.series == 1) {
        request = {"New customers in " + label, std::move(customers.new_customers)};
    } else {
        request.title = "Customers who bought in " + label;
        std::merge(customers.new_customers.begin(), customers.new_customers.end(), customers.returning_customers.begin(),
                   customers.returning_customers.end(), std::back_inserter(request.customers));
    }
    handoffs.customer_list = std::move(request);
}

void draw_charts(const data::Dataset& dataset, const metrics::RetentionReport& report, Handoffs& handoffs, DashboardSnapshot& snapshot) {
    std::vector<std::string> periods;
    std::vector<double> returning, new_customers, revenue;
    for (const auto& period : report.per_period) {
        periods.push_back(period.label);
        returning.push_back(static_cast<double>(period.returning_customers));
        new_customers.push_back(static_cast<double>(period.new_customers));
        revenue.push_back(period.revenue);
    }
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float half = (ImGui::GetContentRegionAvail().x - spacing) / 2.0f;
    const float height = std::max(ImGui::GetContentRegionAvail().y, px(220.0f));

    ImGui::BeginGroup();
    ImGui::TextUnformatted(report.options.period == metrics::Period::Month ? label_of("returning_by_month") : "Returning customers by week");
    hover_definition("returning_by_month");
    const charts::BarSeries customer_series[] = {
        {"Returning", returning, IM_COL32(46, 125, 196, 255)},
        {"New", new_customers, IM_COL32(151, 196, 232, 255)},
    };
    charts::ChartOptions customer_options;
    customer_options.click_hint = "Click to list the customers";
    if (charts::begin_chart("returning_by_period", ImVec2(half, height - ImGui::GetFrameHeightWithSpacing()), customer_options)) {
        charts::stacked_bars(periods, customer_series);
        charts::end_chart();
        if (const auto click = charts::last_chart_click()) list_period_customers(dataset, report, *click, handoffs);
    }
    const auto chart = charts::last_chart_rect();
    snapshot.chart_min = chart.min;
    snapshot.chart_max = chart.max;
    ImGui::EndGroup();

    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextUnformatted("Revenue and days between purchases");
    hover_definition("average_days_between_orders");
    const float chart_height = (height - ImGui::GetFrameHeightWithSpacing() - ImGui::GetStyle().ItemSpacing.y) / 2.0f;
    const charts::BarSeries revenue_series[] = {{"Revenue", revenue, IM_COL32(46, 160, 120, 255)}};
    charts::ChartOptions revenue_options;
    revenue_options.y_format = charts::AxisFormat::Money;
    if (charts::begin_chart("revenue_by_period", ImVec2(half, chart_height), revenue_options)) {
        charts::stacked_bars(periods, revenue_series);
        charts::end_chart();
    }
    std::vector<std::string> bins;
    std::vector<double> gaps;
    int lower = 1;
    for (std::size_t bin = 0; bin < metrics::inter_purchase_bin_count; ++bin) {
        const bool open_ended = bin == metrics::inter_purchase_bin_upper_days.size();
        bins.push_back(open_ended ? std::to_string(lower) + "+ days"
                                  : std::to_string(lower) + "-" + std::to_string(metrics::inter_purchase_bin_upper_days[bin]));
        if (!open_ended) lower = metrics::inter_purchase_bin_upper_days[bin] + 1;
        gaps.push_back(static_cast<double>(report.inter_purchase_time.bin_counts[bin]));
    }
    const charts::BarSeries gap_series[] = {{"Repeat purchases", gaps, IM_COL32(196, 128, 46, 255)}};
    if (charts::begin_chart("days_between_purchases", ImVec2(half, chart_height))) {
        charts::stacked_bars(bins, gap_series);
        charts::end_chart();
    }
    ImGui::EndGroup();
}

void draw_overview(OverviewState& state, Workbench& workbench, const DashboardFonts& fonts, DashboardSnapshot& snapshot) {
    follow_dataset(state, workbench.dataset());
    draw_window_bar(state);
    if (state.stale) recompute(state);
    if (!state.report) {
        ImGui::Spacing();
        ImGui::TextWrapped("No orders yet. Import an orders file on the Data page to see the retention figures.");
        return;
    }
    ImGui::Spacing();
    if (state.compare && state.comparison)
        draw_comparison_table(state, snapshot);
    else
        draw_cards(*state.report, fonts, snapshot);
    ImGui::Spacing();
    draw_charts(*state.dataset, *state.report, workbench.handoffs, snapshot);
}

// The window the Surveys and Support tabs follow: none (every answer) for the whole history.
std::optional<metrics::DateWindow> feedback_window(const OverviewState& state) {
    if (!state.history || state.a.preset == static_cast<int>(WindowPreset::WholeHistory)) return std::nullopt;
    return state.a.window;
}

}  // namespace

void OverviewState::WindowChoice::show_dates() {
    std::snprintf(from.data(), from.size(), "%s", day_text(window.first_day).c_str());
    std::snprintf(to.data(), to.size(), "%s", day_text(window.last_day).c_str());
    dates_invalid = false;
}

void draw_dashboard_panel(Workbench& workbench, const DashboardFonts& fonts, std::optional<DashboardTab>& select_tab,
                          OverviewState& overview, FeedbackState& feedback, DashboardSnapshot& snapshot) {
    snapshot.shown.clear();
    ImGui::TextDisabled("%s", workbench.source_description().c_str());
    if (!ImGui::BeginTabBar("dashboard_tabs")) return;
    const auto tab = [&](const char* label, DashboardTab which) {
        const bool selected = select_tab == which;
        const bool open = ImGui::BeginTabItem(label, nullptr, selected ? ImGuiTabItemFlags_SetSelected : 0);
        if (selected) select_tab.reset();
        return open;
    };
    if (tab("Overview", DashboardTab::Overview)) {
        draw_overview(overview, workbench, fonts, snapshot);
        ImGui::EndTabItem();
    }
    // The feedback tabs follow the Overview's window A.
    follow_dataset(overview, workbench.dataset());
    if (tab("Surveys", DashboardTab::Surveys)) {
        draw_surveys_view(feedback, workbench.shown_store(), workbench.dataset(), feedback_window(overview), fonts.value);
        ImGui::EndTabItem();
    }
    if (tab("Support", DashboardTab::Support)) {
        draw_support_view(feedback, workbench.shown_store(), workbench.dataset(), feedback_window(overview), fonts.value);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

nlohmann::json dashboard_state_json(const OverviewState& state) {
    if (!state.report) return nullptr;
    const auto window_json = [](const metrics::DateWindow& window) {
        return nlohmann::json{{"from", day_text(window.first_day)}, {"to", day_text(window.last_day)}};
    };
    nlohmann::json json{{"window", window_json(state.report->window)},
                        {"preset", window_preset_labels[static_cast<std::size_t>(state.a.preset)]},
                        {"churn_window_days", state.churn_window_days},
                        {"period", std::string(metrics::period_name(state.period))},
                        {"periods", state.report->per_period.size()},
                        {"compare", nullptr}};
    if (state.comparison) {
        nlohmann::json differences = nlohmann::json::object();
        for (const char* key : card_keys) {
            const auto a = metrics::report_figure(state.comparison->a, key), b = metrics::report_figure(state.comparison->b, key);
            differences[key] = a && b ? nlohmann::json(*b - *a) : nlohmann::json(nullptr);
        }
        json["compare"] = {{"window", window_json(state.comparison->b.window)}, {"differences", std::move(differences)}};
    }
    return json;
}

bool run_dashboard_command(OverviewState& state, Workbench& workbench, std::string_view arguments) {
    // {"from": "2025-01-01", "to": "2025-06-30", "compare_from": ..., "compare_to": ...,
    //  "preset": "Last 12 months", "compare": "Period before" | false, "churn_window_days": 60, "period": "week"}
    follow_dataset(state, workbench.dataset());
    if (!state.history) return false;
    nlohmann::json request;
    try {
        request = nlohmann::json::parse(arguments);
        if (request.contains("churn_window_days")) state.churn_window_days = std::clamp(request["churn_window_days"].get<int>(), 1, 3650);
    } catch (const nlohmann::json::exception&) {
        return false;
    }
    const auto index_of = [](std::span<const char* const> labels, const std::string& label) -> std::optional<int> {
        for (std::size_t i = 0; i < labels.size(); ++i)
            if (label == labels[i]) return static_cast<int>(i);
        return std::nullopt;
    };
    const auto text = [&](const char* key) { return request.contains(key) && request[key].is_string() ? request[key].get<std::string>() : std::string(); };
    if (const auto preset = index_of(window_preset_labels, text("preset"))) {
        state.a.preset = *preset;
        apply_window_preset(state);
    }
    if (request.contains("from") || request.contains("to")) {
        const auto first = parse_day(text("from")), last = parse_day(text("to"));
        if (!first || !last || *last < *first) return false;
        state.a.window = {*first, *last};
        state.a.preset = static_cast<int>(WindowPreset::Custom);
        state.a.show_dates();
        apply_compare_preset(state);
    }
    if (request.contains("compare")) {
        state.compare = !request["compare"].is_boolean() || request["compare"].get<bool>();
        if (const auto preset = index_of(compare_preset_labels, text("compare"))) {
            state.b.preset = *preset;
            apply_compare_preset(state);
        }
    }
    if (request.contains("compare_from") || request.contains("compare_to")) {
        const auto first = parse_day(text("compare_from")), last = parse_day(text("compare_to"));
        if (!first || !last || *last < *first) return false;
        state.compare = true;
        state.b.window = {*first, *last};
        state.b.preset = static_cast<int>(ComparePreset::Custom);
        state.b.show_dates();
    }
    if (text("period") == "week") state.period = metrics::Period::Week;
    if (text("period") == "month") state.period = metrics::Period::Month;
    state.stale = true;
    return true;
}

}  // namespace touchpoint::web
