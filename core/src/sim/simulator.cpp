#include "touchpoint/sim/simulator.hpp"

#include "engine.hpp"
#include "replication_run.hpp"

#include "touchpoint/cadence/validation.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

// Section index: options; estimates over replications; one replication's figures; the job;
// JSON.
namespace touchpoint::sim {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

}  // namespace

// ---- Options -----------------------------------------------------------------------------------

void validate(const SimulationOptions& options) {
    const auto check = [](bool ok, const char* field, const std::string& message) {
        if (!ok) throw std::invalid_argument(std::string("simulation option ") + field + ": " + message);
    };
    check(options.customers >= 1 && options.customers <= 10'000'000, "customers", "must be from 1 to 10,000,000");
    check(options.days >= 1 && options.days <= 3650, "days", "must be from 1 to 3650");
    check(options.replications >= 1 && options.replications <= 1000, "replications", "must be from 1 to 1000");
    check(options.margin >= 0 && options.margin <= 1, "margin", "is a share of revenue, from 0 to 1");
    check(options.active_window_days >= 1 && options.active_window_days <= 3650, "active_window_days", "must be from 1 to 3650");
    metrics::validate(options.segment_rules);
}

// ---- Estimates over replications ---------------------------------------------------------------

namespace {

// The 0.975 quantile of Student's t. A table to 30 degrees of freedom, then the Cornish-Fisher
// expansion (Abramowitz & Stegun 26.7.5), within 3e-8 of the exact value there: plain
// arithmetic, so the intervals are the same bits in every build.
double t_quantile_975(int degrees_of_freedom) {
    static constexpr double table[30] = {
        12.706204736174694, 4.302652729749462, 3.182446305283709, 2.776445105197793, 2.570581835636315,
        2.446911851144979, 2.364624251592785, 2.306004135204166, 2.262157162798205, 2.228138851986274,
        2.200985160091639, 2.178812829667228, 2.160368656462792, 2.144786687917803, 2.131449545559775,
        2.119905299221254, 2.109815577833317, 2.100922040241038, 2.093024054408309, 2.085963447265864,
        2.079613844727680, 2.073873067904026, 2.068657610419048, 2.063898561628025, 2.059538552753297,
        2.055529438642873, 2.051830516480285, 2.048407141795245, 2.045229642132704, 2.042272456301238};
    if (degrees_of_freedom >= 1 && degrees_of_freedom <= 30) return table[degrees_of_freedom - 1];
    const double z = 1.959963984540054;
    const double z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2, z9 = z7 * z2;
    const double n = degrees_of_freedom;
    const double g1 = (z3 + z) / 4.0;
    const double g2 = (5.0 * z5 + 16.0 * z3 + 3.0 * z) / 96.0;
    const double g3 = (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / 384.0;
    const double g4 = (79.0 * z9 + 776.0 * z7 + 1482.0 * z5 - 1920.0 * z3 - 945.0 * z) / 92160.0;
    return z + g1 / n + g2 / (n * n) + g3 / (n * n * n) + g4 / (n * n * n * n);
}


template <typename Value>
Estimate over(const std::vector<ReplicationFigures>& replications, Value value) {
    std::vector<double> values;
    values.reserve(replications.size());
    for (const auto& figures : replications) values.push_back(value(figures));
    return estimate_of(values);
}

Curve curve_over(const std::vector<ReplicationFigures>& replications, std::vector<double> ReplicationFigures::*member) {
    Curve curve;
    const auto length = (replications.front().*member).size();
    std::vector<double> values(replications.size());
    for (std::size_t i = 0; i < length; ++i) {
        for (std::size_t r = 0; r < replications.size(); ++r) values[r] = (replications[r].*member)[i];
        const auto estimate = estimate_of(values);
        curve.mean.push_back(estimate.mean);
        curve.ci_low.push_back(estimate.ci_low);
        curve.ci_high.push_back(estimate.ci_high);
    }
    return curve;
}

// The outcome of one cadence; `baseline` is the no-touch run of the same replications.
CadenceOutcome outcome_of(const std::string& name, const std::vector<cadence::CadenceStep>& steps,
                          const std::vector<ReplicationFigures>& runs, const std::vector<ReplicationFigures>& baseline,
                          double margin) {
    CadenceOutcome outcome;
    outcome.name = name;
    outcome.repeat_rate = over(runs, [](const auto& f) { return f.repeat_rate; });
    outcome.purchases = over(runs, [](const auto& f) { return f.purchases; });
    outcome.revenue = over(runs, [](const auto& f) { return f.revenue; });
    outcome.cost = over(runs, [](const auto& f) { return f.cost; });
    outcome.touches_per_customer = over(runs, [](const auto& f) { return f.touches; });
    outcome.reached_per_customer = over(runs, [](const auto& f) { return f.reached; });
    outcome.opt_outs = over(runs, [](const auto& f) { return f.opt_outs; });

    std::vector<double> incremental_purchases, incremental_revenue, incremental_profit, roi;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const double revenue_gain = runs[r].revenue - baseline[r].revenue;
        const double profit = margin * revenue_gain - runs[r].cost;
        incremental_purchases.push_back(runs[r].purchases - baseline[r].purchases);
        incremental_revenue.push_back(revenue_gain);
        incremental_profit.push_back(profit);
        roi.push_back(runs[r].cost > 0 ? profit / runs[r].cost : not_a_number);
    }
    outcome.incremental_purchases = estimate_of(incremental_purchases);
    outcome.incremental_revenue = estimate_of(incremental_revenue);
    outcome.incremental_profit = estimate_of(incremental_profit);
    outcome.roi = estimate_of(roi);

    outcome.alive_by_day = curve_over(runs, &ReplicationFigures::alive);
    outcome.active_by_day = curve_over(runs, &ReplicationFigures::active);
    outcome.purchases_by_day = curve_over(runs, &ReplicationFigures::purchases_by_day);
    outcome.touches_by_week = curve_over(runs, &ReplicationFigures::touches_by_week);
    for (std::size_t s = 0; s < metrics::segment_count; ++s) {
        SegmentOutcome segment;
        segment.segment = static_cast<metrics::Segment>(s);
        segment.share_at_end = over(runs, [s](const auto& f) { return f.segment_share[s]; });
        segment.touches_per_customer = over(runs, [s](const auto& f) { return f.segment_touches[s]; });
        outcome.segments.push_back(segment);
    }
    for (std::size_t s = 0; s < steps.size(); ++s) {
        StepOutcome step;
        step.name = steps[s].name;
        step.sent = over(runs, [s](const auto& f) { return f.step_sent[s]; });
        step.reached = over(runs, [s](const auto& f) { return f.step_reached[s]; });
        step.blocked = over(runs, [s](const auto& f) { return f.step_blocked[s]; });
        outcome.steps.push_back(std::move(step));
    }
    return outcome;
}


// The result from every replication's figures, [cadence][replication] with the baseline last.
SimulationResult result_of(Population population, const std::vector<cadence::Cadence>& cadences, EffectModel effects,
                           const SimulationOptions& options, const std::vector<std::vector<ReplicationFigures>>& replications) {
    SimulationResult out;
    out.options = options;
    out.population = std::move(population);
    out.effects = std::move(effects);
    const auto& baseline = replications.back();
    for (std::size_t c = 0; c < cadences.size(); ++c)
        out.cadences.push_back(outcome_of(cadences[c].name, cadences[c].steps, replications[c], baseline, options.margin));
    out.baseline = outcome_of("No touches", {}, baseline, baseline, options.margin);
    return out;
}

void check_input(const Population& population, const std::vector<cadence::Cadence>& cadences, const EffectModel& effects,
                 const SimulationOptions& options) {
    validate(options);
    validate(population);
    validate(effects);
    if (cadences.empty()) throw std::invalid_argument("simulate: give at least one cadence");
    if (cadences.size() > max_cadences)
        throw std::invalid_argument("simulate: at most " + std::to_string(max_cadences) + " cadences side by side, got " +
                                    std::to_string(cadences.size()));
    const cadence::ValidationOptions checks{options.days, options.segment_rules};
    for (const auto& candidate : cadences)
        for (const auto& issue : cadence::validate_cadence(candidate, checks))
            if (issue.severity == cadence::IssueSeverity::Error)
                throw std::invalid_argument("cadence '" + candidate.name + "': " +
                                            (issue.field.empty() ? issue.message : issue.field + ": " + issue.message));
}

detail::ReplicationRun checked_run(Population population, std::vector<cadence::Cadence> cadences, EffectModel effects,
                                   const SimulationOptions& options, int first, int count) {
    check_input(population, cadences, effects, options);
    return detail::ReplicationRun(std::move(population), std::move(cadences), std::move(effects), options, first, count);
}

}  // namespace

