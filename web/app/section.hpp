#pragma once
// One section of the workbench, in the spirit of floooh's chips `ui_*_t`: it owns its state,
// draws itself into the content area, forgets what it derived when the data shown or the
// workspace is replaced, says what it shows when a browser test asks, and runs the commands
// tests and links send it. The app keeps one of each as a member and loops over them
// (app/app.cpp); nothing a section keeps is static. docs/architecture.md shows how to add one.
#include "app/sections.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <span>
#include <string_view>

struct ImFont;

namespace touchpoint::web {

class Workbench;

// What the app hands every section's draw.
struct SectionFrame {
    ImFont* heading = nullptr;  // section titles and large figures; nullptr draws them in the body font
};

class SectionView {
public:
    virtual ~SectionView() = default;

    // Draws the section; returns the section the user asked to go to, if any.
    virtual std::optional<Section> draw(Workbench& workbench, const SectionFrame& frame) = 0;

    // The data shown or the workspace was replaced (an import, the local database cleared or
    // opened, a workspace opened): drop everything derived from the old, before the next draw.
    virtual void reset(Workbench& workbench) = 0;

    // Browser tests only, and only when a test reads the state: adds this section's keys to the
    // page's ui() JSON. `shown` says whether the section is the one on screen.
    virtual void add_test_state(const Workbench& workbench, bool shown, nlohmann::json& ui) const = 0;

    // The command prefixes the section answers: "models" takes "models:fit:{...}".
    virtual std::span<const std::string_view> command_prefixes() const = 0;
    // Runs "<prefix>:<arguments>" as the section's controls would; false when not understood.
    // `go_to` may name the section to show afterwards.
    virtual bool run_command(Workbench& workbench, std::string_view prefix, std::string_view arguments,
                             std::optional<Section>& go_to) = 0;
};

}  // namespace touchpoint::web
