#pragma once
// A simulated A/B test: before testing follow-up timings on real customers, play the test many
// times on simulated ones, at the planned sample size, and see how often a test of that size
// names the truly best arm (the right call), another arm (the wrong call), or none.
//
// Each experiment gives every arm customers of its own (no common random numbers: in a real
// test the arms have different customers), split by the allocation, and follows them for the
// outcome window from their first purchase. The outcome per customer is a repeat purchase within
// the window or being active at its end (a purchase within the last 90 days; both analysed with
// the z-test for two proportions), or revenue within the window (Welch's t-test from each arm's
// mean and variance). Opt-outs and the cost of touches are kept beside them as guardrails. Each treatment arm is compared with the control
// arm (the first), two-sided at alpha, with Holm's correction when there are several treatments
// (experiments/multiple_testing.hpp): the analysis a real test of the design gets.
//
// The call of one experiment: among the treatments significantly better than control, the one
// with the best observed outcome; failing that, control if every treatment is significantly
// worse; otherwise no call. The truly best arm is the one with the best outcome pooled over all
// the experiments (experiments x arm size customers each, so its error is far below any
// experiment's); when the arms are equal the right call is not defined and every call is a false
// positive.
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/jobs/job.hpp"
#include "touchpoint/sim/effect_model.hpp"
#include "touchpoint/sim/population.hpp"
#include "touchpoint/sim/simulator.hpp"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::sim {

enum class ExperimentOutcome { RepeatWithin, RevenueWithin, ActiveAtEnd };

// "repeat_within", "revenue_within", "active_at_end"
std::string_view experiment_outcome_key(ExperimentOutcome outcome);
std::optional<ExperimentOutcome> experiment_outcome_from_key(std::string_view key);

struct ExperimentArm {
    std::string name;            // "Check-in on day 7"
    cadence::Cadence cadence;
    double allocation = 1;       // weight: the arm's share of the customers is allocation / sum of allocations
};

// Arms that differ only in when one step goes out: the cadence with the step's delay set to each
// of the days, named "Day N", equal allocation, the first being control. Throws
// std::invalid_argument when the cadence has no such step.
std::vector<ExperimentArm> timing_arms(const cadence::Cadence& cadence, const std::string& step, const std::vector<int>& days);

struct SimulatedExperimentDesign {
    std::vector<ExperimentArm> arms;  // the first is control; 2 to 6 arms
    ExperimentOutcome outcome = ExperimentOutcome::RepeatWithin;
    int window_days = 60;             // the outcome counts within this many days of the first purchase
    int customers = 10000;            // per experiment, all arms together
    int experiments = 200;            // how many times the test is played
    double alpha = 0.05;
    std::uint64_t seed = 1;
    metrics::SegmentRules segment_rules;    // for segment targets
};

// Throws std::invalid_argument naming what is wrong.
void validate(const SimulatedExperimentDesign& design);

struct ArmReport {
    std::string name;
    int customers = 0;              // per experiment
    double true_value = 0;          // pooled over every experiment: the rate, or revenue per customer
    double true_value_std_error = 0;
    double mean_observed = 0;       // mean over experiments of the arm's observed outcome
    double called_share = 0;        // share of experiments that called this arm the winner
    double significant_share = 0;   // treatments: share significantly better than control (after Holm)
    double opt_outs = 0;            // guardrail: share of the arm's customers who opted out, pooled
    double cost = 0;                // guardrail: cost of touches per customer, pooled
};

struct SimulatedExperimentResult {
    SimulatedExperimentDesign design;
    std::vector<ArmReport> arms;
    std::size_t truly_best = 0;      // index into arms
    bool arms_differ = true;         // false when every arm plays the same cadence (an A/A test)
    Estimate right_call, wrong_call, no_call;  // shares of experiments, with 95% intervals (normal approximation)
    double median_p_value = 1;       // of the best treatment's comparison with control
};

class SimulatedExperimentJob : public jobs::Job {
public:
    // Throws std::invalid_argument for a design it cannot run.
    SimulatedExperimentJob(Population population, SimulatedExperimentDesign design, EffectModel effects);
    ~SimulatedExperimentJob() override;
    jobs::Progress step(std::chrono::milliseconds budget) override;
    void cancel() override;
    const std::optional<SimulatedExperimentResult>& result() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

SimulatedExperimentResult simulate_experiment(const Population& population, const SimulatedExperimentDesign& design, const EffectModel& effects);

nlohmann::json to_json(const SimulatedExperimentResult& result);

}  // namespace touchpoint::sim