Estimate estimate_of(const std::vector<double>& values) {
    Estimate estimate;
    const auto n = values.size();
    double sum = 0;
    for (const double value : values) sum += value;
    estimate.mean = sum / static_cast<double>(n);
    if (n < 2 || std::isnan(estimate.mean)) {
        estimate.ci_low = estimate.ci_high = estimate.std_error = not_a_number;
        return estimate;
    }
    double squares = 0;
    for (const double value : values) squares += (value - estimate.mean) * (value - estimate.mean);
    estimate.std_error = std::sqrt(squares / static_cast<double>(n - 1) / static_cast<double>(n));
    const double half_width = t_quantile_975(static_cast<int>(n) - 1) * estimate.std_error;
    estimate.ci_low = estimate.mean - half_width;
    estimate.ci_high = estimate.mean + half_width;
    return estimate;
}

// ---- The jobs ----------------------------------------------------------------------------------

struct SimulationJob::State {
    explicit State(detail::ReplicationRun run_in) : run(std::move(run_in)) {}
    detail::ReplicationRun run;
    bool cancelled = false;
    std::optional<SimulationResult> result;
};

SimulationJob::SimulationJob(Population population, std::vector<cadence::Cadence> cadences, EffectModel effects,
                             SimulationOptions options)
    : state_(std::make_unique<State>(
          checked_run(std::move(population), std::move(cadences), std::move(effects), options, 0, options.replications))) {}

