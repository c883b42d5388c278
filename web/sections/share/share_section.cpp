#include "sections/share/share_section.hpp"

#include "app/workbench.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace touchpoint::web {

namespace {
constexpr std::array<std::string_view, 1> prefixes{"share"};
}

// What arrives is opened in follow(), before the other sections draw; nothing here comes from
// the data shown.
void ShareSection::reset(Workbench&) {}

void ShareSection::add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const {
    ui["share"] = shown || workbench.read_only ? share_state_json(state_, workbench) : nlohmann::json(nullptr);
}

std::span<const std::string_view> ShareSection::command_prefixes() const { return prefixes; }

bool ShareSection::run_command(Workbench& workbench, std::string_view, std::string_view arguments, std::optional<Section>& go_to) {
    go_to = Section::Share;
    if (arguments == "copy_link") copy_link(workbench);
    else if (arguments == "save_file") save_file(workbench);
    else if (arguments == "make_copy") make_copy(workbench);
    else if (arguments == "open_sample") open_sample(workbench);
    else if (arguments == "include_customer_data:1") state_.include_customer_data = true;
    else if (arguments == "include_customer_data:0") state_.include_customer_data = false;
    else return false;
    return true;
}

}  // namespace touchpoint::web
