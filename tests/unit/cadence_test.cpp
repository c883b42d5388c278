// Cadences: JSON in and out with errors that name the field, validation warnings (overlaps,
// caps, quiet days), and the templates in assets/cadences.
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/cadence/templates.hpp"
#include "touchpoint/cadence/validation.hpp"
#include "touchpoint/data/file_text.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

using namespace touchpoint;
using namespace touchpoint::cadence;

namespace {

Cadence full_cadence() {
    Cadence cadence;
    cadence.name = "Everything set";
    cadence.description = "Every field away from its default";
    cadence.caps = {3, 2};
    cadence.timing = {4, 180, 30};
    auto welcome = make_step("Welcome", TouchKind::Welcome, Trigger::DaysAfterFirstPurchase, 0, Channel::Email);
    welcome.intent = "clarify expectations";
    auto call = make_step("Call", TouchKind::FollowUpCall, Trigger::AfterEachPurchase, 5, Channel::Phone);
    call.segments = {metrics::Segment::Returning, metrics::Segment::Loyal};
    call.reach_rate = 0.55;
    call.cost = 7.5;
    auto check_in = make_step("Check-in", TouchKind::QuarterlyCheckIn, Trigger::DaysAfterFirstPurchase, 90, Channel::Chat);
    check_in.repeat_every_days = 90;
    auto offer = make_step("Offer", TouchKind::WinBack, Trigger::AfterSilence, 60, Channel::Sms);
    offer.discount = true;
    auto status = make_step("Shipped", TouchKind::OrderStatus, Trigger::AfterDelivery, 0, Channel::Email);
    status.transactional = true;
    auto renewal = make_step("Renewal", TouchKind::PreRenewal, Trigger::BeforeRenewal, 20, Channel::InPerson);
    auto nudge = make_step("Nudge", TouchKind::SecondPurchaseNudge, Trigger::UsualRepurchaseTime, -3, Channel::Email);
    auto reward = make_step("Reward", TouchKind::LoyaltyReward, Trigger::OnSegmentChange, 1, Channel::Email);
    reward.segments = {metrics::Segment::Loyal};
    cadence.steps = {welcome, call, check_in, offer, status, renewal, nudge, reward};
    return cadence;
}

std::vector<std::string> messages(const std::vector<CadenceIssue>& issues, IssueSeverity severity) {
    std::vector<std::string> found;
    for (const auto& issue : issues)
        if (issue.severity == severity) found.push_back(issue.message);
    return found;
}

bool any_contains(const std::vector<std::string>& texts, const std::string& part) {
    return std::any_of(texts.begin(), texts.end(), [&](const std::string& text) { return text.find(part) != std::string::npos; });
}

// The error a JSON document gives when loaded, as (field, message).
std::pair<std::string, std::string> load_error(const std::string& text) {
    try {
        cadence_from_json_text(text);
    } catch (const CadenceError& error) {
        return {error.field(), error.what()};
    }
    FAIL("the cadence loaded: " << text);
    return {};
}

const char* minimal_step = R"({"name": "Hello", "kind": "welcome", "trigger": "days_after_first_purchase", "channel": "email"})";

std::string with_step(const std::string& step) { return R"({"name": "C", "steps": [)" + step + "]}"; }

}  // namespace

TEST_CASE("a cadence survives JSON and back, every field included") {
    const auto cadence = full_cadence();
    REQUIRE_FALSE(has_errors(validate_cadence(cadence)));
    CHECK(cadence_from_json(to_json(cadence)) == cadence);
    CHECK(cadence_from_json_text(cadence_json_text(cadence)) == cadence);
    const auto json = to_json(cadence);
    CHECK(json["format"] == "touchpoint.cadence");
    CHECK(json["steps"][1]["segments"] == nlohmann::json::array({"returning", "loyal"}));
    CHECK(json["steps"][5]["channel"] == "in_person");
    CHECK(json["steps"][3]["trigger"] == "after_silence");
}

