#include "feedback_panel.hpp"

namespace touchpoint::web {

void draw_surveys_view(data::Store&, const std::shared_ptr<const data::Dataset>&, std::optional<metrics::DateWindow>, ImFont*) {
    ImGui::TextDisabled("Surveys");
}
void draw_support_view(data::Store&, const std::shared_ptr<const data::Dataset>&, std::optional<metrics::DateWindow>, ImFont*) {
    ImGui::TextDisabled("Support");
}
nlohmann::json feedback_state_json() { return nullptr; }

}  // namespace touchpoint::web
