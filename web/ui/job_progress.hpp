#pragma once
// A job's progress bar: phase, count, rate and time left, with a Cancel button.
#include "touchpoint/jobs/runner.hpp"

#include <functional>

namespace touchpoint::web {

// width 0: the rest of the line. on_cancel is called when the user presses Cancel.
void draw_job_progress(const jobs::JobStatus& status, const std::function<void()>& on_cancel, float width = 0.0f);

}  // namespace touchpoint::web
