#pragma once
// BG/NBD, the beta-geometric/negative binomial model of repeat purchasing (Fader, Hardie &
// Lee 2005, "Counting Your Customers the Easy Way"): while alive a customer buys at a rate
// lambda ~ Gamma(r, alpha); after each purchase they drop out with probability p ~ Beta(a, b).
// A customer's calibration data are x repeat purchases, the last at t_x, observed for T
// (in the summary's time unit).
namespace touchpoint::clv {

struct BgNbdParams {
    double r = 0, alpha = 0, a = 0, b = 0;
};

// One customer's log-likelihood (FHL 2005), by log-sum-exp of its two terms.
double bgnbd_log_likelihood(const BgNbdParams& params, double x, double t_x, double T);
// The same, and its derivatives with respect to (r, alpha, a, b) written to gradient[0..3].
double bgnbd_log_likelihood_with_gradient(const BgNbdParams& params, double x, double t_x, double T, double gradient[4]);

// P(alive | x, t_x, T) (Fader, Hardie & Lee 2008 note on P(alive)): 1 for x = 0.
double bgnbd_probability_alive(const BgNbdParams& params, double x, double t_x, double T);
// E[X(T, T + t) | x, t_x, T]: expected repeat purchases in the next t (FHL 2005, eq. 10).
double bgnbd_expected_purchases(const BgNbdParams& params, double x, double t_x, double T, double t);
// The same expectation by numerical integration over the dropout probability: what
// bgnbd_expected_purchases falls back on where the closed form's series loses its precision
// (extreme parameters); public so the tests can hold the two against each other.
double bgnbd_expected_purchases_by_quadrature(const BgNbdParams& params, double x, double t_x, double T, double t);
// E[X(t)] for a customer just acquired (FHL 2005).
double bgnbd_expected_purchases_new_customer(const BgNbdParams& params, double t);
// P(X(t) = k) for a customer just acquired: k repeat purchases in (0, t] (FHL 2005).
double bgnbd_probability_of_purchases(const BgNbdParams& params, double t, int k);

}  // namespace touchpoint::clv
