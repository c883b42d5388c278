// Benchmarks of the foundation path: generate the sample shop, store it, load the columnar
// Dataset and compute the headline metrics. The peer for the metrics is SQLite itself:
// the repeat purchase rate and returning customers per month as plain SQL over the same store.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/metrics/headline.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

namespace {

using namespace touchpoint;

double best_milliseconds(int repetitions, const std::function<void()>& work) {
    double best = 1e300;
    for (int i = 0; i < repetitions; ++i) {
        const auto start = std::chrono::steady_clock::now();
        work();
        const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
        best = std::min(best, elapsed.count());
    }
    return best;
}

void row(const char* what, const char* who, double milliseconds, std::size_t items) {
    std::printf("%-44s %-22s %10.2f ms %12.0f items/s\n", what, who, milliseconds, static_cast<double>(items) / (milliseconds / 1000.0));
}

}  // namespace

int main(int argc, char** argv) {
    data::SampleShopOptions options;
    if (argc > 1) options.customers = std::atoi(argv[1]);
    const int repetitions = 5;

    data::SampleShop shop;
    const double generate = best_milliseconds(repetitions, [&] { shop = data::generate_sample_shop(options); });
    auto store = data::Store::open(":memory:");
    const double write = best_milliseconds(1, [&] { data::write_sample_shop(store, shop); });
    data::Dataset dataset;
    const double load = best_milliseconds(repetitions, [&] { dataset = data::load_dataset(store); });
    metrics::HeadlineMetrics result;
    const double compute = best_milliseconds(repetitions, [&] { result = metrics::compute_headline_metrics(dataset); });

    double sql_rate = 0;
    const double sql_repeat = best_milliseconds(repetitions, [&] {
        auto query = store.prepare(
            "SELECT avg(purchase_days >= 2) FROM"
            " (SELECT customer_id, count(DISTINCT order_date) AS purchase_days FROM orders GROUP BY customer_id)");
        query.step();
        sql_rate = query.column_double(0);
    });
    const double sql_returning = best_milliseconds(repetitions, [&] {
        auto query = store.prepare(
            "SELECT month, count(DISTINCT customer_id) FROM"
            " (SELECT customer_id, substr(order_date, 1, 7) AS month,"
            "         min(substr(order_date, 1, 7)) OVER (PARTITION BY customer_id) AS first_month FROM orders)"
            " WHERE month > first_month GROUP BY month");
        while (query.step()) {
        }
    });

    const auto orders = shop.orders.size();
    std::printf("sample shop: %d customers, %zu orders (best of %d)\n\n", options.customers, orders, repetitions);
    std::printf("%-44s %-22s %13s %18s\n", "task", "implementation", "time", "throughput");
    row("generate sample shop", "touchpoint", generate, orders);
    row("write to SQLite (one transaction)", "touchpoint", write, orders);
    row("load columnar Dataset from SQLite", "touchpoint", load, orders);
    row("headline metrics from Dataset", "touchpoint", compute, orders);
    row("repeat purchase rate only", "SQLite SQL (peer)", sql_repeat, orders);
    row("returning customers per month only", "SQLite SQL (peer)", sql_returning, orders);
    std::printf("\ncheck: repeat purchase rate touchpoint %.6f, SQL %.6f\n", *result.repeat_purchase_rate, sql_rate);
    return 0;
}
