#include "touchpoint/experiments/aa_simulation.hpp"

#include "touchpoint/experiments/proportions.hpp"
#include "touchpoint/experiments/sequential.hpp"

#include <pcg_random.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

namespace touchpoint::experiments {

namespace {

// Conversions among `customers` Bernoulli draws: a 32-bit draw below the rate's threshold converts.
std::int64_t conversions(pcg32& random, int customers, std::uint64_t threshold) {
    std::int64_t converted = 0;
    for (int i = 0; i < customers; ++i) converted += random() < threshold;
    return converted;
}

}  // namespace

AaSimulationResult simulate_aa_tests(const AaSimulationOptions& options) {
    check_alpha(options.alpha);
    if (options.tests <= 0 || options.customers_per_look <= 0 || options.looks <= 0)
        throw std::invalid_argument("tests, customers per look and looks must be positive");
    if (!(options.conversion_rate > 0 && options.conversion_rate < 1))
        throw std::invalid_argument("the conversion rate must be between 0 and 1 (exclusive), got " + number_text(options.conversion_rate));
    const auto threshold = static_cast<std::uint64_t>(std::llround(options.conversion_rate * 4294967296.0));
    const ProportionTestOptions naive_options{options.alpha, Alternative::TwoSided};
    const SequentialOptions sequential_options{options.alpha, options.mixture_sd};

    AaSimulationResult result;
    result.tests = options.tests;
    for (int t = 0; t < options.tests; ++t) {
        pcg32 random(options.seed, static_cast<std::uint64_t>(t));
        MixtureSprt always_valid(sequential_options, {-1, 1});
        ArmCounts control, treatment;
        bool naive_rejected = false, always_valid_rejected = false;
        for (int look = 0; look < options.looks && !(naive_rejected && always_valid_rejected); ++look) {
            control.successes += conversions(random, options.customers_per_look, threshold);
            treatment.successes += conversions(random, options.customers_per_look, threshold);
            control.n += options.customers_per_look;
            treatment.n += options.customers_per_look;
            if (!naive_rejected) naive_rejected = compare_proportions(control, treatment, naive_options).p_value < options.alpha;
            if (!always_valid_rejected) {
                const double p_c = control.rate(), p_t = treatment.rate();
                const double n = static_cast<double>(control.n);
                always_valid_rejected = always_valid.observe(p_t - p_c, (p_t * (1 - p_t) + p_c * (1 - p_c)) / n, n, n).significant;
            }
        }
        result.naive_false_positives += naive_rejected;
        result.always_valid_false_positives += always_valid_rejected;
    }
    const double tests = options.tests;
    result.naive_rate = result.naive_false_positives / tests;
    result.always_valid_rate = result.always_valid_false_positives / tests;
    result.naive_standard_error = std::sqrt(result.naive_rate * (1 - result.naive_rate) / tests);
    result.always_valid_standard_error = std::sqrt(result.always_valid_rate * (1 - result.always_valid_rate) / tests);
    return result;
}

}  // namespace touchpoint::experiments
