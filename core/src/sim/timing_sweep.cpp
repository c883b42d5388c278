#include "touchpoint/sim/timing_sweep.hpp"

#include "replication_run.hpp"

#include "touchpoint/cadence/validation.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

// Section index: metrics; grids and variants; the job; combining parts; JSON.
namespace touchpoint::sim {

// ---- Metrics -----------------------------------------------------------------------------------

namespace {

struct MetricInfo {
    SweepMetric metric;
    std::string_view key, label;
};

constexpr std::array<MetricInfo, sweep_metric_count> metric_table{{
    {SweepMetric::RepeatRate, "repeat_rate", "Repeat rate"},
    {SweepMetric::Purchases, "purchases", "Repeat purchases per customer"},
    {SweepMetric::Revenue, "revenue", "Revenue per customer"},
    {SweepMetric::IncrementalProfit, "incremental_profit", "Incremental profit per customer"},
    {SweepMetric::ActiveAtEnd, "active_at_end", "Active at the horizon"},
    {SweepMetric::OptOuts, "opt_outs", "Opt-outs"},
}};

}  // namespace

std::string_view sweep_metric_key(SweepMetric metric) { return metric_table[static_cast<std::size_t>(metric)].key; }
std::string_view sweep_metric_label(SweepMetric metric) { return metric_table[static_cast<std::size_t>(metric)].label; }

std::optional<SweepMetric> sweep_metric_from_key(std::string_view key) {
    for (const auto& info : metric_table)
        if (info.key == key) return info.metric;
    return std::nullopt;
}

bool lower_is_better(SweepMetric metric) { return metric == SweepMetric::OptOuts; }

// ---- Grids and variants ------------------------------------------------------------------------

namespace {

int parse_day(std::string_view text, std::string_view whole) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty())
        throw std::invalid_argument("days '" + std::string(whole) + "': '" + std::string(text) +
                                    "' is not a whole number of days (write 1..60, 1..60/5 or 3,7,14)");
    return value;
}

std::size_t step_index(const cadence::Cadence& cadence, const std::string& name) {
    for (std::size_t i = 0; i < cadence.steps.size(); ++i)
        if (cadence.steps[i].name == name) return i;
    std::string names;
    for (const auto& step : cadence.steps) names += (names.empty() ? "'" : ", '") + step.name + "'";
    throw std::invalid_argument("sweep: cadence '" + cadence.name + "' has no step '" + name + "' (its steps: " + names + ")");
}

}  // namespace

std::vector<int> parse_day_grid(std::string_view text) {
    std::vector<int> days;
    if (const auto dots = text.find(".."); dots != std::string_view::npos) {
        const auto slash = text.find('/', dots);
        const int first = parse_day(text.substr(0, dots), text);
        const int last = parse_day(text.substr(dots + 2, slash == std::string_view::npos ? std::string_view::npos : slash - dots - 2), text);
        const int every = slash == std::string_view::npos ? 1 : parse_day(text.substr(slash + 1), text);
        if (last < first || every < 1)
            throw std::invalid_argument("days '" + std::string(text) + "': the range must run upwards in steps of at least one day");
        for (int day = first; day <= last; day += every) days.push_back(day);
        return days;
    }
    for (std::size_t start = 0; start <= text.size();) {
        const auto comma = std::min(text.find(',', start), text.size());
        days.push_back(parse_day(text.substr(start, comma - start), text));
        start = comma + 1;
    }
    return days;
}

std::vector<SweepGridPoint> sweep_grid(const SweepSpec& spec) {
    std::vector<SweepGridPoint> grid;
    for (const int first : spec.first.days) {
        if (!spec.second) grid.push_back({first, -1});
        else
            for (const int second : spec.second->days) grid.push_back({first, second});
    }
    return grid;
}

cadence::Cadence sweep_variant(const SweepSpec& spec, const SweepGridPoint& point) {
    cadence::Cadence variant = spec.cadence;
    variant.steps[step_index(spec.cadence, spec.first.step)].delay_days = point.first_day;
    variant.name = "Day " + std::to_string(point.first_day);
    if (spec.second) {
        variant.steps[step_index(spec.cadence, spec.second->step)].delay_days = point.second_day;
        variant.name += " / day " + std::to_string(point.second_day);
    }
    return variant;
}

