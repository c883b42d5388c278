#include "touchpoint/clv/model_run.hpp"

#include <cmath>
#include <stdexcept>

namespace touchpoint::clv {

const char* model_title(ModelKind kind) {
    switch (kind) {
        case ModelKind::BgNbd: return "BG/NBD";
        case ModelKind::ParetoNbd: return "Pareto/NBD";
        case ModelKind::GammaGamma: return "Gamma-Gamma";
    }
    return "";
}

namespace {

bool has_repeat_spend(const std::vector<CustomerSummary>& customers) {
    for (const auto& customer : customers)
        if (customer.x > 0 && customer.monetary > 0) return true;
    return false;
}

std::vector<HoldoutCustomer> with_holdout(const ModelRun& run) {
    std::vector<HoldoutCustomer> customers;
    customers.reserve(run.customers.size());
    for (std::size_t c = 0; c < run.customers.size(); ++c) customers.push_back({run.customers[c], run.holdout_purchases[c]});
    return customers;
}

HoldoutOptions holdout_options(const ModelRunOptions& options) { return {options.calibration_end, *options.holdout_end, options.unit}; }

}  // namespace

double discount_rate_per_unit(double annual_rate, TimeUnit unit) {
    const double periods_a_year = unit == TimeUnit::Week ? 365.25 / 7.0 : 365.25;
    return std::pow(1.0 + annual_rate, 1.0 / periods_a_year) - 1.0;
}

ModelRunJob::ModelRunJob(std::shared_ptr<const data::Dataset> dataset, ModelRunOptions options) : dataset_(std::move(dataset)) {
    if (!dataset_) throw std::invalid_argument("no data to model");
    if (options.purchase_model == ModelKind::GammaGamma)
        throw std::invalid_argument("the purchase model is BG/NBD or Pareto/NBD; Gamma-Gamma models spend");
    if (options.holdout_end) holdout_length(holdout_options(options));  // throws when it ends before it starts
    if (!(options.horizon > 0)) throw std::invalid_argument("the prediction horizon must be positive");
    if (!(options.discount_rate >= 0)) throw std::invalid_argument("the discount rate cannot be negative");
    run_.options = options;
}

jobs::Progress ModelRunJob::progress(std::string error) const {
    jobs::Progress progress;
    progress.items_unit = "customers";
    progress.items = static_cast<double>(result_ ? result_->customers.size() : run_.customers.size());
    switch (phase_) {
        case Phase::Summarise: progress.phase = "Summarising customers"; progress.fraction = 0.0; break;
        case Phase::FitPurchase: progress.phase = std::string("Fitting ") + model_title(run_.options.purchase_model); progress.fraction = 0.1; break;
        case Phase::FitSpend: progress.phase = "Fitting Gamma-Gamma"; progress.fraction = 0.7; break;
        case Phase::Diagnose: progress.phase = "Checking against the holdout"; progress.fraction = 0.8; break;
        case Phase::Predict: progress.phase = "Predicting each customer"; progress.fraction = 0.9; break;
        case Phase::Done: progress.phase = "Done"; progress.fraction = 1.0; progress.finished = true; break;
    }
    if (!error.empty()) {
        progress.error = std::move(error);
        progress.finished = true;
    }
    return progress;
}

void ModelRunJob::run_phase(std::chrono::milliseconds budget) {
    const auto& options = run_.options;
    switch (phase_) {
        case Phase::Summarise: {
            if (options.holdout_end) {
                auto split = split_calibration_holdout(*dataset_, holdout_options(options));
                run_.customers.reserve(split.size());
                run_.holdout_purchases.reserve(split.size());
                for (auto& customer : split) {
                    run_.customers.push_back(std::move(customer.calibration));
                    run_.holdout_purchases.push_back(customer.holdout_purchases);
                }
                run_.holdout_units = holdout_length(holdout_options(options));
            } else {
                run_.customers = summarise_customers(*dataset_, {options.calibration_end, options.unit});
            }
            if (run_.customers.empty())
                error_ = "no customer made a first purchase on or before " + data::format_iso_date(options.calibration_end);
            fit_job_ = std::make_unique<FitJob>(options.purchase_model, run_.customers);
            phase_ = Phase::FitPurchase;
            return;
        }
        case Phase::FitPurchase: {
            if (!fit_job_->step(budget).finished) return;
            run_.purchase = *fit_job_->result();
            fit_job_.reset();
            if (!run_.purchase.ok()) error_ = std::string(model_title(options.purchase_model)) + ": " + run_.purchase.error;
            phase_ = Phase::FitSpend;
            return;
        }
        case Phase::FitSpend:
            if (has_repeat_spend(run_.customers)) run_.spend = fit_model(ModelKind::GammaGamma, run_.customers);
            phase_ = Phase::Diagnose;
            return;
        case Phase::Diagnose:
            run_.frequencies = calibration_frequencies(run_.purchase, run_.customers, options.largest_x);
            if (options.holdout_end) {
                run_.tracking = tracking(run_.purchase, *dataset_, holdout_options(options));
                const auto customers = with_holdout(run_);
                run_.conditional = conditional_expectations(run_.purchase, customers, run_.holdout_units, options.largest_x);
                run_.holdout_error = holdout_error(run_.purchase, customers, run_.holdout_units);
            }
            phase_ = Phase::Predict;
            return;
        case Phase::Predict: {
            const FitResult* spend = run_.spend && run_.spend->ok() ? &*run_.spend : nullptr;
            run_.predictions = predict_customers(run_.purchase, spend, run_.customers, {options.horizon, options.discount_rate});
            phase_ = Phase::Done;
            result_ = std::move(run_);
            return;
        }
        case Phase::Done: return;
    }
}

jobs::Progress ModelRunJob::step(std::chrono::milliseconds budget) {
    if (!error_.empty() || phase_ == Phase::Done) return progress(error_);
    try {
        run_phase(budget);
    } catch (const std::exception& error) {  // out of memory and the like: report, never throw
        error_ = error.what();
    }
    return progress(error_);
}

void ModelRunJob::cancel() {
    if (phase_ == Phase::Done) return;
    if (fit_job_) fit_job_->cancel();
    error_ = "cancelled";
}

ModelRun run_models(std::shared_ptr<const data::Dataset> dataset, const ModelRunOptions& options) {
    ModelRunJob job(std::move(dataset), options);
    const auto progress = jobs::run_to_completion(job, [](const jobs::Progress&) {});
    if (!progress.error.empty()) throw std::runtime_error(progress.error);
    return *job.result();
}

}  // namespace touchpoint::clv
