#include "touchpoint/sim/simulated_experiment.hpp"

#include "random_streams.hpp"
#include "replication_run.hpp"

#include "touchpoint/cadence/validation.hpp"
#include "touchpoint/experiments/means.hpp"
#include "touchpoint/experiments/multiple_testing.hpp"
#include "touchpoint/experiments/proportions.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <stdexcept>

// Section index: the design; the job; the analysis of each experiment; JSON.
namespace touchpoint::sim {

namespace {

constexpr std::size_t max_arms = 6;


// Customers per arm in one experiment: the allocation's shares of the total, rounded, at least two.
std::vector<int> arm_sizes(const SimulatedExperimentDesign& design) {
    double weights = 0;
    for (const auto& arm : design.arms) weights += arm.allocation;
    std::vector<int> sizes;
    for (const auto& arm : design.arms)
        sizes.push_back(std::max(2, static_cast<int>(std::lround(design.customers * arm.allocation / weights))));
    return sizes;
}

SimulationOptions arm_options(const SimulatedExperimentDesign& design, int customers, std::size_t arm) {
    SimulationOptions options;
    options.customers = customers;
    options.days = design.window_days;
    options.replications = design.experiments;
    // Arms draw customers of their own: in a real test, nobody is in two arms.
    options.seed = detail::mix64(design.seed ^ (0x5851f42d4c957f2dULL * (arm + 1)));
    options.segment_rules = design.segment_rules;
    return options;
}

}  // namespace

// ---- The design --------------------------------------------------------------------------------

std::string_view experiment_outcome_key(ExperimentOutcome outcome) {
    switch (outcome) {
        case ExperimentOutcome::RepeatWithin: return "repeat_within";
        case ExperimentOutcome::RevenueWithin: return "revenue_within";
        case ExperimentOutcome::ActiveAtEnd: return "active_at_end";
    }
    return "";
}

std::optional<ExperimentOutcome> experiment_outcome_from_key(std::string_view key) {
    for (const auto outcome : {ExperimentOutcome::RepeatWithin, ExperimentOutcome::RevenueWithin, ExperimentOutcome::ActiveAtEnd})
        if (experiment_outcome_key(outcome) == key) return outcome;
    return std::nullopt;
}

std::vector<ExperimentArm> timing_arms(const cadence::Cadence& cadence, const std::string& step, const std::vector<int>& days) {
    const auto found = std::find_if(cadence.steps.begin(), cadence.steps.end(), [&](const auto& one) { return one.name == step; });
    if (found == cadence.steps.end()) throw std::invalid_argument("simulated experiment: cadence '" + cadence.name + "' has no step '" + step + "'");
    std::vector<ExperimentArm> arms;
    for (const int day : days) {
        ExperimentArm arm{"Day " + std::to_string(day), cadence, 1};
        arm.cadence.steps[static_cast<std::size_t>(found - cadence.steps.begin())].delay_days = day;
        arms.push_back(std::move(arm));
    }
    return arms;
}

void validate(const SimulatedExperimentDesign& design) {
    const auto fail = [](const std::string& message) { throw std::invalid_argument("simulated experiment: " + message); };
    if (design.arms.size() < 2 || design.arms.size() > max_arms) fail("give 2 to 6 arms, the first being control");
    if (design.window_days < 1 || design.window_days > 3650) fail("the outcome window must be 1 to 3650 days");
    if (design.customers < 4 || design.customers > 10'000'000) fail("customers per experiment must be 4 to 10,000,000");
    if (design.experiments < 2 || design.experiments > 100'000) fail("experiments must be 2 to 100,000");
    if (!(design.alpha > 0 && design.alpha < 1)) fail("alpha must be between 0 and 1");
    for (const auto& arm : design.arms) {
        if (!(arm.allocation > 0) || !std::isfinite(arm.allocation)) fail("arm '" + arm.name + "': its allocation must be positive");
        for (const auto& issue : cadence::validate_cadence(arm.cadence, {design.window_days, design.segment_rules}))
            if (issue.severity == cadence::IssueSeverity::Error)
                fail("arm '" + arm.name + "': " + (issue.field.empty() ? issue.message : issue.field + ": " + issue.message));
    }
}

// ---- The job -----------------------------------------------------------------------------------

struct SimulatedExperimentJob::State {
    SimulatedExperimentDesign design;
    std::vector<int> sizes;
    std::vector<detail::ReplicationRun> runs;  // one per arm, played one after another
    std::size_t current = 0;
    bool cancelled = false;
    std::optional<SimulatedExperimentResult> result;

    SimulatedExperimentResult analyse() const;

    jobs::Progress progress() const {
        jobs::Progress progress;
        double done = 0, total = 0;
        for (std::size_t a = 0; a < runs.size(); ++a) {
            const double arm_total = static_cast<double>(sizes[a]) * design.experiments;
            total += arm_total;
            if (a < current) done += arm_total;
            else if (a == current) done += runs[a].progress(false, false).items;
        }
        progress.fraction = done / total;
        progress.items = done;
        progress.items_unit = "customers";
        progress.phase = result ? "Done" : "Playing arm " + std::to_string(std::min(current + 1, runs.size())) + " of " + std::to_string(runs.size()) +
                                               " in " + std::to_string(design.experiments) + " experiments";
        progress.finished = result.has_value() || cancelled;
        if (cancelled) progress.error = "cancelled";
        return progress;
    }
};

SimulatedExperimentJob::SimulatedExperimentJob(Population population, SimulatedExperimentDesign design, EffectModel effects)
    : state_(std::make_unique<State>()) {
    validate(population);
    validate(effects);
    validate(design);
    auto& state = *state_;
    state.sizes = arm_sizes(design);
    for (std::size_t a = 0; a < design.arms.size(); ++a)
        state.runs.emplace_back(population, std::vector<cadence::Cadence>{design.arms[a].cadence}, effects, arm_options(design, state.sizes[a], a), 0,
                                design.experiments, detail::RunShape{.keep_curves = false, .with_baseline = false});
    state.design = std::move(design);
}

SimulatedExperimentJob::~SimulatedExperimentJob() = default;

jobs::Progress SimulatedExperimentJob::step(std::chrono::milliseconds budget) {
    auto& state = *state_;
    if (state.result || state.cancelled) return state.progress();
    const auto start = std::chrono::steady_clock::now();
    while (state.current < state.runs.size()) {
        const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
        if (spent >= budget && spent.count() > 0) break;
        state.runs[state.current].advance(budget - spent);
        if (!state.runs[state.current].finished()) break;
        ++state.current;
    }
    if (state.current == state.runs.size()) state.result = state.analyse();
    return state.progress();
}

void SimulatedExperimentJob::cancel() { state_->cancelled = !state_->result.has_value(); }

const std::optional<SimulatedExperimentResult>& SimulatedExperimentJob::result() const { return state_->result; }

SimulatedExperimentResult simulate_experiment(const Population& population, const SimulatedExperimentDesign& design, const EffectModel& effects) {
    SimulatedExperimentJob job(population, design, effects);
    jobs::run_to_completion(job, [](const jobs::Progress&) {}, std::chrono::milliseconds(1000));
    return *job.result();
}

// ---- The analysis of each experiment -----------------------------------------------------------

namespace {

// One arm in one experiment, as the analysis sees it.
struct ArmSample {
    std::int64_t n = 0;
    double mean = 0;      // the rate, or revenue per customer
    double variance = 0;  // of the per-customer outcome (n - 1 in the denominator)
    std::int64_t successes = 0;
};

ArmSample sample_of(const ReplicationFigures& figures, int customers, ExperimentOutcome outcome) {
    ArmSample sample;
    sample.n = customers;
    const double n = customers;
    if (outcome != ExperimentOutcome::RevenueWithin) {
        const double rate = outcome == ExperimentOutcome::RepeatWithin ? figures.repeat_rate : figures.active.back();
        sample.successes = std::llround(rate * n);
        sample.mean = static_cast<double>(sample.successes) / n;
        sample.variance = sample.mean * (1 - sample.mean) * n / (n - 1);
    } else {
        sample.mean = figures.revenue;
        sample.variance = std::max(0.0, (figures.revenue_squares - figures.revenue * figures.revenue) * n / (n - 1));
    }
    return sample;
}

// Treatment minus control: the difference and its two-sided p-value, as the real test computes them.
std::pair<double, double> compare(const ArmSample& control, const ArmSample& treatment, ExperimentOutcome outcome, double alpha) {
    if (outcome != ExperimentOutcome::RevenueWithin) {
        const auto test = experiments::compare_proportions({control.successes, control.n}, {treatment.successes, treatment.n}, {alpha});
        return {test.difference, test.p_value};
    }
    const auto test = experiments::welch_t_test(experiments::SampleSummary{control.n, control.mean, std::sqrt(control.variance)},
                                                experiments::SampleSummary{treatment.n, treatment.mean, std::sqrt(treatment.variance)},
                                                {alpha});
    return {test.difference, test.p_value};
}

Estimate share_estimate(int count, int experiments) {
    Estimate estimate;
    const double n = experiments;
    estimate.mean = count / n;
    estimate.std_error = std::sqrt(estimate.mean * (1 - estimate.mean) / n);
    estimate.ci_low = std::max(0.0, estimate.mean - 1.959963984540054 * estimate.std_error);
    estimate.ci_high = std::min(1.0, estimate.mean + 1.959963984540054 * estimate.std_error);
    return estimate;
}

}  // namespace

SimulatedExperimentResult SimulatedExperimentJob::State::analyse() const {
    SimulatedExperimentResult out;
    out.design = design;
    const auto arms = design.arms.size();
    const auto experiments = static_cast<std::size_t>(design.experiments);
    const auto outcome = design.outcome;

    // The truth: each arm's outcome pooled over every experiment.
    for (std::size_t a = 0; a < arms; ++a) {
        ArmReport report;
        report.name = design.arms[a].name;
        report.customers = sizes[a];
        double sum = 0, squares = 0;
        for (const auto& figures : runs[a].replications.front()) {
            const auto sample = sample_of(figures, sizes[a], outcome);
            sum += sample.mean;
            squares += sample.variance;
            report.opt_outs += figures.opt_outs / static_cast<double>(experiments);
            report.cost += figures.cost / static_cast<double>(experiments);
        }
        report.true_value = sum / static_cast<double>(experiments);
        report.mean_observed = report.true_value;
        report.true_value_std_error = std::sqrt(squares / static_cast<double>(experiments) / (static_cast<double>(sizes[a]) * static_cast<double>(experiments)));
        out.arms.push_back(report);
    }
    for (std::size_t a = 1; a < arms; ++a)
        if (out.arms[a].true_value > out.arms[out.truly_best].true_value) out.truly_best = a;
    out.arms_differ = std::any_of(design.arms.begin(), design.arms.end(),
                                     [&](const ExperimentArm& arm) { return !(arm.cadence.steps == design.arms.front().cadence.steps &&
                                                                              arm.cadence.caps == design.arms.front().cadence.caps &&
                                                                              arm.cadence.timing == design.arms.front().cadence.timing); });

    // Each experiment, analysed as the real test would be.
    int right = 0, wrong = 0, none = 0;
    std::vector<int> called(arms, 0), significant(arms, 0);
    std::vector<double> best_p_values;
    for (std::size_t e = 0; e < experiments; ++e) {
        std::vector<ArmSample> samples;
        for (std::size_t a = 0; a < arms; ++a) samples.push_back(sample_of(runs[a].replications.front()[e], sizes[a], outcome));
        std::vector<double> differences, p_values;
        for (std::size_t a = 1; a < arms; ++a) {
            const auto [difference, p_value] = compare(samples.front(), samples[a], outcome, design.alpha);
            differences.push_back(difference);
            p_values.push_back(p_value);
        }
        const auto holm = experiments::holm_correction(p_values, design.alpha);
        std::optional<std::size_t> call;
        bool all_worse = true;
        for (std::size_t t = 0; t + 1 < arms; ++t) {
            const bool better = holm.rejected[t] && differences[t] > 0;
            if (better) {
                ++significant[t + 1];
                if (!call || samples[t + 1].mean > samples[*call].mean) call = t + 1;
            }
            all_worse = all_worse && holm.rejected[t] && differences[t] < 0;
        }
        if (!call && all_worse) call = 0;
        const auto best_treatment = static_cast<std::size_t>(std::max_element(differences.begin(), differences.end()) - differences.begin());
        best_p_values.push_back(p_values[best_treatment]);
        if (!call) {
            ++none;
            continue;
        }
        ++called[*call];
        if (out.arms_differ && *call == out.truly_best) ++right;
        else ++wrong;
    }
    for (std::size_t a = 0; a < arms; ++a) {
        out.arms[a].called_share = static_cast<double>(called[a]) / static_cast<double>(experiments);
        out.arms[a].significant_share = static_cast<double>(significant[a]) / static_cast<double>(experiments);
    }
    out.right_call = share_estimate(right, design.experiments);
    out.wrong_call = share_estimate(wrong, design.experiments);
    out.no_call = share_estimate(none, design.experiments);
    std::sort(best_p_values.begin(), best_p_values.end());
    const auto middle = best_p_values.size() / 2;
    out.median_p_value = best_p_values.size() % 2 ? best_p_values[middle] : (best_p_values[middle - 1] + best_p_values[middle]) / 2;
    return out;
}

// ---- JSON --------------------------------------------------------------------------------------

nlohmann::json to_json(const SimulatedExperimentResult& result) {
    nlohmann::json arms = nlohmann::json::array();
    for (const auto& arm : result.arms)
        arms.push_back({{"name", arm.name},
                        {"customers", arm.customers},
                        {"true_value", arm.true_value},
                        {"true_value_std_error", arm.true_value_std_error},
                        {"called_share", arm.called_share},
                        {"significantly_better_share", arm.significant_share},
                        {"opt_outs", arm.opt_outs},
                        {"cost", arm.cost}});
    const auto& design = result.design;
    return {{"outcome", std::string(experiment_outcome_key(design.outcome))},
            {"window_days", design.window_days},
            {"customers", design.customers},
            {"experiments", design.experiments},
            {"alpha", design.alpha},
            {"seed", design.seed},
            {"arms", std::move(arms)},
            {"truly_best", result.arms_differ ? nlohmann::json(result.arms[result.truly_best].name) : nlohmann::json()},
            {"arms_differ", result.arms_differ},
            {"right_call", to_json(result.right_call)},
            {"wrong_call", to_json(result.wrong_call)},
            {"no_call", to_json(result.no_call)},
            {"median_p_value", result.median_p_value}};
}

}  // namespace touchpoint::sim
