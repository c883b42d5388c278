#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/records.hpp"
#include "touchpoint/metrics/headline.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <vector>

using namespace touchpoint;
using data::Day;

namespace {

data::OrderRecord order(std::string id, std::string customer, Day day, double amount = 10.0) {
    return {std::move(id), std::move(customer), day, amount, 1, "Coffee", "web"};
}

metrics::HeadlineMetrics metrics_of(const std::vector<data::OrderRecord>& orders) {
    auto store = data::Store::open(":memory:");
    data::insert_orders(store, orders);
    return metrics::compute_headline_metrics(data::load_dataset(store));
}

constexpr auto y2024 = date::year{2024};

}  // namespace

TEST_CASE("hand-computed fixture: four customers over five months") {
    // A: Jan 10 (twice, one purchase), Feb 15, Mar 1   -> 3 purchase days, gaps 36 and 15 (2024 is a leap year)
    // B: Jan 20                                        -> one-time buyer
    // C: Feb 1, Feb 11                                 -> gap 10, both in its first month
    // D: Mar 31, May 2                                 -> gap 32, returns in May
    // Inserted out of order: the Dataset must sort by customer and date.
    const auto m = metrics_of({
        order("7", "D", y2024 / 5 / 2), order("1", "A", y2024 / 1 / 10), order("2", "A", y2024 / 1 / 10),
        order("3", "A", y2024 / 3 / 1), order("4", "A", y2024 / 2 / 15), order("5", "B", y2024 / 1 / 20),
        order("6", "C", y2024 / 2 / 11), order("8", "C", y2024 / 2 / 1), order("9", "D", y2024 / 3 / 31),
    });
    CHECK(m.customers == 4);
    CHECK(m.orders == 9);
    REQUIRE(m.repeat_purchase_rate);
    CHECK(*m.repeat_purchase_rate == doctest::Approx(0.75));  // A, C, D of four
    REQUIRE(m.median_days_between_orders);
    CHECK(*m.median_days_between_orders == doctest::Approx(23.5));  // gaps 10, 15, 32, 36

    REQUIRE(m.returning_by_month.size() == 5);  // January to May, April included though quiet
    const std::vector<std::string> months{"2024-01", "2024-02", "2024-03", "2024-04", "2024-05"};
    const std::vector<std::int64_t> returning{0, 1, 1, 0, 1};  // Feb: A; Mar: A; May: D
    const std::vector<std::int64_t> new_customers{2, 1, 1, 0, 0};
    for (std::size_t i = 0; i < months.size(); ++i) {
        CAPTURE(i);
        CHECK(m.returning_by_month[i].month == months[i]);
        CHECK(m.returning_by_month[i].returning == returning[i]);
        CHECK(m.returning_by_month[i].new_customers == new_customers[i]);
    }
}

TEST_CASE("a customer returning several times in one month is counted once for it") {
    const auto m = metrics_of({order("1", "A", y2024 / 1 / 31), order("2", "A", y2024 / 2 / 1),
                               order("3", "A", y2024 / 2 / 20), order("4", "A", y2024 / 2 / 28)});
    CHECK(*m.repeat_purchase_rate == doctest::Approx(1.0));
    CHECK(*m.median_days_between_orders == doctest::Approx(8.0));  // gaps 1, 19, 8
    REQUIRE(m.returning_by_month.size() == 2);
    CHECK(m.returning_by_month[1].returning == 1);
}

TEST_CASE("only one-order customers: no repeat purchases and no gap to measure") {
    const auto m = metrics_of({order("1", "A", y2024 / 3 / 3), order("2", "B", y2024 / 3 / 9)});
    CHECK(m.customers == 2);
    CHECK(m.orders == 2);
    CHECK(*m.repeat_purchase_rate == doctest::Approx(0.0));
    CHECK_FALSE(m.median_days_between_orders);
    REQUIRE(m.returning_by_month.size() == 1);
    CHECK(m.returning_by_month[0].returning == 0);
    CHECK(m.returning_by_month[0].new_customers == 2);
}

TEST_CASE("several orders on one day are one purchase, not a return") {
    const auto m = metrics_of({order("1", "A", y2024 / 6 / 1), order("2", "A", y2024 / 6 / 1),
                               order("3", "A", y2024 / 6 / 1)});
    CHECK(m.customers == 1);
    CHECK(m.orders == 3);
    CHECK(*m.repeat_purchase_rate == doctest::Approx(0.0));
    CHECK_FALSE(m.median_days_between_orders);
}

TEST_CASE("an empty store has counts of zero and no rates") {
    const auto m = metrics_of({});
    CHECK(m.customers == 0);
    CHECK(m.orders == 0);
    CHECK_FALSE(m.repeat_purchase_rate);
    CHECK_FALSE(m.median_days_between_orders);
    CHECK(m.returning_by_month.empty());

    const auto json = metrics::to_json(m);
    CHECK(json["customers"] == 0);
    CHECK(json["repeat_purchase_rate"].is_null());
    CHECK(json["median_days_between_orders"].is_null());
    CHECK(json["returning_by_month"].is_array());
    CHECK(json["returning_by_month"].empty());
}

TEST_CASE("the JSON carries every headline key with the computed values") {
    const auto m = metrics_of({order("1", "A", y2024 / 1 / 1), order("2", "A", y2024 / 1 / 8),
                               order("3", "B", y2024 / 2 / 3)});
    const auto json = metrics::to_json(m);
    CHECK(json["customers"] == 2);
    CHECK(json["orders"] == 3);
    CHECK(json["repeat_purchase_rate"].get<double>() == doctest::Approx(0.5));
    CHECK(json["median_days_between_orders"].get<double>() == doctest::Approx(7.0));
    REQUIRE(json["returning_by_month"].size() == 2);
    CHECK(json["returning_by_month"][1]["month"] == "2024-02");
    CHECK(json["returning_by_month"][1]["returning"] == 0);
    CHECK(json["returning_by_month"][1]["new"] == 1);
    for (const auto& definition : metrics::metric_definitions()) CHECK(json.contains(definition.key));
}
