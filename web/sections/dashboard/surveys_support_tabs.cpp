#include "sections/dashboard/surveys_support_tabs.hpp"

#include "ui/help_window.hpp"
#include "ui/card_size.hpp"

// Sections:
//   1. Cached figures: computed once per (store, Dataset, window), with the test API's JSON.
//   2. Shared pieces: glossary hover, cards, number texts.
//   3. Surveys tab: cards, later retention by score group, the groups' table, NPS answers.
//   4. Support tab: cards, the channel table, later retention after fast and slow replies.
//   5. Test API.

#include "charts/chart.hpp"
#include "ui/format.hpp"
#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/help/glossary.hpp"
#include "touchpoint/metrics/support.hpp"
#include "touchpoint/metrics/surveys.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

namespace {

// --- 1. Cached figures ------------------------------------------------------------------------

using SurveysView = FeedbackState::Surveys;
using SupportView = FeedbackState::Support;
constexpr int nps_scores = FeedbackState::nps_scores;

nlohmann::json optional_json(const std::optional<double>& value) { return value ? nlohmann::json(*value) : nlohmann::json(); }

// The window as the test API reports it: {"first": "2025-01-01", "last": "2025-06-30"}, or null for every date.
nlohmann::json window_json(const std::optional<metrics::DateWindow>& window) {
    if (!window) return nullptr;
    return {{"first", data::format_iso_date(data::day_from_number(window->first_day))},
            {"last", data::format_iso_date(data::day_from_number(window->last_day))}};
}

nlohmann::json retention_json(const metrics::LaterRetention& retention) {
    return {{"counted", retention.counted}, {"retained", retention.retained}, {"too_recent", retention.too_recent},
            {"rate", optional_json(retention.rate)}};
}

// --- 2. Shared pieces -------------------------------------------------------------------------

// NPS is a difference of percentages, so it is written as points with a sign: "+23.4".
std::string format_nps(std::optional<double> nps) {
    if (!nps) return "n/a";
    char text[32];
    std::snprintf(text, sizeof text, "%+.1f", *nps);
    return text;
}

std::string format_date(int day) { return data::format_iso_date(data::day_from_number(day)); }

struct Card {
    const char* id;
    const char* glossary_key;  // nullptr: no definition to hover
    const char* label;
    std::string value;
    std::string detail;
};

// Cards in a row, sharing the width, the value in the heading font.
void draw_cards(std::span<const Card> cards, ImFont* heading) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float count = static_cast<float>(cards.size());
    const float width = (ImGui::GetContentRegionAvail().x - (count - 1.0f) * spacing) / count;
    const float height = card_height(heading, 2);  // the label and the detail line
    for (std::size_t c = 0; c < cards.size(); ++c) {
        if (c > 0) ImGui::SameLine();
        const auto& card = cards[c];
        ImGui::BeginChild(card.id, ImVec2(width, height), true, ImGuiWindowFlags_NoScrollbar);
        ImGui::TextDisabled("%s", card.label);
        if (heading) ImGui::PushFont(heading);
        ImGui::TextUnformatted(card.value.c_str());
        if (heading) ImGui::PopFont();
        ImGui::TextDisabled("%s", card.detail.c_str());
        ImGui::EndChild();
        if (card.glossary_key) hover_definition(card.glossary_key);
    }
}

void draw_error(const std::string& error) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().error_text);
    ImGui::TextWrapped("The store could not be read: %s", error.c_str());
    ImGui::PopStyleColor();
}

// A header row whose column names show their glossary definitions on hover.
void table_header(std::span<const std::pair<const char*, const char*>> columns) {
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (std::size_t c = 0; c < columns.size(); ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c));
        ImGui::TableHeader(columns[c].first);
        if (columns[c].second) hover_definition(columns[c].second);
    }
}

void cell(const std::string& text) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(text.c_str());
}

// --- 3. Surveys tab ---------------------------------------------------------------------------

struct ScoreGroups {
    const char* score;  // "nps", "csat", "ces": the glossary key of the score
    const char* title;
    const char* ranges[3];  // High, middle, low group, as the glossary defines them
    const std::vector<metrics::ScoreGroupRetention>* groups;
};

