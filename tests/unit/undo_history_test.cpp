#include "touchpoint/workspace/undo_history.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

using touchpoint::workspace::UndoHistory;
using nlohmann::json;

namespace {

json discount(int percent) { return {{"discount", percent}}; }

}  // namespace

TEST_CASE("a fresh history holds the initial state and nothing to undo or redo") {
    UndoHistory history(discount(0));
    CHECK(history.current() == discount(0));
    CHECK_FALSE(history.can_undo());
    CHECK_FALSE(history.can_redo());
    CHECK(history.undo_description().empty());
    CHECK(history.redo_description().empty());
    CHECK(history.undo_steps() == 0);
    CHECK(history.max_steps() == 200);
}

TEST_CASE("edits undo and redo in order, restoring the exact states") {
    UndoHistory history(json::object());
    history.commit("Add cadence", {{"cadences", {"welcome"}}});
    history.commit("Add step", {{"cadences", {"welcome", "check-in"}}});
    history.commit("Rename", {{"cadences", {"hello", "check-in"}}});
    CHECK(history.undo_steps() == 3);
    CHECK(history.undo_description() == "Rename");

    CHECK(history.undo() == json{{"cadences", {"welcome", "check-in"}}});
    CHECK(history.undo_description() == "Add step");
    CHECK(history.redo_description() == "Rename");
    CHECK(history.undo() == json{{"cadences", {"welcome"}}});
    CHECK(history.undo() == json::object());
    CHECK_FALSE(history.can_undo());
    CHECK(history.redo_steps() == 3);

    CHECK(history.redo() == json{{"cadences", {"welcome"}}});
    CHECK(history.redo() == json{{"cadences", {"welcome", "check-in"}}});
    CHECK(history.redo_description() == "Rename");
    CHECK(history.redo() == json{{"cadences", {"hello", "check-in"}}});
    CHECK_FALSE(history.can_redo());
    CHECK(history.current() == json{{"cadences", {"hello", "check-in"}}});
    CHECK(history.undo_steps() == 3);
}

TEST_CASE("undo and redo without a step change nothing") {
    UndoHistory history(discount(1));
    CHECK(history.undo() == discount(1));
    CHECK(history.redo() == discount(1));
    history.commit("Set discount", discount(2));
    CHECK(history.redo() == discount(2));
    CHECK(history.undo() == discount(1));
    CHECK(history.undo() == discount(1));
    CHECK(history.can_redo());
}

TEST_CASE("a new commit clears the redo side") {
    UndoHistory history(discount(0));
    history.commit("a", discount(1));
    history.commit("b", discount(2));
    history.undo();
    REQUIRE(history.can_redo());
    history.commit("c", discount(3));
    CHECK_FALSE(history.can_redo());
    CHECK(history.redo() == discount(3));
    CHECK(history.undo_description() == "c");
    CHECK(history.undo() == discount(1));
    CHECK(history.undo() == discount(0));
    CHECK_FALSE(history.can_undo());
}

TEST_CASE("a commit equal to the current state records nothing and keeps the redo side") {
    UndoHistory history(discount(0));
    history.commit("a", discount(1));
    history.commit("same again", discount(1));
    CHECK(history.undo_steps() == 1);
    CHECK(history.undo_description() == "a");
    history.undo();
    history.commit("no change", discount(0));
    CHECK(history.can_redo());
    CHECK(history.redo() == discount(1));
}

TEST_CASE("commits with the same merge key in a row form one step") {
    UndoHistory history(discount(0));
    history.commit("Rename", {{"discount", 0}, {"name", "x"}});
    history.commit("Set discount to 5", {{"discount", 5}, {"name", "x"}}, "discount-slider");
    history.commit("Set discount to 9", {{"discount", 9}, {"name", "x"}}, "discount-slider");
    history.commit("Set discount to 12", {{"discount", 12}, {"name", "x"}}, "discount-slider");
    CHECK(history.undo_steps() == 2);
    CHECK(history.undo_description() == "Set discount to 12");
    CHECK(history.undo() == json{{"discount", 0}, {"name", "x"}});
    CHECK(history.redo_description() == "Set discount to 12");
    CHECK(history.undo() == discount(0));
    CHECK(history.redo() == json{{"discount", 0}, {"name", "x"}});
    CHECK(history.redo() == json{{"discount", 12}, {"name", "x"}});
}

