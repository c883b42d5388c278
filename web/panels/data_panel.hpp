#pragma once
// The Data page: bring files in (Open or drag and drop), watch the import, answer its
// questions, read its report, and manage the local database.
#include "../workbench.hpp"

namespace touchpoint::web {

void draw_data_panel(Workbench& workbench);

}  // namespace touchpoint::web
