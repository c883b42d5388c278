#pragma once
// The Boost.Math distributions the experiment statistics use, all in double precision: Boost's
// default promotes to long double, which WebAssembly emulates in software (several times slower
// there) for digits the 1e-6 agreement with the oracles does not need.
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/non_central_t.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/gamma.hpp>

namespace touchpoint::experiments::detail {

using DoublePrecision = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
using Normal = boost::math::normal_distribution<double, DoublePrecision>;
using StudentsT = boost::math::students_t_distribution<double, DoublePrecision>;
using NonCentralT = boost::math::non_central_t_distribution<double, DoublePrecision>;
using ChiSquared = boost::math::chi_squared_distribution<double, DoublePrecision>;
using Beta = boost::math::beta_distribution<double, DoublePrecision>;

// Upper tail of the standard normal, exact far out (no 1 - cdf cancellation).
inline double normal_upper_tail(double z) { return boost::math::cdf(boost::math::complement(Normal(), z)); }
inline double normal_lower_tail(double z) { return boost::math::cdf(Normal(), z); }
// z with P(Z > z) = upper_tail.
inline double normal_upper_quantile(double upper_tail) { return boost::math::quantile(boost::math::complement(Normal(), upper_tail)); }

inline double log_beta_function(double a, double b) {
    return boost::math::lgamma(a, DoublePrecision()) + boost::math::lgamma(b, DoublePrecision()) -
           boost::math::lgamma(a + b, DoublePrecision());
}

}  // namespace touchpoint::experiments::detail
