// The Models section's run: CDNOW's raw log through summary, both fits, the holdout diagnostics
// and the predictions, reproducing the published estimates (Fader, Hardie & Lee 2005) on the way.
#include "touchpoint/clv/model_run.hpp"
#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/sample_shop.hpp"

#include "golden_files.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>

using namespace touchpoint;
using namespace touchpoint::clv;

namespace {

std::shared_ptr<const data::Dataset> cdnow_dataset() {
    static const auto dataset = [] {
        auto store = data::Store::open(":memory:");
        data::ImportOptions options;
        options.mapping_overrides = {{"customer_id", "2"}, {"order_date", "3"}, {"quantity", "4"}, {"amount", "5"}};
        const auto report = data::import_file(store, "CDNOW_sample.txt",
                                              testing::read_text(std::string(TOUCHPOINT_SHARED_DATA_DIR) + "/cdnow/CDNOW_sample.txt"),
                                              options);
        REQUIRE_FALSE(report.fatal_error);
        return std::make_shared<const data::Dataset>(data::load_dataset(store));
    }();
    return dataset;
}

// FHL 2005: calibration 1997-01-01 to 1997-09-30 (39 weeks), holdout to 1998-06-30 (39 weeks).
ModelRunOptions cdnow_options() {
    ModelRunOptions options;
    options.calibration_end = data::Day{date::year{1997} / 9 / 30};
    options.holdout_end = data::Day{date::year{1998} / 6 / 30};
    options.unit = TimeUnit::Week;
    options.horizon = 39;
    return options;
}

}  // namespace

TEST_CASE("a run on CDNOW reproduces the published fits and checks them against the holdout") {
    const auto run = run_models(cdnow_dataset(), cdnow_options());
    REQUIRE(run.customers.size() == 2357);
    REQUIRE(run.holdout_purchases.size() == 2357);
    CHECK(run.holdout_units == doctest::Approx(39.0));

    REQUIRE(run.purchase.ok());
    CHECK(run.purchase.converged);
    CHECK(run.purchase.param("r") == doctest::Approx(0.243).epsilon(0.0005 / 0.243));
    CHECK(run.purchase.param("alpha") == doctest::Approx(4.414).epsilon(0.0005 / 4.414));
    CHECK(run.purchase.param("a") == doctest::Approx(0.793).epsilon(0.0005 / 0.793));
    CHECK(run.purchase.param("b") == doctest::Approx(2.426).epsilon(0.0005 / 2.426));
    CHECK(std::abs(run.purchase.log_likelihood - -9582.4) <= 0.1);

    REQUIRE(run.spend.has_value());
    REQUIRE(run.spend->ok());
    CHECK(run.spend->customers == 946);
    CHECK(run.spend->param("p") == doctest::Approx(6.25).epsilon(0.005 / 6.25));
    CHECK(run.spend->param("q") == doctest::Approx(3.74).epsilon(0.005 / 3.74));
    CHECK(run.spend->param("gamma") == doctest::Approx(15.44).epsilon(0.005 / 15.44));

    // Diagnostics: the tracking plot reaches the holdout end; the groups cover every customer.
    REQUIRE_FALSE(run.tracking.empty());
    CHECK(run.tracking.back().last_day == data::day_number(*cdnow_options().holdout_end));
    std::int64_t grouped = 0;
    for (const auto& group : run.conditional) grouped += group.customers;
    CHECK(grouped == 2357);
    REQUIRE(run.holdout_error.has_value());
    double holdout_total = 0;
    for (const int purchases : run.holdout_purchases) holdout_total += purchases;
    CHECK(run.holdout_error->actual_total == holdout_total);
    REQUIRE_FALSE(run.frequencies.empty());
    CHECK(run.frequencies[0].actual == 1411);

    // Predictions: one per customer, in the summary's order, with CLV from the spend model.
    REQUIRE(run.predictions.size() == 2357);
    for (std::size_t c = 0; c < run.predictions.size(); c += 97) {
        const auto& customer = run.customers[c];
        const auto& prediction = run.predictions[c];
        CHECK(prediction.customer_id == customer.customer_id);
        CHECK(prediction.expected_purchases == doctest::Approx(expected_purchases(run.purchase, customer.x, customer.t_x, customer.T, 39.0)));
        CHECK(prediction.probability_alive == doctest::Approx(probability_alive(run.purchase, customer.x, customer.t_x, customer.T)));
        REQUIRE(prediction.clv.has_value());
        CHECK(*prediction.clv >= 0.0);
    }
}

