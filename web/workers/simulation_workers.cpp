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

std::vector<worker_handle>& idle_workers() {
    static std::vector<worker_handle> idle;
    return idle;
}

}  // namespace

int simulation_worker_slots() { return std::clamp(touchpoint_worker_slots(), 0, max_workers); }

void warm_up_simulation_workers(int count) {
    auto& idle = idle_workers();
    while (static_cast<int>(idle.size()) < count) idle.push_back(emscripten_create_worker(worker_script));
}

WorkerCall::WorkerCall(const char* function, const std::string& request) {
    auto& idle = idle_workers();
    if (idle.empty()) {
        worker_ = emscripten_create_worker(worker_script);
    } else {
        worker_ = idle.back();
        idle.pop_back();
    }
    std::string text = request;  // the call hands the bytes over to the worker
    emscripten_call_worker(worker_, function, text.data(), static_cast<int>(text.size()), &WorkerCall::on_message, this);
}

WorkerCall::~WorkerCall() {
    stop();
    if (worker_) idle_workers().push_back(worker_);
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