TEST_CASE("names have keys and labels both ways") {
    for (std::size_t k = 0; k < touch_kind_count; ++k) {
        const auto kind = static_cast<TouchKind>(k);
        CHECK(touch_kind_from_key(touch_kind_key(kind)) == kind);
        CHECK_FALSE(touch_kind_label(kind).empty());
    }
    for (std::size_t t = 0; t < trigger_count; ++t) {
        const auto trigger = static_cast<Trigger>(t);
        CHECK(trigger_from_key(trigger_key(trigger)) == trigger);
        CHECK_FALSE(trigger_delay_meaning(trigger).empty());
    }
    for (std::size_t c = 0; c < channel_count; ++c) {
        const auto channel = static_cast<Channel>(c);
        CHECK(channel_from_key(channel_key(channel)) == channel);
        const auto defaults = channel_defaults(channel);
        CHECK(defaults.reach_rate > 0);
        CHECK(defaults.reach_rate <= 1);
        CHECK(defaults.cost_per_touch > 0);
        CHECK_FALSE(defaults.source.empty());
    }
    CHECK_FALSE(touch_kind_from_key("fax_blast").has_value());
    CHECK(target_segment_from_key("lapsed") == metrics::Segment::Lapsed);
    CHECK_FALSE(target_segment_from_key("not_yet_customer").has_value());
}

TEST_CASE("a step without reach or cost takes its channel's defaults; other fields their defaults") {
    const auto cadence = cadence_from_json_text(
        with_step(R"({"name": "Call", "kind": "follow_up_call", "trigger": "after_each_purchase", "channel": "phone"})"));
    REQUIRE(cadence.steps.size() == 1);
    const auto& step = cadence.steps[0];
    CHECK(step.reach_rate == channel_defaults(Channel::Phone).reach_rate);
    CHECK(step.cost == channel_defaults(Channel::Phone).cost_per_touch);
    CHECK(step.delay_days == 0);
    CHECK(step.segments.empty());
    CHECK_FALSE(step.discount);
    CHECK(cadence.caps == FrequencyCaps{});
    CHECK(cadence.timing == CadenceTiming{});
}

TEST_CASE("load errors name the field") {
    SUBCASE("an unknown channel") {
        const auto [field, message] = load_error(
            with_step(R"({"name": "A", "kind": "welcome", "trigger": "after_each_purchase", "channel": "fax"})"));
        CHECK(field == "steps[0].channel");
        CHECK(message.find("'fax' is not a channel") != std::string::npos);
        CHECK(message.find("in_person") != std::string::npos);
    }
    SUBCASE("a missing kind") {
        const auto [field, message] = load_error(with_step(R"({"name": "A", "trigger": "after_each_purchase", "channel": "email"})"));
        CHECK(field == "steps[0].kind");
        CHECK(message.find("missing") != std::string::npos);
    }
    SUBCASE("a reach rate above 1, in the second step") {
        const auto [field, message] = load_error(with_step(std::string(minimal_step) + R"(, {"name": "B", "kind": "survey",
            "trigger": "days_after_first_purchase", "channel": "email", "reach_rate": 1.5})"));
        CHECK(field == "steps[1].reach_rate");
        CHECK(message.find("'B'") != std::string::npos);
    }
    SUBCASE("a misspelt key") {
        const auto [field, message] = load_error(with_step(R"({"name": "A", "kind": "welcome",
            "trigger": "days_after_first_purchase", "channel": "email", "reach": 0.5})"));
        CHECK(field == "steps[0].reach");
        CHECK(message.find("reach_rate") != std::string::npos);
    }
    SUBCASE("a fractional number of days") {
        const auto [field, message] = load_error(with_step(R"({"name": "A", "kind": "welcome",
            "trigger": "days_after_first_purchase", "channel": "email", "delay_days": 2.5})"));
        CHECK(field == "steps[0].delay_days");
    }
    SUBCASE("a cap of the wrong type") {
        const auto [field, message] = load_error(R"({"name": "C", "caps": {"max_touches_per_30_days": "four"}})");
        CHECK(field == "caps.max_touches_per_30_days");
    }
    SUBCASE("an unknown segment") {
        const auto [field, message] = load_error(with_step(R"({"name": "A", "kind": "welcome",
            "trigger": "days_after_first_purchase", "channel": "email", "segments": ["vip"]})"));
        CHECK(field == "steps[0].segments[0]");
    }
    SUBCASE("another format") {
        const auto [field, message] = load_error(R"({"format": "touchpoint.scenario", "name": "C"})");
        CHECK(field == "format");
    }
    SUBCASE("no name") {
        const auto [field, message] = load_error(R"({"steps": []})");
        CHECK(field == "name");
    }
    SUBCASE("not JSON") {
        const auto [field, message] = load_error(R"({"name": "C", )");
        CHECK(field.empty());
        CHECK(message.find("not valid JSON") != std::string::npos);
    }
}