SimulationJob::~SimulationJob() = default;

jobs::Progress SimulationJob::step(std::chrono::milliseconds budget) {
    auto& state = *state_;
    if (state.result || state.cancelled) return state.run.progress(state.result.has_value(), state.cancelled);
    state.run.advance(budget);
    if (state.run.finished()) {
        auto& run = state.run;
        state.result = result_of(run.population, run.cadences, run.effects, run.options, run.replications);
    }
    return state.run.progress(state.result.has_value(), false);
}

void SimulationJob::cancel() { state_->cancelled = !state_->result.has_value(); }

const std::optional<SimulationResult>& SimulationJob::result() const { return state_->result; }

SimulationResult simulate_cadences(const Population& population, const std::vector<cadence::Cadence>& cadences,
                                   const EffectModel& effects, const SimulationOptions& options) {
    SimulationJob job(population, cadences, effects, options);
    jobs::run_to_completion(job, [](const jobs::Progress&) {}, std::chrono::milliseconds(1000));
    return *job.result();
}

struct SimulationPartJob::State {
    explicit State(detail::ReplicationRun run_in) : run(std::move(run_in)) {}
    detail::ReplicationRun run;
    bool cancelled = false;
    std::optional<SimulationPart> part;
};

SimulationPartJob::SimulationPartJob(Population population, std::vector<cadence::Cadence> cadences, EffectModel effects,
                                     SimulationOptions options, int first_replication, int replication_count)
    : state_(std::make_unique<State>(
          checked_run(std::move(population), std::move(cadences), std::move(effects), options, first_replication, replication_count))) {}

SimulationPartJob::~SimulationPartJob() = default;

jobs::Progress SimulationPartJob::step(std::chrono::milliseconds budget) {
    auto& state = *state_;
    if (state.part || state.cancelled) return state.run.progress(state.part.has_value(), state.cancelled);
    state.run.advance(budget);
    if (state.run.finished()) {
        auto& run = state.run;
        state.part = SimulationPart{run.first_replication, run.end_replication - run.first_replication, std::move(run.replications)};
    }
    return state.run.progress(state.part.has_value(), false);
}

void SimulationPartJob::cancel() { state_->cancelled = !state_->part.has_value(); }

const std::optional<SimulationPart>& SimulationPartJob::part() const { return state_->part; }

std::vector<std::pair<int, int>> split_evenly(int count, int parts) {
    std::vector<std::pair<int, int>> ranges;
    parts = std::max(1, std::min(parts, count));
    for (int i = 0, first = 0; i < parts; ++i) {
        const int size = count / parts + (i < count % parts ? 1 : 0);
        ranges.emplace_back(first, size);
        first += size;
    }
    return ranges;
}

