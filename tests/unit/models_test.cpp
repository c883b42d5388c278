// The buy-till-you-die models: CDNOW fits against the published estimates, log-likelihoods and
// predictions against an independent oracle (tests/fixtures/models/make_fixtures.py, scipy),
// and awkward data that must give a valid fit or a clear error, never a NaN.
#include "touchpoint/clv/models.hpp"
#include "touchpoint/clv/predictions.hpp"
#include "touchpoint/data/importer.hpp"

#include "../../core/src/clv/hypergeometric.hpp"

#include "golden_files.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace touchpoint;
using namespace touchpoint::clv;

namespace {

using testing::read_text;

// The published CDNOW calibration summary (two decimals), as the oracle read it.
std::vector<CustomerSummary> cdnow_published_summary() {
    std::istringstream lines(read_text(std::string(TOUCHPOINT_SHARED_DATA_DIR) + "/cdnow/cdnow_customers_summary_with_transactions.csv"));
    std::string line;
    std::getline(lines, line);  // ID,x,t_x,T,zbar
    std::vector<CustomerSummary> rows;
    while (std::getline(lines, line)) {
        if (line.empty() || line == "\r") continue;
        CustomerSummary row;
        char comma = 0;
        int id = 0;
        std::istringstream fields(line);
        fields >> id >> comma >> row.x >> comma >> row.t_x >> comma >> row.T >> comma >> row.monetary;
        REQUIRE_MESSAGE(fields, "unreadable summary line: " << line);
        row.customer_id = std::to_string(id);
        rows.push_back(row);
    }
    return rows;
}

// The same summary built from the raw transaction log through the importer (full precision).
const std::vector<CustomerSummary>& cdnow_summary_from_log() {
    static const std::vector<CustomerSummary> summary = [] {
        auto store = data::Store::open(":memory:");
        data::ImportOptions options;
        options.mapping_overrides = {{"customer_id", "2"}, {"order_date", "3"}, {"quantity", "4"}, {"amount", "5"}};
        const auto report = data::import_file(store, "CDNOW_sample.txt",
                                              read_text(std::string(TOUCHPOINT_SHARED_DATA_DIR) + "/cdnow/CDNOW_sample.txt"), options);
        REQUIRE_FALSE(report.fatal_error);
        return summarise_customers(data::load_dataset(store), {data::Day{date::year{1997} / 9 / 30}, TimeUnit::Week});
    }();
    return summary;
}

const nlohmann::json& oracle() {
    static const nlohmann::json values =
        nlohmann::json::parse(read_text(std::string(TOUCHPOINT_SOURCE_DIR) + "/tests/fixtures/models/oracle_values.json"));
    return values;
}

std::vector<double> params_of(const nlohmann::json& object, std::initializer_list<const char*> names) {
    std::vector<double> values;
    for (const char* name : names) values.push_back(object.at(name).get<double>());
    return values;
}

bool close_relative(double actual, double expected, double tolerance) {
    return std::abs(actual - expected) <= tolerance * std::max(std::abs(expected), 1e-300);
}

CustomerSummary customer(std::string id, int x, double t_x, double T, double monetary = 0) {
    CustomerSummary row;
    row.customer_id = std::move(id);
    row.x = x;
    row.t_x = t_x;
    row.T = T;
    row.monetary = monetary;
    return row;
}

void check_no_nan(const FitResult& fit) {
    CHECK(std::isfinite(fit.log_likelihood));
    CHECK(std::isfinite(fit.aic));
    CHECK(std::isfinite(fit.bic));
    for (double value : fit.params) CHECK(std::isfinite(value));
    for (double value : fit.std_errors) CHECK(std::isfinite(value));
}

}  // namespace

