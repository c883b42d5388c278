#include "touchpoint/clv/models.hpp"

#include <Eigen/Dense>
#include <LBFGSB.h>
#include <boost/math/special_functions/digamma.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <tuple>

namespace touchpoint::clv {

// ---- Index ----
// 1. Names
// 2. The data each likelihood reads, and its checks
// 3. Log-likelihoods and their gradients on the log scale
// 4. The optimiser and the standard errors
// 5. JSON, FitJob

// ---- 1. Names ----

const char* model_name(ModelKind kind) {
    switch (kind) {
        case ModelKind::BgNbd: return "bgnbd";
        case ModelKind::ParetoNbd: return "pnbd";
        case ModelKind::GammaGamma: return "gg";
    }
    return "?";
}

std::optional<ModelKind> model_from_name(std::string_view name) {
    if (name == "bgnbd" || name == "bg_nbd") return ModelKind::BgNbd;
    if (name == "pnbd" || name == "pareto_nbd") return ModelKind::ParetoNbd;
    if (name == "gg" || name == "gamma_gamma") return ModelKind::GammaGamma;
    return std::nullopt;
}

std::vector<std::string> parameter_names(ModelKind kind) {
    switch (kind) {
        case ModelKind::BgNbd: return {"r", "alpha", "a", "b"};
        case ModelKind::ParetoNbd: return {"r", "alpha", "s", "beta"};
        case ModelKind::GammaGamma: return {"p", "q", "gamma"};
    }
    return {};
}

double FitResult::param(std::string_view name) const {
    for (std::size_t i = 0; i < names.size() && i < params.size(); ++i)
        if (names[i] == name) return params[i];
    throw std::out_of_range("the " + std::string(model_name(kind)) + " model has no parameter '" + std::string(name) + "'");
}

BgNbdParams FitResult::bgnbd() const { return {param("r"), param("alpha"), param("a"), param("b")}; }
ParetoNbdParams FitResult::pareto_nbd() const { return {param("r"), param("alpha"), param("s"), param("beta")}; }
GammaGammaParams FitResult::gamma_gamma() const { return {param("p"), param("q"), param("gamma")}; }

namespace {

// ---- 2. The data each likelihood reads, and its checks ----

// Columns of doubles: the likelihood loops read them straight through. The gamma-function
// terms depend on a customer only through x, so they are worked out once per distinct x
// (a few dozen values) instead of once per customer.
struct FitData {
    std::vector<double> x, t_x, T, spend;  // spend: Gamma-Gamma only
    std::vector<double> log_spend;         // Gamma-Gamma: log m, log x
    std::vector<double> log_x;
    std::vector<double> distinct_x;        // ascending
    std::vector<std::uint32_t> x_index;    // customer -> position in distinct_x
    // Pareto/NBD: customers with the same (x, t_x, T) share one likelihood evaluation, its
    // hypergeometric series included. Customers without repeat purchases differ only in T,
    // which takes one value per acquisition day, so most of a shop collapses to a few hundred rows.
    struct SameHistory {
        double x, t_x, T;
        double customers;
    };
    std::vector<SameHistory> same_histories;
    std::size_t size() const { return x.size(); }
};

// Gamma-Gamma is fitted on the customers with repeat purchases and a positive mean spend.
bool has_spend(const CustomerSummary& customer) { return customer.x > 0 && customer.monetary > 0 && std::isfinite(customer.monetary); }

FitData fit_data(ModelKind kind, const std::vector<CustomerSummary>& customers) {
    FitData data;
    for (const auto& customer : customers) {
        if (kind == ModelKind::GammaGamma && !has_spend(customer)) continue;
        data.x.push_back(customer.x);
        data.t_x.push_back(customer.t_x);
        data.T.push_back(customer.T);
        if (kind == ModelKind::GammaGamma) {
            data.spend.push_back(customer.monetary);
            data.log_spend.push_back(std::log(customer.monetary));
            data.log_x.push_back(std::log(static_cast<double>(customer.x)));
        }
    }
    data.distinct_x = data.x;
    std::sort(data.distinct_x.begin(), data.distinct_x.end());
    data.distinct_x.erase(std::unique(data.distinct_x.begin(), data.distinct_x.end()), data.distinct_x.end());
    data.x_index.reserve(data.size());
    for (double x : data.x)
        data.x_index.push_back(static_cast<std::uint32_t>(std::lower_bound(data.distinct_x.begin(), data.distinct_x.end(), x) - data.distinct_x.begin()));
    if (kind == ModelKind::ParetoNbd) {
        std::vector<FitData::SameHistory> histories;
        histories.reserve(data.size());
        for (std::size_t i = 0; i < data.size(); ++i) histories.push_back({data.x[i], data.t_x[i], data.T[i], 1.0});
        const auto key = [](const FitData::SameHistory& h) { return std::tie(h.x, h.t_x, h.T); };
        std::sort(histories.begin(), histories.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
        for (const auto& history : histories) {
            if (!data.same_histories.empty() && key(data.same_histories.back()) == key(history)) data.same_histories.back().customers += 1;
            else data.same_histories.push_back(history);
        }
    }
    return data;
}

// Why the data cannot be fitted, or empty.
std::string check_data(ModelKind kind, const std::vector<CustomerSummary>& customers, const FitData& data) {
    for (const auto& customer : customers) {
        const std::string who = "customer '" + customer.customer_id + "': ";
        if (customer.x < 0) return who + "x is negative";
        if (!std::isfinite(customer.t_x) || !std::isfinite(customer.T) || customer.t_x < 0 || customer.T < 0)
            return who + "t_x and T must be finite and not negative";
        if (customer.t_x > customer.T + 1e-9)
            return who + "the last purchase (t_x = " + std::to_string(customer.t_x) + ") is after the end of observation (T = " +
                   std::to_string(customer.T) + ")";
    }
    const auto parameters = parameter_names(kind).size();
    if (kind == ModelKind::GammaGamma) {
        if (data.size() < parameters)
            return "the spend model needs at least " + std::to_string(parameters) +
                   " customers with repeat purchases and a positive mean spend; there are " + std::to_string(data.size());
        return {};
    }
    if (data.size() < parameters)
        return "a model with " + std::to_string(parameters) + " parameters needs at least " + std::to_string(parameters) +
               " customers; there are " + std::to_string(data.size());
    if (std::none_of(data.x.begin(), data.x.end(), [](double x) { return x > 0; }))
        return "every customer has x = 0 (no repeat purchase in the calibration period): the purchase rate cannot be estimated";
    return {};
}

// ---- 3. Log-likelihoods and their gradients on the log scale ----

// BG/NBD (Fader, Hardie & Lee 2005), split into the part that depends on x alone and the
// part that needs the customer's t_x and T; bgnbd_log_likelihood_with_gradient is the
// one-customer reference the tests hold this against.
struct BgNbdTermsOfX {
    double log_constant = 0;           // Gamma-function terms
    double log_a_over_b = 0;           // log(a / (b + x - 1))
    double d_r = 0, d_a = 0, d_b = 0;  // their derivatives (digamma differences)
};

std::vector<BgNbdTermsOfX> bgnbd_terms(const FitData& data, const BgNbdParams& p, bool with_gradient) {
    using boost::math::digamma;
    std::vector<BgNbdTermsOfX> terms(data.distinct_x.size());
    for (std::size_t i = 0; i < terms.size(); ++i) {
        const double x = data.distinct_x[i];
        if (x == 0) continue;
        auto& t = terms[i];
        t.log_constant = std::lgamma(p.r + x) - std::lgamma(p.r) + std::lgamma(p.a + p.b) + std::lgamma(p.b + x) -
                         std::lgamma(p.b) - std::lgamma(p.a + p.b + x);
        t.log_a_over_b = std::log(p.a / (p.b + x - 1));
        if (with_gradient) {
            t.d_r = digamma(p.r + x) - digamma(p.r);
            t.d_a = digamma(p.a + p.b) - digamma(p.a + p.b + x);
            t.d_b = digamma(p.a + p.b) + digamma(p.b + x) - digamma(p.b) - digamma(p.a + p.b + x);
        }
    }
    return terms;
}

// The log-likelihood, and when gradient is given its derivatives in (r, alpha, a, b) added to it.
double sum_bgnbd(const FitData& data, const BgNbdParams& p, double* gradient = nullptr) {
    const auto terms = bgnbd_terms(data, p, gradient != nullptr);
    const double log_alpha = std::log(p.alpha);
    double total = 0, g_r = 0, g_alpha = 0, g_a = 0, g_b = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const double x = data.x[i];
        const double log_alpha_T = std::log(p.alpha + data.T[i]);
        total += p.r * log_alpha - (p.r + x) * log_alpha_T;
        if (x == 0) {
            g_r += log_alpha - log_alpha_T;
            g_alpha += p.r / p.alpha - p.r / (p.alpha + data.T[i]);
            continue;
        }
        const auto& t = terms[data.x_index[i]];
        const double log_alpha_t_x = std::log(p.alpha + data.t_x[i]);
        // Odds of having dropped out after the last purchase against being alive at T.
        const double log_odds = t.log_a_over_b + (p.r + x) * (log_alpha_T - log_alpha_t_x);
        total += t.log_constant + (log_odds > 0 ? log_odds + std::log1p(std::exp(-log_odds)) : std::log1p(std::exp(log_odds)));
        if (!gradient) continue;
        const double w4 = log_odds > 0 ? 1 / (1 + std::exp(-log_odds)) : std::exp(log_odds) / (1 + std::exp(log_odds));
        const double w3 = 1 - w4;
        g_r += t.d_r + log_alpha - w3 * log_alpha_T - w4 * log_alpha_t_x;
        g_alpha += p.r / p.alpha - w3 * (p.r + x) / (p.alpha + data.T[i]) - w4 * (p.r + x) / (p.alpha + data.t_x[i]);
        g_a += t.d_a + w4 / p.a;
        g_b += t.d_b - w4 / (p.b + x - 1);
    }
    if (gradient) {
        gradient[0] += g_r;
        gradient[1] += g_alpha;
        gradient[2] += g_a;
        gradient[3] += g_b;
    }
    return total;
}

double sum_pareto_nbd(const FitData& data, const ParetoNbdParams& params) {
    double total = 0;
    for (const auto& history : data.same_histories)
        total += history.customers * pareto_nbd_log_likelihood(params, history.x, history.t_x, history.T);
    return total;
}

// Gamma-Gamma, split the same way: lgamma and digamma per distinct x.
double sum_gamma_gamma(const FitData& data, const GammaGammaParams& p, double* gradient = nullptr) {
    using boost::math::digamma;
    struct TermsOfX {
        double log_constant, d_p, d_q;
    };
    std::vector<TermsOfX> terms(data.distinct_x.size());
    const double log_gamma = std::log(p.gamma), lgamma_q = std::lgamma(p.q);
    const double digamma_q = gradient ? digamma(p.q) : 0.0;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        const double px = p.p * data.distinct_x[i];
        terms[i].log_constant = std::lgamma(px + p.q) - std::lgamma(px) - lgamma_q + p.q * log_gamma;
        terms[i].d_p = gradient ? data.distinct_x[i] * (digamma(px + p.q) - digamma(px)) : 0.0;
        terms[i].d_q = gradient ? digamma(px + p.q) - digamma_q : 0.0;
    }
    double total = 0, g_p = 0, g_q = 0, g_gamma = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const double x = data.x[i], m = data.spend[i], px = p.p * x;
        const auto& t = terms[data.x_index[i]];
        const double log_gamma_mx = std::log(p.gamma + m * x);
        total += t.log_constant + (px - 1) * data.log_spend[i] + px * data.log_x[i] - (px + p.q) * log_gamma_mx;
        if (!gradient) continue;
        g_p += t.d_p + x * (data.log_spend[i] + data.log_x[i] - log_gamma_mx);
        g_q += t.d_q + log_gamma - log_gamma_mx;
        g_gamma += p.q / p.gamma - (px + p.q) / (p.gamma + m * x);
    }
    if (gradient) {
        gradient[0] += g_p;
        gradient[1] += g_q;
        gradient[2] += g_gamma;
    }
    return total;
}