std::array<ScoreGroups, 3> score_groups(const metrics::SurveyMetrics& metrics) {
    return {{{"nps", "NPS", {"9-10", "7-8", "0-6"}, &metrics.nps_retention},
             {"csat", "CSAT", {"4-5", "3", "1-2"}, &metrics.csat_retention},
             {"ces", "CES", {"5-7", "4", "1-3"}, &metrics.ces_retention}}};
}

nlohmann::json surveys_state(const SurveysView& figures) {
    const auto& metrics = figures.metrics;
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& score : score_groups(metrics))
        for (const auto& group : *score.groups) {
            auto entry = retention_json(group.later_retention);
            entry["score"] = score.score;
            entry["key"] = group.key;
            entry["label"] = group.label;
            entry["answers"] = group.answers;
            groups.push_back(std::move(entry));
        }
    return {
        {"window", window_json(metrics.window)},
        {"responses", metrics.responses},
        {"nps", optional_json(metrics.nps)},
        {"nps_answers", metrics.nps_answers},
        {"promoters", metrics.promoters},
        {"passives", metrics.passives},
        {"detractors", metrics.detractors},
        {"csat", optional_json(metrics.csat)},
        {"csat_answers", metrics.csat_answers},
        {"ces", optional_json(metrics.ces)},
        {"ces_answers", metrics.ces_answers},
        {"retention_horizon_days", metrics.retention_horizon_days},
        {"last_purchase_date", metrics.last_purchase_day ? nlohmann::json(format_date(*metrics.last_purchase_day)) : nlohmann::json()},
        {"groups", groups},
        {"nps_distribution", figures.nps_answers_by_score},
        {"shown", {{"nps", format_nps(metrics.nps)},
                   {"csat", format_percent(metrics.csat ? std::optional<double>(*metrics.csat / 100.0) : std::nullopt)},
                   {"ces", format_decimal(metrics.ces, 2)}}},
    };
}

void compute_surveys(SurveysView& figures, data::Store& store, const data::Dataset& dataset,
                     std::optional<metrics::DateWindow> window) {
    figures.computed = true;
    figures.error.clear();
    figures.metrics = {};
    figures.nps_answers_by_score = {};
    std::vector<metrics::SurveyResponse> responses;
    try {
        responses = metrics::load_survey_responses(store, window);
    } catch (const data::StoreError& error) {
        figures.error = error.what();
    }
    metrics::SurveyOptions options;
    options.window = window;
    figures.metrics = metrics::compute_survey_metrics(responses, dataset, options);
    for (const auto& response : responses) {
        if (!response.nps) continue;
        // Scores are whole numbers on the form; a stored fraction goes to the nearest one.
        const auto score = std::clamp(static_cast<int>(std::lround(*response.nps)), 0, nps_scores - 1);
        ++figures.nps_answers_by_score[static_cast<std::size_t>(score)];
    }
    figures.state = surveys_state(figures);
}

void draw_surveys_empty_state() {
    ImGui::Spacing();
    ImGui::TextUnformatted("No survey answers yet.");
    ImGui::Spacing();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + px(560.0f));
    ImGui::TextDisabled(
        "Import a surveys file on the Data page: one row per answer with the customer id, the response date, "
        "and any of an NPS score (0-10), a CSAT score (1-5) and a CES score (1-7). NPS, CSAT and CES then show "
        "here, with how often each group of answers was followed by another purchase.");
    ImGui::PopTextWrapPos();
}

void draw_survey_cards(const metrics::SurveyMetrics& metrics, ImFont* heading) {
    const std::array<Card, 3> cards{{
        {"nps_card", "nps", "Net Promoter Score", format_nps(metrics.nps),
         format_count(metrics.nps_answers) + " answers: " + format_count(metrics.promoters) + " promoters, " +
             format_count(metrics.detractors) + " detractors"},
        {"csat_card", "csat", "Customer satisfaction (CSAT)",
         format_percent(metrics.csat ? std::optional<double>(*metrics.csat / 100.0) : std::nullopt),
         format_count(metrics.csat_answers) + " answers, " + format_count(metrics.satisfied) + " of them 4 or 5"},
        {"ces_card", "ces", "Customer effort score (CES)", format_decimal(metrics.ces, 2),
         "mean of " + format_count(metrics.ces_answers) + " answers on 1-7"},
    }};
    draw_cards(cards, heading);
}