TEST_CASE("log-likelihoods equal the scipy oracle's to 1e-9") {
    const auto summary = cdnow_published_summary();
    const auto& totals = oracle().at("cdnow_totals");
    SUBCASE("CDNOW totals") {
        const auto bg = params_of(totals["bgnbd"]["params"], {"r", "alpha", "a", "b"});
        CHECK(close_relative(total_log_likelihood(ModelKind::BgNbd, summary, bg), totals["bgnbd"]["log_likelihood"].get<double>(), 1e-9));
        const auto pn = params_of(totals["pnbd"]["params"], {"r", "alpha", "s", "beta"});
        CHECK(close_relative(total_log_likelihood(ModelKind::ParetoNbd, summary, pn), totals["pnbd"]["log_likelihood"].get<double>(), 1e-9));
        const auto pn_big = params_of(totals["pnbd_alpha_ge_beta"]["params"], {"r", "alpha", "s", "beta"});
        CHECK(close_relative(total_log_likelihood(ModelKind::ParetoNbd, summary, pn_big),
                             totals["pnbd_alpha_ge_beta"]["log_likelihood"].get<double>(), 1e-9));
        const auto gg = params_of(totals["gg"]["params"], {"p", "q", "gamma"});
        CHECK(close_relative(total_log_likelihood(ModelKind::GammaGamma, summary, gg), totals["gg"]["log_likelihood"].get<double>(), 1e-9));
    }
    SUBCASE("single customers, including x = 0, t_x = T and x = 10,000") {
        const BgNbdParams bg{0.243, 4.414, 0.793, 2.426};
        const ParetoNbdParams pn{0.553, 10.578, 0.606, 11.669};
        const ParetoNbdParams pn_big{0.553, 14.0, 0.606, 3.5};
        const ParetoNbdParams pn_extreme{0.553, 100.0, 0.606, 0.5};  // 2F1's argument near 1: the quadrature path
        for (const auto& row : oracle().at("customers")) {
            const double x = row["x"], t_x = row["t_x"], T = row["T"];
            INFO("x = " << x << ", t_x = " << t_x << ", T = " << T);
            CHECK(close_relative(bgnbd_log_likelihood(bg, x, t_x, T), row["bgnbd_log_likelihood"].get<double>(), 1e-9));
            CHECK(close_relative(pareto_nbd_log_likelihood(pn, x, t_x, T), row["pnbd_log_likelihood"].get<double>(), 1e-9));
            CHECK(close_relative(pareto_nbd_log_likelihood(pn_big, x, t_x, T), row["pnbd_alpha_ge_beta_log_likelihood"].get<double>(), 1e-9));
            CHECK(close_relative(pareto_nbd_log_likelihood(pn_extreme, x, t_x, T), row["pnbd_extreme_log_likelihood"].get<double>(), 1e-9));
            // P(alive) of the huge-x customer is about 1e-315 (subnormal): compare on an absolute scale there.
            CHECK(std::abs(bgnbd_probability_alive(bg, x, t_x, T) - row["bgnbd_p_alive"].get<double>()) <=
                  1e-9 * row["bgnbd_p_alive"].get<double>() + 1e-300);
            CHECK(std::abs(pareto_nbd_probability_alive(pn, x, t_x, T) - row["pnbd_p_alive"].get<double>()) <=
                  1e-9 * row["pnbd_p_alive"].get<double>() + 1e-300);
            if (!row["bgnbd_expected_39"].is_null()) {
                CHECK(close_relative(bgnbd_expected_purchases(bg, x, t_x, T, 39), row["bgnbd_expected_39"].get<double>(), 1e-9));
                CHECK(close_relative(pareto_nbd_expected_purchases(pn, x, t_x, T, 39), row["pnbd_expected_39"].get<double>(), 1e-9));
            }
        }
    }
}