TEST_CASE("value errors: what the simulator cannot use") {
    auto cadence = full_cadence();
    cadence.name.clear();
    cadence.steps[0].cost = -1;
    cadence.steps[3].delay_days = 0;  // after 0 days of silence
    cadence.steps[5].delay_days = 200;  // before a renewal that comes every 180 days
    cadence.caps.max_touches_per_30_days = -2;
    const auto issues = validate_cadence(cadence);
    REQUIRE(has_errors(issues));
    std::set<std::string> fields;
    for (const auto& issue : issues) {
        CHECK(issue.severity == IssueSeverity::Error);
        fields.insert(issue.field);
    }
    CHECK(fields == std::set<std::string>{"name", "steps[0].cost", "steps[3].delay_days", "steps[5].delay_days",
                                          "caps.max_touches_per_30_days"});
    const auto errors = messages(issues, IssueSeverity::Error);
    CHECK(any_contains(errors, "'Welcome'"));
    CHECK(any_contains(errors, "'Offer'"));
}

TEST_CASE("validation warns about steps on the same day and channel, naming both") {
    Cadence cadence;
    cadence.name = "Busy day three";
    cadence.steps = {make_step("Guide", TouchKind::UsefulGuide, Trigger::DaysAfterFirstPurchase, 3, Channel::Email),
                     make_step("Check-in", TouchKind::DeliveryCheckIn, Trigger::AfterDelivery, 0, Channel::Email),
                     make_step("Call", TouchKind::FollowUpCall, Trigger::AfterDelivery, 0, Channel::Phone)};
    const auto issues = validate_cadence(cadence);
    CHECK_FALSE(has_errors(issues));
    const auto warnings = messages(issues, IssueSeverity::Warning);
    REQUIRE(warnings.size() == 1);  // the call is by phone: no overlap with the e-mails
    CHECK(warnings[0] == "'Check-in' overlaps 'Guide': both reach a customer who buys once by Email on day 3");
    CHECK(issues[0].step == 1);

    SUBCASE("steps after every purchase overlap on every purchase") {
        cadence.steps = {make_step("Status", TouchKind::OrderStatus, Trigger::AfterEachPurchase, 3, Channel::Sms),
                         make_step("Delivered", TouchKind::OrderStatus, Trigger::AfterDelivery, 0, Channel::Sms)};
        const auto again = messages(validate_cadence(cadence), IssueSeverity::Warning);
        CHECK(any_contains(again, "'Delivered' overlaps 'Status'"));
    }
    SUBCASE("segment targets that exclude each other do not overlap") {
        cadence.steps[0].segments = {metrics::Segment::Lapsed};  // a one-time buyer is new on day 3
        CHECK(messages(validate_cadence(cadence), IssueSeverity::Warning).empty());
    }
}

TEST_CASE("validation warns about touches the frequency cap blocks, naming the step") {
    Cadence cadence;
    cadence.name = "Too much in a month";
    cadence.caps.max_touches_per_30_days = 2;
    cadence.steps = {make_step("Day 1", TouchKind::Welcome, Trigger::DaysAfterFirstPurchase, 1, Channel::Email),
                     make_step("Day 5", TouchKind::UsefulGuide, Trigger::DaysAfterFirstPurchase, 5, Channel::Email),
                     make_step("Day 9", TouchKind::CrossSell, Trigger::DaysAfterFirstPurchase, 9, Channel::Email),
                     make_step("Day 40", TouchKind::Survey, Trigger::DaysAfterFirstPurchase, 40, Channel::Email)};
    auto issues = validate_cadence(cadence);
    auto warnings = messages(issues, IssueSeverity::Warning);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0] == "'Day 9': 1 of its 1 touches for a customer who buys once are blocked by the cap of 2 touches in 30 "
                         "days (the first on day 9)");
    CHECK(issues[0].field == "caps.max_touches_per_30_days");
    CHECK(issues[0].step == 2);

    SUBCASE("transactional steps neither count nor are blocked") {
        cadence.steps[0].transactional = true;
        CHECK(messages(validate_cadence(cadence), IssueSeverity::Warning).empty());
    }
    SUBCASE("a repeating step runs into the cap later") {
        cadence.steps = {make_step("Weekly", TouchKind::CourtesyCheckIn, Trigger::DaysAfterFirstPurchase, 0, Channel::Email)};
        cadence.steps[0].repeat_every_days = 7;
        warnings = messages(validate_cadence(cadence), IssueSeverity::Warning);
        REQUIRE(warnings.size() == 1);
        CHECK(any_contains(warnings, "'Weekly': 31 of its 53 touches"));
    }
}

