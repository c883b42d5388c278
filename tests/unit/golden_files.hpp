#pragma once
// What the metric suites share: golden files read from tests/golden/<folder>/, CSVs imported
// through the real importer, sample shops built in memory, and JSON compared field by field.
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/data/store.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace touchpoint::testing {

inline std::string read_text(const std::string& path) {
    const auto text = data::read_file_bytes(path);
    REQUIRE_MESSAGE(text.has_value(), "cannot read " << path);
    return *text;
}

inline std::string golden_text(const std::string& folder, const std::string& name) {
    return read_text(std::string(TOUCHPOINT_SOURCE_DIR) + "/tests/golden/" + folder + "/" + name);
}

inline nlohmann::json golden_json(const std::string& folder, const std::string& name) {
    return nlohmann::json::parse(golden_text(folder, name));
}

// A plain comma-separated golden table (no quotes), without its header row.
inline std::vector<std::vector<std::string>> golden_table(const std::string& folder, const std::string& name) {
    std::istringstream lines(golden_text(folder, name));
    std::vector<std::vector<std::string>> rows;
    bool header = true;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) continue;
        if (header) {
            header = false;
            continue;
        }
        std::vector<std::string> fields;
        std::istringstream cells(line);
        for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
        rows.push_back(std::move(fields));
    }
    return rows;
}

// Imports a golden CSV through the importer; every row must load.
inline data::ImportReport import_golden(data::Store& store, const std::string& folder, const std::string& name,
                                        data::TableKind table = data::TableKind::Orders) {
    data::ImportOptions options;
    options.table = table;
    const auto report = data::import_file(store, name, golden_text(folder, name), options);
    REQUIRE_FALSE(report.fatal_error.has_value());
    REQUIRE(report.rows_rejected == 0);
    return report;
}

// The golden folder's orders.csv, imported and read back as the analyses see it.
inline data::Dataset golden_dataset(const std::string& folder) {
    auto store = data::Store::open(":memory:");
    import_golden(store, folder, "orders.csv");
    return data::load_dataset(store);
}

// The sample shop (default seed) with this many customers, in an in-memory store.
inline data::Store sample_store(int customers) {
    data::SampleShopOptions options;
    options.customers = customers;
    auto store = data::Store::open(":memory:");
    data::write_sample_shop(store, data::generate_sample_shop(options));
    return store;
}

// Adds what the sample shop lacks and no count may take for purchases: a second order on the same
// day for every seventh order, and a refund `refund_after_days` after every fifth.
inline void add_same_day_orders_and_refunds(data::Store& store, int refund_after_days) {
    store.execute(R"sql(
        INSERT INTO orders (order_id, customer_id, order_date, amount, is_return)
            SELECT 'same-day-' || order_id, customer_id, order_date, 12.5, 0 FROM orders WHERE rowid % 7 = 0;
    )sql");
    store.execute("INSERT INTO orders (order_id, customer_id, order_date, amount, is_return) "
                  "SELECT 'refund-' || order_id, customer_id, date(order_date, '+" + std::to_string(refund_after_days) +
                  " days'), -amount, 1 FROM orders WHERE rowid % 5 = 0 AND is_return = 0");
}

inline data::Dataset sample_dataset(int customers) {
    auto store = sample_store(customers);
    return data::load_dataset(store);
}

// Same keys and array lengths; numbers to 1e-9 unless both are integers, then exactly.
inline void check_json_matches(const nlohmann::json& expected, const nlohmann::json& actual, const std::string& path) {
    INFO("at " << path);
    if (expected.is_number() && actual.is_number()) {
        if (expected.is_number_integer() && actual.is_number_integer())
            CHECK(expected.get<std::int64_t>() == actual.get<std::int64_t>());
        else
            CHECK(actual.get<double>() == doctest::Approx(expected.get<double>()).epsilon(1e-9));
        return;
    }
    REQUIRE(expected.type_name() == std::string(actual.type_name()));
    if (expected.is_object()) {
        CHECK(expected.size() == actual.size());
        for (const auto& item : expected.items()) {
            const std::string key = item.key();
            REQUIRE_MESSAGE(actual.contains(key), "missing key " << path << "." << key);
            check_json_matches(item.value(), actual[key], path + "." + key);
        }
    } else if (expected.is_array()) {
        REQUIRE(expected.size() == actual.size());
        for (std::size_t i = 0; i < expected.size(); ++i) check_json_matches(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
    } else {
        CHECK(expected == actual);
    }
}

}  // namespace touchpoint::testing
