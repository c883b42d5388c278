#include "sections/cadences/cadence_timeline.hpp"

#include <doctest/doctest.h>

using namespace touchpoint;
using cadence::Channel;
using cadence::TouchKind;
using cadence::Trigger;

namespace {

cadence::CadenceStep step(Trigger trigger, int delay, int repeat = 0) {
    auto made = cadence::make_step("step", TouchKind::CourtesyCheckIn, trigger, delay, Channel::Email);
    made.repeat_every_days = repeat;
    return made;
}

cadence::CadenceTiming timing() {
    cadence::CadenceTiming made;
    made.delivery_days = 3;
    made.renewal_period_days = 365;
    made.usual_repurchase_days = 45;
    return made;
}

}  // namespace

TEST_CASE("each trigger first fires where the one-time buyer of day 0 meets it") {
    const auto t = timing();
    CHECK(web::first_day(step(Trigger::DaysAfterFirstPurchase, 10), t) == 10);
    CHECK(web::first_day(step(Trigger::AfterEachPurchase, 3), t) == 3);
    CHECK(web::first_day(step(Trigger::AfterDelivery, 1), t) == 4);
    CHECK(web::first_day(step(Trigger::BeforeRenewal, 30), t) == 335);
    CHECK(web::first_day(step(Trigger::AfterSilence, 60), t) == 60);
    CHECK(web::first_day(step(Trigger::UsualRepurchaseTime, -5), t) == 40);
    CHECK(web::first_day(step(Trigger::UsualRepurchaseTime, -90), t) == 0);
    CHECK(web::first_day(step(Trigger::OnSegmentChange, 2), t) == 2);
}

TEST_CASE("a dragged day turns back into the delay, inside what validation accepts") {
    const auto t = timing();
    for (const auto trigger : {Trigger::DaysAfterFirstPurchase, Trigger::AfterEachPurchase, Trigger::AfterDelivery, Trigger::BeforeRenewal,
                               Trigger::AfterSilence, Trigger::UsualRepurchaseTime, Trigger::OnSegmentChange}) {
        CAPTURE(static_cast<int>(trigger));
        auto moved = step(trigger, trigger == Trigger::BeforeRenewal ? 30 : 5);
        for (const int day : {20, 100, 200}) {
            moved.delay_days = web::delay_for_first_day(moved, t, day);
            CHECK(web::first_day(moved, t) == day);
        }
    }
    // Before a renewal, later is a shorter delay, and never past the renewal itself.
    CHECK(web::delay_for_first_day(step(Trigger::BeforeRenewal, 30), t, 345) == 20);
    CHECK(web::delay_for_first_day(step(Trigger::BeforeRenewal, 30), t, 400) == 0);
    CHECK(web::delay_for_first_day(step(Trigger::BeforeRenewal, 30), t, -10) == 364);
    // Silence needs at least one day; nothing goes before day 0 or before the delivery.
    CHECK(web::delay_for_first_day(step(Trigger::AfterSilence, 30), t, -4) == 1);
    CHECK(web::delay_for_first_day(step(Trigger::DaysAfterFirstPurchase, 30), t, -4) == 0);
    CHECK(web::delay_for_first_day(step(Trigger::AfterDelivery, 1), t, 1) == 0);
    CHECK(web::delay_for_first_day(step(Trigger::UsualRepurchaseTime, 0), t, -3) == -45);
}

TEST_CASE("markers: the first touch, its repeats, renewals, and the conditional triggers") {
    cadence::Cadence plan;
    plan.name = "plan";
    plan.timing = timing();
    plan.steps = {step(Trigger::DaysAfterFirstPurchase, 90, 90), step(Trigger::BeforeRenewal, 30), step(Trigger::AfterSilence, 60),
                  step(Trigger::DaysAfterFirstPurchase, 500)};
    const auto markers = web::timeline_markers(plan, 365);
    std::vector<int> quarterly, renewal, silence, late;
    for (const auto& marker : markers) {
        auto& days = marker.step == 0 ? quarterly : marker.step == 1 ? renewal : marker.step == 2 ? silence : late;
        days.push_back(marker.day);
        CHECK(marker.first == (days.size() == 1));
        CHECK(marker.conditional == (marker.step == 2));
    }
    CHECK(quarterly == std::vector<int>{90, 180, 270, 360});
    CHECK(renewal == std::vector<int>{335});
    CHECK(silence == std::vector<int>{60});
    CHECK(late == std::vector<int>{365});  // beyond the axis: kept at its end to be dragged back
    CHECK(web::timeline_markers(plan, 800).size() == 12);  // 8 quarters, 2 renewals, silence and day 500 once
}

TEST_CASE("the axis spans the first touches with room, in readable lengths") {
    cadence::Cadence plan;
    plan.name = "plan";
    plan.timing = timing();
    CHECK(web::timeline_horizon(plan) == 30);
    plan.steps = {step(Trigger::DaysAfterFirstPurchase, 0), step(Trigger::DaysAfterFirstPurchase, 10)};
    CHECK(web::timeline_horizon(plan) == 30);
    plan.steps.push_back(step(Trigger::UsualRepurchaseTime, 0));  // day 45
    CHECK(web::timeline_horizon(plan) == 60);
    plan.steps.push_back(step(Trigger::BeforeRenewal, 30));  // day 335
    CHECK(web::timeline_horizon(plan) == 365);
    plan.steps.push_back(step(Trigger::DaysAfterFirstPurchase, 400));
    CHECK(web::timeline_horizon(plan) == 546);
}

TEST_CASE("ticks keep their distance; drags move whole days") {
    CHECK(web::day_ticks(365, 2.5, 50.0) == std::vector<int>{0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330, 360});
    CHECK(web::day_ticks(30, 30.0, 50.0) == std::vector<int>{0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30});
    const web::TimelineScale scale{100.0f, 1100.0f, 200};
    CHECK(scale.x_of(100) == doctest::Approx(600.0));
    CHECK(scale.days_moved(49.0f) == 10);
    CHECK(scale.days_moved(-51.0f) == -10);
}

TEST_CASE("conditional markers say what they wait for") {
    CHECK(web::condition_text(step(Trigger::AfterSilence, 60)) == "if 60 days pass without a purchase");
    auto milestone = step(Trigger::OnSegmentChange, 0);
    milestone.segments = {metrics::Segment::Loyal};
    CHECK(web::condition_text(milestone) == "on becoming loyal");
    milestone.segments = {metrics::Segment::Returning, metrics::Segment::Loyal, metrics::Segment::Lapsed};
    CHECK(web::condition_text(milestone) == "on becoming returning, loyal or lapsed");
    CHECK(web::condition_text(step(Trigger::DaysAfterFirstPurchase, 1)).empty());
}
