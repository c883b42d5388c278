#include "drill_down.hpp"

#include "../workbench.hpp"

namespace touchpoint::web {

void open_customer_list(CustomerListRequest) {}
void draw_drill_down(Workbench&) {}
nlohmann::json drill_down_state_json() { return nullptr; }
bool run_drill_down_command(Workbench&, std::string_view) { return false; }

}  // namespace touchpoint::web
