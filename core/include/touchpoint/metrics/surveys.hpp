#pragma once
// Survey metrics: NPS, CSAT and CES over the answers given in a date window, and how each group
// of answers (promoters, passives, detractors; satisfied ... dissatisfied; low ... high effort)
// relates to later retention: did the customer buy again within N days of answering?
// Definitions live in the glossary (help/glossary.hpp), keys as in to_json().
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/metrics/date_window.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace touchpoint::metrics {

// One row of the surveys table; a question the customer skipped is empty.
struct SurveyResponse {
    std::string customer_id;
    int response_day = 0;  // day number, as the Dataset keeps them
    std::optional<double> nps;   // 0-10
    std::optional<double> csat;  // 1-5
    std::optional<double> ces;   // 1-7, higher is less effort
};

// The survey answers given in `window` (every answer when empty), in date order.
// Throws data::StoreError if a stored date is not ISO 8601.
std::vector<SurveyResponse> load_survey_responses(data::Store& store, std::optional<DateWindow> window = {});

// Later retention of one group of answers (or tickets). Each answer counts once: a customer who
// answered twice counts twice, each time from their own answer's day.
struct LaterRetention {
    std::int64_t counted = 0;           // answers old enough to judge: at least N days before the last purchase in the data
    std::int64_t retained = 0;          // of those, the customer bought on one of the N days after the answer's day
    std::int64_t too_recent = 0;        // answers left out: fewer than N days of data after them
    std::optional<double> rate;         // retained / counted, in [0, 1]; empty when nothing is counted
};

// Score groups. NPS: promoters 9-10, passives 7-8 (7 up to below 9), detractors 0-6 (below 7).
// CSAT: satisfied 4-5, neutral 3 (3 up to below 4), dissatisfied 1-2 (below 3).
// CES: low effort 5-7, neutral 4 (4 up to below 5), high effort 1-3 (below 4).
enum class ScoreGroup { High, Middle, Low };
ScoreGroup nps_group(double score);
ScoreGroup csat_group(double score);
ScoreGroup ces_group(double score);

struct ScoreGroupRetention {
    std::string key;    // glossary key: "nps_promoters", "csat_satisfied", "ces_low_effort", ...
    std::string label;  // "Promoters", ...
    std::int64_t answers = 0;  // answers in the group in the window
    LaterRetention later_retention;
};

struct SurveyOptions {
    std::optional<DateWindow> window;  // answers given in this window; every answer when empty
    int retention_horizon_days = 90;   // N in "bought again within N days of answering"
};

struct SurveyMetrics {
    std::optional<DateWindow> window;
    int retention_horizon_days = 90;
    std::optional<int> last_purchase_day;  // the end of the data that later retention can see

    std::int64_t responses = 0;  // survey rows in the window, whatever they answered

    std::int64_t nps_answers = 0, promoters = 0, passives = 0, detractors = 0;
    std::optional<double> nps;   // percent promoters minus percent detractors, in [-100, 100]

    std::int64_t csat_answers = 0, satisfied = 0;
    std::optional<double> csat;  // percent of CSAT answers of 4 or 5, in [0, 100]

    std::int64_t ces_answers = 0;
    std::optional<double> ces;   // mean CES answer, in [1, 7]

    // High, middle, low group of each score, in that order.
    std::vector<ScoreGroupRetention> nps_retention, csat_retention, ces_retention;
};

// `purchases` is the Dataset of the same store: later retention looks at purchases after each
// answer, inside or beyond the window, up to the last purchase in the data.
SurveyMetrics compute_survey_metrics(std::span<const SurveyResponse> responses, const data::Dataset& purchases,
                                     const SurveyOptions& options = {});

// Loads the window's answers and computes the metrics.
SurveyMetrics survey_metrics(data::Store& store, const data::Dataset& purchases, const SurveyOptions& options = {});

// Shared with support: the share of items bought again after, each item given as
// (customer id, day); items with day + horizon past the last purchase are too recent.
class LaterPurchaseFinder {
public:
    LaterPurchaseFinder(const data::Dataset& purchases, int horizon_days);
    // Adds one item to `retention` (rate is set by finish()).
    void count(LaterRetention& retention, const std::string& customer_id, int day) const;
    static void finish(LaterRetention& retention);
    std::optional<int> last_purchase_day() const { return last_purchase_day_; }

private:
    const data::Dataset& purchases_;
    int horizon_days_;
    std::optional<int> last_purchase_day_;
};

nlohmann::json to_json(const LaterRetention& retention);
nlohmann::json to_json(const SurveyMetrics& metrics);

}  // namespace touchpoint::metrics
