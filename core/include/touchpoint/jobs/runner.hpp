#pragma once
// One runner for every long job (import, fit, simulation, sweep). The front-end calls pump()
// between frames with the time it can spare; the runner advances the jobs in that budget,
// measures their rate and time left for the progress bar, and turns a job that throws into a
// failed job with its message, so one bad job never takes the workbench down with it.
#include "touchpoint/jobs/job.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace touchpoint::jobs {

using Clock = std::chrono::steady_clock;

// Items per second within the current phase, and the time left from the fraction done.
class RateEstimate {
public:
    explicit RateEstimate(Clock::time_point start = {});
    void update(Clock::time_point now, const Progress& progress);
    std::optional<double> items_per_second() const { return items_per_second_; }
    std::optional<double> seconds_left() const { return seconds_left_; }
    double elapsed_seconds() const { return elapsed_seconds_; }

private:
    Clock::time_point start_;
    std::string phase_;
    Clock::time_point phase_start_;
    double phase_start_items_ = 0;
    double elapsed_seconds_ = 0;
    std::optional<double> items_per_second_;
    std::optional<double> seconds_left_;
};

enum class JobState { Running, Waiting, Done, Failed, Cancelled };

const char* job_state_name(JobState state);

using JobId = std::uint64_t;

struct JobStatus {
    JobId id = 0;
    std::string title;  // "Importing orders.csv"
    JobState state = JobState::Running;
    Progress progress;
    std::optional<double> items_per_second;
    std::optional<double> seconds_left;
    double elapsed_seconds = 0;
    std::string error;  // when Failed
};

class JobRunner {
public:
    // The clock is a parameter so tests can run jobs on a clock they control.
    using Now = Clock::time_point (*)();
    explicit JobRunner(Now now = &Clock::now);

    // Takes the job; the caller may keep a pointer of its own to read the job's results.
    JobId start(std::string title, std::shared_ptr<Job> job);
    // Advances the running jobs, oldest first, for about `budget` in all.
    void pump(std::chrono::milliseconds budget);
    void cancel(JobId id);
    // The job was given what it waited for (an answer): run it again.
    void resume(JobId id);

    bool busy() const { return !jobs_.empty(); }
    // Jobs still held (running or waiting), oldest first.
    std::vector<JobStatus> statuses() const;
    std::optional<JobStatus> status(JobId id) const;
    // Jobs that ended (done, failed, cancelled) since the last call; the runner lets go of them.
    std::vector<JobStatus> take_finished();

private:
    struct Entry {
        JobStatus status;
        std::shared_ptr<Job> job;
        RateEstimate rate;
    };
    void record(Entry& entry, const Progress& progress);
    void finish(std::size_t index);

    Now now_;
    JobId next_id_ = 1;
    std::vector<Entry> jobs_;
    std::vector<JobStatus> finished_;
};

}  // namespace touchpoint::jobs