void validate(const SweepSpec& spec, const SimulationOptions& options) {
    validate(options);
    const auto check_axis = [&](const SweepAxis& axis) {
        step_index(spec.cadence, axis.step);
        if (axis.days.empty()) throw std::invalid_argument("sweep: step '" + axis.step + "' has no days to try");
        for (const int day : axis.days)
            if (day < 0 || day >= options.days)
                throw std::invalid_argument("sweep: day " + std::to_string(day) + " for step '" + axis.step + "' is outside the horizon (0 to " +
                                            std::to_string(options.days - 1) + ")");
    };
    check_axis(spec.first);
    if (spec.second) {
        check_axis(*spec.second);
        if (spec.second->step == spec.first.step) throw std::invalid_argument("sweep: the two axes name the same step '" + spec.first.step + "'");
    }
    const auto grid = sweep_grid(spec);
    if (grid.size() > max_sweep_points)
        throw std::invalid_argument("sweep: " + std::to_string(grid.size()) + " grid points; at most " + std::to_string(max_sweep_points) +
                                    " (use fewer days, e.g. 1..60/3)");
    const cadence::ValidationOptions checks{options.days, options.segment_rules};
    for (const auto& point : grid) {
        const auto variant = sweep_variant(spec, point);
        for (const auto& issue : cadence::validate_cadence(variant, checks))
            if (issue.severity == cadence::IssueSeverity::Error)
                throw std::invalid_argument("sweep: at " + variant.name + ", cadence '" + spec.cadence.name + "': " +
                                            (issue.field.empty() ? issue.message : issue.field + ": " + issue.message));
    }
}

// ---- The job -----------------------------------------------------------------------------------

struct SweepPartJob::State {
    explicit State(detail::ReplicationRun run_in, int total, int first, int count)
        : run(std::move(run_in)), total_points(total), first_point(first), point_count(count) {}
    detail::ReplicationRun run;
    int total_points, first_point, point_count;
    bool cancelled = false;
    std::optional<SweepPart> part;
};

namespace {

detail::ReplicationRun sweep_run(Population population, const SweepSpec& spec, EffectModel effects, const SimulationOptions& options,
                                 int first_point, int point_count) {
    validate(population);
    validate(effects);
    validate(spec, options);
    const auto grid = sweep_grid(spec);
    const int total = static_cast<int>(grid.size());
    if (point_count < 1 || first_point < 0 || first_point > total - point_count)
        throw std::invalid_argument("sweep: grid points " + std::to_string(first_point) + " to " + std::to_string(first_point + point_count - 1) +
                                    " are not among its " + std::to_string(total));
    std::vector<cadence::Cadence> variants;
    for (int i = first_point; i < first_point + point_count; ++i) variants.push_back(sweep_variant(spec, grid[static_cast<std::size_t>(i)]));
    return detail::ReplicationRun(std::move(population), std::move(variants), std::move(effects), options, 0, options.replications,
                                  detail::RunShape{.keep_curves = false, .with_baseline = true});
}

}  // namespace

SweepPartJob::SweepPartJob(Population population, SweepSpec spec, EffectModel effects, SimulationOptions options, int first_point,
                           int point_count)
    : state_(std::make_unique<State>(sweep_run(std::move(population), spec, std::move(effects), options, first_point, point_count),
                                     static_cast<int>(sweep_grid(spec).size()), first_point, point_count)) {}

SweepPartJob::~SweepPartJob() = default;

jobs::Progress SweepPartJob::step(std::chrono::milliseconds budget) {
    auto& state = *state_;
    if (!state.part && !state.cancelled) {
        state.run.advance(budget);
        if (state.run.finished())
            state.part = SweepPart{state.total_points, state.first_point, state.point_count, std::move(state.run.replications)};
    }
    return state.run.progress(state.part.has_value(), state.cancelled);
}

void SweepPartJob::cancel() { state_->cancelled = !state_->part.has_value(); }

const std::optional<SweepPart>& SweepPartJob::part() const { return state_->part; }

// ---- Combining parts ---------------------------------------------------------------------------

namespace {

double metric_of(SweepMetric metric, const ReplicationFigures& figures, const ReplicationFigures& baseline, double margin) {
    switch (metric) {
        case SweepMetric::RepeatRate: return figures.repeat_rate;
        case SweepMetric::Purchases: return figures.purchases;
        case SweepMetric::Revenue: return figures.revenue;
        case SweepMetric::IncrementalProfit: return margin * (figures.revenue - baseline.revenue) - figures.cost;
        case SweepMetric::ActiveAtEnd: return figures.active.back();
        case SweepMetric::OptOuts: return figures.opt_outs;
    }
    return 0;
}

bool same_bits(const ReplicationFigures& a, const ReplicationFigures& b) { return to_json(a) == to_json(b); }

}  // namespace

