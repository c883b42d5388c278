// The commands tests and links send (window.touchpoint.command, share links): the app's own
// ("section:Models", "theme:dark", "help:glossary", "undo", ...), then "<prefix>:<arguments>"
// for the section that answers the prefix.
#include "app/app.hpp"

#include <string_view>

namespace touchpoint::web {

namespace {

std::optional<std::string_view> after(std::string_view command, std::string_view prefix) {
    if (command.substr(0, prefix.size()) != prefix) return std::nullopt;
    return command.substr(prefix.size());
}

bool run_app_command(App& app, std::string_view command) {
    auto& workbench = app.workbench;
    if (command == "clear_local_data") workbench.clear_local_data();
    else if (command == "export_database") workbench.export_database();
    else if (command == "undo") workbench.undo();
    else if (command == "redo") workbench.redo();
    else if (command == "help:open") app.help_open = true;
    else if (command == "help:close") app.help_open = false;
    else if (command == "help:shortcuts" || command == "help:glossary" || command == "help:charts" || command == "help:limits") {
        app.help_open = true;
        app.help_tab = command == "help:charts"     ? HelpTab::Charts
                       : command == "help:glossary" ? HelpTab::Glossary
                       : command == "help:limits"   ? HelpTab::Limits
                                                    : HelpTab::Shortcuts;
    } else if (const auto theme = after(command, "theme:"); theme && (*theme == "light" || *theme == "dark")) {
        set_theme(app, *theme == "dark" ? Theme::Dark : Theme::Light);
    } else if (const auto name = after(command, "section:"); name && section_named(*name)) {
        app.section = *section_named(*name);
    } else {
        return false;
    }
    return true;
}

}  // namespace

bool run_command(App& app, const std::string& command) {
    if (run_app_command(app, command)) return true;
    const auto colon = command.find(':');
    if (colon == std::string::npos) return false;
    const std::string_view prefix = std::string_view(command).substr(0, colon);
    const std::string_view arguments = std::string_view(command).substr(colon + 1);
    for (auto* section : app.every_section) {
        for (const auto answered : section->command_prefixes()) {
            if (answered != prefix) continue;
            std::optional<Section> go_to;
            const bool done = section->run_command(app.workbench, prefix, arguments, go_to);
            if (go_to) app.section = *go_to;
            return done;
        }
    }
    return false;
}

}  // namespace touchpoint::web
