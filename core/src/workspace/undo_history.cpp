#include "touchpoint/workspace/undo_history.hpp"

#include <nlohmann/json.hpp>
#include <utility>

namespace touchpoint::workspace {

UndoHistory::UndoHistory(nlohmann::json initial_state, std::size_t max_steps)
    : current_(std::move(initial_state)), max_steps_(max_steps) {}

void UndoHistory::commit(std::string description, nlohmann::json new_state, std::string merge_key) {
    if (new_state == current_) return;  // nothing changed: no step, and the redo side survives

    const bool merges = !merge_key.empty() && merge_key == merge_key_ && !undo_steps_.empty();
    redo_steps_.clear();
    if (merges) {
        Step& step = undo_steps_.back();
        // A slider dragged back to where it started leaves nothing to undo.
        if (new_state == step.other_state) {
            undo_steps_.pop_back();
            merge_key_.clear();
        } else {
            step.description = std::move(description);
        }
        current_ = std::move(new_state);
        ++revision_;
        return;
    }

    undo_steps_.push_back({std::move(description), std::move(current_)});
    current_ = std::move(new_state);
    ++revision_;
    merge_key_ = std::move(merge_key);
    while (undo_steps_.size() > max_steps_) undo_steps_.pop_front();
    if (undo_steps_.empty()) merge_key_.clear();  // max_steps 0: there is no step to merge into
}

std::string UndoHistory::undo_description() const {
    return undo_steps_.empty() ? std::string() : undo_steps_.back().description;
}

std::string UndoHistory::redo_description() const {
    return redo_steps_.empty() ? std::string() : redo_steps_.back().description;
}

const nlohmann::json& UndoHistory::undo() {
    if (undo_steps_.empty()) return current_;
    Step step = std::move(undo_steps_.back());
    undo_steps_.pop_back();
    std::swap(step.other_state, current_);  // the step now holds the state to redo to
    redo_steps_.push_back(std::move(step));
    merge_key_.clear();  // an edit after an undo starts a step of its own
    ++revision_;
    return current_;
}

const nlohmann::json& UndoHistory::redo() {
    if (redo_steps_.empty()) return current_;
    Step step = std::move(redo_steps_.back());
    redo_steps_.pop_back();
    std::swap(step.other_state, current_);
    undo_steps_.push_back(std::move(step));
    merge_key_.clear();
    ++revision_;
    return current_;
}

void UndoHistory::reset(nlohmann::json state) {
    current_ = std::move(state);
    undo_steps_.clear();
    redo_steps_.clear();
    merge_key_.clear();
    ++revision_;
}

}  // namespace touchpoint::workspace
