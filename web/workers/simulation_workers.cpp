#include "workers/simulation_workers.hpp"

#include <emscripten/emscripten.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string_view>
#include <vector>

namespace touchpoint::web {

namespace {

constexpr const char* worker_script = "touchpoint_worker.js";
constexpr int max_workers = 8;
constexpr std::string_view progress_prefix = "{\"customers_done\"";

EM_JS(int, touchpoint_worker_slots, (), {
    if (typeof Worker === 'undefined' || location.protocol === 'file:') return 0;
    return navigator.hardwareConcurrency || 2;
});

// Loaded workers not at work.
class WorkerPool {
public:
    void fill_to(int count) {
        while (static_cast<int>(idle_.size()) < count) idle_.push_back(emscripten_create_worker(worker_script));
    }
    worker_handle take() {
        if (idle_.empty()) return emscripten_create_worker(worker_script);
        const worker_handle worker = idle_.back();
        idle_.pop_back();
        return worker;
    }
    void give_back(worker_handle worker) { idle_.push_back(worker); }

private:
    std::vector<worker_handle> idle_;
};

// The page's one pool, at namespace scope on purpose: a worker outlives the job that used it
// (loading one compiles the module again), so every simulation and sweep of the page, in
// whichever section, draws on the same workers, as the page has one set of them.
WorkerPool idle_workers;

}  // namespace

int simulation_worker_slots() { return std::clamp(touchpoint_worker_slots(), 0, max_workers); }

void warm_up_simulation_workers(int count) { idle_workers.fill_to(count); }

WorkerCall::WorkerCall(const char* function, const std::string& request) : worker_(idle_workers.take()) {
    std::string text = request;  // the call hands the bytes over to the worker
    emscripten_call_worker(worker_, function, text.data(), static_cast<int>(text.size()), &WorkerCall::on_message, this);
}

WorkerCall::~WorkerCall() {
    stop();
    if (worker_) idle_workers.give_back(worker_);
}

void WorkerCall::stop() {
    if (!answered_ && worker_) {
        emscripten_destroy_worker(worker_);
        worker_ = 0;
    }
}

void WorkerCall::on_message(char* data, int size, void* argument) {
    auto& call = *static_cast<WorkerCall*>(argument);
    const std::string_view message(data, static_cast<std::size_t>(size));
    if (message.rfind(progress_prefix, 0) == 0) {
        const auto progress = nlohmann::json::parse(message, nullptr, false);
        if (progress.is_object()) call.customers_done_ = progress.value("customers_done", call.customers_done_);
        return;
    }
    call.answered_ = true;
    call.answer_.assign(message);
}

std::string worker_error(const std::string& answer) {
    if (answer.rfind("{\"error\"", 0) != 0) return "";
    const auto message = nlohmann::json::parse(answer, nullptr, false);
    return message.is_object() && message["error"].is_string() ? message["error"].get<std::string>() : "a simulation worker failed";
}

}  // namespace touchpoint::web