double sum_log_likelihood(ModelKind kind, const FitData& data, const double* params) {
    switch (kind) {
        case ModelKind::BgNbd: return sum_bgnbd(data, {params[0], params[1], params[2], params[3]});
        case ModelKind::ParetoNbd: return sum_pareto_nbd(data, {params[0], params[1], params[2], params[3]});
        case ModelKind::GammaGamma: return sum_gamma_gamma(data, {params[0], params[1], params[2]});
    }
    return NAN;
}

// The log-likelihood and its gradient with respect to the logs of the parameters
// (d/d log theta = theta d/d theta). BG/NBD and Gamma-Gamma have analytic gradients;
// Pareto/NBD's goes through 2F1's parameters, so it takes central differences (step 1e-5
// on the log scale, error about 1e-10 of the value).
double log_likelihood_and_log_gradient(ModelKind kind, const FitData& data, const std::vector<double>& params,
                                       std::vector<double>& log_gradient) {
    const std::size_t k = params.size();
    std::fill(log_gradient.begin(), log_gradient.end(), 0.0);
    double total = 0;
    if (kind == ModelKind::BgNbd) {
        total = sum_bgnbd(data, {params[0], params[1], params[2], params[3]}, log_gradient.data());
    } else if (kind == ModelKind::GammaGamma) {
        total = sum_gamma_gamma(data, {params[0], params[1], params[2]}, log_gradient.data());
    } else {
        total = sum_log_likelihood(kind, data, params.data());
        constexpr double step = 1e-5;
        std::vector<double> shifted = params;
        for (std::size_t j = 0; j < k; ++j) {
            shifted[j] = params[j] * std::exp(step);
            const double up = sum_log_likelihood(kind, data, shifted.data());
            shifted[j] = params[j] * std::exp(-step);
            const double down = sum_log_likelihood(kind, data, shifted.data());
            shifted[j] = params[j];
            log_gradient[j] = (up - down) / (2 * step);
        }
        return total;
    }
    for (std::size_t j = 0; j < k; ++j) log_gradient[j] *= params[j];
    return total;
}