TEST_CASE("a run on the whole history has no holdout diagnostics but predicts") {
    auto options = cdnow_options();
    options.holdout_end.reset();
    options.calibration_end = data::Day{date::year{1998} / 6 / 30};
    options.purchase_model = ModelKind::ParetoNbd;
    const auto run = run_models(cdnow_dataset(), options);
    CHECK(run.purchase.kind == ModelKind::ParetoNbd);
    CHECK(run.purchase.ok());
    CHECK(run.holdout_purchases.empty());
    CHECK(run.tracking.empty());
    CHECK(run.conditional.empty());
    CHECK_FALSE(run.holdout_error.has_value());
    CHECK(run.predictions.size() == run.customers.size());
    CHECK(run.customers.size() == 2357);
}

TEST_CASE("runs that cannot be made say why") {
    auto options = cdnow_options();
    SUBCASE("a calibration end before any first purchase") {
        options.calibration_end = data::Day{date::year{1996} / 12 / 31};
        CHECK_THROWS_WITH(run_models(cdnow_dataset(), options), "no customer made a first purchase on or before 1996-12-31");
    }
    SUBCASE("a holdout that ends before it starts") {
        options.holdout_end = options.calibration_end;
        CHECK_THROWS_AS(ModelRunJob(cdnow_dataset(), options), std::invalid_argument);
    }
    SUBCASE("Gamma-Gamma as the purchase model") {
        options.purchase_model = ModelKind::GammaGamma;
        CHECK_THROWS_AS(ModelRunJob(cdnow_dataset(), options), std::invalid_argument);
    }
    SUBCASE("a cancelled run") {
        ModelRunJob job(cdnow_dataset(), options);
        CHECK_FALSE(job.step(std::chrono::milliseconds(5)).finished);  // the summary
        job.cancel();
        const auto progress = job.step(std::chrono::milliseconds(5));
        CHECK(progress.finished);
        CHECK(progress.error == "cancelled");
        CHECK_FALSE(job.result().has_value());
    }
}

TEST_CASE("an annual discount rate as a rate per time unit") {
    // (1.1)^(7 / 365.25) - 1 and (1.1)^(1 / 365.25) - 1, worked out separately.
    CHECK(discount_rate_per_unit(0.10, TimeUnit::Week) == doctest::Approx(0.0018282846).epsilon(1e-8));
    CHECK(discount_rate_per_unit(0.10, TimeUnit::Day) == doctest::Approx(0.0002609791).epsilon(1e-7));
    CHECK(discount_rate_per_unit(0.0, TimeUnit::Week) == 0.0);
}

namespace {

// The sample shop's orders as a Dataset, each order split into `copies` orders of the same day
// whose amounts add up to the original.
std::shared_ptr<const data::Dataset> sample_orders(int copies) {
    data::SampleShopOptions options;
    options.customers = 3000;
    options.surveys = false;
    options.tickets = false;
    const auto shop = data::generate_sample_shop(options);
    std::vector<std::string> ids;
    std::map<std::string, std::uint32_t> index_of;
    for (const auto& customer : shop.customers) {
        index_of[customer.customer_id] = static_cast<std::uint32_t>(ids.size());
        ids.push_back(customer.customer_id);
    }
    std::vector<data::OrderPoint> orders;
    for (const auto& order : shop.orders)
        for (int copy = 0; copy < copies; ++copy)
            orders.push_back({index_of.at(order.customer_id), data::day_number(order.order_date), order.amount / copies});
    return std::make_shared<const data::Dataset>(data::build_dataset(ids, orders));
}

}  // namespace

TEST_CASE("several orders on one date are one purchase: the purchase model does not change, the spend adds up") {
    ModelRunOptions options;
    options.calibration_end = data::Day{date::year{2025} / 6 / 30};
    options.holdout_end = data::Day{date::year{2025} / 12 / 31};
    const auto once = run_models(sample_orders(1), options);
    const auto thrice = run_models(sample_orders(3), options);
    REQUIRE(once.purchase.ok());
    REQUIRE(thrice.purchase.ok());
    REQUIRE(once.customers.size() == thrice.customers.size());
    for (std::size_t c = 0; c < once.customers.size(); ++c) {
        CHECK(once.customers[c].x == thrice.customers[c].x);
        CHECK(once.customers[c].t_x == thrice.customers[c].t_x);
        CHECK(once.customers[c].monetary == doctest::Approx(thrice.customers[c].monetary).epsilon(1e-12));
    }
    CHECK(once.purchase.params == thrice.purchase.params);
    CHECK(once.purchase.log_likelihood == thrice.purchase.log_likelihood);
    CHECK(once.holdout_purchases == thrice.holdout_purchases);
    REQUIRE(once.spend);
    REQUIRE(thrice.spend);
    CHECK(thrice.spend->param("p") == doctest::Approx(once.spend->param("p")).epsilon(1e-6));
}
