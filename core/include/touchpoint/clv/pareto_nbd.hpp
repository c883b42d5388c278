#pragma once
// Pareto/NBD (Schmittlein, Morrison & Colombo 1987), in the form of Fader & Hardie (2005),
// "A Note on Deriving the Pareto/NBD Model and Related Expressions": while alive a customer
// buys at a rate lambda ~ Gamma(r, alpha) and dies at a rate mu ~ Gamma(s, beta), at any time.
namespace touchpoint::clv {

struct ParetoNbdParams {
    double r = 0, alpha = 0, s = 0, beta = 0;
};

// One customer's log-likelihood (Fader & Hardie 2005), in logs throughout, with
// the hypergeometric form whose argument lies in [0, 1) (alpha >= beta or alpha < beta).
double pareto_nbd_log_likelihood(const ParetoNbdParams& params, double x, double t_x, double T);

// P(alive | x, t_x, T).
double pareto_nbd_probability_alive(const ParetoNbdParams& params, double x, double t_x, double T);
// E[X(T, T + t) | x, t_x, T]; for s = 1 its limit, with a logarithm.
double pareto_nbd_expected_purchases(const ParetoNbdParams& params, double x, double t_x, double T, double t);
// E[X(t)] for a customer just acquired.
double pareto_nbd_expected_purchases_new_customer(const ParetoNbdParams& params, double t);
// P(X(t) = k) for a customer just acquired: k repeat purchases in (0, t] (Fader & Hardie 2006,
// "Deriving an Expression for P(X(t) = x) Under the Pareto/NBD Model"), in logs: those alive at
// t (a negative binomial count) plus those who died in (0, t] after k purchases. 0 for k < 0;
// for t <= 0, 1 at k = 0.
double pareto_nbd_probability_of_purchases(const ParetoNbdParams& params, double t, int k);

}  // namespace touchpoint::clv