// One chart per score: the later retention of its high, middle and low group.
void draw_group_retention_charts(const metrics::SurveyMetrics& metrics) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float width = (ImGui::GetContentRegionAvail().x - 2.0f * spacing) / 3.0f;
    const std::string series_label = "Bought again within " + std::to_string(metrics.retention_horizon_days) + " days";
    bool first = true;
    for (const auto& score : score_groups(metrics)) {
        if (!first) ImGui::SameLine();
        first = false;
        std::vector<std::string> categories;
        std::vector<double> rates;
        const auto& groups = *score.groups;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            categories.push_back(groups[g].label + " (" + score.ranges[g] + ")");
            // A group with no answer old enough to judge has no rate: its bar is left out.
            rates.push_back(groups[g].later_retention.rate ? *groups[g].later_retention.rate : std::nan(""));
        }
        const std::array<charts::BarSeries, 1> series{{{series_label.c_str(), rates, IM_COL32(46, 125, 196, 255)}}};
        const std::string title = std::string("Later retention by ") + score.title + " answer";
        const std::string id = std::string("survey_retention_") + score.score;
        charts::ChartOptions options;
        options.title = title.c_str();
        options.y_format = charts::AxisFormat::Percent;
        options.export_name = id.c_str();
        // In a group: a chart placed on the same line as a taller item would otherwise count
        // that item's height again from its legend down, and the page would grow a scrollbar.
        ImGui::BeginGroup();
        if (charts::begin_chart(id.c_str(), ImVec2(width, px(220.0f)), options)) {
            charts::stacked_bars(categories, series);
            charts::end_chart();
        }
        ImGui::EndGroup();
    }
}

// Nine rows: the table takes their height, no scrolling.
void draw_group_table(const metrics::SurveyMetrics& metrics, float width) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("survey_groups", 6, flags, ImVec2(width, 0.0f))) return;
    for (int c = 0; c < 6; ++c) ImGui::TableSetupColumn(nullptr);  // widths in proportion to the contents
    const std::array<std::pair<const char*, const char*>, 6> columns{{
        {"Answers in group", nullptr},
        {"Answers", nullptr},
        {"Counted", "survey_later_retention"},
        {"Bought again", "survey_later_retention"},
        {"Too recent", "survey_later_retention"},
        {"Later retention", "survey_later_retention"},
    }};
    table_header(columns);
    for (const auto& score : score_groups(metrics)) {
        const auto& groups = *score.groups;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const auto& group = groups[g];
            const auto& retention = group.later_retention;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%s %s (%s)", score.title, group.label.c_str(), score.ranges[g]);
            hover_definition(group.key);
            cell(format_count(group.answers));
            cell(format_count(retention.counted));
            cell(format_count(retention.retained));
            cell(format_count(retention.too_recent));
            cell(format_percent(retention.rate));
        }
    }
    ImGui::EndTable();
}

void draw_nps_distribution(const SurveysView& figures, ImVec2 size) {
    std::vector<std::string> scores;
    std::vector<double> counts;
    for (int score = 0; score < nps_scores; ++score) {
        scores.push_back(std::to_string(score));
        counts.push_back(static_cast<double>(figures.nps_answers_by_score[static_cast<std::size_t>(score)]));
    }
    const std::array<charts::BarSeries, 1> series{{{"Answers", counts, IM_COL32(46, 125, 196, 255)}}};
    charts::ChartOptions options;
    options.title = "NPS answers by score";
    options.x_label = "0-6 detractors, 7-8 passives, 9-10 promoters";
    options.export_name = "nps-answers";
    if (charts::begin_chart("nps_distribution", size, options)) {
        charts::stacked_bars(scores, series);
        charts::end_chart();
    }
}

