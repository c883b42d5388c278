#pragma once
// The workbench's page: the Workbench (data, jobs, workspace), one member per section, and what
// the frame loop keeps between frames. app.cpp draws it, commands.cpp routes the commands tests
// and links send, test_api.cpp answers the tests that read it.
#include "app/section.hpp"
#include "app/sections.hpp"
#include "app/workbench.hpp"
#include "charts/chart.hpp"
#include "sections/cadences/cadences_section.hpp"
#include "sections/dashboard/dashboard_section.hpp"
#include "sections/data/data_section.hpp"
#include "sections/drill_down/drill_down_section.hpp"
#include "sections/experiments/experiments_section.hpp"
#include "sections/models/models_section.hpp"
#include "sections/segments/segments_section.hpp"
#include "sections/share/share_section.hpp"
#include "sections/simulate/simulate_section.hpp"
#include "sections/trainer/trainer_section.hpp"
#include "ui/help_window.hpp"
#include "ui/test_hooks.hpp"
#include "ui/theme.hpp"

#include <imgui.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

struct GLFWwindow;

namespace touchpoint::web {

struct Fonts {
    ImFont* body = nullptr;     // Inter 16 px with the icons
    ImFont* heading = nullptr;  // Inter SemiBold 30 px with the icons (figures, section titles)
};

// A PNG the chart layer asked for; the pixels are read after the frame is drawn.
struct PngRequest {
    std::string file_name;
    ImVec2 min, max;
};

// Where the frame's parts were drawn, for the test API.
struct Regions {
    ImVec2 sidebar_min{}, sidebar_max{}, content_min{}, content_max{}, status_min{}, status_max{};
};

// Key presses as GLFW reports them. ImGui only sees whether a key is down at the start of a
// frame, so a key pressed and released between two frames (a quick tap on a busy page) would be
// missed; shortcuts read this list instead.
struct KeyPress {
    int key;
    int mods;
};

struct App {
    GLFWwindow* window = nullptr;
    Workbench workbench;

    DataSection data;
    DashboardSection dashboard;
    SegmentsSection segments;
    ModelsSection models;
    CadencesSection cadences;
    SimulateSection simulate;
    ExperimentsSection experiments;
    TrainerSection trainer;
    ShareSection share{experiments, trainer};
    DrillDownSection drill_down;  // windows over any section, not in the sidebar

    // The sidebar's sections, in the order of `all_sections` (keys 1 to 9).
    std::array<SectionView*, all_sections.size()> sidebar{&data,     &dashboard,   &segments, &models, &cadences,
                                                          &simulate, &experiments, &trainer,  &share};
    // Every section, the drill-down included: commands, resets and test state loop over these.
    std::array<SectionView*, all_sections.size() + 1> every_section{&data,     &dashboard,   &segments, &models, &cadences,
                                                                    &simulate, &experiments, &trainer,  &share,  &drill_down};
    SectionView& shown() { return *sidebar[static_cast<std::size_t>(section)]; }

    Section section = Section::Dashboard;
    Theme theme = Theme::Light;
    float scale = 0.0f;  // the device pixel ratio the fonts and style were built for
    Fonts fonts;
    bool help_open = false;
    std::optional<HelpTab> help_tab;  // to bring forward on the next frame
    HelpWindow help;
    charts::ChartLayer charts;  // made current at start-up (charts::set_layer)
    std::vector<KeyPress> key_presses;  // since the last frame
    std::string clipboard;  // what the page copied last; ImGui pastes it back
    Regions regions;
    std::vector<PngRequest> png_requests;
    bool ready_marked = false;
    // The Dataset the sections last saw: when it is replaced they are reset.
    const data::Dataset* seen_dataset = nullptr;
    // The last frame's timings (ms): the job slice, the drawing, the whole frame.
    double jobs_ms = 0, drawing_ms = 0, frame_ms = 0;
    // Only when the page was opened for tests: where the clickable things were drawn.
    std::optional<test_hooks::ClickTargets> click_targets;
};

void set_theme(App& app, Theme theme);

// Runs a command from the test API or a link ("section:Models", "models:fit:{...}"); false when
// it is not understood.
bool run_command(App& app, const std::string& command);

// When the page was opened for tests: attaches the test hooks and the state readers.
void install_test_api(App& app);

}  // namespace touchpoint::web
