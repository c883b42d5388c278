#pragma once
// A cadence: the touchpoints a business plans after a sale (DESIGN.md §7). Each step says what
// kind of touch it is, what starts it (the trigger) and how many days later it goes out, on which
// channel (with the share of touches that reach the customer and the cost of each one), to which
// segments, with what intent, whether it repeats, and whether it carries a discount. The cadence
// adds frequency caps (the most touches in any 30 days, quiet days after a purchase) and the few
// business timings its triggers need (days to delivery, the renewal period, the usual time to
// the next purchase). Cadences are saved in the workspace as JSON.
//
// Time is counted in days from the customer's first purchase, which happens at day 0.
//
// What delay_days means for each trigger:
//   days_after_first_purchase   the touch goes out on day delay_days
//   after_each_purchase         delay_days after every purchase (the first included)
//   after_delivery              delay_days after every delivery (timing.delivery_days after each purchase)
//   before_renewal              delay_days before every renewal (every timing.renewal_period_days from day 0)
//   after_silence               once delay_days have passed without a purchase (the N of "N days of silence")
//   usual_repurchase_time       delay_days after the customer's usual repurchase time has passed without
//                               a purchase (may be negative: that many days before it). The usual time is
//                               the customer's median gap between purchase days once they have two, and
//                               timing.usual_repurchase_days before that
//   on_segment_change           delay_days after the customer moves into one of the step's segments (any
//                               segment when the list is empty); segments follow metrics::SegmentRules
// A step with repeat_every_days > 0 goes out again every that many days: for ever after the first
// purchase or the renewal, and until the next purchase (or segment change) for the other triggers.
//
// Section index: names of kinds, triggers and channels; the step and the cadence; JSON.
#include "touchpoint/metrics/segments.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::cadence {

// ---- Names -------------------------------------------------------------------------------------

enum class TouchKind : std::uint8_t {
    Welcome,
    OrderStatus,          // order in process / shipped / delivered
    DeliveryCheckIn,
    UsefulGuide,
    SecondPurchaseNudge,
    FollowUpCall,
    QuarterlyCheckIn,
    Milestone,            // anniversaries, a tenth order
    PreRenewal,
    BusinessReview,
    WinBack,
    LoyaltyReward,
    CrossSell,
    ReturnsInfo,          // easy returns and exchanges
    Survey,
    CourtesyCheckIn,      // "how is everything going?"
};
inline constexpr std::size_t touch_kind_count = 16;

enum class Trigger : std::uint8_t {
    DaysAfterFirstPurchase,
    AfterEachPurchase,
    AfterDelivery,
    BeforeRenewal,
    AfterSilence,
    UsualRepurchaseTime,
    OnSegmentChange,
};
inline constexpr std::size_t trigger_count = 7;

enum class Channel : std::uint8_t { Email, Phone, Sms, Chat, InPerson };
inline constexpr std::size_t channel_count = 5;

// Keys are the JSON spellings ("second_purchase_nudge", "after_silence", "in_person");
// labels are what people read ("Second-purchase nudge", "After N days of silence", "In person").
std::string_view touch_kind_key(TouchKind kind);
std::string_view touch_kind_label(TouchKind kind);
std::optional<TouchKind> touch_kind_from_key(std::string_view key);
std::string_view trigger_key(Trigger trigger);
std::string_view trigger_label(Trigger trigger);
// One sentence on what delay_days means for the trigger (the table above), for the editor's hover.
std::string_view trigger_delay_meaning(Trigger trigger);
std::optional<Trigger> trigger_from_key(std::string_view key);
std::string_view channel_key(Channel channel);
std::string_view channel_label(Channel channel);
std::optional<Channel> channel_from_key(std::string_view key);
// "new", "returning", "loyal", "lapsed" (metrics::segment_key); NotYetCustomer is not a target.
std::optional<metrics::Segment> target_segment_from_key(std::string_view key);

