#pragma once
// The Gauss hypergeometric function 2F1 in the two shapes the buy-till-you-die models need.
// Boost 1.81 has no 2F1 of its own, and the generic pFq series is slow and throws near z = 1,
// so the models use these: plain power series, arranged (Euler's and Pfaff's transformations,
// Abramowitz & Stegun 15.3.3-15.3.5) so that the terms stay small and decay fast.
namespace touchpoint::clv::detail {

// 2F1(a, b; c; z) by its power series, for 0 <= z < 1 and c > 0. Used where the caller has
// already transformed the parameters so the series converges quickly (BG/NBD expectations).
double hypergeometric_2f1_series(double a, double b, double c, double z);

// log 2F1(a, b; a + 1; z) for a > 0, b > 0 and 0 <= z < 1: the Pareto/NBD likelihood's
// function (Fader & Hardie 2005). Through Euler's transformation
// 2F1(a, b; a+1; z) = (1-z)^(1-b) 2F1(1, a+1-b; a+1; z), whose terms are positive and
// shrink at least like z^n; close to z = 1, where they shrink slowly, the integral
// (Euler's) representation is evaluated by tanh-sinh quadrature instead.
double log_hypergeometric_2f1_c_is_a_plus_one(double a, double b, double z);

// The same by the integral alone, exposed so the tests can check the two paths agree.
double log_hypergeometric_2f1_c_is_a_plus_one_by_quadrature(double a, double b, double z);

}  // namespace touchpoint::clv::detail