// ---- 4. The optimiser and the standard errors ----

// Parameters live in [1e-8, 1e8]: wide enough for days or weeks, cents or dollars, and a
// fit that ends on this edge has no interior maximum.
constexpr double log_bound = 18.420680743952367;  // ln 1e8

// The mean negative log-likelihood over log-parameters, as LBFGSpp wants it. Mean, not
// total, so one gradient tolerance suits 50 customers and 500,000.
class Objective {
public:
    Objective(ModelKind kind, const FitData& data) : kind_(kind), data_(data) {}

    double operator()(const Eigen::VectorXd& log_params, Eigen::VectorXd& gradient) {
        const auto k = static_cast<std::size_t>(log_params.size());
        std::vector<double> params(k), log_gradient(k);
        for (std::size_t j = 0; j < k; ++j) params[j] = std::exp(log_params[static_cast<Eigen::Index>(j)]);
        const double scale = 1.0 / static_cast<double>(data_.size());
        const double log_likelihood = log_likelihood_and_log_gradient(kind_, data_, params, log_gradient);
        bool finite = std::isfinite(log_likelihood);
        for (std::size_t j = 0; j < k; ++j) {
            gradient[static_cast<Eigen::Index>(j)] = -log_gradient[j] * scale;
            finite = finite && std::isfinite(log_gradient[j]);
        }
        // A point where the likelihood cannot be evaluated is treated as a very bad one, so the
        // line search steps back from it.
        if (!finite) {
            gradient.setZero();
            return 1e300;
        }
        const double value = -log_likelihood * scale;
        if (!best_ || value < best_value_) {
            best_ = log_params;
            best_value_ = value;
            best_gradient_ = gradient;
            ++improvements_;
        }
        return value;
    }

