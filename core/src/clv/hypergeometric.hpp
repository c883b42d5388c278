#pragma once
// The Gauss hypergeometric function 2F1 in the shapes the buy-till-you-die models need.
// Boost 1.81 has no 2F1 of its own, and the generic pFq series is slow and throws near z = 1,
// so the models use these: plain power series, arranged (Euler's and Pfaff's transformations,
// Abramowitz & Stegun 15.3.3-15.3.5) so that the terms stay small and decay fast.
namespace touchpoint::clv::detail {

// 2F1(a, b; c; z) by its power series, for 0 <= z < 1 and c > 0. Used where the caller has
// already transformed the parameters so the series converges quickly (BG/NBD expectations).
// largest_term, when given, receives the largest |term| summed: far above |result|, the terms
// cancelled and the result lost that many digits.
double hypergeometric_2f1_series(double a, double b, double c, double z, double* largest_term = nullptr);

// log 2F1(a, b; a + 1; z) for a > 0, b > 0 and 0 <= z < 1: the Pareto/NBD likelihood's
// function (Fader & Hardie 2005). Through Euler's transformation
// 2F1(a, b; a+1; z) = (1-z)^(1-b) 2F1(1, a+1-b; a+1; z), whose terms are positive and
// shrink at least like z^n; close to z = 1, where they shrink slowly, the integral
// (Euler's) representation is evaluated by tanh-sinh quadrature instead.
double log_hypergeometric_2f1_c_is_a_plus_one(double a, double b, double z);

// The same by the integral alone, exposed so the tests can check the two paths agree.
double log_hypergeometric_2f1_c_is_a_plus_one_by_quadrature(double a, double b, double z);

// Fader & Hardie (2006), "Deriving an Expression for P(X(t) = x) Under the Pareto/NBD Model":
// the customers who make x purchases in (0, t] and die before t contribute
// alpha^r beta^s B(r+x, s+1) / B(r, s) times
//   D = B1 - sum_{i=0..x} (r+s)_i t^i / i! B2(i),
//   B1 = 2F1(r+s, s+1; r+s+x+1; (alpha-beta)/alpha) / alpha^(r+s)  for alpha >= beta
//        2F1(r+s, r+x; r+s+x+1; (beta-alpha)/beta) / beta^(r+s)    for alpha < beta
// and B2(i) the same with r+s+i for r+s and alpha+t, beta+t for alpha, beta. Returns log D.
// B1 is the whole sum over i, so for x beyond the bulk of the counts (or t small) the
// difference cancels to nothing; then, and where the series would be long (argument above
// 0.9, x above 100), D comes from its integral instead.
double log_pareto_nbd_died_part(double r, double alpha, double s, double beta, double t, int x);

// The integral alone: with omega = lambda / (lambda + mu) ~ Beta(r+x, s+1), D is the mean of
// c^-(r+s) I_{t/(c+t)}(x+1, r+s), c = beta + (alpha - beta) omega and I the regularised incomplete
// beta function (the chance of more than x Poisson events by t, mixed over lambda + mu), by
// tanh-sinh quadrature: all terms positive, so no cancellation. Exposed for the tests.
double log_pareto_nbd_died_part_by_quadrature(double r, double alpha, double s, double beta, double t, int x);

}  // namespace touchpoint::clv::detail