SimulationResult combine_parts(Population population, const std::vector<cadence::Cadence>& cadences, EffectModel effects,
                               const SimulationOptions& options, std::vector<SimulationPart> parts) {
    check_input(population, cadences, effects, options);
    std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.first_replication < b.first_replication; });
    std::vector<std::vector<ReplicationFigures>> replications(cadences.size() + 1);
    int next = 0;
    for (auto& part : parts) {
        if (part.first_replication > next)
            throw std::invalid_argument("simulation parts: replication " + std::to_string(next) + " is missing");
        if (part.first_replication < next)
            throw std::invalid_argument("simulation parts: replication " + std::to_string(part.first_replication) + " comes twice");
        if (part.figures.size() != replications.size())
            throw std::invalid_argument("simulation parts: a part holds " + std::to_string(part.figures.size()) + " runs, not " +
                                        std::to_string(replications.size()) + " (the cadences and the baseline)");
        for (std::size_t c = 0; c < replications.size(); ++c) {
            const auto steps = c < cadences.size() ? cadences[c].steps.size() : 0;
            if (part.figures[c].size() != static_cast<std::size_t>(part.replication_count))
                throw std::invalid_argument("simulation parts: a part's figures do not match its replication count");
            for (auto& figures : part.figures[c]) {
                if (figures.step_sent.size() != steps || figures.alive.size() != static_cast<std::size_t>(options.days))
                    throw std::invalid_argument("simulation parts: a part was simulated with other cadences or days");
                replications[c].push_back(std::move(figures));
            }
        }
        next += part.replication_count;
    }
    if (next != options.replications)
        throw std::invalid_argument("simulation parts: replications " + std::to_string(next) + " to " +
                                    std::to_string(options.replications - 1) + " are missing");
    return result_of(std::move(population), cadences, std::move(effects), options, replications);
}

// ---- JSON --------------------------------------------------------------------------------------

namespace {

nlohmann::json number_or_null(double value) { return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(); }

nlohmann::json to_json(const Curve& curve) {
    nlohmann::json mean = nlohmann::json::array(), low = nlohmann::json::array(), high = nlohmann::json::array();
    for (std::size_t i = 0; i < curve.mean.size(); ++i) {
        mean.push_back(number_or_null(curve.mean[i]));
        low.push_back(number_or_null(curve.ci_low[i]));
        high.push_back(number_or_null(curve.ci_high[i]));
    }
    return {{"mean", std::move(mean)}, {"ci_low", std::move(low)}, {"ci_high", std::move(high)}};
}

}  // namespace

nlohmann::json to_json(const Estimate& estimate) {
    return {{"mean", number_or_null(estimate.mean)},
            {"ci_low", number_or_null(estimate.ci_low)},
            {"ci_high", number_or_null(estimate.ci_high)},
            {"std_error", number_or_null(estimate.std_error)}};
}

nlohmann::json to_json(const SimulationOptions& options) {
    return {{"customers", options.customers},
            {"days", options.days},
            {"replications", options.replications},
            {"seed", options.seed},
            {"margin", options.margin},
            {"active_window_days", options.active_window_days},
            {"segment_rules", metrics::to_json(options.segment_rules)},
            {"common_random_numbers", options.common_random_numbers}};
}

nlohmann::json to_json(const CadenceOutcome& outcome, bool with_curves) {
    nlohmann::json segments = nlohmann::json::array();
    for (const auto& segment : outcome.segments)
        segments.push_back({{"segment", std::string(metrics::segment_key(segment.segment))},
                            {"share_at_end", to_json(segment.share_at_end)},
                            {"touches_per_customer", to_json(segment.touches_per_customer)}});
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& step : outcome.steps)
        steps.push_back({{"name", step.name}, {"sent", to_json(step.sent)}, {"reached", to_json(step.reached)}, {"blocked", to_json(step.blocked)}});
    nlohmann::json json = {{"name", outcome.name},
                           {"repeat_rate", to_json(outcome.repeat_rate)},
                           {"purchases", to_json(outcome.purchases)},
                           {"revenue", to_json(outcome.revenue)},
                           {"cost", to_json(outcome.cost)},
                           {"roi", to_json(outcome.roi)},
                           {"touches_per_customer", to_json(outcome.touches_per_customer)},
                           {"reached_per_customer", to_json(outcome.reached_per_customer)},
                           {"opt_outs", to_json(outcome.opt_outs)},
                           {"incremental_purchases", to_json(outcome.incremental_purchases)},
                           {"incremental_revenue", to_json(outcome.incremental_revenue)},
                           {"incremental_profit", to_json(outcome.incremental_profit)},
                           {"segments", std::move(segments)},
                           {"steps", std::move(steps)}};
    if (with_curves) {
        json["alive_by_day"] = to_json(outcome.alive_by_day);
        json["active_by_day"] = to_json(outcome.active_by_day);
        json["purchases_by_day"] = to_json(outcome.purchases_by_day);
        json["touches_by_week"] = to_json(outcome.touches_by_week);
    }
    return json;
}

