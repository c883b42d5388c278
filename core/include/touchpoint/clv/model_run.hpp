#pragma once
// One modelling run of the workbench's Models section, start to end, as a job: summarise the
// orders up to the calibration end, fit the purchase model (BG/NBD or Pareto/NBD) and the
// Gamma-Gamma spend model, then the diagnostics against the holdout (when there is one) and
// each customer's predictions. Each phase is a step, so the page draws between them and the
// progress bar names the phase.
#include "touchpoint/clv/diagnostics.hpp"
#include "touchpoint/clv/models.hpp"
#include "touchpoint/clv/predictions.hpp"
#include "touchpoint/clv/summary.hpp"
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/jobs/job.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace touchpoint::clv {

// The model's name as people write it: "BG/NBD", "Pareto/NBD", "Gamma-Gamma".
const char* model_title(ModelKind kind);

struct ModelRunOptions {
    ModelKind purchase_model = ModelKind::BgNbd;  // BgNbd or ParetoNbd
    data::Day calibration_end;
    // The holdout runs from the day after the calibration end to here; none when the
    // calibration takes the whole history (then no holdout diagnostics).
    std::optional<data::Day> holdout_end;
    TimeUnit unit = TimeUnit::Week;
    double horizon = 52;         // for the predictions, in time units
    double discount_rate = 0;    // per time unit, for CLV
    int largest_x = 7;           // the conditional expectations' and frequencies' last group: x and more
};

// The weekly (daily) discount rate equal to an annual one: (1 + annual)^(1/periods a year) - 1.
double discount_rate_per_unit(double annual_rate, TimeUnit unit);

struct ModelRun {
    ModelRunOptions options;
    std::vector<CustomerSummary> customers;  // calibration summary, the Dataset's order
    std::vector<int> holdout_purchases;      // per customer; empty without a holdout
    double holdout_units = 0;                // the holdout's length in time units; 0 without one
    FitResult purchase;
    std::optional<FitResult> spend;          // absent when no customer has repeat purchases with spend
    std::vector<TrackingPoint> tracking;                    // with a holdout and a valid purchase fit
    std::vector<ConditionalExpectation> conditional;        // with a holdout and a valid purchase fit
    std::optional<HoldoutError> holdout_error;              // with a holdout and a valid purchase fit
    std::vector<FrequencyCount> frequencies;                // calibration repeat purchases, actual (and predicted for BG/NBD)
    std::vector<CustomerPrediction> predictions;            // with a valid purchase fit; the customers' order
};

// Runs the phases in turn. The Dataset must outlive the job. Throws std::invalid_argument from
// the constructor when the options cannot make a run (a Gamma-Gamma purchase model, a holdout
// that ends before it starts, a non-positive horizon); failures later (no customers before the
// calibration end, a fit without a valid result) finish the job with the reason as its error.
class ModelRunJob : public jobs::Job {
public:
    ModelRunJob(std::shared_ptr<const data::Dataset> dataset, ModelRunOptions options);
    jobs::Progress step(std::chrono::milliseconds budget) override;
    void cancel() override;
    // Set once the job has finished without an error.
    const std::optional<ModelRun>& result() const { return result_; }

private:
    enum class Phase { Summarise, FitPurchase, FitSpend, Diagnose, Predict, Done };
    jobs::Progress progress(std::string error = {}) const;
    void run_phase(std::chrono::milliseconds budget);

    std::shared_ptr<const data::Dataset> dataset_;
    ModelRun run_;
    Phase phase_ = Phase::Summarise;
    std::unique_ptr<FitJob> fit_job_;
    std::optional<ModelRun> result_;
    std::string error_;
};

// Runs the whole job here (the CLI and tests); throws std::runtime_error with the job's error.
ModelRun run_models(std::shared_ptr<const data::Dataset> dataset, const ModelRunOptions& options);

}  // namespace touchpoint::clv
