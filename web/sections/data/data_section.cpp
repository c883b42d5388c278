#include "sections/data/data_section.hpp"

#include "sections/data/data_panel.hpp"
#include "ui/test_hooks.hpp"
#include "app/workbench.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace touchpoint::web {

namespace {
constexpr std::array<std::string_view, 1> prefixes{"data"};
}

std::optional<Section> DataSection::draw(Workbench& workbench, const SectionFrame&) {
    draw_data_panel(workbench, select_tab_, tables_, snapshot_);
    return std::nullopt;
}

// The tables follow the Dataset when next drawn: they keep their filter and their sort.
void DataSection::reset(Workbench&) {}

void DataSection::add_test_state(const Workbench&, bool shown, nlohmann::json& ui) const {
    const auto& table = snapshot_;
    ui["table"] = shown && *table.table ? nlohmann::json{{"name", table.table}, {"rows", table.rows}, {"rect", test_hooks::css_rect_json(table.min, table.max)}}
                                        : nlohmann::json(nullptr);
}

std::span<const std::string_view> DataSection::command_prefixes() const { return prefixes; }

bool DataSection::run_command(Workbench& workbench, std::string_view, std::string_view arguments, std::optional<Section>& go_to) {
    if (arguments == "confirm_import") workbench.confirm_import();
    else if (arguments == "cancel_import") workbench.cancel_import();
    else if (arguments == "change_mapping") workbench.change_import_mapping();
    else if (arguments.substr(0, 6) == "sheet:") workbench.choose_import_sheet(std::string(arguments.substr(6)));
    else if (arguments == "import" || arguments == "orders" || arguments == "customers") {
        go_to = Section::Data;
        select_tab_ = arguments == "orders" ? DataTab::Orders : arguments == "customers" ? DataTab::Customers : DataTab::Import;
    } else {
        return false;
    }
    return true;
}

}  // namespace touchpoint::web
