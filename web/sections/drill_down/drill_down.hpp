#pragma once
// Drill-down: the customers behind a number the user clicked (a cohort cell, a segment, a bar),
// listed in a window as a virtual table; clicking a customer opens their timeline of orders,
// touches, surveys and tickets, so the continuity of care is visible.
#include <nlohmann/json.hpp>

#include <imgui.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

struct CustomerListRequest {
    std::string title;                     // what was clicked, e.g. "Cohort 2024-03, month 2"
    std::vector<std::uint32_t> customers;  // indices into the shown Dataset's customer_ids
};

// Opens (or replaces) the customer list window.
void open_customer_list(CustomerListRequest request);

// Opens the timeline window of a customer of the shown store (read once, then cached until the
// shown Dataset changes). False when the store knows no such customer: the window says so.
bool open_customer_timeline(Workbench& workbench, const std::string& customer_id);

// Draws the drill-down windows when open; call once per frame after the section.
void draw_drill_down(Workbench& workbench);

// Test API: what the drill-down shows, and commands ("drill:...") that click as a user would:
// "segment:<new|returning|loyal|lapsed>", "cohort:<row>:<months since>", "rfm:<R>:<FM>",
// "trend:<month-end index>:<segment>", "migration:<from segment>:<to segment>",
// "row:<n>" (the list's n-th row as shown), "customer:<id>", "close".
nlohmann::json drill_down_state_json();
bool run_drill_down_command(Workbench& workbench, std::string_view command);

}  // namespace touchpoint::web
