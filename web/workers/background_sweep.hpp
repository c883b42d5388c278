#pragma once
// A timing sweep beside the page: its grid split into blocks over the simulation workers
// (web/simulation_workers.hpp), each block a sim::SweepPartJob there, combined with
// sim::combine_sweep_parts into exactly the result of one run. Where workers cannot run it steps
// the whole grid as one SweepPartJob in the frames. To the job runner it is a job like any other.
#include "touchpoint/jobs/job.hpp"
#include "touchpoint/sim/timing_sweep.hpp"

#include <memory>
#include <optional>

namespace touchpoint::web {

class BackgroundSweep : public jobs::Job {
public:
    // Throws std::invalid_argument for a sweep the simulator cannot run.
    BackgroundSweep(sim::Population population, sim::SweepSpec spec, sim::EffectModel effects, sim::SimulationOptions options,
                    int worker_count);
    ~BackgroundSweep() override;
    jobs::Progress step(std::chrono::milliseconds budget) override;
    void cancel() override;
    const std::optional<sim::SweepResult>& result() const;  // once finished (not when cancelled or failed)
    int workers_used() const;                               // 0 when it runs in the page's frames

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace touchpoint::web