nlohmann::json to_json(const SimulationResult& result, bool with_curves) {
    nlohmann::json cadences = nlohmann::json::array();
    for (const auto& outcome : result.cadences) cadences.push_back(to_json(outcome, with_curves));
    return {{"options", to_json(result.options)},
            {"population", to_json(result.population)},
            {"baseline", to_json(result.baseline, with_curves)},
            {"cadences", std::move(cadences)}};
}

SimulationOptions simulation_options_from_json(const nlohmann::json& json) {
    try {
        SimulationOptions options;
        options.customers = json.at("customers").get<int>();
        options.days = json.at("days").get<int>();
        options.replications = json.at("replications").get<int>();
        options.seed = json.at("seed").get<std::uint64_t>();
        options.margin = json.at("margin").get<double>();
        options.active_window_days = json.at("active_window_days").get<int>();
        options.segment_rules = metrics::segment_rules_from_json(json.at("segment_rules"));
        options.common_random_numbers = json.at("common_random_numbers").get<bool>();
        validate(options);
        return options;
    } catch (const nlohmann::json::exception& error) {
        throw std::invalid_argument(std::string("simulation options: ") + error.what());
    }
}

// One replication's figures of one cadence. nlohmann writes doubles in the shortest form that
// reads back to the same bits, so a part read back combines exactly as the part itself.
nlohmann::json to_json(const ReplicationFigures& figures) {
    return {{"repeat_rate", figures.repeat_rate},
            {"purchases", figures.purchases},
            {"revenue", figures.revenue},
            {"revenue_squares", figures.revenue_squares},
            {"cost", figures.cost},
            {"touches", figures.touches},
            {"reached", figures.reached},
            {"opt_outs", figures.opt_outs},
            {"alive", figures.alive},
            {"active", figures.active},
            {"purchases_by_day", figures.purchases_by_day},
            {"touches_by_week", figures.touches_by_week},
            {"segment_share", figures.segment_share},
            {"segment_touches", figures.segment_touches},
            {"step_sent", figures.step_sent},
            {"step_reached", figures.step_reached},
            {"step_blocked", figures.step_blocked}};
}

ReplicationFigures replication_figures_from_json(const nlohmann::json& json) {
    ReplicationFigures figures;
    figures.repeat_rate = json.at("repeat_rate").get<double>();
    figures.purchases = json.at("purchases").get<double>();
    figures.revenue = json.at("revenue").get<double>();
    figures.revenue_squares = json.at("revenue_squares").get<double>();
    figures.cost = json.at("cost").get<double>();
    figures.touches = json.at("touches").get<double>();
    figures.reached = json.at("reached").get<double>();
    figures.opt_outs = json.at("opt_outs").get<double>();
    figures.alive = json.at("alive").get<std::vector<double>>();
    figures.active = json.at("active").get<std::vector<double>>();
    figures.purchases_by_day = json.at("purchases_by_day").get<std::vector<double>>();
    figures.touches_by_week = json.at("touches_by_week").get<std::vector<double>>();
    figures.segment_share = json.at("segment_share").get<std::array<double, metrics::segment_count>>();
    figures.segment_touches = json.at("segment_touches").get<std::array<double, metrics::segment_count>>();
    figures.step_sent = json.at("step_sent").get<std::vector<double>>();
    figures.step_reached = json.at("step_reached").get<std::vector<double>>();
    figures.step_blocked = json.at("step_blocked").get<std::vector<double>>();
    return figures;
}

nlohmann::json to_json(const SimulationPart& part) {
    nlohmann::json runs = nlohmann::json::array();
    for (const auto& cadence_figures : part.figures) {
        nlohmann::json replications = nlohmann::json::array();
        for (const auto& figures : cadence_figures) replications.push_back(to_json(figures));
        runs.push_back(std::move(replications));
    }
    return {{"first_replication", part.first_replication}, {"replication_count", part.replication_count}, {"figures", std::move(runs)}};
}