SweepResult combine_sweep_parts(Population population, SweepSpec spec, const SimulationOptions& options, std::vector<SweepPart> parts) {
    validate(spec, options);
    const auto grid = sweep_grid(spec);
    const int total = static_cast<int>(grid.size());
    std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.first_point < b.first_point; });
    std::vector<std::vector<ReplicationFigures>> runs;  // [point][replication]
    const std::vector<ReplicationFigures>* baseline = nullptr;
    for (const auto& part : parts) {
        if (part.total_points != total)
            throw std::invalid_argument("sweep parts: a part of a sweep of " + std::to_string(part.total_points) + " points, not " +
                                        std::to_string(total));
        const int next = static_cast<int>(runs.size());
        if (part.first_point > next) throw std::invalid_argument("sweep parts: grid point " + std::to_string(next) + " is missing");
        if (part.first_point < next) throw std::invalid_argument("sweep parts: grid point " + std::to_string(part.first_point) + " comes twice");
        if (part.figures.size() != static_cast<std::size_t>(part.point_count) + 1)
            throw std::invalid_argument("sweep parts: a part's figures do not match its point count");
        for (const auto& replications : part.figures)
            if (replications.size() != static_cast<std::size_t>(options.replications))
                throw std::invalid_argument("sweep parts: a part has " + std::to_string(replications.size()) + " replications, not " +
                                            std::to_string(options.replications));
        // Every part simulates the same baseline on the same customers; a different one means a part of another run.
        if (!baseline) baseline = &part.figures.back();
        else
            for (int r = 0; r < options.replications; ++r)
                if (!same_bits((*baseline)[static_cast<std::size_t>(r)], part.figures.back()[static_cast<std::size_t>(r)]))
                    throw std::invalid_argument("sweep parts: the parts come from different runs (their no-touch baselines differ)");
        runs.insert(runs.end(), part.figures.begin(), part.figures.end() - 1);
    }
    if (static_cast<int>(runs.size()) != total)
        throw std::invalid_argument("sweep parts: grid points " + std::to_string(runs.size()) + " to " + std::to_string(total - 1) + " are missing");

    SweepResult result;
    result.spec = std::move(spec);
    result.options = options;
    result.population = std::move(population);
    const auto reps = static_cast<std::size_t>(options.replications);
    const auto metric = result.spec.metric;
    std::vector<std::vector<double>> metric_values(runs.size(), std::vector<double>(reps));
    for (std::size_t p = 0; p < runs.size(); ++p) {
        const auto& replications = runs[p];
        const auto over = [&](auto value) {
            std::vector<double> values;
            for (std::size_t r = 0; r < reps; ++r) values.push_back(value(replications[r], (*baseline)[r]));
            return estimate_of(values);
        };
        SweepPoint point;
        point.days = grid[p];
        point.repeat_rate = over([](const auto& f, const auto&) { return f.repeat_rate; });
        point.purchases = over([](const auto& f, const auto&) { return f.purchases; });
        point.revenue = over([](const auto& f, const auto&) { return f.revenue; });
        point.cost = over([](const auto& f, const auto&) { return f.cost; });
        point.touches_per_customer = over([](const auto& f, const auto&) { return f.touches; });
        point.opt_outs = over([](const auto& f, const auto&) { return f.opt_outs; });
        point.active_at_end = over([](const auto& f, const auto&) { return f.active.back(); });
        point.incremental_profit = over([&](const auto& f, const auto& b) { return options.margin * (f.revenue - b.revenue) - f.cost; });
        for (std::size_t r = 0; r < reps; ++r) metric_values[p][r] = metric_of(metric, replications[r], (*baseline)[r], options.margin);
        point.metric = estimate_of(metric_values[p]);
        result.points.push_back(point);
    }
    for (std::size_t p = 1; p < result.points.size(); ++p) {
        const double mean = result.points[p].metric.mean, best = result.points[result.best].metric.mean;
        if (lower_is_better(metric) ? mean < best : mean > best) result.best = p;
    }
    for (std::size_t p = 0; p < result.points.size(); ++p) {
        std::vector<double> differences(reps);
        for (std::size_t r = 0; r < reps; ++r) differences[r] = metric_values[p][r] - metric_values[result.best][r];
        auto& point = result.points[p];
        point.difference_from_best = estimate_of(differences);
        point.tied_with_best = p == result.best || (point.difference_from_best.ci_low <= 0 && point.difference_from_best.ci_high >= 0);
    }
    std::vector<double> baseline_values;
    for (std::size_t r = 0; r < reps; ++r) baseline_values.push_back(metric_of(metric, (*baseline)[r], (*baseline)[r], options.margin));
    result.baseline_metric = estimate_of(baseline_values);
    return result;
}