    const std::optional<Eigen::VectorXd>& best() const { return best_; }
    const Eigen::VectorXd& best_gradient() const { return best_gradient_; }
    // How often the best point moved: the iteration count when the optimiser cannot say.
    int improvements() const { return improvements_; }

private:
    ModelKind kind_;
    const FitData& data_;
    std::optional<Eigen::VectorXd> best_;
    double best_value_ = 0;
    Eigen::VectorXd best_gradient_;
    int improvements_ = 0;
};

std::vector<double> starting_values(ModelKind kind, const FitData& data) {
    double sum_x = 0, sum_T = 0, sum_spend = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
        sum_x += data.x[i];
        sum_T += data.T[i];
        if (!data.spend.empty()) sum_spend += data.spend[i];
    }
    const double n = static_cast<double>(data.size());
    const double mean_T = std::max(sum_T / n, 1e-3), mean_x = std::max(sum_x / n, 1e-3);
    // With r = 1 the gamma's mean rate r / alpha matches the observed purchases per unit time.
    switch (kind) {
        case ModelKind::BgNbd: return {1.0, mean_T / mean_x, 1.0, 2.0};
        case ModelKind::ParetoNbd: return {1.0, mean_T / mean_x, 1.0, mean_T};
        case ModelKind::GammaGamma: return {1.0, 2.0, std::max(sum_spend / n, 1e-6)};
    }
    return {};
}

