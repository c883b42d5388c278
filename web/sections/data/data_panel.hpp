#pragma once
// The Data page: bring files in (Open or drag and drop), watch the import, answer its
// questions, read its report, and manage the local database.
#include "app/workbench.hpp"
#include "widgets/data_table.hpp"

#include <imgui.h>

#include <cstddef>
#include <memory>
#include <optional>

namespace touchpoint::web {

enum class DataTab { Import, Orders, Customers };

// What the Data page's table showed in its last frame, for the page's test API.
struct BrowseSnapshot {
    const char* table = "";  // "orders", "customers", or "" when no table is on screen
    std::size_t rows = 0;    // rows in the table's current order (after the filter)
    ImVec2 min{}, max{};     // where it was drawn
};

// Browsing the data behind the numbers: orders and customers from the Dataset in use.
struct BrowseTables {
    std::shared_ptr<const data::Dataset> dataset;  // the one the tables were made for
    widgets::DataTable orders, customers;
};

// select_tab, when set, brings that tab forward once and is cleared. `snapshot` gets what the
// table drew in this frame.
void draw_data_panel(Workbench& workbench, std::optional<DataTab>& select_tab, BrowseTables& tables, BrowseSnapshot& snapshot);

}  // namespace touchpoint::web