TEST_CASE("the analytic gradients agree with differences of the log-likelihood") {
    const BgNbdParams bg{0.243, 4.414, 0.793, 2.426};
    for (const auto& row : oracle().at("customers")) {
        const double x = row["x"], t_x = row["t_x"], T = row["T"];
        double gradient[4];
        bgnbd_log_likelihood_with_gradient(bg, x, t_x, T, gradient);
        for (int j = 0; j < 4; ++j) {
            BgNbdParams up = bg, down = bg;
            double* up_value = j == 0 ? &up.r : j == 1 ? &up.alpha : j == 2 ? &up.a : &up.b;
            double* down_value = j == 0 ? &down.r : j == 1 ? &down.alpha : j == 2 ? &down.a : &down.b;
            const double step = 1e-6 * *up_value;
            *up_value += step;
            *down_value -= step;
            const double numeric = (bgnbd_log_likelihood(up, x, t_x, T) - bgnbd_log_likelihood(down, x, t_x, T)) / (2 * step);
            INFO("x = " << x << ", parameter " << j);
            CHECK(gradient[j] == doctest::Approx(numeric).epsilon(1e-5));
        }
    }
    const GammaGammaParams gg{6.25, 3.74, 15.44};
    double gradient[3];
    gamma_gamma_log_likelihood_with_gradient(gg, 3, 27.5, gradient);
    const double step = 1e-6;
    CHECK(gradient[0] == doctest::Approx((gamma_gamma_log_likelihood({6.25 + step, 3.74, 15.44}, 3, 27.5) -
                                          gamma_gamma_log_likelihood({6.25 - step, 3.74, 15.44}, 3, 27.5)) / (2 * step)).epsilon(1e-6));
    CHECK(gradient[1] == doctest::Approx((gamma_gamma_log_likelihood({6.25, 3.74 + step, 15.44}, 3, 27.5) -
                                          gamma_gamma_log_likelihood({6.25, 3.74 - step, 15.44}, 3, 27.5)) / (2 * step)).epsilon(1e-6));
    CHECK(gradient[2] == doctest::Approx((gamma_gamma_log_likelihood({6.25, 3.74, 15.44 + step}, 3, 27.5) -
                                          gamma_gamma_log_likelihood({6.25, 3.74, 15.44 - step}, 3, 27.5)) / (2 * step)).epsilon(1e-6));
}

TEST_CASE("the hypergeometric series and the quadrature agree where both apply") {
    for (double z : {0.5, 0.9, 0.97}) {
        for (const auto& parameters : {std::pair{1.2, 1.6}, std::pair{5.0, 0.3}, std::pair{300.0, 1.6}, std::pair{10000.5, 10000.2}}) {
            const double a = parameters.first, b = parameters.second;
            const double quadrature = detail::log_hypergeometric_2f1_c_is_a_plus_one_by_quadrature(a, b, z);
            const double series = detail::log_hypergeometric_2f1_c_is_a_plus_one(a, b, z);
            INFO("a = " << a << ", b = " << b << ", z = " << z);
            CHECK(series == doctest::Approx(quadrature).epsilon(1e-11));
        }
    }
}

TEST_CASE("CDNOW: the fits reproduce the published estimates") {
    const auto& summary = cdnow_summary_from_log();
    REQUIRE(summary.size() == 2357);

    SUBCASE("BG/NBD (Fader, Hardie & Lee 2005)") {
        const auto fit = fit_model(ModelKind::BgNbd, summary);
        REQUIRE_MESSAGE(fit.ok(), fit.error);
        CHECK(fit.converged);
        CHECK(fit.iterations > 0);
        CHECK(fit.param("r") == doctest::Approx(0.243).epsilon(0.0005 / 0.243));
        CHECK(fit.param("alpha") == doctest::Approx(4.414).epsilon(0.0005 / 4.414));
        CHECK(fit.param("a") == doctest::Approx(0.793).epsilon(0.0005 / 0.793));
        CHECK(fit.param("b") == doctest::Approx(2.426).epsilon(0.0005 / 2.426));
        CHECK(std::abs(fit.log_likelihood - -9582.4) <= 0.1);
        CHECK(fit.customers == 2357);
        CHECK(fit.aic == doctest::Approx(2 * 4 - 2 * fit.log_likelihood));
        CHECK(fit.bic == doctest::Approx(4 * std::log(2357.0) - 2 * fit.log_likelihood));
        REQUIRE(fit.std_errors.size() == 4);
        for (double error : fit.std_errors) CHECK(error > 0);

        // With the published estimates: 1.226 expected purchases in the next 39 weeks for x = 2,
        // t_x = 30.43, T = 38.86.
        CHECK(bgnbd_expected_purchases({0.243, 4.414, 0.793, 2.426}, 2, 30.43, 38.86, 39) == doctest::Approx(1.226).epsilon(0.0005 / 1.226));
    }
    SUBCASE("Pareto/NBD (Fader & Hardie)") {
        const auto fit = fit_model(ModelKind::ParetoNbd, summary);
        REQUIRE_MESSAGE(fit.ok(), fit.error);
        CHECK(fit.converged);
        CHECK(fit.param("r") == doctest::Approx(0.553).epsilon(0.0005 / 0.553));
        CHECK(fit.param("alpha") == doctest::Approx(10.578).epsilon(0.0005 / 10.578));
        // Flat in s and beta: good fits differ in the second decimal there (data/README.md).
        CHECK(std::abs(fit.param("s") - 0.606) <= 0.01);
        CHECK(std::abs(fit.param("beta") - 11.669) <= 0.1);
        CHECK(std::abs(fit.log_likelihood - -9595.0) <= 0.1);
    }
    SUBCASE("Gamma-Gamma (Fader, Hardie & Lee 2005, RFM and CLV) on the 946 repeat customers") {
        const auto fit = fit_model(ModelKind::GammaGamma, summary);
        REQUIRE_MESSAGE(fit.ok(), fit.error);
        CHECK(fit.converged);
        CHECK(fit.customers == 946);
        CHECK(fit.param("p") == doctest::Approx(6.25).epsilon(0.005 / 6.25));
        CHECK(fit.param("q") == doctest::Approx(3.74).epsilon(0.005 / 3.74));
        CHECK(fit.param("gamma") == doctest::Approx(15.44).epsilon(0.005 / 15.44));
        CHECK(std::abs(fit.log_likelihood - -4055.9) <= 0.1);
    }
}

