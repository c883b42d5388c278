#pragma once
// A/A experiments with continuous peeking, simulated to measure what peeking does to the
// false-positive rate. Both arms convert at the same rate; after every batch of customers the
// running experiment is checked twice:
//  - naively: the fixed-horizon two-proportion z-test (proportions.hpp), stopping at the first
//    p < alpha: every extra look is another chance for noise to cross the line;
//  - always-valid: the mSPRT p-value (sequential.hpp), stopping at the first p <= alpha.
// Each test draws from its own pcg32 stream (seed, test index), so the numbers are the same
// natively and in the browser.
#include <cstdint>

namespace touchpoint::experiments {

struct AaSimulationOptions {
    int tests = 10000;
    double conversion_rate = 0.1;  // of both arms
    int customers_per_look = 50;   // added to each arm before each look
    int looks = 20;
    double alpha = 0.05;
    double mixture_sd = 0.05;      // the mSPRT's tau, in rate points
    std::uint64_t seed = 1;
};

struct AaSimulationResult {
    int tests = 0;
    int always_valid_false_positives = 0;  // tests the mSPRT ever called significant
    int naive_false_positives = 0;         // tests a z-test at some look called significant
    double always_valid_rate = 0;
    double naive_rate = 0;
    // Monte Carlo standard errors of the rates, sqrt(rate (1 - rate) / tests).
    double always_valid_standard_error = 0;
    double naive_standard_error = 0;
};

// Throws std::invalid_argument for non-positive counts, a rate outside (0, 1), or alpha outside (0, 1).
AaSimulationResult simulate_aa_tests(const AaSimulationOptions& options);

}  // namespace touchpoint::experiments
