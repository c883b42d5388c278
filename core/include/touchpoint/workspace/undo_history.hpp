#pragma once
// The undo/redo stack the editors share. It keeps whole snapshots of the workspace JSON:
// workspaces are small, and a snapshot cannot drift from the state the way replayed edits can.
//
//   UndoHistory history(workspace);
//   history.commit("Rename cadence", edited);          // one step
//   history.commit("Set discount", a, "discount");     // a slider drag: the first value...
//   history.commit("Set discount", b, "discount");     // ...and the next merge into one step
//   history.undo();                                    // back to `edited`
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace touchpoint::workspace {

class UndoHistory {
public:
    explicit UndoHistory(nlohmann::json initial_state, std::size_t max_steps = 200);

    // Records an edit that turned current() into new_state. When merge_key is non-empty and equals
    // the key of the commit just before (no undo or redo in between), the edit joins that step, which
    // takes the newer description; a merged step that ends where it began is dropped. A new step
    // clears the redo side. A new_state equal to current() records nothing and changes nothing.
    // Beyond max_steps the oldest steps are forgotten.
    void commit(std::string description, nlohmann::json new_state, std::string merge_key = "");

    const nlohmann::json& current() const { return current_; }
    // Counts the changes of current(): views compare it with the revision they last read instead
    // of copying and comparing the state. It never goes back, not even on undo.
    std::uint64_t revision() const { return revision_; }

    bool can_undo() const { return !undo_steps_.empty(); }
    bool can_redo() const { return !redo_steps_.empty(); }
    // The description of the step undo() / redo() would take back or replay; empty when there is none.
    std::string undo_description() const;
    std::string redo_description() const;

    // Without a step to take, these change nothing and return current().
    const nlohmann::json& undo();
    const nlohmann::json& redo();

    // A new starting point (e.g. a workspace opened from a file): both sides of the history are cleared.
    void reset(nlohmann::json state);

    std::size_t undo_steps() const { return undo_steps_.size(); }
    std::size_t redo_steps() const { return redo_steps_.size(); }
    std::size_t max_steps() const { return max_steps_; }

private:
    struct Step {
        std::string description;
        nlohmann::json other_state;  // on the undo side the state before the edit, on the redo side after it
    };

    nlohmann::json current_;
    std::deque<Step> undo_steps_;   // oldest first; a deque so the oldest drop off cheaply
    std::vector<Step> redo_steps_;  // the next redo last
    std::string merge_key_;         // key of the last commit while it may still be merged into
    std::size_t max_steps_;
    std::uint64_t revision_ = 0;
};

}  // namespace touchpoint::workspace