TEST_CASE("merging stops at another key, at an unkeyed commit and after an undo") {
    UndoHistory history(discount(0));
    history.commit("drag", discount(1), "slider");
    history.commit("drag", discount(2), "other slider");
    CHECK(history.undo_steps() == 2);
    history.commit("drag", discount(3), "other slider");
    CHECK(history.undo_steps() == 2);
    history.commit("type", discount(4));
    history.commit("type", discount(5));
    CHECK(history.undo_steps() == 4);  // an empty key never merges

    history.commit("drag", discount(6), "slider");
    CHECK(history.undo_steps() == 5);
    history.undo();
    CHECK(history.current() == discount(5));
    history.commit("drag", discount(7), "slider");  // a new step, not a merge into "type"
    CHECK(history.undo_steps() == 5);
    CHECK(history.undo() == discount(5));
    CHECK(history.undo() == discount(4));
}

TEST_CASE("a merged drag that returns to its start leaves no step") {
    UndoHistory history(discount(0));
    history.commit("a", discount(10));
    history.commit("drag", discount(11), "slider");
    history.commit("drag", discount(10), "slider");
    CHECK(history.current() == discount(10));
    CHECK(history.undo_steps() == 1);
    CHECK(history.undo_description() == "a");
    history.commit("drag", discount(12), "slider");  // starts afresh
    CHECK(history.undo_steps() == 2);
    CHECK(history.undo() == discount(10));
}

TEST_CASE("beyond max_steps the oldest steps are forgotten") {
    UndoHistory history(discount(0), 3);
    for (int i = 1; i <= 5; ++i) history.commit("step " + std::to_string(i), discount(i));
    CHECK(history.undo_steps() == 3);
    CHECK(history.undo() == discount(4));
    CHECK(history.undo() == discount(3));
    CHECK(history.undo() == discount(2));
    CHECK_FALSE(history.can_undo());
    CHECK(history.undo() == discount(2));
    CHECK(history.redo_steps() == 3);
    CHECK(history.redo() == discount(3));
    CHECK(history.redo() == discount(4));
    CHECK(history.redo() == discount(5));
    CHECK(history.undo_steps() == 3);
}

TEST_CASE("max_steps 0 keeps only the current state") {
    UndoHistory history(discount(0), 0);
    history.commit("a", discount(1), "slider");
    history.commit("b", discount(2), "slider");
    CHECK(history.current() == discount(2));
    CHECK_FALSE(history.can_undo());
}

TEST_CASE("reset starts from a new state with an empty history") {
    UndoHistory history(discount(0));
    history.commit("a", discount(1), "slider");
    history.commit("b", discount(2));
    history.undo();
    history.reset({{"opened", "file.json"}});
    CHECK(history.current() == json{{"opened", "file.json"}});
    CHECK_FALSE(history.can_undo());
    CHECK_FALSE(history.can_redo());
    CHECK(history.undo() == json{{"opened", "file.json"}});
    history.commit("c", discount(3), "slider");  // no merge across a reset
    CHECK(history.undo_steps() == 1);
    CHECK(history.undo() == json{{"opened", "file.json"}});
}

TEST_CASE("the revision counts every change of the state, and only changes") {
    UndoHistory history(json{{"a", 1}});
    CHECK(history.revision() == 0);
    history.commit("same", json{{"a", 1}});  // equal to the current state: no change
    CHECK(history.revision() == 0);
    history.commit("set a", json{{"a", 2}});
    CHECK(history.revision() == 1);
    history.commit("drag", json{{"a", 3}}, "slider");
    history.commit("drag", json{{"a", 4}}, "slider");  // merged into one step, still a change
    CHECK(history.revision() == 3);
    history.undo();
    CHECK(history.revision() == 4);  // back to an earlier state is a change too: the counter never goes back
    history.redo();
    CHECK(history.revision() == 5);
    history.redo();  // nothing to redo: no change
    history.undo();
    history.undo();
    history.undo();  // nothing left to undo
    CHECK(history.revision() == 7);
    history.reset(json{{"b", 1}});
    CHECK(history.revision() == 8);
}
