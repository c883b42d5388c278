#pragma once
// A job a section runs (a fit, a simulation, a sweep): started through the Workbench, followed
// once a frame, drawn as a progress bar with Cancel, and its end read as a jobs::JobState. The
// section keeps its own pointer to the job, to read the result once the runner lets go of it.
//
//   JobSlot<clv::ModelRunJob> fit;
//   fit.start(workbench, "Fitting BG/NBD", std::make_shared<clv::ModelRunJob>(...));
//   if (const auto ended = fit.follow(workbench); ended && ended->state == jobs::JobState::Done)
//       adopt(*ended->job);
//   fit.draw_status(workbench, "models:cancel");
//
// draw_job_outcome below draws the line a section shows above a job's results.
#include "app/workbench.hpp"
#include "touchpoint/jobs/runner.hpp"
#include "ui/job_progress.hpp"
#include "ui/test_hooks.hpp"
#include "ui/theme.hpp"

#include <imgui.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace touchpoint::web {

template <typename JobType>
class JobSlot {
public:
    struct Ended {
        std::shared_ptr<JobType> job;
        jobs::JobState state = jobs::JobState::Done;  // Done, Failed or Cancelled
        std::string error;                            // when Failed
    };

    bool running() const { return job_ != nullptr; }
    const std::shared_ptr<JobType>& job() const { return job_; }
    // As of the last frame; empty before the runner's first step.
    const std::optional<jobs::JobStatus>& status() const { return status_; }
    // How the last job ended; empty before the first one ended.
    const std::optional<jobs::JobState>& last_end() const { return last_end_; }
    const std::string& last_error() const { return last_error_; }

    void start(Workbench& workbench, std::string title, std::shared_ptr<JobType> job) {
        job_ = std::move(job);
        status_.reset();
        last_error_.clear();
        id_ = workbench.start_job(std::move(title), job_);
    }

    void cancel(Workbench& workbench) {
        if (job_) workbench.cancel_job(id_);
    }

    // Once a frame: the job's status while it runs; when it has ended, the job and how it ended
    // (once), and the slot is free again.
    std::optional<Ended> follow(Workbench& workbench) {
        if (!job_) return std::nullopt;
        if (auto status = workbench.job_runner().status(id_)) {
            status_ = std::move(*status);
            return std::nullopt;
        }
        Ended ended{std::move(job_), jobs::JobState::Done, {}};
        if (const auto finished = workbench.take_finished_job(id_)) {
            ended.state = finished->state;
            ended.error = finished->error;
        }
        job_.reset();
        status_.reset();
        last_end_ = ended.state;
        last_error_ = ended.error;
        return ended;
    }

    // The progress bar with its Cancel button while the job runs ("Starting..." before its first
    // status). `cancel_target` names the Cancel button for the tests' clicks. False when no job runs.
    bool draw_status(Workbench& workbench, std::string_view cancel_target = {}) {
        if (!job_) return false;
        if (!status_) {
            ImGui::TextDisabled("Starting...");
            return true;
        }
        draw_job_progress(*status_, [&workbench, id = id_] { workbench.cancel_job(id); });
        if (!cancel_target.empty()) test_hooks::record_click_target(cancel_target);  // the bar's last item is Cancel
        return true;
    }

private:
    std::shared_ptr<JobType> job_;
    jobs::JobId id_ = 0;
    std::optional<jobs::JobStatus> status_;
    std::optional<jobs::JobState> last_end_;
    std::string last_error_;
};

// The line above a job's results: the progress bar while the job runs, else why the last one
// failed or could not start (`failure_prefix` then the error, in the error colour), else that it
// was cancelled, saying whether the results shown are older (`what`: "run", "sweep"). The
// section's own last end counts, not the slot's: a job may end Done without a result. False when
// none of these applies; the caller then draws its hint or its summary.
template <typename JobType>
bool draw_job_outcome(JobSlot<JobType>& slot, Workbench& workbench, std::string_view cancel_target, std::string_view failure_prefix,
                      const std::string& last_error, const std::optional<jobs::JobState>& last_end, bool has_result,
                      std::string_view what) {
    if (slot.draw_status(workbench, cancel_target)) return true;
    if (!last_error.empty()) {
        const std::string line = std::string(failure_prefix) + last_error;
        ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().error_text);
        ImGui::TextWrapped("%s", line.c_str());
        ImGui::PopStyleColor();
        return true;
    }
    if (last_end == jobs::JobState::Cancelled) {
        const std::string line = has_result ? "Cancelled. The results shown are from the last " + std::string(what) + " that finished."
                                            : std::string("Cancelled.");
        ImGui::TextDisabled("%s", line.c_str());
        return true;
    }
    return false;
}

}  // namespace touchpoint::web
