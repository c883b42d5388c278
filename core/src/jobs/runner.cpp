#include "touchpoint/jobs/runner.hpp"

#include <exception>

namespace touchpoint::jobs {

namespace {

double seconds_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

// Below these, a rate or an estimate is mostly noise: show nothing rather than a wild number.
constexpr double min_seconds_for_rate = 0.05;
constexpr double min_fraction_for_estimate = 0.01;

}  // namespace

RateEstimate::RateEstimate(Clock::time_point start) : start_(start), phase_start_(start) {}

void RateEstimate::update(Clock::time_point now, const Progress& progress) {
    if (progress.phase != phase_) {
        // Items are counted per phase (rows read, then rows written): the rate restarts.
        phase_ = progress.phase;
        phase_start_ = now;
        phase_start_items_ = progress.items;
        items_per_second_.reset();
    }
    elapsed_seconds_ = seconds_between(start_, now);
    const double phase_seconds = seconds_between(phase_start_, now);
    if (phase_seconds >= min_seconds_for_rate) items_per_second_ = (progress.items - phase_start_items_) / phase_seconds;
    // The whole job's pace so far, carried to the end.
    if (progress.fraction >= min_fraction_for_estimate && elapsed_seconds_ >= min_seconds_for_rate && progress.fraction < 1.0)
        seconds_left_ = elapsed_seconds_ * (1.0 - progress.fraction) / progress.fraction;
    else if (progress.fraction >= 1.0)
        seconds_left_ = 0.0;
    else
        seconds_left_.reset();
}

const char* job_state_name(JobState state) {
    switch (state) {
        case JobState::Running: return "running";
        case JobState::Waiting: return "waiting";
        case JobState::Done: return "done";
        case JobState::Failed: return "failed";
        case JobState::Cancelled: return "cancelled";
    }
    return "unknown";
}

JobRunner::JobRunner(Now now) : now_(now) {}

JobId JobRunner::start(std::string title, std::shared_ptr<Job> job) {
    Entry entry;
    entry.status.id = next_id_++;
    entry.status.title = std::move(title);
    entry.job = std::move(job);
    entry.rate = RateEstimate(now_());
    jobs_.push_back(std::move(entry));
    return jobs_.back().status.id;
}

void JobRunner::record(Entry& entry, const Progress& progress) {
    entry.status.progress = progress;
    entry.rate.update(now_(), progress);
    entry.status.items_per_second = entry.rate.items_per_second();
    entry.status.seconds_left = entry.rate.seconds_left();
    entry.status.elapsed_seconds = entry.rate.elapsed_seconds();
    if (progress.finished) {
        entry.status.state = progress.error.empty() ? JobState::Done : JobState::Failed;
        entry.status.error = progress.error;
    } else {
        entry.status.state = progress.waiting ? JobState::Waiting : JobState::Running;
    }
}

void JobRunner::pump(std::chrono::milliseconds budget) {
    const auto deadline = now_() + budget;
    for (std::size_t i = 0; i < jobs_.size();) {
        auto& entry = jobs_[i];
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now_());
        if (entry.status.state == JobState::Waiting || (left.count() <= 0 && i > 0)) {
            ++i;
            continue;
        }
        try {
            record(entry, entry.job->step(std::max(left, std::chrono::milliseconds(0))));
        } catch (const std::exception& error) {
            // Jobs promise not to throw; one that does has failed, whatever it was doing.
            entry.job->cancel();
            Progress failed = entry.status.progress;
            failed.finished = true;
            failed.error = error.what();
            record(entry, failed);
        }
        if (entry.status.state == JobState::Done || entry.status.state == JobState::Failed) finish(i);
        else ++i;
    }
}

void JobRunner::cancel(JobId id) {
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
        if (jobs_[i].status.id != id) continue;
        jobs_[i].job->cancel();
        jobs_[i].status.state = JobState::Cancelled;
        finish(i);
        return;
    }
}

void JobRunner::resume(JobId id) {
    for (auto& entry : jobs_)
        if (entry.status.id == id && entry.status.state == JobState::Waiting) entry.status.state = JobState::Running;
}

void JobRunner::finish(std::size_t index) {
    finished_.push_back(std::move(jobs_[index].status));
    jobs_.erase(jobs_.begin() + static_cast<std::ptrdiff_t>(index));
}

std::vector<JobStatus> JobRunner::statuses() const {
    std::vector<JobStatus> all;
    for (const auto& entry : jobs_) all.push_back(entry.status);
    return all;
}

std::optional<JobStatus> JobRunner::status(JobId id) const {
    for (const auto& entry : jobs_)
        if (entry.status.id == id) return entry.status;
    for (const auto& status : finished_)
        if (status.id == id) return status;
    return std::nullopt;
}

std::vector<JobStatus> JobRunner::take_finished() {
    std::vector<JobStatus> done;
    done.swap(finished_);
    return done;
}

}  // namespace touchpoint::jobs