SweepResult run_timing_sweep(const Population& population, const SweepSpec& spec, const EffectModel& effects,
                             const SimulationOptions& options) {
    validate(spec, options);
    SweepPartJob job(population, spec, effects, options, 0, static_cast<int>(sweep_grid(spec).size()));
    jobs::run_to_completion(job, [](const jobs::Progress&) {}, std::chrono::milliseconds(1000));
    return combine_sweep_parts(population, spec, options, {*job.part()});
}

// ---- JSON --------------------------------------------------------------------------------------

namespace {

nlohmann::json to_json(const SweepAxis& axis) { return {{"step", axis.step}, {"days", axis.days}}; }

SweepAxis axis_from_json(const nlohmann::json& json) { return {json.at("step").get<std::string>(), json.at("days").get<std::vector<int>>()}; }

}  // namespace

nlohmann::json to_json(const SweepSpec& spec) {
    return {{"cadence", cadence::to_json(spec.cadence)},
            {"first", to_json(spec.first)},
            {"second", spec.second ? to_json(*spec.second) : nlohmann::json()},
            {"metric", std::string(sweep_metric_key(spec.metric))}};
}

SweepSpec sweep_spec_from_json(const nlohmann::json& json) {
    try {
        SweepSpec spec;
        spec.cadence = cadence::cadence_from_json(json.at("cadence"));
        spec.first = axis_from_json(json.at("first"));
        if (json.contains("second") && !json["second"].is_null()) spec.second = axis_from_json(json["second"]);
        const auto key = json.at("metric").get<std::string>();
        const auto metric = sweep_metric_from_key(key);
        if (!metric) throw std::invalid_argument("sweep: no metric '" + key + "'");
        spec.metric = *metric;
        return spec;
    } catch (const nlohmann::json::exception& error) {
        throw std::invalid_argument(std::string("sweep: ") + error.what());
    }
}

nlohmann::json to_json(const SweepResult& result) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& point : result.points) {
        nlohmann::json json = {{"day", point.days.first_day},
                               {"repeat_rate", to_json(point.repeat_rate)},
                               {"purchases", to_json(point.purchases)},
                               {"revenue", to_json(point.revenue)},
                               {"cost", to_json(point.cost)},
                               {"touches_per_customer", to_json(point.touches_per_customer)},
                               {"opt_outs", to_json(point.opt_outs)},
                               {"active_at_end", to_json(point.active_at_end)},
                               {"incremental_profit", to_json(point.incremental_profit)},
                               {"metric", to_json(point.metric)},
                               {"difference_from_best", to_json(point.difference_from_best)},
                               {"tied_with_best", point.tied_with_best}};
        if (result.spec.second) json["second_day"] = point.days.second_day;
        points.push_back(std::move(json));
    }
    const auto& best = result.points[result.best];
    nlohmann::json best_json = {{"day", best.days.first_day}, {"metric", to_json(best.metric)}};
    if (result.spec.second) best_json["second_day"] = best.days.second_day;
    nlohmann::json tied = nlohmann::json::array();
    for (const auto& point : result.points)
        if (point.tied_with_best)
            tied.push_back(result.spec.second ? nlohmann::json::array({point.days.first_day, point.days.second_day}) : nlohmann::json(point.days.first_day));
    return {{"cadence", result.spec.cadence.name},
            {"step", result.spec.first.step},
            {"second_step", result.spec.second ? nlohmann::json(result.spec.second->step) : nlohmann::json()},
            {"metric", std::string(sweep_metric_key(result.spec.metric))},
            {"lower_is_better", lower_is_better(result.spec.metric)},
            {"options", to_json(result.options)},
            {"population", to_json(result.population)},
            {"baseline_metric", to_json(result.baseline_metric)},
            {"best", std::move(best_json)},
            {"tied_with_best", std::move(tied)},
            {"points", std::move(points)}};
}

nlohmann::json to_json(const SweepPart& part) {
    nlohmann::json runs = nlohmann::json::array();
    for (const auto& replications : part.figures) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& figures : replications) list.push_back(to_json(figures));
        runs.push_back(std::move(list));
    }
    return {{"total_points", part.total_points}, {"first_point", part.first_point}, {"point_count", part.point_count}, {"figures", std::move(runs)}};
}

SweepPart sweep_part_from_json(const nlohmann::json& json) {
    try {
        SweepPart part;
        part.total_points = json.at("total_points").get<int>();
        part.first_point = json.at("first_point").get<int>();
        part.point_count = json.at("point_count").get<int>();
        for (const auto& replications : json.at("figures")) {
            auto& list = part.figures.emplace_back();
            for (const auto& figures : replications) list.push_back(replication_figures_from_json(figures));
        }
        return part;
    } catch (const nlohmann::json::exception& error) {
        throw std::invalid_argument(std::string("sweep part: ") + error.what());
    }
}

}  // namespace touchpoint::sim
