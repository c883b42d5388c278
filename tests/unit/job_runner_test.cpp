#include "touchpoint/data/store.hpp"
#include "touchpoint/jobs/runner.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <stdexcept>

using namespace touchpoint;
using namespace std::chrono_literals;

namespace {

// The tests' clock: jobs move it forward as they "work", so rates and estimates are exact.
jobs::Clock::time_point test_now{};
jobs::Clock::time_point test_clock() { return test_now; }

// Counts `total` items, `per_step` of them per step, each step taking `step_time`.
class CountingJob : public jobs::Job {
public:
    CountingJob(int total, int per_step, std::chrono::milliseconds step_time, int throw_at_step = -1)
        : total_(total), per_step_(per_step), step_time_(step_time), throw_at_step_(throw_at_step) {}

    jobs::Progress step(std::chrono::milliseconds) override {
        ++steps;
        if (steps == throw_at_step_) throw std::runtime_error("the disk is full");
        done_ = std::min(total_, done_ + per_step_);
        test_now += step_time_;
        jobs::Progress progress;
        progress.phase = "Counting";
        progress.items = done_;
        progress.fraction = static_cast<double>(done_) / total_;
        progress.finished = done_ == total_;
        return progress;
    }
    void cancel() override { cancelled = true; }

    int steps = 0;
    bool cancelled = false;

private:
    int total_, per_step_;
    std::chrono::milliseconds step_time_;
    int throw_at_step_;
    int done_ = 0;
};

}  // namespace

TEST_CASE("the rate is items per second in the phase, and the time left follows the fraction done") {
    test_now = {};
    jobs::JobRunner runner(&test_clock);
    auto job = std::make_shared<CountingJob>(1000, 100, 100ms);
    const auto id = runner.start("Counting", job);
    runner.pump(0ms);  // one step: 100 items in 100 ms
    CHECK_FALSE(runner.status(id)->items_per_second);  // no time in the phase yet
    runner.pump(0ms);
    runner.pump(0ms);  // 300 items in 300 ms
    const auto status = runner.status(id);
    REQUIRE(status);
    CHECK(status->state == jobs::JobState::Running);
    CHECK(status->progress.items == 300);
    // The phase began at the first report (after 100 ms, 100 items): 200 items in 200 ms.
    REQUIRE(status->items_per_second);
    CHECK(*status->items_per_second == doctest::Approx(1000.0));
    // 0.3 s for 30%: 0.7 s for the remaining 70%.
    REQUIRE(status->seconds_left);
    CHECK(*status->seconds_left == doctest::Approx(0.7));
    CHECK(status->elapsed_seconds == doctest::Approx(0.3));
}

TEST_CASE("a budget runs steps until it is spent, and a finished job is handed back once") {
    test_now = {};
    jobs::JobRunner runner(&test_clock);
    auto job = std::make_shared<CountingJob>(1000, 100, 10ms);
    const auto id = runner.start("Counting", job);
    runner.pump(25ms);  // the job's own step loop is the job's business: one step per pump
    CHECK(job->steps == 1);
    while (runner.busy()) runner.pump(16ms);
    CHECK(job->steps == 10);
    const auto finished = runner.take_finished();
    REQUIRE(finished.size() == 1);
    CHECK(finished[0].id == id);
    CHECK(finished[0].state == jobs::JobState::Done);
    CHECK(finished[0].progress.fraction == 1.0);
    CHECK(runner.take_finished().empty());
}

TEST_CASE("two jobs share a frame's budget, oldest first") {
    test_now = {};
    jobs::JobRunner runner(&test_clock);
    auto first = std::make_shared<CountingJob>(100, 100, 4ms);  // one 4 ms step and done
    auto second = std::make_shared<CountingJob>(1000, 100, 4ms);
    runner.start("first", first);
    runner.start("second", second);
    runner.pump(12ms);
    CHECK(first->steps == 1);
    CHECK(second->steps == 1);  // the 8 ms left over went to the second job
    runner.pump(3ms);
    CHECK(second->steps == 2);  // a budget spent by the first job still lets the oldest run
}

TEST_CASE("a job that throws fails with its message and is cancelled, and the runner carries on") {
    test_now = {};
    jobs::JobRunner runner(&test_clock);
    auto failing = std::make_shared<CountingJob>(1000, 100, 1ms, 3);
    auto healthy = std::make_shared<CountingJob>(200, 100, 1ms);
    const auto failing_id = runner.start("failing", failing);
    runner.start("healthy", healthy);
    while (runner.busy()) runner.pump(16ms);
    const auto finished = runner.take_finished();
    REQUIRE(finished.size() == 2);
    const auto& failed = finished[0].id == failing_id ? finished[0] : finished[1];
    const auto& done = finished[0].id == failing_id ? finished[1] : finished[0];
    CHECK(failed.state == jobs::JobState::Failed);
    CHECK(failed.error == "the disk is full");
    CHECK(failed.progress.items == 200);  // what it had reached before failing
    CHECK(failing->cancelled);
    CHECK(done.state == jobs::JobState::Done);
}

