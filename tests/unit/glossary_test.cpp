#include "touchpoint/help/glossary.hpp"
#include "touchpoint/metrics/headline.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

using namespace touchpoint;

namespace {

bool is_snake_case(std::string_view key) {
    if (key.empty() || !(key.front() >= 'a' && key.front() <= 'z') || key.back() == '_') return false;
    return std::all_of(key.begin(), key.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool is_printable_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= ' ' && c <= '~'; });
}

}  // namespace

TEST_CASE("keys are unique snake_case and every field is filled in") {
    std::set<std::string_view> keys;
    for (const auto& entry : help::glossary()) {
        CAPTURE(entry.key);
        CHECK(is_snake_case(entry.key));
        CHECK(keys.insert(entry.key).second);
        CHECK_FALSE(entry.label.empty());
        CHECK_FALSE(entry.group.empty());
        CHECK(entry.definition.size() > 20);
        CHECK(entry.definition.back() == '.');
    }
    CHECK(keys.size() == help::glossary().size());
}

TEST_CASE("texts are null-terminated plain ASCII, safe for ImGui and a terminal") {
    for (const auto& entry : help::glossary()) {
        CAPTURE(entry.key);
        for (const auto text : {entry.key, entry.label, entry.definition, entry.group}) {
            CHECK(is_printable_ascii(text));
            CHECK(text.data()[text.size()] == '\0');
        }
    }
}

TEST_CASE("groups are contiguous and listed once, in order") {
    const auto& groups = help::glossary_groups();
    REQUIRE_FALSE(groups.empty());
    std::size_t group_index = 0;
    for (const auto& entry : help::glossary()) {
        if (entry.group != groups[group_index]) ++group_index;
        REQUIRE(group_index < groups.size());
        CHECK(entry.group == groups[group_index]);
    }
    CHECK(group_index + 1 == groups.size());
    std::size_t entries = 0;
    for (const auto group : groups) entries += help::entries_in_group(group).size();
    CHECK(entries == help::glossary().size());
    CHECK(help::entries_in_group("No such group").empty());
    for (const auto* group : {"Retention", "Segments", "Surveys", "Support", "Predictions", "BG/NBD", "Pareto/NBD",
                              "Gamma-Gamma", "Summary", "Sample shop"})
        CHECK(std::find(groups.begin(), groups.end(), group) != groups.end());
}

TEST_CASE("every key of the headline metrics JSON has an entry") {
    metrics::HeadlineMetrics example;
    example.returning_by_month.push_back({"2024-01", 0, 1});
    const auto json = metrics::to_json(example);
    for (const auto& item : json.items()) {
        const std::string key = item.key();  // a plain variable: clang 14 cannot capture a structured binding
        CAPTURE(key);
        CHECK(help::find_entry(key) != nullptr);
    }
}

TEST_CASE("metric_definitions() are the glossary's words") {
    const auto& definitions = metrics::metric_definitions();
    CHECK(definitions.size() == 5);
    for (const auto& definition : definitions) {
        CAPTURE(definition.key);
        const auto* entry = help::find_entry(definition.key);
        REQUIRE(entry != nullptr);
        CHECK(std::string_view(definition.label) == entry->label);
        CHECK(std::string_view(definition.definition) == entry->definition);
        CHECK(entry->group == "Retention");
        // The same storage, not a copy that could drift.
        CHECK(definition.definition == entry->definition.data());
    }
}

TEST_CASE("find_entry and definition_of look entries up by key") {
    const auto* entry = help::find_entry("repeat_purchase_rate");
    REQUIRE(entry != nullptr);
    CHECK(entry->label == "Repeat purchase rate");
    CHECK(entry->group == "Retention");
    CHECK(help::definition_of("repeat_purchase_rate") == entry->definition);
    CHECK(help::definition_of("repeat_purchase_rate").find("two or more different days") != std::string_view::npos);

    CHECK(help::find_entry("no_such_metric") == nullptr);
    CHECK(help::definition_of("no_such_metric").empty());
    CHECK(help::find_entry("") == nullptr);
    CHECK(help::find_entry("Repeat_Purchase_Rate") == nullptr);  // keys are exact
}

TEST_CASE("every metric the product shows next is defined") {
    for (const auto* key : {"churn_rate", "purchase_frequency", "average_days_between_orders", "inter_purchase_time",
                            "lost_after_first_purchase", "segment_new", "segment_returning", "segment_loyal",
                            "segment_lapsed", "rfm_recency", "rfm_frequency", "rfm_monetary", "nps", "csat", "ces",
                            "first_response_time", "resolution_time", "p_alive", "expected_purchases",
                            "customer_lifetime_value"}) {
        CAPTURE(key);
        CHECK_FALSE(help::definition_of(key).empty());
    }
}

TEST_CASE("every model parameter is defined in its model's group") {
    const auto check_group = [](std::string_view group, std::initializer_list<const char*> keys) {
        for (const auto* key : keys) {
            CAPTURE(key);
            const auto* entry = help::find_entry(key);
            REQUIRE(entry != nullptr);
            CHECK(entry->group == group);
        }
    };
    check_group("BG/NBD", {"bgnbd_r", "bgnbd_alpha", "bgnbd_a", "bgnbd_b"});
    check_group("Pareto/NBD", {"paretonbd_r", "paretonbd_alpha", "paretonbd_s", "paretonbd_beta"});
    check_group("Gamma-Gamma", {"gg_p", "gg_q", "gg_gamma"});
    check_group("Summary", {"summary_x", "summary_t_x", "summary_observation_period", "summary_monetary"});
    check_group("Sample shop", {"sample_seed", "sample_customers", "sample_days", "sample_purchase_rate_shape",
                                "sample_purchase_rate_alpha", "sample_dropout_a", "sample_dropout_b",
                                "sample_seasonal_peak_day", "sample_seasonal_width", "sample_seasonal_amplitude",
                                "sample_spend_shape_p", "sample_spend_shape_q", "sample_spend_rate_gamma"});
    // The summary's labels are its column names, so a table header can find its definition.
    for (const auto* column : {"x", "t_x", "T", "monetary"}) {
        const auto entries = help::entries_in_group("Summary");
        CAPTURE(column);
        CHECK(std::any_of(entries.begin(), entries.end(), [&](const auto* entry) { return entry->label == column; }));
    }
}
