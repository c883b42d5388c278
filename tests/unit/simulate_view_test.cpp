// The Simulate section's UI-free logic: the effect-model curves of one customer and the text of
// the results table.
#include "sections/simulate/simulate_effect_curves.hpp"
#include "sections/simulate/simulate_figures.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace touchpoint;
using cadence::Channel;
using cadence::TouchKind;

namespace {

sim::EffectModel model_with(double lift, double half_life) {
    auto model = sim::default_effect_model();
    auto& welcome = model.kinds[static_cast<std::size_t>(TouchKind::Welcome)];
    welcome.lift.value = lift;
    welcome.half_life_days.value = half_life;
    model.channels[static_cast<std::size_t>(Channel::Email)].lift_multiplier.value = 1.0;
    return model;
}

double at_day(const web::MultiplierCurve& curve, double day) {
    for (std::size_t i = 0; i < curve.days.size(); ++i)
        if (std::abs(curve.days[i] - day) < 1e-9) return curve.multiplier[i];
    FAIL("no sample on day " << day);
    return 0;
}

}  // namespace

TEST_CASE("one touch lifts the purchase rate by its lift, halving every half-life") {
    const auto model = model_with(0.4, 7.0);
    const auto curve = web::purchase_rate_multiplier(model, TouchKind::Welcome, Channel::Email, {{0.0}, false}, 28.0, 4);
    REQUIRE(curve.days.size() == 28 * 4 + 1);
    CHECK(at_day(curve, 0.0) == doctest::Approx(1.4));
    CHECK(at_day(curve, 7.0) == doctest::Approx(1.2));
    CHECK(at_day(curve, 14.0) == doctest::Approx(1.1));
    CHECK(at_day(curve, 28.0) == doctest::Approx(1.025));
}

TEST_CASE("no touch, no change; a touch counts from its day on") {
    const auto model = model_with(0.4, 7.0);
    const auto none = web::purchase_rate_multiplier(model, TouchKind::Welcome, Channel::Email, {{}, false}, 10.0, 1);
    for (const double m : none.multiplier) CHECK(m == 1.0);
    const auto later = web::purchase_rate_multiplier(model, TouchKind::Welcome, Channel::Email, {{5.0}, false}, 10.0, 1);
    CHECK(at_day(later, 4.0) == 1.0);
    CHECK(at_day(later, 5.0) == doctest::Approx(1.4));
}

TEST_CASE("the channel's lift multiplier scales the lift") {
    auto model = model_with(0.2, 7.0);
    model.channels[static_cast<std::size_t>(Channel::Phone)].lift_multiplier.value = 2.5;
    const auto curve = web::purchase_rate_multiplier(model, TouchKind::Welcome, Channel::Phone, {{0.0}, false}, 1.0, 1);
    CHECK(at_day(curve, 0.0) == doctest::Approx(1.5));
    CHECK(web::touch_lift(model, TouchKind::Welcome, Channel::Phone, 1) == doctest::Approx(0.5));
}

TEST_CASE("fatigue: touches past the free ones in the window lift less, and can lower the rate") {
    auto model = model_with(0.3, 1000.0);  // a lift that barely decays, so the sums are plain
    model.fatigue.window_days.value = 30;
    model.fatigue.free_touches.value = 2;
    model.fatigue.lift_penalty.value = 0.2;
    CHECK(web::touch_lift(model, TouchKind::Welcome, Channel::Email, 1) == doctest::Approx(0.3));
    CHECK(web::touch_lift(model, TouchKind::Welcome, Channel::Email, 2) == doctest::Approx(0.3));
    CHECK(web::touch_lift(model, TouchKind::Welcome, Channel::Email, 3) == doctest::Approx(0.1));
    CHECK(web::touch_lift(model, TouchKind::Welcome, Channel::Email, 4) == doctest::Approx(-0.1));
    const auto curve = web::purchase_rate_multiplier(model, TouchKind::Welcome, Channel::Email, {{0.0, 1.0, 2.0, 3.0}, false}, 3.0, 1);
    const double decay = std::exp(-std::log(2.0) / 1000.0);
    CHECK(at_day(curve, 3.0) == doctest::Approx(1.0 + 0.3 * decay * decay * decay + 0.3 * decay * decay + 0.1 * decay - 0.1).epsilon(1e-9));

    // Touches outside the window tire nobody.
    const auto spread = web::purchase_rate_multiplier(model, TouchKind::Welcome, Channel::Email, {{0.0, 40.0, 80.0}, false}, 80.0, 1);
    const double d40 = std::exp(-std::log(2.0) / 1000.0 * 40.0);
    CHECK(at_day(spread, 80.0) == doctest::Approx(1.0 + 0.3 * d40 * d40 + 0.3 * d40 + 0.3));
}

TEST_CASE("the multiplier is floored at zero and capped at the most the rate can be multiplied by") {
    auto model = model_with(-1.0, 7.0);
    auto curve = web::purchase_rate_multiplier(model, TouchKind::Welcome, Channel::Email, {{0.0, 0.0}, false}, 1.0, 1);
    CHECK(at_day(curve, 0.0) == 0.0);
    model = model_with(9.0, 7.0);
    model.max_rate_multiplier.value = 4.0;
    curve = web::purchase_rate_multiplier(model, TouchKind::Welcome, Channel::Email, {{0.0}, false}, 1.0, 1);
    CHECK(at_day(curve, 0.0) == 4.0);
}

