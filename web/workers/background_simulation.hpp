#pragma once
// A simulation that runs beside the page instead of in its frames: its replications are split
// over Web Workers running touchpoint_worker.js (web/worker/simulation_worker.cpp), and the parts
// are put together with sim::combine_parts, which gives the same numbers, bit for bit, as one
// run. Where workers cannot run (no Worker, a page opened from a file) it steps an ordinary
// SimulationJob in the frames instead. To the job runner it is a job like any other; its steps
// only collect what the workers sent.
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/jobs/job.hpp"
#include "touchpoint/sim/simulator.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace touchpoint::web {

class BackgroundSimulation : public jobs::Job {
public:
    // Throws std::invalid_argument for input the simulator cannot run, as sim::SimulationJob does.
    BackgroundSimulation(sim::Population population, std::vector<cadence::Cadence> cadences, sim::EffectModel effects,
                         sim::SimulationOptions options, int worker_count = default_worker_count());
    ~BackgroundSimulation() override;
    jobs::Progress step(std::chrono::milliseconds budget) override;
    void cancel() override;
    // Set once the job has finished (not when cancelled or failed).
    const std::optional<sim::SimulationResult>& result() const;
    // Workers the run is split over; 0 when it runs in the page's frames.
    int workers_used() const;

    // The browser's logical cores, 1 to 8; 0 where workers cannot run.
    static int default_worker_count();
    // Starts the workers ahead of the first run, which then does not wait for them to load.
    static void warm_up(int worker_count = default_worker_count());

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace touchpoint::web