TEST_CASE("a job reporting an error fails; a cancelled job is told and let go") {
    test_now = {};
    struct ErrorJob : jobs::Job {
        jobs::Progress step(std::chrono::milliseconds) override {
            jobs::Progress progress;
            progress.finished = true;
            progress.error = "orders.csv: the file is empty";
            return progress;
        }
        void cancel() override {}
    };
    jobs::JobRunner runner(&test_clock);
    runner.start("error", std::make_shared<ErrorJob>());
    auto long_job = std::make_shared<CountingJob>(1000, 1, 1ms);
    const auto long_id = runner.start("long", long_job);
    runner.pump(5ms);
    runner.cancel(long_id);
    CHECK(long_job->cancelled);
    CHECK_FALSE(runner.busy());
    const auto finished = runner.take_finished();
    REQUIRE(finished.size() == 2);
    CHECK(finished[0].state == jobs::JobState::Failed);
    CHECK(finished[0].error == "orders.csv: the file is empty");
    CHECK(finished[1].state == jobs::JobState::Cancelled);
}

TEST_CASE("a waiting job is not stepped until it is resumed") {
    test_now = {};
    struct AskingJob : jobs::Job {
        int steps = 0;
        bool answered = false;
        jobs::Progress step(std::chrono::milliseconds) override {
            ++steps;
            jobs::Progress progress;
            progress.waiting = !answered;
            progress.finished = answered;
            return progress;
        }
        void cancel() override {}
    };
    jobs::JobRunner runner(&test_clock);
    auto job = std::make_shared<AskingJob>();
    const auto id = runner.start("asking", job);
    runner.pump(5ms);
    runner.pump(5ms);
    CHECK(job->steps == 1);
    CHECK(runner.status(id)->state == jobs::JobState::Waiting);
    job->answered = true;
    runner.resume(id);
    runner.pump(5ms);
    CHECK(job->steps == 2);
    CHECK_FALSE(runner.busy());
}

TEST_CASE("a job that fails half-way through writing leaves the store as it was") {
    test_now = {};
    auto store = data::Store::open(":memory:");
    store.execute("CREATE TABLE notes (text TEXT)");
    store.execute("INSERT INTO notes VALUES ('kept')");
    // Writes a row per step inside one transaction; the third step throws.
    struct WritingJob : jobs::Job {
        data::Store& store;
        std::optional<data::Transaction> transaction;
        int steps = 0;
        explicit WritingJob(data::Store& s) : store(s) {}
        jobs::Progress step(std::chrono::milliseconds) override {
            if (!transaction) transaction.emplace(store);
            if (++steps == 3) throw std::runtime_error("out of memory");
            store.execute("INSERT INTO notes VALUES ('half-way')");
            return {};
        }
        void cancel() override { transaction.reset(); }  // rolls back
    };
    jobs::JobRunner runner(&test_clock);
    runner.start("writing", std::make_shared<WritingJob>(store));
    while (runner.busy()) runner.pump(16ms);
    const auto finished = runner.take_finished();
    REQUIRE(finished.size() == 1);
    CHECK(finished[0].error == "out of memory");
    CHECK(store.count_rows("notes") == 1);
}

TEST_CASE("a new phase starts its own rate") {
    const jobs::Clock::time_point start{};
    jobs::RateEstimate rate(start);
    jobs::Progress reading;
    reading.phase = "Reading rows";
    reading.fraction = 0.1;
    rate.update(start, reading);
    reading.items = 50000;
    reading.fraction = 0.35;
    rate.update(start + 500ms, reading);
    REQUIRE(rate.items_per_second());
    CHECK(*rate.items_per_second() == doctest::Approx(100000.0));
    jobs::Progress writing;
    writing.phase = "Saving to the local database";
    writing.fraction = 0.35;
    rate.update(start + 500ms, writing);
    CHECK_FALSE(rate.items_per_second());  // nothing measured in the new phase yet
    writing.items = 2000;
    writing.fraction = 0.5;
    rate.update(start + 1000ms, writing);
    CHECK(*rate.items_per_second() == doctest::Approx(4000.0));
    CHECK(*rate.seconds_left() == doctest::Approx(1.0));  // 1 s for half: 1 s for the rest
}