TEST_CASE("a discount adds its own lift and lowers the full-price rate for good") {
    auto model = model_with(0.0, 7.0);
    model.discount.extra_lift.value = 0.5;
    model.discount.half_life_days.value = 5;
    model.discount.dependence.value = 0.1;
    const auto curve = web::purchase_rate_multiplier(model, TouchKind::Welcome, Channel::Email, {{0.0}, true}, 200.0, 1);
    CHECK(at_day(curve, 0.0) == doctest::Approx(0.9 * 1.5));
    CHECK(at_day(curve, 5.0) == doctest::Approx(0.9 * 1.25));
    CHECK(at_day(curve, 200.0) == doctest::Approx(0.9).epsilon(1e-6));
}

TEST_CASE("opt-out chance and silence") {
    auto model = sim::default_effect_model();
    auto& welcome = model.kinds[static_cast<std::size_t>(TouchKind::Welcome)];
    welcome.opt_out.value = 0.01;
    model.channels[static_cast<std::size_t>(Channel::Sms)].opt_out_multiplier.value = 2.0;
    model.fatigue.free_touches.value = 3;
    model.fatigue.opt_out_penalty.value = 0.05;
    CHECK(web::opt_out_chance(model, TouchKind::Welcome, Channel::Sms, 1) == doctest::Approx(0.02));
    CHECK(web::opt_out_chance(model, TouchKind::Welcome, Channel::Sms, 5) == doctest::Approx(0.12));
    CHECK(web::opt_out_chance(model, TouchKind::Welcome, Channel::Sms, 100) == 1.0);

    model.silence.grace_days.value = 60;
    model.silence.hazard_slope.value = 5e-6;
    CHECK(web::silence_survival(model, 30) == 1.0);
    CHECK(web::silence_survival(model, 60) == 1.0);
    CHECK(web::silence_survival(model, 150) == doctest::Approx(std::exp(-0.5 * 5e-6 * 90 * 90)));
}

TEST_CASE("the chart's scenarios: one touch, a burst past the free touches, a discount") {
    auto model = sim::default_effect_model();
    model.fatigue.free_touches.value = 4;
    const auto scenarios = web::effect_scenarios(model);
    REQUIRE(scenarios.size() == 3);
    CHECK(scenarios[0].scenario.touch_days == std::vector<double>{0.0});
    CHECK(scenarios[1].scenario.touch_days.size() == 7);
    CHECK(scenarios[1].scenario.touch_days.back() == 18.0);
    CHECK(scenarios[2].scenario.discount);
    model.fatigue.free_touches.value = 50;
    CHECK(web::effect_scenarios(model)[1].scenario.touch_days.size() == 10);
}

TEST_CASE("figures read as mean (low to high)") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(web::estimate_text({0.3124, 0.3081, 0.3167, 0.002}, web::FigureFormat::Percent) == "31.2% (30.8% to 31.7%)");
    CHECK(web::estimate_text({0.3124, nan, nan, nan}, web::FigureFormat::Percent) == "31.2%");
    CHECK(web::estimate_text({nan, nan, nan, nan}, web::FigureFormat::Ratio) == "n/a");
    CHECK(web::estimate_text({1234.5, 1200, 1269.25, 1}, web::FigureFormat::Amount) == "1,234.50 (1,200.00 to 1,269.25)");
    CHECK(web::estimate_text({0.0123, -0.001, 0.025, 0}, web::FigureFormat::SignedDecimal) == "+0.012 (-0.001 to +0.025)");
    CHECK(web::figure_text(-1.5, web::FigureFormat::SignedAmount) == "-1.50");
    CHECK(web::figure_text(2.345, web::FigureFormat::Ratio) == "235%");
    CHECK(web::figure_text(0.00312, web::FigureFormat::FinePercent) == "0.31%");
}

TEST_CASE("the results table's rows read the outcome's figures; cumulative revenue ends at the revenue") {
    sim::CadenceOutcome outcome;
    outcome.repeat_rate = {0.4, 0.39, 0.41, 0.005};
    outcome.purchases = {2.0, 1.9, 2.1, 0.05};
    outcome.revenue = {100.0, 95.0, 105.0, 2.0};
    outcome.alive_by_day = {{1.0, 0.9, 0.8}, {1.0, 0.88, 0.78}, {1.0, 0.92, 0.82}};
    outcome.purchases_by_day = {{0.5, 1.0, 2.0}, {0.4, 0.9, 1.9}, {0.6, 1.1, 2.1}};
    const auto& rows = web::figure_rows();
    const auto row = [&](const char* key) -> const web::FigureRow& {
        for (const auto& r : rows)
            if (r.key == key) return r;
        FAIL("no row " << key);
        return rows.front();
    };
    CHECK(row("repeat_rate").value(outcome).mean == 0.4);
    CHECK(row("retained_at_end").value(outcome).mean == 0.8);
    CHECK(row("retained_at_end").value(outcome).ci_low == 0.78);
    CHECK(row("roi").incremental);
    CHECK_FALSE(row("revenue").incremental);

    const auto revenue = web::cumulative_revenue(outcome);
    REQUIRE(revenue.mean.size() == 3);
    CHECK(revenue.mean.back() == doctest::Approx(100.0));
    CHECK(revenue.mean.front() == doctest::Approx(25.0));
    CHECK(revenue.ci_low.back() == doctest::Approx(95.0));
    CHECK(std::isnan(web::last_point(sim::Curve{}).mean));
}
