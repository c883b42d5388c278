#pragma once
// Drill-down: the customers behind a number the user clicked (a cohort cell, a segment, a bar),
// listed in a window as a virtual table; clicking a customer opens their timeline of orders,
// touches, surveys and tickets, so the continuity of care is visible. Other sections open the
// windows through `workbench.handoffs` (customer_list, customer_timeline).
#include "app/workbench.hpp"
#include "touchpoint/data/customer_timeline.hpp"

#include <nlohmann/json_fwd.hpp>

#include <imgui.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

// The two windows and the timelines read so far: DrillDownSection's state.
struct DrillDown {
    struct Row {
        std::uint32_t customer = 0;  // index into the Dataset
        int first_purchase_day = 0;
        int last_purchase_day = 0;
        int purchase_days = 0;
        double revenue = 0.0;
    };
    struct List {
        bool open = false;
        bool focus = false;  // bring it to the front on the next frame
        CustomerListRequest request;
        std::shared_ptr<const data::Dataset> dataset;  // the one the indices point into
        std::vector<Row> rows;
        std::vector<std::size_t> shown_order;  // rows as sorted on screen
        std::optional<std::uint32_t> selected;
    };
    struct Timeline {
        bool open = false;
        bool focus = false;
        std::string customer_id;
        std::shared_ptr<const data::CustomerTimeline> timeline;  // null when the store does not know the id
        std::string error;
    };

    List list;
    Timeline timeline;
    const data::Dataset* cache_key = nullptr;  // the cache holds timelines of this Dataset's store
    std::map<std::string, std::shared_ptr<const data::CustomerTimeline>> cache;
};

// Opens the windows other sections asked for in `workbench.handoffs` and clears the requests.
// False when a timeline was asked for a customer the shown store does not know (the window says so).
bool take_drill_down_handoffs(DrillDown& state, Workbench& workbench);

// The data shown was replaced: the list's indices and the cached timelines belong to the old one.
void forget_old_data(DrillDown& state, const Workbench& workbench);

// Draws the drill-down windows when open; once per frame after the section.
void draw_drill_down(DrillDown& state, Workbench& workbench);

// Test API: what the drill-down shows, and commands ("drill:...") that click as a user would:
// "segment:<new|returning|loyal|lapsed>", "cohort:<row>:<months since>", "rfm:<R>:<FM>",
// "trend:<month-end index>:<segment>", "migration:<from segment>:<to segment>",
// "row:<n>" (the list's n-th row as shown), "customer:<id>", "close".
nlohmann::json drill_down_state_json(const DrillDown& state);
bool run_drill_down_command(DrillDown& state, Workbench& workbench, std::string_view command);

}  // namespace touchpoint::web
