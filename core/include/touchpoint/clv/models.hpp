#pragma once
// Fitting the buy-till-you-die models by maximum likelihood. Parameters are optimised on the
// log scale (so they stay positive) with L-BFGS-B, inside generous bounds so a likelihood
// without a finite maximum ends at a bound and is reported, instead of running to infinity.
// Every fit returns either parameters with converged = true or an error that says why not;
// never a NaN.
#include "touchpoint/clv/bgnbd.hpp"
#include "touchpoint/clv/gamma_gamma.hpp"
#include "touchpoint/clv/pareto_nbd.hpp"
#include "touchpoint/clv/summary.hpp"
#include "touchpoint/jobs/job.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::clv {

enum class ModelKind { BgNbd, ParetoNbd, GammaGamma };

const char* model_name(ModelKind kind);                          // "bgnbd", "pnbd", "gg"
std::optional<ModelKind> model_from_name(std::string_view name);  // also "pareto_nbd", "gamma_gamma"
// The parameters' names in the order FitResult keeps them: r, alpha, a, b / r, alpha, s, beta / p, q, gamma.
std::vector<std::string> parameter_names(ModelKind kind);

struct FitOptions {
    int max_iterations = 500;
    // Starting values in the order of parameter_names; empty: chosen from the data.
    std::vector<double> initial;
    // Also the check that the estimates are a maximum the data pin down (the Hessian is positive
    // definite); without it a fit that stopped on a flat stretch can report converged.
    bool standard_errors = true;
};

struct FitResult {
    ModelKind kind = ModelKind::BgNbd;
    std::vector<std::string> names;
    std::vector<double> params;
    // From the inverse of the Hessian of the negative log-likelihood in the natural
    // parameters (see standard_errors below, at its default step). Empty when not asked for
    // or when there is no valid fit.
    // A fit is not valid (converged = false, error says why) when the optimiser failed, when a
    // parameter ran to the edge of [1e-8, 1e8], when a purchase model's likelihood keeps rising
    // towards no dropout at all (BG/NBD: a -> 0 or b -> infinity; Pareto/NBD: s -> 0 or
    // beta -> infinity; the error names them), or when the Hessian at the estimates is not
    // positive definite (the error names the parameters along which it is flat).
    std::vector<double> std_errors;
    double log_likelihood = 0;
    bool converged = false;
    int iterations = 0;  // of the optimiser (when a final line search fails: the moves that improved the fit)
    std::size_t customers = 0;  // the customers the likelihood covers (Gamma-Gamma: x > 0 with spend)
    double aic = 0;             // 2k - 2 LL
    double bic = 0;             // k ln(customers) - 2 LL
    std::string error;          // why there is no valid fit; empty when there is one

    bool ok() const { return error.empty(); }
    // The named parameter; throws std::out_of_range for a name the model does not have.
    double param(std::string_view name) const;
    BgNbdParams bgnbd() const;
    ParetoNbdParams pareto_nbd() const;
    GammaGammaParams gamma_gamma() const;
};

// The total log-likelihood of the customers at the given parameters (in parameter_names'
// order). Gamma-Gamma uses customers with x > 0 and a positive mean spend.
double total_log_likelihood(ModelKind kind, const std::vector<CustomerSummary>& customers, const std::vector<double>& params);

// Standard errors at the given parameters (in parameter_names' order), from the inverse of the
// Hessian of the negative log-likelihood in the natural parameters, which is taken with steps of
// relative_step times each parameter (0: the default):
//  - BG/NBD and Gamma-Gamma: central differences of the analytic gradient, symmetrised (default 1e-5);
//  - Pareto/NBD: second central differences of the log-likelihood at two steps, h and h/2,
//    combined by Richardson extrapolation (default h = 1e-2).
// Empty when the Hessian is not positive definite. Throws std::invalid_argument for a wrong
// number of parameters.
std::vector<double> standard_errors(ModelKind kind, const std::vector<CustomerSummary>& customers, const std::vector<double>& params,
                                    double relative_step = 0);

// Fits the model; never throws for bad data (the result's error says what is wrong).
FitResult fit_model(ModelKind kind, const std::vector<CustomerSummary>& customers, const FitOptions& options = {});

nlohmann::json to_json(const FitResult& fit);

// The fit as a resumable job for the workbench. For now the optimiser runs to the end inside
// the first step. That suits BG/NBD and Gamma-Gamma (for the 254,000 calibration customers of
// a 350,000-customer sample, BG/NBD about 0.04 s natively and 0.08 s in wasm, standard errors
// included, see bench/results/models.md; Gamma-Gamma 0.03 s natively), not yet Pareto/NBD (several
// seconds there, even with customers of the same history sharing one evaluation): it still
// has to be cut into slices.
class FitJob : public jobs::Job {
public:
    FitJob(ModelKind kind, std::vector<CustomerSummary> customers, FitOptions options = {});
    jobs::Progress step(std::chrono::milliseconds budget) override;
    void cancel() override;
    // The fit, once the job has finished (its error says "cancelled" if it was).
    const std::optional<FitResult>& result() const { return result_; }

private:
    ModelKind kind_;
    std::vector<CustomerSummary> customers_;
    FitOptions options_;
    std::optional<FitResult> result_;
};

}  // namespace touchpoint::clv
