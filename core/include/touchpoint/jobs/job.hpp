#pragma once
// Long work (import, fit, simulation) as a job that advances in slices: the web app runs a
// slice between frames so the page stays responsive, the CLI runs slices until done.
#include <chrono>
#include <cstdint>
#include <string>

namespace touchpoint::jobs {

struct Progress {
    std::string phase;        // what the job is doing now ("Reading rows")
    double fraction = 0;      // of the whole job, 0 to 1, for the progress bar
    double items = 0;         // items handled so far in this phase, for the count and the rate
    std::string items_unit;   // "rows", ...
    bool finished = false;    // nothing left to do (done, failed or cancelled)
    bool waiting = false;     // paused until the user answers a question
    std::string error;        // why the job failed, when it did (finished is then true)
};

class Job {
public:
    virtual ~Job() = default;
    // Does about `budget` worth of work and returns. Never throws: failures are reported
    // through the job's own result.
    virtual Progress step(std::chrono::milliseconds budget) = 0;
    virtual void cancel() = 0;
};

// Runs a job until it finishes or waits for an answer, calling on_progress after each slice
// (the CLI's progress line).
template <typename OnProgress>
Progress run_to_completion(Job& job, OnProgress on_progress, std::chrono::milliseconds slice = std::chrono::milliseconds(200)) {
    for (;;) {
        Progress progress = job.step(slice);
        on_progress(progress);
        if (progress.finished || progress.waiting) return progress;
    }
}

}  // namespace touchpoint::jobs