TEST_CASE("standard errors: CDNOW against an independent computation, and stable under the step") {
    // bench/models/standard_errors_oracle.py: on the published summary, at the published
    // estimates, sqrt(diag(H^-1)) with H from second differences of the log-likelihood (scipy's
    // special functions, exact sums, Richardson-extrapolated); its digits hold to about 1e-6.
    const auto summary = cdnow_published_summary();
    struct Case {
        ModelKind kind;
        std::vector<double> params, oracle;
    };
    const Case cases[] = {
        {ModelKind::BgNbd, {0.243, 4.414, 0.793, 2.426},
         {0.012586104273027874, 0.378027647004302, 0.18579313063393893, 0.7057837855226102}},
        {ModelKind::ParetoNbd, {0.553, 10.578, 0.606, 11.669},
         {0.04750344863458723, 0.8422353357197468, 0.18664968282610933, 6.188751281159682}},
        {ModelKind::GammaGamma, {6.25, 3.74, 15.44}, {1.3782406713747568, 0.3166989485973198, 4.8168164196644865}},
    };
    for (const auto& test : cases) {
        INFO("model " << std::string(model_name(test.kind)));
        const bool pareto = test.kind == ModelKind::ParetoNbd;
        const auto errors = standard_errors(test.kind, summary, test.params);
        REQUIRE(errors.size() == test.params.size());
        for (std::size_t j = 0; j < errors.size(); ++j) {
            INFO("parameter " << j);
            CHECK(close_relative(errors[j], test.oracle[j], pareto ? 5e-6 : 2e-6));
        }
        // Other steps change nothing that matters (the second differences of the log-likelihood
        // at 1e-4 the fits used before moved the third digit on large data): BG/NBD and
        // Gamma-Gamma ten times the default step (1e-5) either way, Pareto/NBD half of it (1e-2).
        const std::vector<double> steps = pareto ? std::vector<double>{5e-3} : std::vector<double>{1e-4, 1e-6};
        for (double step : steps) {
            const auto again = standard_errors(test.kind, summary, test.params, step);
            REQUIRE(again.size() == errors.size());
            for (std::size_t j = 0; j < errors.size(); ++j) {
                INFO("step " << step << ", parameter " << j);
                CHECK(close_relative(again[j], errors[j], 1e-5));
            }
        }
    }
    CHECK_THROWS_AS(standard_errors(ModelKind::BgNbd, summary, {1.0, 2.0}), std::invalid_argument);

    SUBCASE("a fit's standard errors are these, at its estimates") {
        const auto& from_log = cdnow_summary_from_log();
        for (auto kind : {ModelKind::BgNbd, ModelKind::GammaGamma}) {
            const auto fit = fit_model(kind, from_log);
            REQUIRE(fit.ok());
            const auto errors = standard_errors(kind, from_log, fit.params);
            REQUIRE(fit.std_errors.size() == errors.size());
            for (std::size_t j = 0; j < errors.size(); ++j) CHECK(fit.std_errors[j] == errors[j]);
        }
    }
}