// Standard errors from the Hessian of the negative log-likelihood in the natural
// parameters, by central differences with steps of 1e-4 of each parameter. Empty when the
// Hessian is not positive definite.
std::vector<double> standard_errors(ModelKind kind, const FitData& data, const std::vector<double>& params) {
    const auto k = params.size();
    std::vector<double> steps(k), point = params;
    for (std::size_t j = 0; j < k; ++j) steps[j] = 1e-4 * params[j];
    const auto negative_ll = [&](std::size_t i, double di, std::size_t j, double dj) {
        point = params;
        point[i] += di * steps[i];
        point[j] += dj * steps[j];
        return -sum_log_likelihood(kind, data, point.data());
    };
    const double centre = -sum_log_likelihood(kind, data, params.data());
    Eigen::MatrixXd hessian(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k));
    for (std::size_t i = 0; i < k; ++i) {
        const auto ei = static_cast<Eigen::Index>(i);
        hessian(ei, ei) = (negative_ll(i, 1, i, 0) - 2 * centre + negative_ll(i, -1, i, 0)) / (steps[i] * steps[i]);
        for (std::size_t j = 0; j < i; ++j) {
            const auto ej = static_cast<Eigen::Index>(j);
            const double value = (negative_ll(i, 1, j, 1) - negative_ll(i, 1, j, -1) - negative_ll(i, -1, j, 1) +
                                  negative_ll(i, -1, j, -1)) / (4 * steps[i] * steps[j]);
            hessian(ei, ej) = hessian(ej, ei) = value;
        }
    }
    if (!hessian.allFinite()) return {};
    const Eigen::LLT<Eigen::MatrixXd> cholesky(hessian);
    if (cholesky.info() != Eigen::Success) return {};
    const Eigen::MatrixXd covariance = cholesky.solve(Eigen::MatrixXd::Identity(hessian.rows(), hessian.cols()));
    std::vector<double> errors(k);
    for (std::size_t j = 0; j < k; ++j) {
        const double variance = covariance(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(j));
        if (!(variance > 0) || !std::isfinite(variance)) return {};
        errors[j] = std::sqrt(variance);
    }
    return errors;
}

struct OptimiserOutcome {
    Eigen::VectorXd log_params;
    int iterations = 0;
    bool converged = false;
    std::string stopped_because;  // the optimiser's complaint, when it gave up
};

// The optimiser throws when a line search fails; that stays in here, away from the loops.
OptimiserOutcome run_optimiser(Objective& objective, Eigen::VectorXd start, int max_iterations) {
    LBFGSpp::LBFGSBParam<double> settings;
    settings.epsilon = 1e-8;  // on the gradient of the mean log-likelihood, per log-parameter
    settings.epsilon_rel = 0;
    // Also stop when the mean log-likelihood has changed by less than 1e-10 (relative) over
    // three iterations: along a ridge towards a boundary (no dropout at all, say) it improves
    // forever by ever smaller amounts.
    settings.past = 3;
    settings.delta = 1e-10;
    settings.max_iterations = max_iterations;
    settings.max_linesearch = 100;
    LBFGSpp::LBFGSBSolver<double> solver(settings);
    const auto n = start.size();
    const Eigen::VectorXd lower = Eigen::VectorXd::Constant(n, -log_bound), upper = Eigen::VectorXd::Constant(n, log_bound);

    OptimiserOutcome outcome;
    outcome.log_params = start;
    double value = 0;
    try {
        outcome.iterations = solver.minimize(objective, outcome.log_params, value, lower, upper);
        outcome.converged = outcome.iterations < max_iterations;
    } catch (const std::exception& error) {
        // A line search that cannot improve any more, next to the optimum, is how flat
        // likelihoods end; elsewhere it is a failure.
        outcome.stopped_because = error.what();
        if (objective.best()) outcome.log_params = *objective.best();
        outcome.iterations = std::min(objective.improvements(), max_iterations);
        // The tolerance allows for rounding in sums over customers whose terms are large (x in
        // the thousands) and for the different maths library of the WebAssembly build.
        outcome.converged = objective.best() && objective.best_gradient().lpNorm<Eigen::Infinity>() < 1e-5;
    }
    return outcome;
}

}  // namespace

double total_log_likelihood(ModelKind kind, const std::vector<CustomerSummary>& customers, const std::vector<double>& params) {
    if (params.size() != parameter_names(kind).size())
        throw std::invalid_argument(std::string("the ") + model_name(kind) + " model takes " +
                                    std::to_string(parameter_names(kind).size()) + " parameters");
    return sum_log_likelihood(kind, fit_data(kind, customers), params.data());
}

