#include "touchpoint/metrics/surveys.hpp"

#include "touchpoint/data/calendar.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <array>

namespace touchpoint::metrics {

namespace {

int stored_day(std::string_view text, const char* what) {
    const auto day = data::parse_iso_date(text);
    if (!day) throw data::StoreError(std::string("the store holds a ") + what + " that is not an ISO date: " + std::string(text));
    return data::day_number(*day);
}

std::optional<double> optional_double(data::Statement& row, int column) {
    if (row.column_is_null(column)) return std::nullopt;
    return row.column_double(column);
}

std::optional<double> share(std::int64_t part, std::int64_t whole) {
    if (whole == 0) return std::nullopt;
    return static_cast<double>(part) / static_cast<double>(whole);
}

std::optional<double> percent(std::int64_t part, std::int64_t whole) {
    if (whole == 0) return std::nullopt;
    return 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

struct GroupNames {
    const char* key;
    const char* label;
};
using GroupNaming = std::array<GroupNames, 3>;  // High, Middle, Low

constexpr GroupNaming nps_names{{{"nps_promoters", "Promoters"}, {"nps_passives", "Passives"}, {"nps_detractors", "Detractors"}}};
constexpr GroupNaming csat_names{{{"csat_satisfied", "Satisfied"}, {"csat_neutral", "Neutral"}, {"csat_dissatisfied", "Dissatisfied"}}};
constexpr GroupNaming ces_names{{{"ces_low_effort", "Low effort"}, {"ces_neutral", "Neutral"}, {"ces_high_effort", "High effort"}}};

std::vector<ScoreGroupRetention> empty_groups(const GroupNaming& names) {
    std::vector<ScoreGroupRetention> groups;
    for (const auto& name : names) groups.push_back({name.key, name.label, 0, {}});
    return groups;
}

ScoreGroupRetention& group_of(std::vector<ScoreGroupRetention>& groups, ScoreGroup group) {
    return groups[static_cast<std::size_t>(group)];
}

nlohmann::json optional_json(const std::optional<double>& value) { return value ? nlohmann::json(*value) : nlohmann::json(); }

nlohmann::json groups_json(const std::vector<ScoreGroupRetention>& groups) {
    auto result = nlohmann::json::array();
    for (const auto& group : groups)
        result.push_back({{"key", group.key}, {"label", group.label}, {"answers", group.answers},
                          {"later_retention", to_json(group.later_retention)}});
    return result;
}

}  // namespace

std::vector<SurveyResponse> load_survey_responses(data::Store& store, std::optional<DateWindow> window) {
    // ISO dates sort as text, so the window is a plain range on the stored column.
    auto query = store.prepare(
        "SELECT customer_id, response_date, nps, csat, ces FROM surveys"
        " WHERE ?1 IS NULL OR response_date BETWEEN ?1 AND ?2 ORDER BY response_date, rowid");
    if (window) {
        query.bind(1, data::format_iso_date(data::day_from_number(window->first_day)));
        query.bind(2, data::format_iso_date(data::day_from_number(window->last_day)));
    } else {
        query.bind_null(1).bind_null(2);
    }
    std::vector<SurveyResponse> responses;
    while (query.step()) {
        responses.push_back({std::string(query.column_text(0)), stored_day(query.column_text(1), "survey response date"),
                             optional_double(query, 2), optional_double(query, 3), optional_double(query, 4)});
    }
    return responses;
}

ScoreGroup nps_group(double score) { return score >= 9 ? ScoreGroup::High : score >= 7 ? ScoreGroup::Middle : ScoreGroup::Low; }
ScoreGroup csat_group(double score) { return score >= 4 ? ScoreGroup::High : score >= 3 ? ScoreGroup::Middle : ScoreGroup::Low; }
ScoreGroup ces_group(double score) { return score >= 5 ? ScoreGroup::High : score >= 4 ? ScoreGroup::Middle : ScoreGroup::Low; }

LaterPurchaseFinder::LaterPurchaseFinder(const data::Dataset& purchases, int horizon_days)
    : purchases_(purchases), horizon_days_(horizon_days) {
    if (const auto history = whole_history(purchases)) last_purchase_day_ = history->last_day;
}

void LaterPurchaseFinder::count(LaterRetention& retention, const std::string& customer_id, int day) const {
    // An item is judged only with a full horizon of data after it; otherwise a recent answer
    // would look like a lost customer merely because the data ends.
    if (!last_purchase_day_ || day + horizon_days_ > *last_purchase_day_) {
        ++retention.too_recent;
        return;
    }
    ++retention.counted;
    const auto& ids = purchases_.customer_ids;
    const auto found = std::lower_bound(ids.begin(), ids.end(), customer_id);
    if (found == ids.end() || *found != customer_id) return;  // never bought: not retained
    const auto days = purchases_.days_of(static_cast<std::size_t>(found - ids.begin()));
    // A purchase on the answer's own day may have come before it: only the following N days count.
    const auto next = std::upper_bound(days.begin(), days.end(), day);
    if (next != days.end() && *next <= day + horizon_days_) ++retention.retained;
}

void LaterPurchaseFinder::finish(LaterRetention& retention) { retention.rate = share(retention.retained, retention.counted); }

SurveyMetrics compute_survey_metrics(std::span<const SurveyResponse> responses, const data::Dataset& purchases,
                                     const SurveyOptions& options) {
    SurveyMetrics metrics;
    metrics.window = options.window;
    metrics.retention_horizon_days = options.retention_horizon_days;
    metrics.nps_retention = empty_groups(nps_names);
    metrics.csat_retention = empty_groups(csat_names);
    metrics.ces_retention = empty_groups(ces_names);
    const LaterPurchaseFinder finder(purchases, options.retention_horizon_days);
    metrics.last_purchase_day = finder.last_purchase_day();

    double ces_sum = 0;
    for (const auto& response : responses) {
        if (options.window && !options.window->contains(response.response_day)) continue;
        ++metrics.responses;
        const auto add_to = [&](std::vector<ScoreGroupRetention>& groups, ScoreGroup group) {
            auto& entry = group_of(groups, group);
            ++entry.answers;
            finder.count(entry.later_retention, response.customer_id, response.response_day);
        };
        if (response.nps) {
            ++metrics.nps_answers;
            const auto group = nps_group(*response.nps);
            metrics.promoters += group == ScoreGroup::High;
            metrics.passives += group == ScoreGroup::Middle;
            metrics.detractors += group == ScoreGroup::Low;
            add_to(metrics.nps_retention, group);
        }
        if (response.csat) {
            ++metrics.csat_answers;
            metrics.satisfied += csat_group(*response.csat) == ScoreGroup::High;
            add_to(metrics.csat_retention, csat_group(*response.csat));
        }
        if (response.ces) {
            ++metrics.ces_answers;
            ces_sum += *response.ces;
            add_to(metrics.ces_retention, ces_group(*response.ces));
        }
    }

    if (metrics.nps_answers > 0)
        metrics.nps = *percent(metrics.promoters, metrics.nps_answers) - *percent(metrics.detractors, metrics.nps_answers);
    metrics.csat = percent(metrics.satisfied, metrics.csat_answers);
    if (metrics.ces_answers > 0) metrics.ces = ces_sum / static_cast<double>(metrics.ces_answers);
    for (auto* groups : {&metrics.nps_retention, &metrics.csat_retention, &metrics.ces_retention})
        for (auto& group : *groups) LaterPurchaseFinder::finish(group.later_retention);
    return metrics;
}

SurveyMetrics survey_metrics(data::Store& store, const data::Dataset& purchases, const SurveyOptions& options) {
    const auto responses = load_survey_responses(store, options.window);
    return compute_survey_metrics(responses, purchases, options);
}

nlohmann::json to_json(const LaterRetention& retention) {
    return {{"counted", retention.counted}, {"retained", retention.retained}, {"too_recent", retention.too_recent},
            {"rate", optional_json(retention.rate)}};
}

nlohmann::json to_json(const SurveyMetrics& metrics) {
    nlohmann::json window;
    if (metrics.window)
        window = {{"first", data::format_iso_date(data::day_from_number(metrics.window->first_day))},
                  {"last", data::format_iso_date(data::day_from_number(metrics.window->last_day))}};
    return {
        {"window", window},
        {"retention_horizon_days", metrics.retention_horizon_days},
        {"last_purchase_date", metrics.last_purchase_day
                                   ? nlohmann::json(data::format_iso_date(data::day_from_number(*metrics.last_purchase_day)))
                                   : nlohmann::json()},
        {"survey_responses", metrics.responses},
        {"nps", optional_json(metrics.nps)},
        {"nps_answers", metrics.nps_answers},
        {"nps_promoters", metrics.promoters},
        {"nps_passives", metrics.passives},
        {"nps_detractors", metrics.detractors},
        {"csat", optional_json(metrics.csat)},
        {"csat_answers", metrics.csat_answers},
        {"csat_satisfied", metrics.satisfied},
        {"ces", optional_json(metrics.ces)},
        {"ces_answers", metrics.ces_answers},
        {"nps_later_retention", groups_json(metrics.nps_retention)},
        {"csat_later_retention", groups_json(metrics.csat_retention)},
        {"ces_later_retention", groups_json(metrics.ces_retention)},
    };
}

}  // namespace touchpoint::metrics
