#pragma once
// F1: the keyboard shortcuts, the glossary of every metric and model parameter (the same
// words as the CLI's help), and the kinds of chart the workbench draws.
#include <optional>
#include <vector>

namespace touchpoint::web {

struct Shortcut {
    const char* keys;
    const char* action;
};

const std::vector<Shortcut>& shortcuts();

enum class HelpTab { Shortcuts, Glossary, Charts };

// A window over the workbench while *open; closing it sets *open to false. select_tab, when
// set, brings that tab forward once and is cleared.
void draw_help_window(bool* open, std::optional<HelpTab>& select_tab);

}  // namespace touchpoint::web