TEST_CASE("validation warns about steps inside the quiet days after a purchase") {
    Cadence cadence;
    cadence.name = "Quiet please";
    cadence.caps.quiet_days_after_purchase = 5;
    cadence.steps = {make_step("Too soon", TouchKind::CrossSell, Trigger::AfterEachPurchase, 2, Channel::Email),
                     make_step("Welcome", TouchKind::Welcome, Trigger::DaysAfterFirstPurchase, 1, Channel::Email),
                     make_step("Status", TouchKind::OrderStatus, Trigger::AfterEachPurchase, 0, Channel::Sms),
                     make_step("Later", TouchKind::CrossSell, Trigger::AfterDelivery, 3, Channel::Email)};
    cadence.steps[2].transactional = true;
    const auto issues = validate_cadence(cadence);
    const auto warnings = messages(issues, IssueSeverity::Warning);
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[0] == "'Too soon' is always blocked: it goes out 2 days after a purchase, inside the 5 quiet days (mark it "
                         "transactional or move it later)");
    CHECK(warnings[1] == "'Welcome' (day 1) is blocked by the 5 quiet days after the first purchase");
}

TEST_CASE("validation warns about a segment-change step that can never fire") {
    Cadence cadence;
    cadence.name = "Back to new";
    cadence.steps = {make_step("Hello again", TouchKind::Welcome, Trigger::OnSegmentChange, 0, Channel::Email)};
    cadence.steps[0].segments = {metrics::Segment::New};
    const auto warnings = messages(validate_cadence(cadence), IssueSeverity::Warning);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("never goes out") != std::string::npos);
}

TEST_CASE("every template in assets/cadences loads and validates") {
    const std::string folder = std::string(TOUCHPOINT_SOURCE_DIR) + "/assets/cadences";
    const auto templates = load_cadence_templates(folder);
    std::set<std::string> names;
    for (const auto& loaded : templates) {
        INFO(loaded.file);
        CHECK(loaded.error.empty());
        names.insert(loaded.cadence.name);
        const auto issues = validate_cadence(loaded.cadence);
        CHECK_FALSE(has_errors(issues));
        for (const auto& issue : issues) MESSAGE(loaded.file << ": " << issue.message);
        CHECK(issues.empty());  // a template shows the editor a clean plan
        for (const auto& step : loaded.cadence.steps) CHECK_FALSE(step.intent.empty());
        // Saved as it was written: the file is the cadence's own JSON, key order aside.
        const auto text = data::read_file_bytes(folder + "/" + loaded.file);
        REQUIRE(text.has_value());
        CHECK(cadence_from_json_text(cadence_json_text(loaded.cadence)) == loaded.cadence);
    }
    CHECK(names == std::set<std::string>{"Second-sale welcome", "Strategic customer care", "E-commerce after-sales", "Loyalty",
                                         "Win-back", "B2B account care", "Silence"});
    CHECK(std::is_sorted(templates.begin(), templates.end(), [](const auto& a, const auto& b) { return a.file < b.file; }));
}

TEST_CASE("the template loader skips other JSON assets and reports a broken template") {
    namespace fs = std::filesystem;
    const fs::path folder = fs::temp_directory_path() / "touchpoint_cadence_templates_test";
    fs::remove_all(folder);
    fs::create_directories(folder);
    const auto write = [&](const char* name, const std::string& text) { std::ofstream(folder / name, std::ios::binary) << text; };
    write("a_scenario.json", R"({"format": "touchpoint.scenario", "name": "Angry customer"})");
    write("b_good.json", cadence_json_text(full_cadence()));
    write("c_broken.json", R"({"format": "touchpoint.cadence", "name": "Broken", "steps": [{"name": "X"}]})");
    write("d_notes.txt", "not JSON at all");
    write("e_not_json.json", "{{{");
    const auto templates = load_cadence_templates(folder.string());
    REQUIRE(templates.size() == 2);
    CHECK(templates[0].file == "b_good.json");
    CHECK(templates[0].error.empty());
    CHECK(templates[0].cadence == full_cadence());
    CHECK(templates[1].file == "c_broken.json");
    CHECK(templates[1].error.find("steps[0].kind") != std::string::npos);
    fs::remove_all(folder);
    CHECK_THROWS_AS(load_cadence_templates(folder.string()), std::runtime_error);
}