SimulationPart simulation_part_from_json(const nlohmann::json& json) {
    try {
        SimulationPart part;
        part.first_replication = json.at("first_replication").get<int>();
        part.replication_count = json.at("replication_count").get<int>();
        for (const auto& replications : json.at("figures")) {
            auto& cadence_figures = part.figures.emplace_back();
            for (const auto& figures : replications) cadence_figures.push_back(replication_figures_from_json(figures));
        }
        return part;
    } catch (const nlohmann::json::exception& error) {
        throw std::invalid_argument(std::string("simulation part: ") + error.what());
    }
}

// ---- Parts as bytes ----------------------------------------------------------------------------

namespace {

constexpr std::string_view part_magic = "touchpoint-simulation-part-2";

class PartWriter {
public:
    void count(std::size_t value) { raw(static_cast<std::uint32_t>(value)); }
    void number(double value) { raw(value); }
    void numbers(const double* values, std::size_t size) {
        count(size);
        bytes_.append(reinterpret_cast<const char*>(values), size * sizeof(double));
    }
    void text(std::string_view value) { bytes_.append(value); }
    std::string take() { return std::move(bytes_); }

private:
    template <typename Value>
    void raw(Value value) {
        bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
    }
    std::string bytes_;
};

class PartReader {
public:
    explicit PartReader(std::string_view bytes) : bytes_(bytes) {}
    std::size_t count() { return raw<std::uint32_t>(); }
    double number() { return raw<double>(); }
    std::vector<double> numbers() {
        std::vector<double> values(count());
        take(values.data(), values.size() * sizeof(double));
        return values;
    }
    void numbers_into(double* values, std::size_t expected) {
        if (count() != expected) fail();
        take(values, expected * sizeof(double));
    }
    void expect(std::string_view value) {
        if (bytes_.substr(position_, value.size()) != value) fail();
        position_ += value.size();
    }
    bool at_end() const { return position_ == bytes_.size(); }
    [[noreturn]] static void fail() { throw std::invalid_argument("simulation part: these bytes are not a simulation part"); }

private:
    template <typename Value>
    Value raw() {
        Value value;
        take(&value, sizeof value);
        return value;
    }
    void take(void* target, std::size_t size) {
        if (size > bytes_.size() - position_) fail();
        if (size == 0) return;  // memcpy may not be given a null pointer, even for no bytes
        std::memcpy(target, bytes_.data() + position_, size);
        position_ += size;
    }
    std::string_view bytes_;
    std::size_t position_ = 0;
};

}  // namespace

std::string encode_simulation_part(const SimulationPart& part) {
    PartWriter out;
    out.text(part_magic);
    out.count(static_cast<std::size_t>(part.first_replication));
    out.count(static_cast<std::size_t>(part.replication_count));
    out.count(part.figures.size());
    for (const auto& cadence_figures : part.figures) {
        out.count(cadence_figures.size());
        for (const auto& f : cadence_figures) {
            for (const double value : {f.repeat_rate, f.purchases, f.revenue, f.revenue_squares, f.cost, f.touches, f.reached, f.opt_outs})
                out.number(value);
            for (const auto* values : {&f.alive, &f.active, &f.purchases_by_day, &f.touches_by_week, &f.step_sent, &f.step_reached, &f.step_blocked})
                out.numbers(values->data(), values->size());
            out.numbers(f.segment_share.data(), f.segment_share.size());
            out.numbers(f.segment_touches.data(), f.segment_touches.size());
        }
    }
    return out.take();
}

SimulationPart decode_simulation_part(std::string_view bytes) {
    PartReader in(bytes);
    in.expect(part_magic);
    SimulationPart part;
    part.first_replication = static_cast<int>(in.count());
    part.replication_count = static_cast<int>(in.count());
    const auto cadences = in.count();
    if (cadences > max_cadences + 1) PartReader::fail();
    for (std::size_t c = 0; c < cadences; ++c) {
        auto& cadence_figures = part.figures.emplace_back(in.count());
        for (auto& f : cadence_figures) {
            for (double* value : {&f.repeat_rate, &f.purchases, &f.revenue, &f.revenue_squares, &f.cost, &f.touches, &f.reached, &f.opt_outs})
                *value = in.number();
            for (auto* values : {&f.alive, &f.active, &f.purchases_by_day, &f.touches_by_week, &f.step_sent, &f.step_reached, &f.step_blocked})
                *values = in.numbers();
            in.numbers_into(f.segment_share.data(), f.segment_share.size());
            in.numbers_into(f.segment_touches.data(), f.segment_touches.size());
        }
    }
    if (!in.at_end()) PartReader::fail();
    return part;
}

}  // namespace touchpoint::sim