TEST_CASE("predictions for a new customer") {
    const BgNbdParams bg{0.243, 4.414, 0.793, 2.426};
    const auto& bg_new = oracle().at("bgnbd_new_customer");
    CHECK(close_relative(bgnbd_expected_purchases_new_customer(bg, 39), bg_new["expected"].get<double>(), 1e-9));
    const auto& pmf = bg_new["pmf"];
    for (int k = 0; k < static_cast<int>(pmf.size()); ++k) {
        INFO("k = " << k);
        CHECK(close_relative(bgnbd_probability_of_purchases(bg, 39, k), pmf[static_cast<std::size_t>(k)].get<double>(), 1e-9));
    }
    SUBCASE("the probabilities of k purchases sum to 1 and their mean is the expectation") {
        double total = 0, mean = 0;
        for (int k = 0; k < 2000; ++k) {
            const double probability = bgnbd_probability_of_purchases(bg, 39, k);
            total += probability;
            mean += k * probability;
        }
        CHECK(total == doctest::Approx(1.0).epsilon(1e-9));
        CHECK(mean == doctest::Approx(bgnbd_expected_purchases_new_customer(bg, 39)).epsilon(1e-6));
    }
    const ParetoNbdParams pn{0.553, 10.578, 0.606, 11.669};
    CHECK(close_relative(pareto_nbd_expected_purchases_new_customer(pn, 39), oracle()["pnbd_new_customer"]["expected"].get<double>(), 1e-9));
    // At s = 1 the expectation is the limit r beta / alpha log((beta + t) / beta).
    CHECK(pareto_nbd_expected_purchases_new_customer({0.5, 10, 1.0, 12}, 39) == doctest::Approx(0.5 * 12 / 10 * std::log(51.0 / 12)));
    CHECK(pareto_nbd_expected_purchases_new_customer({0.5, 10, 1.0 + 1e-7, 12}, 39) ==
          doctest::Approx(0.5 * 12 / 10 * std::log(51.0 / 12)).epsilon(1e-6));
    // At a = 1 the BG/NBD expectation is continuous.
    CHECK(bgnbd_expected_purchases_new_customer({0.243, 4.414, 1.0, 2.426}, 39) ==
          doctest::Approx(bgnbd_expected_purchases_new_customer({0.243, 4.414, 1.001, 2.426}, 39)).epsilon(1e-3));

    const auto& gg = oracle().at("gg_conditional_mean");
    CHECK(close_relative(*gamma_gamma_expected_spend({6.25, 3.74, 15.44}, 2, 22.35), gg["value"].get<double>(), 1e-12));
    CHECK(*gamma_gamma_population_mean_spend({6.25, 3.74, 15.44}) == doctest::Approx(6.25 * 15.44 / 2.74));
    CHECK_FALSE(gamma_gamma_population_mean_spend({6.25, 0.9, 15.44}));
}