// --- 4. Support tab ---------------------------------------------------------------------------

std::string channel_name(const std::string& channel) { return channel.empty() ? "(no channel)" : channel; }

nlohmann::json figures_json(const metrics::SupportFigures& figures) {
    return {{"channel", figures.channel},
            {"opened", figures.opened},
            {"answered", figures.answered},
            {"resolved", figures.resolved},
            {"median_first_response_days", optional_json(figures.first_response.median_days)},
            {"mean_first_response_days", optional_json(figures.first_response.mean_days)},
            {"median_resolution_days", optional_json(figures.resolution.median_days)},
            {"mean_resolution_days", optional_json(figures.resolution.mean_days)},
            {"resolution_rate", optional_json(figures.resolution_rate)}};
}

nlohmann::json support_state(const metrics::SupportMetrics& metrics) {
    auto state = figures_json(metrics.overall);
    state.erase("channel");
    auto channels = nlohmann::json::array();
    for (const auto& figures : metrics.by_channel) channels.push_back(figures_json(figures));
    state["channels"] = channels;
    state["window"] = window_json(metrics.window);
    state["fast_response_days"] = metrics.fast_response_days;
    state["retention_horizon_days"] = metrics.retention_horizon_days;
    state["last_purchase_date"] = metrics.last_purchase_day ? nlohmann::json(format_date(*metrics.last_purchase_day)) : nlohmann::json();
    state["fast"] = retention_json(metrics.fast_response_retention);
    state["slow"] = retention_json(metrics.slow_response_retention);
    state["shown"] = {{"opened", format_count(metrics.overall.opened)},
                      {"median_first_response", format_days(metrics.overall.first_response.median_days)},
                      {"median_resolution", format_days(metrics.overall.resolution.median_days)},
                      {"resolution_rate", format_percent(metrics.overall.resolution_rate)}};
    return state;
}

void compute_support(SupportView& figures, data::Store& store, const data::Dataset& dataset,
                     std::optional<metrics::DateWindow> window) {
    figures.computed = true;
    figures.error.clear();
    std::vector<metrics::SupportTicket> tickets;
    try {
        tickets = metrics::load_support_tickets(store, window);
    } catch (const data::StoreError& error) {
        figures.error = error.what();
    }
    metrics::SupportOptions options;
    options.window = window;
    figures.metrics = metrics::compute_support_metrics(tickets, dataset, options);
    figures.state = support_state(figures.metrics);
}

void draw_support_empty_state() {
    ImGui::Spacing();
    ImGui::TextUnformatted("No support tickets yet.");
    ImGui::Spacing();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + px(560.0f));
    ImGui::TextDisabled(
        "Import a tickets file on the Data page: one row per ticket with the customer id, the date it was opened, "
        "and where known the dates of the first reply and of the resolution, and the channel. Response and "
        "resolution times then show here, by channel, with how often customers bought again after fast and "
        "slow replies.");
    ImGui::PopTextWrapPos();
}

void draw_support_cards(const metrics::SupportMetrics& metrics, ImFont* heading) {
    const auto& overall = metrics.overall;
    const std::array<Card, 4> cards{{
        {"tickets_card", "tickets_opened", "Tickets opened", format_count(overall.opened),
         format_count(overall.answered) + " answered, " + format_count(overall.resolved) + " resolved"},
        {"first_response_card", "first_response_time", "Median first response", format_days(overall.first_response.median_days),
         "mean " + format_days(overall.first_response.mean_days)},
        {"resolution_card", "resolution_time", "Median resolution", format_days(overall.resolution.median_days),
         "mean " + format_days(overall.resolution.mean_days)},
        {"resolution_rate_card", "resolution_rate", "Resolution rate", format_percent(overall.resolution_rate),
         format_count(overall.resolved) + " of " + format_count(overall.opened) + " tickets"},
    }};
    draw_cards(cards, heading);
}

void channel_row(const std::string& name, const metrics::SupportFigures& figures) {
    ImGui::TableNextRow();
    cell(name);
    cell(format_count(figures.opened));
    cell(format_count(figures.answered));
    cell(format_count(figures.resolved));
    cell(format_days(figures.first_response.median_days));
    cell(format_days(figures.resolution.median_days));
    cell(format_percent(figures.resolution_rate));
}

