// The timing sweep: each grid point is the simulator's run of that variant of the cadence, the
// best day and the days tied with it follow from the paired differences, and a sweep split into
// shards merges into exactly the unsharded result.
#include "touchpoint/cadence/templates.hpp"
#include "touchpoint/sim/timing_sweep.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <string>

using namespace touchpoint;

namespace {

cadence::Cadence welcome_template() {
    for (const auto& loaded : cadence::load_cadence_templates(std::string(TOUCHPOINT_SOURCE_DIR) + "/assets/cadences"))
        if (loaded.file == "second_sale_welcome.json") return loaded.cadence;
    FAIL("no second_sale_welcome.json");
    return {};
}

sim::SimulationOptions sweep_options() {
    sim::SimulationOptions options;
    options.customers = 600;
    options.days = 120;
    options.replications = 6;
    options.seed = 3;
    return options;
}

sim::SweepSpec guide_sweep(std::vector<int> days) {
    sim::SweepSpec spec;
    spec.cadence = welcome_template();
    spec.first = {"Getting the most out of it", std::move(days)};
    spec.metric = sim::SweepMetric::Purchases;
    return spec;
}

}  // namespace

TEST_CASE("day grids are read from ranges, strides and lists, and anything else is refused with the text") {
    CHECK(sim::parse_day_grid("1..5") == std::vector<int>{1, 2, 3, 4, 5});
    CHECK(sim::parse_day_grid("1..60/20") == std::vector<int>{1, 21, 41});
    CHECK(sim::parse_day_grid("3,7,14") == std::vector<int>{3, 7, 14});
    CHECK(sim::parse_day_grid("9") == std::vector<int>{9});
    CHECK_THROWS_WITH_AS(sim::parse_day_grid("1..x"), "days '1..x': 'x' is not a whole number of days (write 1..60, 1..60/5 or 3,7,14)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(sim::parse_day_grid("3,,7"), "days '3,,7': '' is not a whole number of days (write 1..60, 1..60/5 or 3,7,14)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(sim::parse_day_grid("9..2"), "days '9..2': the range must run upwards in steps of at least one day",
                         std::invalid_argument);
}

TEST_CASE("a sweep the simulator cannot run is refused with the reason") {
    const auto options = sweep_options();
    auto spec = guide_sweep({3, 7});
    spec.first.step = "No such step";
    CHECK_THROWS_WITH_AS(sim::validate(spec, options),
                         "sweep: cadence 'Second-sale welcome' has no step 'No such step' (its steps: 'Thanks and next steps', "
                         "'Did it arrive well?', 'Getting the most out of it', 'Ready for the next one?')",
                         std::invalid_argument);
    spec = guide_sweep({3, 120});
    CHECK_THROWS_WITH_AS(sim::validate(spec, options), "sweep: day 120 for step 'Getting the most out of it' is outside the horizon (0 to 119)",
                         std::invalid_argument);
    spec = guide_sweep(sim::parse_day_grid("0..20"));
    spec.second = sim::SweepAxis{"Did it arrive well?", sim::parse_day_grid("0..20")};
    CHECK_THROWS_WITH_AS(sim::validate(spec, options), "sweep: 441 grid points; at most 400 (use fewer days, e.g. 1..60/3)", std::invalid_argument);
}

TEST_CASE("each grid point is the simulator's own run of that variant, on the same customers") {
    const auto population = sim::sample_shop_population();
    const auto effects = sim::default_effect_model();
    const auto options = sweep_options();
    const auto spec = guide_sweep({2, 10, 30, 90});
    const auto sweep = sim::run_timing_sweep(population, spec, effects, options);
    REQUIRE(sweep.points.size() == 4);
    for (const auto& point : sweep.points) {
        const auto variant = sim::sweep_variant(spec, point.days);
        CHECK(variant.steps[2].delay_days == point.days.first_day);
        const auto alone = sim::simulate_cadences(population, {variant}, effects, options);
        const auto& outcome = alone.cadences.front();
        CHECK(to_json(point.repeat_rate) == to_json(outcome.repeat_rate));
        CHECK(to_json(point.purchases) == to_json(outcome.purchases));
        CHECK(to_json(point.revenue) == to_json(outcome.revenue));
        CHECK(to_json(point.cost) == to_json(outcome.cost));
        CHECK(to_json(point.opt_outs) == to_json(outcome.opt_outs));
        CHECK(to_json(point.incremental_profit) == to_json(outcome.incremental_profit));
        CHECK(point.active_at_end.mean == doctest::Approx(outcome.active_by_day.mean.back()).epsilon(1e-15));
        CHECK(to_json(point.metric) == to_json(point.purchases));
        CHECK(to_json(sweep.baseline_metric) == to_json(alone.baseline.purchases));
    }
}

TEST_CASE("the best day has the best mean, and a day is tied with it exactly when their paired difference's interval holds zero") {
    const auto spec = guide_sweep(sim::parse_day_grid("1..41/5"));
    const auto sweep = sim::run_timing_sweep(sim::sample_shop_population(), spec, sim::default_effect_model(), sweep_options());
    const auto& best = sweep.points[sweep.best];
    int tied = 0;
    for (const auto& point : sweep.points) {
        CHECK(point.metric.mean <= best.metric.mean);
        CHECK(point.difference_from_best.mean == doctest::Approx(point.metric.mean - best.metric.mean).epsilon(1e-12));
        CHECK(point.tied_with_best == (point.difference_from_best.ci_low <= 0 && point.difference_from_best.ci_high >= 0));
        tied += point.tied_with_best ? 1 : 0;
        // Common random numbers: the paired difference is far more precise than either point.
        if (&point != &best) CHECK(point.difference_from_best.std_error < 0.5 * point.metric.std_error);
    }
    CHECK(best.tied_with_best);
    CHECK(tied >= 1);
    CHECK(best.difference_from_best.mean == 0);

    auto opt_outs = spec;
    opt_outs.metric = sim::SweepMetric::OptOuts;  // lower is better
    const auto fewest = sim::run_timing_sweep(sim::sample_shop_population(), opt_outs, sim::default_effect_model(), sweep_options());
    for (const auto& point : fewest.points) CHECK(point.metric.mean >= fewest.points[fewest.best].metric.mean);
}

TEST_CASE("a sweep split into shards, each written and read back as JSON, merges into exactly the unsharded result, 1-D and 2-D") {
    const auto population = sim::sample_shop_population();
    const auto effects = sim::default_effect_model();
    const auto options = sweep_options();
    auto two_steps = guide_sweep({5, 20, 40});
    two_steps.second = sim::SweepAxis{"Did it arrive well?", {0, 2}};
    for (const auto& spec : {guide_sweep(sim::parse_day_grid("1..7")), two_steps}) {
        const auto whole = sim::run_timing_sweep(population, spec, effects, options);
        const int points = static_cast<int>(sim::sweep_grid(spec).size());
        std::vector<sim::SweepPart> parts;
        for (const auto& [first, count] : sim::split_evenly(points, 3)) {
            sim::SweepPartJob job(population, spec, effects, options, first, count);
            jobs::run_to_completion(job, [](const jobs::Progress&) {});
            REQUIRE(job.part().has_value());
            parts.insert(parts.begin(), sim::sweep_part_from_json(nlohmann::json::parse(to_json(*job.part()).dump())));
        }
        const auto spec_back = sim::sweep_spec_from_json(nlohmann::json::parse(to_json(spec).dump()));
        const auto merged = sim::combine_sweep_parts(population, spec_back, options, parts);
        CHECK(to_json(merged).dump() == to_json(whole).dump());

        auto missing = parts;
        missing.pop_back();  // the first shard
        CHECK_THROWS_WITH_AS(sim::combine_sweep_parts(population, spec, options, missing), "sweep parts: grid point 0 is missing",
                             std::invalid_argument);
        auto other_run = parts;
        auto other_options = options;
        other_options.seed = 4;
        sim::SweepPartJob other(population, spec, effects, other_options, parts.front().first_point, parts.front().point_count);
        jobs::run_to_completion(other, [](const jobs::Progress&) {});
        other_run.front() = *other.part();
        CHECK_THROWS_WITH_AS(sim::combine_sweep_parts(population, spec, options, other_run),
                             "sweep parts: the parts come from different runs (their no-touch baselines differ)", std::invalid_argument);
    }
}