TEST_CASE("per-customer predictions and CLV") {
    const auto& summary = cdnow_summary_from_log();
    const auto purchases = fit_model(ModelKind::BgNbd, summary);
    const auto spend = fit_model(ModelKind::GammaGamma, summary);
    REQUIRE(purchases.ok());
    REQUIRE(spend.ok());
    const auto rows = predict_customers(purchases, &spend, summary, {39, 0});
    REQUIRE(rows.size() == summary.size());
    double predicted = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        REQUIRE(row.clv);
        CHECK(row.probability_alive >= 0);
        CHECK(row.probability_alive <= 1);
        // Without discounting, CLV is expected purchases times expected spend.
        CHECK(*row.clv == doctest::Approx(row.expected_purchases * *row.expected_spend).epsilon(1e-9));
        predicted += row.expected_purchases;
    }
    CHECK(predicted > 0);
    // Discounting lowers every value, and by less than the whole first period's worth.
    const auto discounted = predict_customers(purchases, &spend, summary, {39, 0.01});
    CHECK(*discounted[0].clv < *rows[0].clv);
    CHECK(*discounted[0].clv > *rows[0].clv / std::pow(1.01, 39));
    // By hand: one period, d = 0.1: E[X(T, T+1)] * spend / 1.1.
    CHECK(discounted_value(purchases, 2, 30.43, 38.86, 1, 0.1, 20) ==
          doctest::Approx(expected_purchases(purchases, 2, 30.43, 38.86, 1) * 20 / 1.1));
    const auto pareto = fit_model(ModelKind::ParetoNbd, summary);
    CHECK(probability_of_purchases(pareto, 39, 1) == pareto_nbd_probability_of_purchases(pareto.pareto_nbd(), 39, 1));

    SUBCASE("the rows are the one-customer functions' values (customers with the same x and T share work)") {
        for (const auto& model : {purchases, fit_model(ModelKind::ParetoNbd, summary)}) {
            INFO("model " << std::string(model_name(model.kind)));
            for (double horizon : {39.0, 10.5}) {
                const auto table = predict_customers(model, &spend, summary, {horizon, 0.01});
                for (std::size_t i = 0; i < summary.size(); i += 7) {
                    const auto& c = summary[i];
                    INFO("customer " << c.customer_id << ", horizon " << horizon);
                    CHECK(table[i].customer_id == c.customer_id);
                    CHECK(table[i].probability_alive == probability_alive(model, c.x, c.t_x, c.T));
                    CHECK(close_relative(table[i].expected_purchases, expected_purchases(model, c.x, c.t_x, c.T, horizon), 1e-12));
                    REQUIRE(table[i].expected_spend);
                    REQUIRE(table[i].clv);
                    const double clv = discounted_value(model, c.x, c.t_x, c.T, horizon, 0.01, *table[i].expected_spend);
                    CHECK(close_relative(*table[i].clv, clv, 1e-12));
                }
            }
        }
    }
}

TEST_CASE("awkward data give a valid fit or a clear error, never a NaN") {
    for (auto kind : {ModelKind::BgNbd, ModelKind::ParetoNbd, ModelKind::GammaGamma}) {
        INFO("model " << std::string(model_name(kind)));
        SUBCASE("every customer has x = 0") {
            std::vector<CustomerSummary> rows;
            for (int i = 0; i < 50; ++i) rows.push_back(customer(std::to_string(i), 0, 0, 10 + i));
            const auto fit = fit_model(kind, rows);
            CHECK_FALSE(fit.ok());
            CHECK_FALSE(fit.converged);
            CHECK(fit.error.find(kind == ModelKind::GammaGamma ? "repeat purchases" : "x = 0") != std::string::npos);
        }
        SUBCASE("a single customer") {
            const auto fit = fit_model(kind, {customer("A", 3, 20, 30, 12.5)});
            CHECK_FALSE(fit.ok());
            CHECK(fit.error.find("at least") != std::string::npos);
        }
        SUBCASE("no customers") { CHECK_FALSE(fit_model(kind, {}).ok()); }
        SUBCASE("t_x after T names the customer") {
            const auto fit = fit_model(kind, {customer("late", 2, 40, 30, 5), customer("b", 1, 3, 30, 5), customer("c", 0, 0, 30),
                                              customer("d", 1, 3, 30, 5), customer("e", 2, 10, 30, 6)});
            CHECK(fit.error.find("customer 'late'") != std::string::npos);
        }
        SUBCASE("mixed data with t_x = T, a huge x and x = 0") {
            std::vector<CustomerSummary> rows = cdnow_published_summary();
            rows.resize(300);
            rows.push_back(customer("huge", 10000, 38, 38.5, 10));
            rows.push_back(customer("t_x is T", 4, 30, 30, 20));
            rows.push_back(customer("new today", 0, 0, 0));
            const auto fit = fit_model(kind, rows);
            check_no_nan(fit);
            if (!fit.ok()) MESSAGE(fit.error);
            CHECK(fit.ok());
            CHECK(fit.converged);
        }
        SUBCASE("every repeat customer bought up to the end (t_x = T)") {
            std::vector<CustomerSummary> rows;
            for (int i = 0; i < 40; ++i) rows.push_back(customer(std::to_string(i), 1 + i % 4, 20 + i, 20 + i, 5 + i % 7));
            for (int i = 0; i < 40; ++i) rows.push_back(customer("z" + std::to_string(i), 0, 0, 20 + i));
            const auto fit = fit_model(kind, rows);
            check_no_nan(fit);
            CHECK((fit.ok() || !fit.error.empty()));
            CHECK(fit.converged == fit.ok());
        }
    }
}