void draw_channel_table(const metrics::SupportMetrics& metrics) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchSame;
    if (!ImGui::BeginTable("support_channels", 7, flags)) return;
    const std::array<std::pair<const char*, const char*>, 7> columns{{
        {"Channel", nullptr},
        {"Opened", nullptr},
        {"Answered", "first_response_time"},
        {"Resolved", "resolution_rate"},
        {"Median first response", "first_response_time"},
        {"Median resolution", "resolution_time"},
        {"Resolution rate", "resolution_rate"},
    }};
    for (int c = 0; c < 7; ++c) ImGui::TableSetupColumn(nullptr);
    table_header(columns);
    for (const auto& figures : metrics.by_channel) channel_row(channel_name(figures.channel), figures);
    channel_row("All channels", metrics.overall);
    ImGui::EndTable();
}

void draw_response_retention(const metrics::SupportMetrics& metrics) {
    const float height = std::max(px(200.0f), ImGui::GetContentRegionAvail().y - px(4.0f));
    const float chart_width = ImGui::GetContentRegionAvail().x * 0.5f;
    const std::string fast_label = "Fast (within " + std::to_string(metrics.fast_response_days) + " day" +
                                   (metrics.fast_response_days == 1 ? "" : "s") + ")";
    const std::string slow_label = "Slow or no reply";
    const std::vector<std::string> categories{fast_label, slow_label};
    const auto rate = [](const metrics::LaterRetention& retention) { return retention.rate ? *retention.rate : std::nan(""); };
    const std::vector<double> rates{rate(metrics.fast_response_retention), rate(metrics.slow_response_retention)};
    const std::string series_label = "Bought again within " + std::to_string(metrics.retention_horizon_days) + " days";
    const std::array<charts::BarSeries, 1> series{{{series_label.c_str(), rates, IM_COL32(46, 125, 196, 255)}}};
    charts::ChartOptions options;
    options.title = "Later retention by first-response speed";
    options.y_format = charts::AxisFormat::Percent;
    options.export_name = "support-retention";
    if (charts::begin_chart("support_retention", ImVec2(chart_width, height), options)) {
        charts::stacked_bars(categories, series);
        charts::end_chart();
    }

    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Spacing();
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("support_retention_numbers", 5, flags)) {
        const std::array<std::pair<const char*, const char*>, 5> columns{{
            {"First response", nullptr},
            {"Counted", "support_later_retention"},
            {"Bought again", "support_later_retention"},
            {"Too recent", "support_later_retention"},
            {"Later retention", "support_later_retention"},
        }};
        for (int c = 0; c < 5; ++c) ImGui::TableSetupColumn(nullptr);  // widths in proportion to the contents
        table_header(columns);
        const std::array<std::pair<std::string, const metrics::LaterRetention*>, 2> rows{{
            {fast_label, &metrics.fast_response_retention},
            {slow_label, &metrics.slow_response_retention},
        }};
        const std::array<const char*, 2> keys{"fast_first_response", "slow_first_response"};
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const auto& retention = *rows[r].second;
            ImGui::TableNextRow();
            cell(rows[r].first);
            hover_definition(keys[r]);
            cell(format_count(retention.counted));
            cell(format_count(retention.retained));
            cell(format_count(retention.too_recent));
            cell(format_percent(retention.rate));
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        "Tickets opened less than %d days before the last purchase in the data (%s) are too recent: the data "
        "cannot show yet whether those customers came back.",
        metrics.retention_horizon_days, metrics.last_purchase_day ? format_date(*metrics.last_purchase_day).c_str() : "none");
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
}

void mark_drawn(FeedbackState& feedback, const char* tab) {
    feedback.drawn_frame = ImGui::GetFrameCount();
    feedback.drawn_tab = tab;
}

}  // namespace

