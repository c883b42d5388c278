#pragma once
// A simulation a tab of the Experiments section runs as a job (the timing sweep, the simulated
// experiment): the run in progress, how the last one ended, and the last result with its time.
// `JobType::result()` gives the result (a std::optional<Result>) once the job is done, and
// `to_json(Result)` its JSON for the test API.
#include "app/workbench.hpp"
#include "ui/job_slot.hpp"
#include "touchpoint/jobs/runner.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace touchpoint::web {

template <typename JobType, typename Result>
struct SimulationRun {
    JobSlot<JobType> job;
    std::chrono::steady_clock::time_point started;
    std::optional<jobs::JobState> last_end;  // how the last run ended
    std::string last_error;                  // why the last run could not start, or failed
    std::shared_ptr<const Result> result;    // of the last run that finished
    nlohmann::json result_json;              // made once per run for the test API
    double result_seconds = 0;

    void start(Workbench& workbench, std::string title, std::shared_ptr<JobType> started_job) {
        job.start(workbench, std::move(title), std::move(started_job));
        started = std::chrono::steady_clock::now();
    }

    // Once a frame: when the job has ended, keeps its result or says how it ended; returns the
    // job when it finished with a result.
    std::shared_ptr<JobType> follow(Workbench& workbench) {
        auto ended = job.follow(workbench);
        if (!ended) return nullptr;
        if (ended->state == jobs::JobState::Done && ended->job->result()) {
            auto kept = std::make_shared<const Result>(*ended->job->result());
            result_json = to_json(*kept);
            result = std::move(kept);
            result_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            last_end = jobs::JobState::Done;
            return std::move(ended->job);
        }
        if (ended->state == jobs::JobState::Cancelled) {
            last_end = jobs::JobState::Cancelled;
        } else {
            last_end = jobs::JobState::Failed;
            last_error = ended->error;
        }
        return nullptr;
    }

    // Test API, the keys both tabs have: {"state": "idle"|"running"|"done", "last_run" ("done",
    // "cancelled", "failed" or ""), "error", "progress" ({"fraction", "phase"} while running),
    // "result" (and "seconds" once there is one)}.
    nlohmann::json state_json() const {
        nlohmann::json json{{"state", job.running() ? "running" : result ? "done" : "idle"},
                            {"last_run", last_end ? jobs::job_state_name(*last_end) : ""},
                            {"error", last_error},
                            {"progress", nullptr},
                            {"result", nullptr}};
        if (const auto& status = job.status(); job.running() && status)
            json["progress"] = {{"fraction", status->progress.fraction}, {"phase", status->progress.phase}};
        if (result) {
            json["result"] = result_json;
            json["seconds"] = result_seconds;
        }
        return json;
    }
};

}  // namespace touchpoint::web
