// The scenario reader and validator on any text, and a conversation played through a scenario
// that validates, with replies chosen by the input's bytes. Reading either gives a scenario or
// throws ScenarioError; a scenario writes out and reads back equal; a valid one plays to an
// ending or to the turn limit without leaving the trust range.
#include "fuzz_check.hpp"
#include "touchpoint/roleplay/conversation.hpp"
#include "touchpoint/roleplay/debrief.hpp"
#include "touchpoint/roleplay/validation.hpp"

#include <nlohmann/json.hpp>
#include <cstdint>
#include <string_view>

using namespace touchpoint::roleplay;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)is_scenario_json(text);
    Scenario scenario;
    try {
        scenario = scenario_from_json_text(text);
    } catch (const ScenarioError& error) {
        FUZZ_CHECK(error.what()[0] != '\0');
        return 0;
    }
    FUZZ_CHECK(scenario_from_json(to_json(scenario)) == scenario);
    const auto issues = validate_scenario(scenario);
    if (has_errors(issues)) return 0;

    Conversation conversation(scenario, size);
    for (std::size_t turn = 0; turn < 200 && !conversation.finished(); ++turn) {
        const auto order = conversation.shown_order();
        FUZZ_CHECK(order.size() == conversation.choices().size() && !order.empty());
        conversation.choose(order[data[turn % size] % order.size()]);
        FUZZ_CHECK(conversation.state().trust >= min_trust && conversation.state().trust <= max_trust);
    }
    if (conversation.finished()) {
        const auto debrief = make_debrief(conversation);
        (void)to_json(debrief);
        (void)debrief_text(debrief);
    }
    return 0;
}