bool FeedbackState::Key::matches(const data::Store& other_store, const std::shared_ptr<const data::Dataset>& other_dataset,
                                 const std::optional<metrics::DateWindow>& other_window) const {
    if (store != &other_store || dataset.lock() != other_dataset) return false;
    if (window.has_value() != other_window.has_value()) return false;
    return !window || (window->first_day == other_window->first_day && window->last_day == other_window->last_day);
}

void draw_surveys_view(FeedbackState& feedback, data::Store& store, const std::shared_ptr<const data::Dataset>& dataset,
                       std::optional<metrics::DateWindow> window, ImFont* heading) {
    if (!dataset) {
        ImGui::TextDisabled("Loading...");
        return;
    }
    auto& figures = feedback.surveys;
    if (!figures.computed || !figures.key.matches(store, dataset, window)) {
        compute_surveys(figures, store, *dataset, window);
        figures.key = {&store, dataset, window};
    }
    mark_drawn(feedback, "surveys");
    if (!figures.error.empty()) return draw_error(figures.error);
    const auto& metrics = figures.metrics;
    if (metrics.responses == 0) return draw_surveys_empty_state();

    ImGui::TextDisabled("%s survey responses%s. Later retention: did the customer buy again within %d days of answering?",
                        format_count(metrics.responses).c_str(),
                        window ? (" from " + format_date(window->first_day) + " to " + format_date(window->last_day)).c_str() : "",
                        metrics.retention_horizon_days);
    hover_definition("survey_later_retention");
    draw_survey_cards(metrics, heading);
    ImGui::Spacing();
    draw_group_retention_charts(metrics);
    ImGui::Spacing();
    const float height = std::max(px(200.0f), ImGui::GetContentRegionAvail().y - px(4.0f));
    const float table_width = ImGui::GetContentRegionAvail().x * 0.6f;
    draw_group_table(metrics, table_width);
    ImGui::SameLine();
    ImGui::BeginGroup();  // as for the charts above: the table's height must not carry into the chart's layout
    draw_nps_distribution(figures, ImVec2(0.0f, height));
    ImGui::EndGroup();
}

void draw_support_view(FeedbackState& feedback, data::Store& store, const std::shared_ptr<const data::Dataset>& dataset,
                       std::optional<metrics::DateWindow> window, ImFont* heading) {
    if (!dataset) {
        ImGui::TextDisabled("Loading...");
        return;
    }
    auto& figures = feedback.support;
    if (!figures.computed || !figures.key.matches(store, dataset, window)) {
        compute_support(figures, store, *dataset, window);
        figures.key = {&store, dataset, window};
    }
    mark_drawn(feedback, "support");
    if (!figures.error.empty()) return draw_error(figures.error);
    const auto& metrics = figures.metrics;
    if (metrics.overall.opened == 0) return draw_support_empty_state();

    ImGui::TextDisabled("%s tickets opened%s. A first response is fast when it comes at most %d day%s after the ticket was opened.",
                        format_count(metrics.overall.opened).c_str(),
                        window ? (" from " + format_date(window->first_day) + " to " + format_date(window->last_day)).c_str() : "",
                        metrics.fast_response_days, metrics.fast_response_days == 1 ? "" : "s");
    draw_support_cards(metrics, heading);
    ImGui::Spacing();
    draw_channel_table(metrics);
    ImGui::Spacing();
    draw_response_retention(metrics);
}

// --- 5. Test API ------------------------------------------------------------------------------

nlohmann::json feedback_state_json(const FeedbackState& feedback) {
    // Only a tab drawn in this frame counts: otherwise the page shows neither.
    if (feedback.drawn_frame != ImGui::GetFrameCount()) return nullptr;
    const bool surveys = std::string_view(feedback.drawn_tab) == "surveys";
    const auto& error = surveys ? feedback.surveys.error : feedback.support.error;
    nlohmann::json state = error.empty() ? (surveys ? feedback.surveys.state : feedback.support.state) : nlohmann::json::object();
    state["tab"] = feedback.drawn_tab;
    state["empty"] = surveys ? feedback.surveys.metrics.responses == 0 : feedback.support.metrics.overall.opened == 0;
    if (!error.empty()) state["error"] = error;
    return state;
}

}  // namespace touchpoint::web
