#pragma once
// Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader
// & Hardie 2013, "The Gamma-Gamma Model of Monetary Value"): a customer's transactions have
// gamma(p, nu) values, and nu ~ Gamma(q, gamma) across customers. Fitted on the mean value m
// of the x repeat transactions of customers with x > 0; independent of the purchase model.
#include <optional>

namespace touchpoint::clv {

struct GammaGammaParams {
    double p = 0, q = 0, gamma = 0;
};

// The log-density of one customer's mean spend m over x transactions.
double gamma_gamma_log_likelihood(const GammaGammaParams& params, double x, double m);
// The same, and its derivatives with respect to (p, q, gamma) written to gradient[0..2].
double gamma_gamma_log_likelihood_with_gradient(const GammaGammaParams& params, double x, double m, double gradient[3]);

// E[spend per transaction | x, m] = (p gamma + p x m) / (p x + q - 1): a weighted mean of the
// population mean and the customer's own. Without a finite mean (q <= 1) there is none.
std::optional<double> gamma_gamma_expected_spend(const GammaGammaParams& params, double x, double m);
// The population's mean spend per transaction, p gamma / (q - 1) (a new customer's).
std::optional<double> gamma_gamma_population_mean_spend(const GammaGammaParams& params);

}  // namespace touchpoint::clv