TEST_CASE("a likelihood that rises towards no dropout is an error naming the parameters, not a converged fit") {
    // Customers who buy at regular intervals right up to the end of calibration: nothing in the
    // data suggests anyone stopped. BG/NBD's likelihood then rises towards a -> 0 (or b -> infinity),
    // Pareto/NBD's towards s -> 0 (or beta -> infinity); the optimiser stops along the ridge, short
    // of the bounds, where it once reported a converged fit.
    std::vector<CustomerSummary> rows;
    for (int i = 0; i < 500; ++i) {
        const double T = std::round((10 + 68.0 * ((i * 37) % 100) / 100.0) * 7) / 7;
        const double rate = 0.02 + 0.4 * ((i * 61) % 97) / 97.0 * ((i * 13) % 7) / 7.0;  // purchases a week
        const int x = static_cast<int>(std::floor(rate * T));
        const double t_x = x > 0 ? std::min(T, std::round(x / rate * 7) / 7) : 0.0;
        rows.push_back(customer(std::to_string(i), x, t_x, T, x > 0 ? 10.0 + i % 5 : 0.0));
    }
    for (bool with_errors : {true, false}) {
        FitOptions options;
        options.standard_errors = with_errors;
        for (auto kind : {ModelKind::BgNbd, ModelKind::ParetoNbd}) {
            INFO("model " << std::string(model_name(kind)) << (with_errors ? "" : ", without standard errors"));
            const auto fit = fit_model(kind, rows, options);
            check_no_nan(fit);
            CHECK_FALSE(fit.ok());
            CHECK_FALSE(fit.converged);
            CHECK(fit.std_errors.empty());
            INFO(fit.error);
            CHECK(fit.error.find("no dropout") != std::string::npos);
            CHECK(fit.error.find(kind == ModelKind::BgNbd ? "a = " : "s = ") != std::string::npos);
            CHECK(fit.error.find(kind == ModelKind::BgNbd ? "b = " : "beta = ") != std::string::npos);
            // The estimates are still there, at the edge of what the data allow: r and alpha as
            // without dropout, the mean dropout next to nothing.
            REQUIRE(fit.params.size() == 4);
            CHECK(fit.params[2] / (kind == ModelKind::BgNbd ? fit.params[2] + fit.params[3] : fit.params[3]) < 1e-6);
        }
    }
    SUBCASE("fits with real dropout are not affected") {
        for (auto kind : {ModelKind::BgNbd, ModelKind::ParetoNbd}) {
            const auto fit = fit_model(kind, cdnow_summary_from_log());
            CHECK(fit.ok());
            CHECK(fit.converged);
        }
    }
}

TEST_CASE("FitJob runs the fit as a job") {
    FitJob job(ModelKind::BgNbd, cdnow_summary_from_log());
    const auto progress = jobs::run_to_completion(job, [](const jobs::Progress&) {});
    CHECK(progress.finished);
    CHECK(progress.error.empty());
    REQUIRE(job.result());
    CHECK(job.result()->param("r") == doctest::Approx(0.243).epsilon(0.003));

    FitJob cancelled(ModelKind::BgNbd, cdnow_summary_from_log());
    cancelled.cancel();
    CHECK(cancelled.step(std::chrono::milliseconds(10)).error == "cancelled");

    FitJob failing(ModelKind::ParetoNbd, {});
    const auto failed = jobs::run_to_completion(failing, [](const jobs::Progress&) {});
    CHECK(failed.finished);
    CHECK_FALSE(failed.error.empty());
}