FitResult fit_model(ModelKind kind, const std::vector<CustomerSummary>& customers, const FitOptions& options) {
    FitResult result;
    result.kind = kind;
    result.names = parameter_names(kind);
    const FitData data = fit_data(kind, customers);
    result.customers = data.size();
    result.error = check_data(kind, customers, data);
    if (!result.error.empty()) return result;

    const auto k = result.names.size();
    std::vector<double> start = options.initial.size() == k ? options.initial : starting_values(kind, data);
    Eigen::VectorXd log_start(static_cast<Eigen::Index>(k));
    for (std::size_t j = 0; j < k; ++j)
        log_start[static_cast<Eigen::Index>(j)] = std::clamp(std::log(std::max(start[j], 1e-300)), -log_bound + 1, log_bound - 1);

    Objective objective(kind, data);
    const auto outcome = run_optimiser(objective, log_start, std::max(options.max_iterations, 1));
    result.iterations = outcome.iterations;
    result.params.resize(k);
    for (std::size_t j = 0; j < k; ++j) result.params[j] = std::exp(outcome.log_params[static_cast<Eigen::Index>(j)]);
    result.log_likelihood = sum_log_likelihood(kind, data, result.params.data());
    result.converged = outcome.converged;

    const double n = static_cast<double>(data.size());
    result.aic = 2.0 * static_cast<double>(k) - 2 * result.log_likelihood;
    result.bic = static_cast<double>(k) * std::log(n) - 2 * result.log_likelihood;

    if (!std::isfinite(result.log_likelihood)) {
        result.converged = false;
        result.error = "the log-likelihood is not finite at the fitted parameters";
        result.log_likelihood = result.aic = result.bic = 0;
        return result;
    }
    for (std::size_t j = 0; j < k; ++j) {
        if (std::abs(outcome.log_params[static_cast<Eigen::Index>(j)]) > log_bound - 1e-3) {
            result.converged = false;
            result.error = "the likelihood has no maximum inside the parameter range: " + result.names[j] + " ran to " +
                           std::to_string(result.params[j]) + " (the data cannot pin it down)";
            return result;
        }
    }
    if (!result.converged) {
        result.error = outcome.stopped_because.empty()
                           ? "the optimiser did not converge in " + std::to_string(result.iterations) + " iterations"
                           : "the optimiser stopped: " + outcome.stopped_because;
        return result;
    }
    if (options.standard_errors) result.std_errors = standard_errors(kind, data, result.params);
    return result;
}

// ---- 5. JSON, FitJob ----

nlohmann::json to_json(const FitResult& fit) {
    nlohmann::json params = nlohmann::json::object(), errors = nlohmann::json::object();
    for (std::size_t j = 0; j < fit.names.size(); ++j) {
        params[fit.names[j]] = j < fit.params.size() ? nlohmann::json(fit.params[j]) : nlohmann::json();
        errors[fit.names[j]] = j < fit.std_errors.size() ? nlohmann::json(fit.std_errors[j]) : nlohmann::json();
    }
    nlohmann::json out = {{"model", model_name(fit.kind)},
                          {"params", params},
                          {"std_errors", errors},
                          {"std_error_method", "inverse Hessian of the negative log-likelihood in the natural parameters, central differences"},
                          {"log_likelihood", fit.log_likelihood},
                          {"converged", fit.converged},
                          {"iterations", fit.iterations},
                          {"customers", fit.customers},
                          {"aic", fit.aic},
                          {"bic", fit.bic}};
    if (!fit.error.empty()) out["error"] = fit.error;
    return out;
}

FitJob::FitJob(ModelKind kind, std::vector<CustomerSummary> customers, FitOptions options)
    : kind_(kind), customers_(std::move(customers)), options_(std::move(options)) {}

jobs::Progress FitJob::step(std::chrono::milliseconds) {
    jobs::Progress progress;
    progress.phase = std::string("Fitting ") + model_name(kind_);
    progress.items_unit = "customers";
    if (!result_) {
        try {
            result_ = fit_model(kind_, customers_, options_);
        } catch (const std::exception& error) {  // out of memory and the like: report, never throw
            result_ = FitResult{};
            result_->kind = kind_;
            result_->error = error.what();
        }
    }
    progress.items = static_cast<double>(customers_.size());
    progress.fraction = 1;
    progress.finished = true;
    progress.error = result_->error;
    return progress;
}

void FitJob::cancel() {
    if (result_) return;
    result_ = FitResult{};
    result_->kind = kind_;
    result_->names = parameter_names(kind_);
    result_->error = "cancelled";
}

}  // namespace touchpoint::clv
