// The cadence simulator: it reduces to BG/NBD with every effect at zero, responds to lift in
// the right direction, gains from common random numbers, honours caps, quiet days and
// opt-outs, runs as a resumable job, and gives the same numbers natively and in wasm (golden).
#include "golden_files.hpp"

#include "touchpoint/cadence/templates.hpp"
#include "touchpoint/clv/bgnbd.hpp"
#include "touchpoint/sim/simulator.hpp"

// White-box: the simulator's own exp, log and random draws, on which the cross-build golden rests.
#include "../../core/src/sim/deterministic_math.hpp"
#include "../../core/src/sim/random_streams.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

using namespace touchpoint;
using cadence::Channel;
using cadence::TouchKind;
using cadence::Trigger;

namespace {

cadence::Cadence template_named(const std::string& file) {
    for (const auto& loaded : cadence::load_cadence_templates(std::string(TOUCHPOINT_SOURCE_DIR) + "/assets/cadences"))
        if (loaded.file == file) {
            REQUIRE(loaded.error.empty());
            return loaded.cadence;
        }
    FAIL("no template " << file);
    return {};
}

std::vector<cadence::Cadence> all_templates() {
    std::vector<cadence::Cadence> cadences;
    for (const auto& loaded : cadence::load_cadence_templates(std::string(TOUCHPOINT_SOURCE_DIR) + "/assets/cadences"))
        cadences.push_back(loaded.cadence);
    return cadences;
}

sim::SimulationOptions small_options(int customers, int days, int replications, std::uint64_t seed = 11) {
    sim::SimulationOptions options;
    options.customers = customers;
    options.days = days;
    options.replications = replications;
    options.seed = seed;
    return options;
}

// Guides on fixed days: the schedule does not depend on purchases, so more lift can only add purchases.
cadence::Cadence fixed_day_guides() {
    cadence::Cadence cadence;
    cadence.name = "Guides on fixed days";
    for (const int day : {10, 30, 60, 120, 200})
        cadence.steps.push_back(cadence::make_step("Guide day " + std::to_string(day), TouchKind::UsefulGuide,
                                                   Trigger::DaysAfterFirstPurchase, day, Channel::Email));
    return cadence;
}

// Numbers equal to the bit, integers as integers; the same keys and lengths.
void check_json_identical(const nlohmann::json& expected, const nlohmann::json& actual, const std::string& path) {
    INFO("at " << path);
    if (expected.is_number() && actual.is_number()) {
        if (expected.is_number_float() || actual.is_number_float())
            CHECK(expected.get<double>() == actual.get<double>());
        else
            CHECK(expected.get<std::int64_t>() == actual.get<std::int64_t>());
        return;
    }
    REQUIRE(std::string(expected.type_name()) == actual.type_name());
    if (expected.is_object()) {
        CHECK(expected.size() == actual.size());
        for (const auto& item : expected.items()) {
            REQUIRE_MESSAGE(actual.contains(item.key()), "missing key " << path << "." << item.key());
            check_json_identical(item.value(), actual[item.key()], path + "." + item.key());
        }
    } else if (expected.is_array()) {
        REQUIRE(expected.size() == actual.size());
        for (std::size_t i = 0; i < expected.size(); ++i) check_json_identical(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
    } else {
        CHECK(expected == actual);
    }
}

}  // namespace

TEST_CASE("the simulator's exp and log agree with the C library to a few units in the last place") {
    double worst_exp = 0, worst_log = 0;
    for (int i = -7000; i <= 7000; ++i) {
        const double x = i * 0.1 + 0.0123;
        const double expected = std::exp(x);
        if (expected > 1e-300 && std::isfinite(expected))
            worst_exp = std::max(worst_exp, std::abs(sim::detail::det_exp(x) - expected) / expected);
    }
    for (int i = 1; i <= 20000; ++i) {
        const double x = std::pow(1.0037, i - 10000) * 0.7;
        const double expected = std::log(x);
        worst_log = std::max(worst_log, std::abs(sim::detail::det_log(x) - expected) / std::max(1e-300, std::abs(expected)));
    }
    CHECK(worst_exp < 1e-15);
    CHECK(worst_log < 1e-15);
    CHECK(sim::detail::det_log(1.0) == 0.0);
    CHECK(sim::detail::det_exp(0.0) == 1.0);
    CHECK(sim::detail::det_exp(-800.0) == 0.0);
    CHECK(std::isinf(sim::detail::det_log(0.0)));
    CHECK(std::abs(sim::detail::det_log(4e-320) - std::log(4e-320)) < 1e-12);
}

TEST_CASE("the simulator's draws have the moments of their distributions") {
    pcg32 random(12345, 7);
    constexpr int n = 400000;
    const auto moments = [&](auto draw, double mean, double variance) {
        double sum = 0, squares = 0;
        for (int i = 0; i < n; ++i) {
            const double x = draw();
            sum += x;
            squares += x * x;
        }
        const double m = sum / n, v = squares / n - m * m;
        CHECK(std::abs(m - mean) < 5 * std::sqrt(variance / n));
        CHECK(v == doctest::Approx(variance).epsilon(0.02));
    };
    SUBCASE("uniform") { moments([&] { return sim::detail::uniform(random); }, 0.5, 1.0 / 12); }
    SUBCASE("exponential") { moments([&] { return sim::detail::unit_exponential(random); }, 1, 1); }
    SUBCASE("normal") { moments([&] { return sim::detail::standard_normal(random); }, 0, 1); }
    SUBCASE("normal tails") {
        int beyond_two = 0, beyond_three_and_a_half = 0;
        for (int i = 0; i < n; ++i) {
            const double x = std::abs(sim::detail::standard_normal(random));
            beyond_two += x > 2;
            beyond_three_and_a_half += x > 3.5;
        }
        CHECK(beyond_two / double(n) == doctest::Approx(0.0455).epsilon(0.03));
        CHECK(beyond_three_and_a_half / double(n) == doctest::Approx(4.65e-4).epsilon(0.15));
    }
    SUBCASE("gamma, shape below and above 1") {
        for (const double shape : {0.3, 1.5, 3.8}) {
            CAPTURE(shape);
            moments([&] { return sim::detail::gamma_with_rate(random, shape, 2.0); }, shape / 2, shape / 4);
        }
    }
    SUBCASE("beta") { moments([&] { return sim::detail::beta(random, 1.5, 3.0); }, 1.5 / 4.5, 1.5 * 3.0 / (4.5 * 4.5 * 5.5)); }
}

TEST_CASE("with every effect at zero, repeat purchases match BG/NBD's expectation for a new customer") {
    const auto population = sim::sample_shop_population();
    const auto welcome = template_named("second_sale_welcome.json");
    for (const int days : {30, 120, 365}) {
        CAPTURE(days);
        const auto result = sim::simulate_cadences(population, {welcome}, sim::no_effect_model(), small_options(5000, days, 24));
        const double expected = clv::bgnbd_expected_purchases_new_customer(population.purchase, days);
        const auto& purchases = result.cadences[0].purchases;
        const double z = (purchases.mean - expected) / purchases.std_error;
        MESSAGE("horizon " << days << ": simulated " << purchases.mean << " +- " << purchases.std_error << ", BG/NBD " << expected
                           << ", z = " << z);
        CHECK(std::abs(z) < 3);
        // Touches change nothing: the same purchases as with no touches at all, to the bit.
        CHECK(result.cadences[0].incremental_purchases.mean == 0.0);
        CHECK(result.cadences[0].incremental_purchases.std_error == 0.0);
        CHECK(result.cadences[0].purchases.mean == result.baseline.purchases.mean);
        CHECK(result.cadences[0].touches_per_customer.mean > 0);
    }
}

TEST_CASE("a BG/NBD fitted in weeks is converted to days and still matches its expectation") {
    clv::FitResult fit;
    fit.kind = clv::ModelKind::BgNbd;
    fit.names = clv::parameter_names(clv::ModelKind::BgNbd);
    fit.params = {0.243, 4.414, 0.793, 2.426};  // CDNOW, in weeks (Fader, Hardie & Lee 2005)
    fit.converged = true;
    const auto population = sim::population_from_fit(fit, clv::TimeUnit::Week);
    CHECK(population.purchase.alpha == doctest::Approx(4.414 * 7));
    CHECK_FALSE(population.spend.has_value());
    const auto result =
        sim::simulate_cadences(population, {template_named("silence.json")}, sim::default_effect_model(), small_options(5000, 273, 20));
    // No touches: default effects apply silence only, so compare the pure baseline with silence switched off.
    auto effects = sim::default_effect_model();
    effects.silence.hazard_slope.value = 0;
    const auto pure = sim::simulate_cadences(population, {template_named("silence.json")}, effects, small_options(5000, 273, 20));
    const double expected = clv::bgnbd_expected_purchases_new_customer(fit.bgnbd(), 39.0);
    const double z = (pure.baseline.purchases.mean - expected) / pure.baseline.purchases.std_error;
    MESSAGE("39 weeks: simulated " << pure.baseline.purchases.mean << ", BG/NBD " << expected << ", z = " << z);
    CHECK(std::abs(z) < 3);
    CHECK(pure.baseline.revenue.mean == 0.0);  // no spend model, no revenue
    CHECK(std::isnan(pure.cadences[0].roi.mean));  // a cadence without cost has no ROI
    // Silence, with its default hazard, costs purchases.
    CHECK(result.baseline.purchases.mean < pure.baseline.purchases.mean);

    fit.kind = clv::ModelKind::ParetoNbd;
    CHECK_THROWS_AS(sim::population_from_fit(fit, clv::TimeUnit::Week), std::invalid_argument);
}

TEST_CASE("repeat purchases rise monotonically with the lift") {
    const auto population = sim::sample_shop_population();
    const auto guides = fixed_day_guides();
    double previous = -1;
    for (const double lift : {0.0, 0.25, 0.5, 1.0, 2.0}) {
        auto effects = sim::no_effect_model();
        effects.kinds[static_cast<std::size_t>(TouchKind::UsefulGuide)].lift.value = lift;
        const auto result = sim::simulate_cadences(population, {guides}, effects, small_options(3000, 365, 5));
        const auto& outcome = result.cadences[0];
        MESSAGE("lift " << lift << ": " << outcome.purchases.mean << " repeat purchases per customer");
        if (lift == 0.0) CHECK(outcome.incremental_purchases.mean == 0.0);
        else CHECK(outcome.incremental_purchases.ci_low > 0);
        CHECK(outcome.purchases.mean > previous);
        previous = outcome.purchases.mean;
    }
}

TEST_CASE("common random numbers shrink the variance of a difference between cadences") {
    const auto population = sim::sample_shop_population();
    const std::vector<cadence::Cadence> cadences{template_named("second_sale_welcome.json"), template_named("win_back.json")};
    auto options = small_options(2000, 365, 20);
    const auto common = sim::simulate_cadences(population, cadences, sim::default_effect_model(), options);
    options.common_random_numbers = false;
    const auto independent = sim::simulate_cadences(population, cadences, sim::default_effect_model(), options);
    for (std::size_t c = 0; c < cadences.size(); ++c) {
        CAPTURE(cadences[c].name);
        const double common_variance = std::pow(common.cadences[c].incremental_purchases.std_error, 2);
        const double independent_variance = std::pow(independent.cadences[c].incremental_purchases.std_error, 2);
        const double ratio = common_variance / independent_variance;
        MESSAGE(cadences[c].name << ": variance of the difference from the baseline, common " << common_variance
                                 << ", independent " << independent_variance << ", ratio " << ratio);
        CHECK(ratio < 0.2);
        // Both estimate the same difference.
        const double gap = common.cadences[c].incremental_purchases.mean - independent.cadences[c].incremental_purchases.mean;
        CHECK(std::abs(gap) < 4 * std::sqrt(common_variance + independent_variance));
    }
}

TEST_CASE("the frequency cap and the quiet days block touches; transactional ones go out") {
    cadence::Cadence cadence;
    cadence.name = "Six e-mails in a week";
    cadence.caps.max_touches_per_30_days = 2;
    for (int day = 1; day <= 6; ++day)
        cadence.steps.push_back(cadence::make_step("Day " + std::to_string(day), TouchKind::UsefulGuide, Trigger::DaysAfterFirstPurchase,
                                                   day, Channel::Email));
    cadence.steps[5].transactional = true;
    const auto result = sim::simulate_cadences(sim::sample_shop_population(), {cadence}, sim::no_effect_model(), small_options(500, 60, 2));
    const auto& steps = result.cadences[0].steps;
    REQUIRE(steps.size() == 6);
    for (std::size_t s = 0; s < 6; ++s) {
        CAPTURE(s);
        const bool goes_out = s < 2 || s == 5;
        CHECK(steps[s].sent.mean == (goes_out ? 1.0 : 0.0));
        CHECK(steps[s].blocked.mean == (goes_out ? 0.0 : 1.0));
    }
    CHECK(result.cadences[0].touches_per_customer.mean == 3.0);
    CHECK(result.cadences[0].cost.mean == doctest::Approx(3 * cadence::channel_defaults(Channel::Email).cost_per_touch));

    cadence.caps = {0, 3};
    cadence.steps = {cadence::make_step("Too soon", TouchKind::CrossSell, Trigger::AfterEachPurchase, 1, Channel::Email)};
    const auto quiet = sim::simulate_cadences(sim::sample_shop_population(), {cadence}, sim::no_effect_model(), small_options(500, 60, 2));
    CHECK(quiet.cadences[0].steps[0].sent.mean == 0.0);
    CHECK(quiet.cadences[0].steps[0].blocked.mean >= 1.0);
}

TEST_CASE("a customer who opts out gets no more touches") {
    cadence::Cadence cadence;
    cadence.name = "Welcome then guide";
    cadence.steps = {cadence::make_step("Welcome", TouchKind::Welcome, Trigger::DaysAfterFirstPurchase, 0, Channel::Email),
                     cadence::make_step("Guide", TouchKind::UsefulGuide, Trigger::DaysAfterFirstPurchase, 10, Channel::Email)};
    auto effects = sim::no_effect_model();
    effects.kinds[static_cast<std::size_t>(TouchKind::Welcome)].opt_out.value = 1.0;  // everyone reached leaves the list
    const auto result = sim::simulate_cadences(sim::sample_shop_population(), {cadence}, effects, small_options(2000, 60, 3));
    const auto& outcome = result.cadences[0];
    CHECK(outcome.opt_outs.mean == doctest::Approx(outcome.steps[0].reached.mean).epsilon(1e-12));
    CHECK(outcome.steps[1].sent.mean == doctest::Approx(1.0 - outcome.steps[0].reached.mean).epsilon(1e-12));
    CHECK(outcome.steps[0].reached.mean == doctest::Approx(0.25).epsilon(0.1));  // the e-mail reach rate
}

TEST_CASE("silence costs customers, and meaningful contact keeps more of them") {
    cadence::Cadence monthly;
    monthly.name = "Monthly courtesy note";
    monthly.steps = {cadence::make_step("Note", TouchKind::CourtesyCheckIn, Trigger::DaysAfterFirstPurchase, 30, Channel::Email)};
    monthly.steps[0].repeat_every_days = 30;
    monthly.steps[0].reach_rate = 1.0;
    auto effects = sim::no_effect_model();
    effects.silence.hazard_slope.value = 1e-4;
    const auto result = sim::simulate_cadences(sim::sample_shop_population(), {monthly}, effects, small_options(2000, 365, 4));
    const double kept = result.cadences[0].alive_by_day.mean.back();
    const double silent = result.baseline.alive_by_day.mean.back();
    MESSAGE("alive after a year: " << kept << " with monthly notes, " << silent << " without");
    CHECK(kept > silent + 0.05);
    CHECK(result.cadences[0].incremental_purchases.ci_low > 0);
    // The curves run day by day and only go down (alive) or stay within [0, 1] (active).
    const auto& alive = result.baseline.alive_by_day.mean;
    REQUIRE(alive.size() == 365);
    for (std::size_t d = 1; d < alive.size(); ++d) CHECK(alive[d] <= alive[d - 1]);
    for (const double share : result.baseline.active_by_day.mean) CHECK((share >= 0 && share <= 1));
    CHECK(result.baseline.active_by_day.mean.front() == 1.0);  // everyone bought on day 0
    CHECK(result.cadences[0].touches_by_week.mean.size() == 53);
}

TEST_CASE("too much contact turns the lift negative") {
    cadence::Cadence daily;
    daily.name = "Daily e-mail";
    daily.steps = {cadence::make_step("Daily", TouchKind::CrossSell, Trigger::DaysAfterFirstPurchase, 1, Channel::Email)};
    daily.steps[0].repeat_every_days = 1;
    daily.steps[0].reach_rate = 1.0;
    auto effects = sim::no_effect_model();
    effects.kinds[static_cast<std::size_t>(TouchKind::CrossSell)].lift.value = 0.2;
    effects.fatigue.lift_penalty.value = 0.1;  // past 4 touches a month, each extra one takes 0.1 off the lift
    const auto result = sim::simulate_cadences(sim::sample_shop_population(), {daily}, effects, small_options(2000, 120, 4));
    CHECK(result.cadences[0].incremental_purchases.ci_high < 0);
}

TEST_CASE("discounts pull purchases forward at a lower price") {
    cadence::Cadence offer;
    offer.name = "Offer on day 20";
    offer.steps = {cadence::make_step("Offer", TouchKind::CrossSell, Trigger::DaysAfterFirstPurchase, 20, Channel::Email)};
    offer.steps[0].discount = true;
    offer.steps[0].reach_rate = 1.0;
    auto effects = sim::no_effect_model();
    effects.discount.extra_lift.value = 3.0;
    effects.discount.price_cut.value = 0.5;
    const auto result = sim::simulate_cadences(sim::sample_shop_population(), {offer}, effects, small_options(3000, 60, 4));
    const auto& outcome = result.cadences[0];
    CHECK(outcome.incremental_purchases.ci_low > 0);
    CHECK(outcome.revenue.mean / outcome.purchases.mean < result.baseline.revenue.mean / result.baseline.purchases.mean);
}

TEST_CASE("segments at the end and touches by segment add up") {
    auto templates = all_templates();
    REQUIRE(templates.size() == 7);
    templates.resize(sim::max_cadences);  // six side by side, the most a run takes
    const auto result = sim::simulate_cadences(sim::sample_shop_population(), templates, sim::default_effect_model(),
                                               small_options(1000, 365, 2));
    REQUIRE(result.cadences.size() == 6);
    for (const auto& outcome : result.cadences) {
        CAPTURE(outcome.name);
        double share = 0, touches = 0;
        for (const auto& segment : outcome.segments) {
            share += segment.share_at_end.mean;
            touches += segment.touches_per_customer.mean;
        }
        CHECK(share == doctest::Approx(1.0));
        CHECK(touches == doctest::Approx(outcome.touches_per_customer.mean));
        double by_step = 0;
        for (const auto& step : outcome.steps) by_step += step.sent.mean;
        CHECK(by_step == doctest::Approx(outcome.touches_per_customer.mean));
        double by_week = 0;
        for (const double week : outcome.touches_by_week.mean) by_week += week;
        CHECK(by_week == doctest::Approx(outcome.touches_per_customer.mean));
    }
}

TEST_CASE("the simulation is a resumable job: slices give the same result as one run, and it can be cancelled") {
    const auto population = sim::sample_shop_population();
    const std::vector<cadence::Cadence> cadences{template_named("loyalty.json"), template_named("b2b_account_care.json")};
    const auto options = small_options(1500, 200, 3, 5);
    const auto whole = sim::simulate_cadences(population, cadences, sim::default_effect_model(), options);

    sim::SimulationJob job(population, cadences, sim::default_effect_model(), options);
    int slices = 0;
    double last_fraction = -1;
    for (;;) {
        const auto progress = job.step(std::chrono::milliseconds(0));  // the smallest slice: one block of customers
        ++slices;
        CHECK(progress.fraction > last_fraction);
        last_fraction = progress.fraction;
        if (progress.finished) {
            CHECK(progress.error.empty());
            break;
        }
    }
    CHECK(slices > 10);
    REQUIRE(job.result().has_value());
    CHECK(to_json(*job.result()) == to_json(whole));

    sim::SimulationJob cancelled(population, cadences, sim::default_effect_model(), options);
    cancelled.step(std::chrono::milliseconds(0));
    cancelled.cancel();
    const auto progress = cancelled.step(std::chrono::milliseconds(0));
    CHECK(progress.finished);
    CHECK(progress.error == "cancelled");
    CHECK_FALSE(cancelled.result().has_value());
}

TEST_CASE("a run split by replication into parts, written and read back as JSON, combines into the whole run bit for bit") {
    const auto population = sim::sample_shop_population();
    const std::vector<cadence::Cadence> cadences{template_named("win_back.json"), template_named("second_sale_welcome.json")};
    const auto options = small_options(700, 150, 7, 9);
    const auto effects = sim::default_effect_model();
    const auto whole = sim::simulate_cadences(population, cadences, effects, options);

    const auto ranges = sim::split_evenly(options.replications, 3);
    REQUIRE(ranges == std::vector<std::pair<int, int>>{{0, 3}, {3, 2}, {5, 2}});
    CHECK(sim::split_evenly(2, 8) == std::vector<std::pair<int, int>>{{0, 1}, {1, 1}});
    std::vector<sim::SimulationPart> parts;
    for (auto it = ranges.rbegin(); it != ranges.rend(); ++it) {  // any order
        sim::SimulationPartJob job(population, cadences, effects, options, it->first, it->second);
        jobs::run_to_completion(job, [](const jobs::Progress&) {}, std::chrono::milliseconds(50));
        REQUIRE(job.part().has_value());
        // Through text or bytes, as parts travel between machines or browser workers.
        const auto bytes = sim::encode_simulation_part(*job.part());
        CHECK(sim::encode_simulation_part(sim::decode_simulation_part(bytes)) == bytes);
        CHECK_THROWS_WITH_AS(sim::decode_simulation_part(std::string_view(bytes).substr(0, bytes.size() - 1)),
                             "simulation part: these bytes are not a simulation part", std::invalid_argument);
        parts.push_back(it == ranges.rbegin() ? sim::decode_simulation_part(bytes)
                                              : sim::simulation_part_from_json(nlohmann::json::parse(to_json(*job.part()).dump())));
    }
    const auto options_back = sim::simulation_options_from_json(nlohmann::json::parse(to_json(options).dump()));
    const auto population_back = sim::population_from_json(nlohmann::json::parse(to_json(population).dump()));
    const auto combined = sim::combine_parts(population_back, cadences, effects, options_back, parts);
    CHECK(to_json(combined).dump() == to_json(whole).dump());

    auto missing = parts;
    missing.erase(missing.begin());  // replications 5 and 6
    CHECK_THROWS_WITH_AS(sim::combine_parts(population, cadences, effects, options, missing),
                         "simulation parts: replications 5 to 6 are missing", std::invalid_argument);
    auto twice = parts;
    twice.push_back(parts.back());  // replications 0 to 2 again
    CHECK_THROWS_WITH_AS(sim::combine_parts(population, cadences, effects, options, twice), "simulation parts: replication 0 comes twice",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(sim::SimulationPartJob(population, cadences, effects, options, 6, 2),
                         "simulate: replications 6 to 7 are not among the run's 7", std::invalid_argument);
}

TEST_CASE("input the simulator cannot run is refused with the reason") {
    const auto population = sim::sample_shop_population();
    const auto effects = sim::default_effect_model();
    const auto welcome = template_named("second_sale_welcome.json");
    CHECK_THROWS_WITH_AS(sim::SimulationJob(population, {}, effects, {}), "simulate: give at least one cadence", std::invalid_argument);
    CHECK_THROWS_AS(sim::SimulationJob(population, std::vector<cadence::Cadence>(7, welcome), effects, {}), std::invalid_argument);
    auto broken = welcome;
    broken.steps[1].reach_rate = 2;
    CHECK_THROWS_WITH_AS(sim::SimulationJob(population, {broken}, effects, {}),
                         doctest::Contains("cadence 'Second-sale welcome': steps[1].reach_rate"), std::invalid_argument);
    sim::SimulationOptions options;
    options.days = 0;
    CHECK_THROWS_WITH_AS(sim::SimulationJob(population, {welcome}, effects, options), doctest::Contains("days"), std::invalid_argument);
    auto bad_effects = effects;
    bad_effects.kinds[0].opt_out.value = 1.5;
    CHECK_THROWS_WITH_AS(sim::SimulationJob(population, {welcome}, bad_effects, {}), doctest::Contains("kinds.welcome.opt_out"),
                         std::invalid_argument);
}

TEST_CASE("the effect model: every parameter has a source, JSON round-trips, and errors name the parameter") {
    auto model = sim::default_effect_model();
    const auto parameters = sim::effect_parameters(model);
    CHECK(parameters.size() == cadence::touch_kind_count * 6 + cadence::channel_count * 2 + 4 + 2 + 5 + 1);
    for (const auto& info : parameters) {
        CAPTURE(info.path);
        CHECK_FALSE(info.parameter->source.empty());
        CHECK(info.parameter->value >= info.minimum);
        CHECK(info.parameter->value <= info.maximum);
    }
    CHECK(sim::effect_model_from_json(sim::to_json(model)) == model);
    CHECK(sim::effect_model_from_json(nlohmann::json::object()) == model);

    const auto edited = sim::effect_model_from_json({{"kinds", {{"win_back", {{"lift", 0.9}}}}}, {"silence", {{"grace_days", {{"value", 30}, {"source", "our data"}}}}}});
    CHECK(edited.kinds[static_cast<std::size_t>(TouchKind::WinBack)].lift == sim::EffectParameter{0.9, "edited"});
    CHECK(edited.silence.grace_days == sim::EffectParameter{30, "our data"});

    const auto error_field = [](const nlohmann::json& json) {
        try {
            sim::effect_model_from_json(json);
        } catch (const sim::EffectModelError& error) {
            return error.field();
        }
        return std::string("(no error)");
    };
    CHECK(error_field({{"kinds", {{"win_back", {{"lfit", 0.9}}}}}}) == "kinds.win_back.lfit");
    CHECK(error_field({{"channels", {{"fax", {}}}}}) == "channels.fax");
    CHECK(error_field({{"fatigue", {{"window_days", "thirty"}}}}) == "fatigue.window_days");
    CHECK(error_field({{"discount", {{"price_cut", 1.5}}}}) == "discount.price_cut");
    CHECK(error_field({{"kinds", {{"survey", {{"meaningful_contact", 0.5}}}}}}) == "kinds.survey.meaningful_contact");

    const auto none = sim::no_effect_model();
    for (const auto& kind : none.kinds) {
        CHECK(kind.lift.value == 0);
        CHECK(kind.dropout_reduction.value == 0);
        CHECK(kind.opt_out.value == 0);
    }
}

TEST_CASE("the same seed gives the same numbers natively and in wasm (golden), another seed others") {
    const auto population = sim::sample_shop_population();
    const std::vector<cadence::Cadence> cadences{template_named("second_sale_welcome.json"), template_named("win_back.json"),
                                                 template_named("strategic_customer_care.json")};
    const auto options = small_options(800, 180, 3, 2024);
    const auto actual = to_json(sim::simulate_cadences(population, cadences, sim::default_effect_model(), options), false);
    const std::string golden = std::string(TOUCHPOINT_SOURCE_DIR) + "/tests/golden/simulator/small_run.json";
    if (std::getenv("TOUCHPOINT_UPDATE_GOLDEN")) {
        std::ofstream(golden, std::ios::binary) << actual.dump(1) << "\n";
        MESSAGE("wrote " << golden);
    }
    check_json_identical(testing::golden_json("simulator", "small_run.json"), actual, "result");

    auto other = options;
    other.seed = 2025;
    const auto different = to_json(sim::simulate_cadences(population, cadences, sim::default_effect_model(), other), false);
    CHECK(different["cadences"][0]["purchases"] != actual["cadences"][0]["purchases"]);
}
