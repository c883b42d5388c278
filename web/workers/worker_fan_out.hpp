#pragma once
// Work fanned out over the simulation workers (simulation_workers.hpp): the items (replications,
// a sweep's grid points) split into one block per worker, a WorkerCall each; every answer
// decoded into a Part as it arrives, one per step so that a frame holds at most one decoding;
// once all are in, the parts combined in block order into the Result, which is then exactly
// the result of one run. BackgroundSimulation and BackgroundSweep are this with their own
// request, decoding, combining and progress.
#include "touchpoint/sim/simulator.hpp"
#include "workers/simulation_workers.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace touchpoint::web {

template <typename Part, typename Result>
class WorkerFanOut {
public:
    // One call of `function` per block of sim::split_evenly(items, workers): `request` with the
    // block's first item and count under `first_key` and `count_key`.
    void start(const char* function, nlohmann::json request, const char* first_key, const char* count_key, int items, int workers) {
        for (const auto& [first, count] : sim::split_evenly(items, workers)) {
            request[first_key] = first;
            request[count_key] = count;
            calls_.push_back(std::make_unique<WorkerCall>(function, request.dump()));
            counts_.push_back(count);
        }
        parts_.resize(calls_.size());
    }

    std::size_t blocks() const { return calls_.size(); }
    int items_in(std::size_t block) const { return counts_[block]; }
    bool part_in(std::size_t block) const { return parts_[block].has_value(); }
    // What the block's worker last said it had done, while its part is not in.
    double customers_done(std::size_t block) const { return calls_[block]->customers_done(); }
    // " in 3 workers", for the progress bar's phase.
    std::string in_workers() const { return " in " + std::to_string(calls_.size()) + (calls_.size() == 1 ? " worker" : " workers"); }

    // One step: decodes the first answer not read yet (decode(answer) gives the Part), or, when
    // every part is in, combines them (combine(std::vector<Part>) gives the Result). An answer
    // that is an error stops the other workers and ends the run with it.
    template <typename Decode, typename Combine>
    void step(Decode decode, Combine combine) {
        if (ended()) return;
        for (std::size_t i = 0; i < calls_.size(); ++i) {
            auto& call = *calls_[i];
            if (!call.answered() || parts_[i]) continue;
            const std::string answer = call.take_answer();
            error_ = worker_error(answer);
            if (!error_.empty()) {
                stop();
                return;
            }
            parts_[i] = decode(answer);
            return;
        }
        if (std::all_of(parts_.begin(), parts_.end(), [](const auto& part) { return part.has_value(); })) {
            std::vector<Part> parts;
            for (auto& part : parts_) parts.push_back(std::move(*part));
            result_ = combine(std::move(parts));
        }
    }

    // No answer is waited for any more; a finished run stays finished.
    void cancel() {
        if (result_) return;
        cancelled_ = true;
        stop();
    }

    bool ended() const { return result_.has_value() || cancelled_ || !error_.empty(); }
    // Sets `finished` and `error` ("cancelled" after cancel()) of the run's progress.
    void set_end(jobs::Progress& progress) const {
        progress.finished = ended();
        progress.error = cancelled_ ? "cancelled" : error_;
    }

    // Set once every part is in and combined, or by a run in the page's frames.
    std::optional<Result>& result() { return result_; }
    const std::optional<Result>& result() const { return result_; }

private:
    void stop() {
        for (auto& call : calls_) call->stop();
    }

    std::vector<std::unique_ptr<WorkerCall>> calls_;  // a block each
    std::vector<int> counts_;                         // items per block
    std::vector<std::optional<Part>> parts_;
    bool cancelled_ = false;
    std::string error_;
    std::optional<Result> result_;
};

}  // namespace touchpoint::web
