#pragma once
// F1: the keyboard shortcuts, the glossary of every metric and model parameter (the same
// words as the CLI's help), the kinds of chart the workbench draws, and the limits of the page.
#include <imgui.h>

#include <optional>
#include <string_view>
#include <vector>

namespace touchpoint::web {

struct Shortcut {
    const char* keys;
    const char* action;
};

const std::vector<Shortcut>& shortcuts();

enum class HelpTab { Shortcuts, Glossary, Charts, Limits };

// What the help window keeps between frames; the app owns it.
struct HelpWindow {
    ImGuiTextFilter glossary_filter;  // the glossary's Find box
};

// A window over the workbench while *open; closing it sets *open to false. select_tab, when
// set, brings that tab forward once and is cleared.
void draw_help_window(HelpWindow& help, bool* open, std::optional<HelpTab>& select_tab);

// When the last item is hovered: a tooltip with the glossary's definition of `key` (nothing for
// an unknown key), and under it `hint` in grey when given ("Click to list the customers").
void hover_definition(std::string_view key, const char* hint = nullptr);

}  // namespace touchpoint::web
