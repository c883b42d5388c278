#pragma once
// The simulation workers: Web Workers running touchpoint_worker.js (web/worker/simulation_worker.cpp),
// which take a request (JSON text), send their progress now and then as {"customers_done": N}
// and answer once with the result or {"error": "..."}. Workers stay loaded between calls, since
// loading one compiles the module.
#include <memory>
#include <string>

namespace touchpoint::web {

// The browser's logical cores, 1 to 8; 0 where workers cannot run (no Worker, a page opened from a file).
int simulation_worker_slots();
// Loads workers ahead of the first call, which then does not wait for them.
void warm_up_simulation_workers(int count);

// One call of a worker function. The answer arrives between frames; the call only holds it.
class WorkerCall {
public:
    WorkerCall(const char* function, const std::string& request);
    ~WorkerCall();  // a worker still at work is stopped; an idle one goes back to the pool
    WorkerCall(const WorkerCall&) = delete;
    WorkerCall& operator=(const WorkerCall&) = delete;

    double customers_done() const { return customers_done_; }
    bool answered() const { return answered_; }
    // The final answer, once; empty before it comes.
    std::string take_answer() { return std::move(answer_); }
    // Stops the worker if it is still at work: its answer will never come.
    void stop();

private:
    static void on_message(char* data, int size, void* argument);
    int worker_ = 0;
    double customers_done_ = 0;
    bool answered_ = false;
    std::string answer_;
};

// The error of an answer that is {"error": "..."}; "" for any other answer.
std::string worker_error(const std::string& answer);

}  // namespace touchpoint::web