// What a new step on the channel starts with; the step keeps its own copy, which the user edits.
struct ChannelDefaults {
    double reach_rate = 0;      // share of touches that reach the customer (opened, answered, met)
    double cost_per_touch = 0;  // in the currency of the orders, per touch sent
    std::string_view source;    // where the numbers come from
};
ChannelDefaults channel_defaults(Channel channel);

// ---- The step and the cadence ------------------------------------------------------------------

struct CadenceStep {
    std::string name;  // "Thanks and next steps"; warnings name the step by it
    TouchKind kind = TouchKind::Welcome;
    Trigger trigger = Trigger::DaysAfterFirstPurchase;
    int delay_days = 0;        // see the table at the top
    Channel channel = Channel::Email;
    double reach_rate = 0.25;  // 0 to 1
    double cost = 0.01;        // per touch sent, reached or not
    std::vector<metrics::Segment> segments;  // New..Lapsed; empty: every customer
    std::string intent;        // free text: "clarify expectations", "proactive outreach", "offer relevant value"
    int repeat_every_days = 0; // 0: once per trigger
    bool discount = false;     // carries a price cut (the effect model's discount effect applies)
    // Service messages (order status, returns information) are exempt from the caps and the
    // quiet days, as transactional e-mail usually is.
    bool transactional = false;

    bool operator==(const CadenceStep&) const = default;
};

struct FrequencyCaps {
    int max_touches_per_30_days = 0;    // per customer, in any 30 consecutive days; 0: no cap
    int quiet_days_after_purchase = 0;  // no touch in the days right after a purchase; 0: none

    bool operator==(const FrequencyCaps&) const = default;
};

struct CadenceTiming {
    int delivery_days = 3;           // from a purchase to its delivery
    int renewal_period_days = 365;   // contracts renew this many days after the first purchase, and again
    int usual_repurchase_days = 45;  // the usual time to the next purchase before a customer has a rhythm of their own

    bool operator==(const CadenceTiming&) const = default;
};

struct Cadence {
    std::string name;
    std::string description;
    std::vector<CadenceStep> steps;  // in the order the editor shows them
    FrequencyCaps caps;
    CadenceTiming timing;

    bool operator==(const Cadence&) const = default;
};

// A step on a channel, with the channel's default reach and cost.
CadenceStep make_step(std::string name, TouchKind kind, Trigger trigger, int delay_days, Channel channel);

// ---- JSON --------------------------------------------------------------------------------------
// {"format": "touchpoint.cadence", "version": 1, "name": ..., "description": ...,
//  "caps": {"max_touches_per_30_days": 4, "quiet_days_after_purchase": 2},
//  "timing": {"delivery_days": 3, "renewal_period_days": 365, "usual_repurchase_days": 45},
//  "steps": [{"name": ..., "kind": "welcome", "trigger": "days_after_first_purchase", "delay_days": 0,
//             "channel": "email", "reach_rate": 0.25, "cost": 0.01, "segments": ["new"],
//             "intent": ..., "repeat_every_days": 0, "discount": false, "transactional": false}]}
// Required: name, and each step's name, kind, trigger and channel. A step without reach_rate or
// cost takes the channel's defaults; other missing keys take the defaults above.

inline constexpr std::string_view cadence_format = "touchpoint.cadence";
inline constexpr int cadence_format_version = 1;

// A cadence that cannot be read or is not valid; field() is the path of the offending value
// ("steps[2].channel", "caps.max_touches_per_30_days"; "" for the document itself).
class CadenceError : public std::invalid_argument {
public:
    CadenceError(std::string field, const std::string& message);
    const std::string& field() const { return field_; }

private:
    std::string field_;
};

nlohmann::json to_json(const Cadence& cadence);
// Throws CadenceError naming the field: a wrong type, an unknown key or name, a missing required
// key, or a value validate_cadence reports as an error (so a loaded cadence is always valid).
Cadence cadence_from_json(const nlohmann::json& json);
// The same from text; a JSON syntax error is reported with its byte position.
Cadence cadence_from_json_text(std::string_view text);
// Pretty-printed JSON, as saved in the workspace and in assets/cadences.
std::string cadence_json_text(const Cadence& cadence);

}  // namespace touchpoint::cadence
