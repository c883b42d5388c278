// Section index: state and defaults; the cadences on offer; the population; starting and following
// the run; the population and cadence boxes; options, Run and progress; the tabs; the test API.
#include "ui/test_hooks.hpp"
#include "sections/simulate/simulate_panel.hpp"

#include "sections/cadences/cadences_panel.hpp"
#include "sections/drill_down/drill_down.hpp"
#include "sections/simulate/simulate_effects.hpp"
#include "sections/simulate/simulate_results.hpp"
#include "workers/background_simulation.hpp"
#include "ui/job_progress.hpp"
#include "ui/format.hpp"
#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"
#include "app/workbench.hpp"
#include "touchpoint/cadence/templates.hpp"
#include "touchpoint/clv/model_run.hpp"
#include "touchpoint/metrics/segments.hpp"
#include "touchpoint/sim/simulator.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace touchpoint::web {

namespace {

// ---- State and defaults ------------------------------------------------------------------------

enum class SimulateTab { Results, Charts, Segments, Effects };
constexpr std::array<const char*, 4> tab_names{"results", "charts", "segments", "effects"};

// Where the templates are in the page (web/CMakeLists.txt copies assets/*.json there).
constexpr const char* template_directory = "/assets";
// The cadences offered first: a welcome series against doing nothing.
constexpr std::array<const char*, 2> first_choice{"silence.json", "second_sale_welcome.json"};

const ImVec4 warning_colour(0.85f, 0.45f, 0.1f, 1.0f);

// A cadence picked for the next run: a template by its file name, or a cadence of the
// workspace (the Cadences section's) by its name, read again when Run is pressed.
struct CadenceChoice {
    std::string key;
    bool workspace = false;
    bool operator==(const CadenceChoice&) const = default;
};

struct Controls {
    int customers = 5000;
    int days = 365;
    int replications = 10;
    std::uint64_t seed = 1;
    double margin_percent = 30.0;
};

struct SimulateState {
    bool templates_loaded = false;
    std::vector<cadence::CadenceTemplate> templates;
    std::string templates_error;
    nlohmann::json workspace_source;  // the workspace's "cadences" as last read
    std::vector<cadence::Cadence> workspace;
    metrics::SegmentRules segment_rules;           // the workspace's, as the Segments section edits them

    std::vector<CadenceChoice> chosen;
    bool first_choice_made = false;
    Controls controls;
    sim::EffectModel effects = sim::default_effect_model();
    EffectEditorView effects_view;
    ResultsView results_view;

    std::shared_ptr<BackgroundSimulation> job;
    jobs::JobId job_id = 0;
    std::optional<jobs::JobStatus> job_status;  // as of the last frame
    std::chrono::steady_clock::time_point job_start;
    std::string last_run;                       // "done", "cancelled" or "failed" once a run has ended
    std::string last_error;
    std::shared_ptr<const sim::SimulationResult> result;
    double result_seconds = 0;
    nlohmann::json result_json, table_json;  // made once per run for the test API

    std::optional<SimulateTab> select_tab;
    SimulateTab shown_tab = SimulateTab::Results;
    std::vector<DrawnChart> drawn;  // this frame's charts
};

SimulateState& simulate_state() {
    static SimulateState state;
    return state;
}

// ---- The cadences on offer ---------------------------------------------------------------------

void load_templates(SimulateState& state) {
    if (state.templates_loaded) return;
    state.templates_loaded = true;
    // The section is open: load the simulation workers now, while the user picks cadences.
    BackgroundSimulation::warm_up();
    try {
        state.templates = cadence::load_cadence_templates(template_directory);
    } catch (const std::exception& error) {
        state.templates_error = error.what();
    }
    if (state.first_choice_made) return;
    state.first_choice_made = true;
    for (const char* file : first_choice)
        for (const auto& entry : state.templates)
            if (entry.file == file && entry.error.empty()) state.chosen.push_back({file, false});
}

// The workspace's cadences and segment rules, read again whenever the workspace changes.
void follow_workspace(SimulateState& state, Workbench& workbench) {
    const auto& current = workbench.edits().current();
    const nlohmann::json cadences = current.is_object() && current.contains("cadences") ? current["cadences"] : nlohmann::json();
    if (current.is_object() && current.contains("segment_rules")) {
        try {
            state.segment_rules = metrics::segment_rules_from_json(current["segment_rules"]);
        } catch (const std::exception&) {
            state.segment_rules = {};
        }
    }
    if (cadences == state.workspace_source && !state.workspace.empty()) return;
    state.workspace_source = cadences;
    // As the Cadences section shows them: before the first edit, its default cadence.
    state.workspace = workspace_cadences(workbench);
}

const cadence::Cadence* find_cadence(const SimulateState& state, const CadenceChoice& choice) {
    if (choice.workspace) {
        for (const auto& entry : state.workspace)
            if (entry.name == choice.key) return &entry;
        return nullptr;
    }
    for (const auto& entry : state.templates)
        if (entry.file == choice.key && entry.error.empty()) return &entry.cadence;
    return nullptr;
}

std::string choice_name(const SimulateState& state, const CadenceChoice& choice) {
    const auto* found = find_cadence(state, choice);
    return found ? found->name : choice.key;
}

// A template file ("silence.json", or "silence"), a workspace cadence's name, or a template's name.
std::optional<CadenceChoice> choice_named(const SimulateState& state, const std::string& name) {
    for (const auto& entry : state.templates)
        if (entry.error.empty() && (entry.file == name || entry.file == name + ".json")) return CadenceChoice{entry.file, false};
    for (const auto& entry : state.workspace)
        if (entry.name == name) return CadenceChoice{entry.name, true};
    for (const auto& entry : state.templates)
        if (entry.error.empty() && entry.cadence.name == name) return CadenceChoice{entry.file, false};
    return std::nullopt;
}

// ---- The population ----------------------------------------------------------------------------

struct PopulationChoice {
    sim::Population population;
    bool from_fit = false;
    bool from_workspace = false;  // the model of an opened workspace
    std::string warning;  // why a handed-over fit is not used
};

PopulationChoice choose_population(const Workbench& workbench) {
    PopulationChoice choice;
    if (workbench.simulator_models) {
        const auto& models = *workbench.simulator_models;
        if (models.purchase.kind != clv::ModelKind::BgNbd) {
            choice.warning = std::string("Only BG/NBD can be simulated; the model handed over is ") + clv::model_title(models.purchase.kind) +
                             ", so the customers come from the sample shop's defaults. Fit BG/NBD in Models and press "
                             "\"Use in simulator\" to simulate your own customers.";
        } else {
            try {
                choice.population = sim::population_from_fit(models.purchase, models.unit, models.spend ? &*models.spend : nullptr);
                choice.from_fit = true;
                return choice;
            } catch (const std::exception& error) {
                choice.warning = std::string("This fit cannot be simulated (") + error.what() + "), so the customers come from the sample shop's defaults.";
            }
        }
    }
    if (!workbench.simulator_models) {
        if (const auto shared = workbench.workspace_population()) {
            choice.population = *shared;
            choice.from_workspace = true;
            return choice;
        }
    }
    choice.population = sim::sample_shop_population();
    return choice;
}

// The behaviour model received from Models, one line per fit: "BG/NBD: r = 0.24, alpha = 4.4, ...".
void draw_parameter_line(const clv::FitResult& fit) {
    std::string line = std::string(clv::model_title(fit.kind)) + ":";
    char value[64];
    for (std::size_t j = 0; j < fit.names.size() && j < fit.params.size(); ++j) {
        std::snprintf(value, sizeof value, "%s %s = %.4g", j == 0 ? "" : ",", fit.names[j].c_str(), fit.params[j]);
        line += value;
    }
    ImGui::BulletText("%s", line.c_str());
}

void draw_population_parameters(const sim::Population& population) {
    const auto& bg = population.purchase;
    ImGui::BulletText("BG/NBD per day: r = %.4g, alpha = %.4g, a = %.4g, b = %.4g", bg.r, bg.alpha, bg.a, bg.b);
    if (population.spend)
        ImGui::BulletText("Gamma-Gamma: p = %.4g, q = %.4g, gamma = %.4g", population.spend->p, population.spend->q, population.spend->gamma);
    else
        ImGui::BulletText("No spend model: simulated purchases carry no revenue.");
}

// ---- Starting and following the run -----------------------------------------------------------

void start_run(SimulateState& state, Workbench& workbench) {
    if (state.job) return;
    state.last_error.clear();
    std::vector<cadence::Cadence> cadences;
    for (const auto& choice : state.chosen) {
        const auto* found = find_cadence(state, choice);
        if (!found) {
            state.last_error = "\"" + choice.key + "\" is no longer among the cadences: remove it or choose another.";
            return;
        }
        cadences.push_back(*found);
    }
    if (cadences.empty()) {
        state.last_error = "Choose at least one cadence to simulate.";
        return;
    }
    const auto& controls = state.controls;
    sim::SimulationOptions options;
    options.customers = controls.customers;
    options.days = controls.days;
    options.replications = controls.replications;
    options.seed = controls.seed;
    options.margin = controls.margin_percent / 100.0;
    options.segment_rules = state.segment_rules;
    try {
        state.job = std::make_shared<BackgroundSimulation>(choose_population(workbench).population, std::move(cadences), state.effects, options);
    } catch (const std::exception& error) {
        state.last_error = error.what();
        return;
    }
    const std::string title = "Simulating " + std::to_string(state.chosen.size()) + (state.chosen.size() == 1 ? " cadence" : " cadences");
    state.job_id = workbench.start_job(title, state.job);
    state.job_start = std::chrono::steady_clock::now();
    state.job_status.reset();
}

void adopt_result(SimulateState& state, const sim::SimulationResult& finished) {
    auto result = std::make_shared<const sim::SimulationResult>(finished);
    state.result_json = sim::to_json(*result, false);
    state.result_json.erase("effects");  // the test state has the edits; the whole model is long
    state.table_json = results_table_json(*result);
    state.result = std::move(result);
    state.result_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - state.job_start).count();
    state.last_run = "done";
    if (state.shown_tab == SimulateTab::Effects) state.select_tab = SimulateTab::Results;
}

// The runner lets go of a job when it ends; then its result is read from our own pointer.
void follow_job(SimulateState& state, const Workbench& workbench) {
    if (!state.job) return;
    if (const auto status = workbench.job_runner().status(state.job_id)) {
        state.job_status = *status;
        return;
    }
    if (state.job->result()) {
        adopt_result(state, *state.job->result());
    } else {
        const std::string error = state.job->step(std::chrono::milliseconds(0)).error;
        state.last_run = error == "cancelled" ? "cancelled" : "failed";
        if (state.last_run == "failed") state.last_error = error;
    }
    state.job.reset();
}

// ---- The population and cadence boxes ----------------------------------------------------------

void box_heading(const char* text) {
    ImGui::TextUnformatted(text);
    ImGui::Separator();
}

std::optional<Section> draw_population_box(const Workbench& workbench) {
    box_heading("Population");
    const auto choice = choose_population(workbench);
    std::optional<Section> go_to;
    ImGui::PushTextWrapPos(0.0f);
    if (workbench.simulator_models) {
        const auto& models = *workbench.simulator_models;
        if (choice.from_fit)
            ImGui::TextWrapped("Customers are drawn from the behaviour model fitted on %s with calibration to %s (time unit: %s):",
                               models.data_description.c_str(), models.calibration_end.c_str(), clv::time_unit_name(models.unit));
        else
            ImGui::TextWrapped("Models handed over the model fitted on %s with calibration to %s (time unit: %s):",
                               models.data_description.c_str(), models.calibration_end.c_str(), clv::time_unit_name(models.unit));
        draw_parameter_line(models.purchase);
        if (models.spend) draw_parameter_line(*models.spend);
        else ImGui::BulletText("No spend model: simulated purchases carry no revenue.");
        if (!choice.warning.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, warning_colour);
            ImGui::TextWrapped("%s", choice.warning.c_str());
            ImGui::PopStyleColor();
        }
        if (ImGui::SmallButton("Back to Models")) go_to = Section::Models;
    } else if (choice.from_workspace) {
        ImGui::TextWrapped("Customers are drawn from the workspace's behaviour model (%s):", choice.population.description.c_str());
        draw_population_parameters(choice.population);
        ImGui::TextDisabled("Fit BG/NBD in Models and press \"Use in simulator\" to simulate your own customers instead.");
        if (ImGui::SmallButton("Go to Models")) go_to = Section::Models;
    } else {
        ImGui::TextWrapped("No model handed over yet: customers are drawn from the sample shop's defaults.");
        draw_population_parameters(choice.population);
        ImGui::TextDisabled("To simulate your own customers, fit BG/NBD in Models and press \"Use in simulator\".");
        if (ImGui::SmallButton("Go to Models")) go_to = Section::Models;
    }
    ImGui::PopTextWrapPos();
    return go_to;
}

void colour_swatch(ImU32 colour) {
    const float size = ImGui::GetTextLineHeight() * 0.7f;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float top = at.y + (ImGui::GetFrameHeight() - size) * 0.5f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, top), ImVec2(at.x + size, top + size), colour, px(2.0f));
    ImGui::Dummy(ImVec2(size, ImGui::GetFrameHeight()));
    ImGui::SameLine();
}

void draw_add_cadence(SimulateState& state) {
    const bool full = state.chosen.size() >= sim::max_cadences;
    ImGui::BeginDisabled(full || state.job != nullptr);
    ImGui::SetNextItemWidth(px(260.0f));
    if (ImGui::BeginCombo("##add_cadence", full ? "Six cadences at most" : "Add a cadence...")) {
        const auto offer = [&](const CadenceChoice& choice, const std::string& label, const std::string& hint, bool broken) {
            const bool taken = std::find(state.chosen.begin(), state.chosen.end(), choice) != state.chosen.end();
            ImGui::BeginDisabled(taken || broken);
            if (ImGui::Selectable(label.c_str())) state.chosen.push_back(choice);
            ImGui::EndDisabled();
            if (!hint.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(px(360.0f));
                ImGui::TextUnformatted(hint.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
        };
        ImGui::TextDisabled("Templates");
        if (!state.templates_error.empty()) ImGui::TextDisabled("Cannot read the templates: %s", state.templates_error.c_str());
        for (const auto& entry : state.templates) {
            ImGui::PushID(entry.file.c_str());
            if (entry.error.empty()) offer({entry.file, false}, entry.cadence.name, entry.cadence.description, false);
            else offer({entry.file, false}, entry.file + " (cannot be read)", entry.error, true);
            ImGui::PopID();
        }
        ImGui::Separator();
        ImGui::TextDisabled("Your cadences (the Cadences section)");
        if (state.workspace.empty()) ImGui::TextDisabled("None yet.");
        for (const auto& entry : state.workspace) {
            ImGui::PushID(("workspace:" + entry.name).c_str());
            offer({entry.name, true}, entry.name, entry.description, false);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    ImGui::EndDisabled();
}

void draw_cadence_box(SimulateState& state) {
    char heading[64];
    std::snprintf(heading, sizeof heading, "Cadences to compare (up to %d)", static_cast<int>(sim::max_cadences));
    box_heading(heading);
    std::optional<std::size_t> remove;
    for (std::size_t i = 0; i < state.chosen.size(); ++i) {
        const auto& choice = state.chosen[i];
        ImGui::PushID(static_cast<int>(i));
        colour_swatch(cadence_colour(i));
        const auto* found = find_cadence(state, choice);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(choice_name(state, choice).c_str());
        if (found && !found->description.empty() && ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(px(360.0f));
            ImGui::TextUnformatted(found->description.c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
        ImGui::SameLine();
        if (!found) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme_colours().error_text), "(no longer there)");
        else ImGui::TextDisabled(choice.workspace ? "(yours, %d steps)" : "(template, %d steps)", static_cast<int>(found->steps.size()));
        ImGui::SameLine();
        ImGui::BeginDisabled(state.job != nullptr);
        if (ImGui::SmallButton("Remove")) remove = i;
        ImGui::EndDisabled();
        ImGui::PopID();
    }
    if (remove) state.chosen.erase(state.chosen.begin() + static_cast<std::ptrdiff_t>(*remove));
    draw_add_cadence(state);
}

// ---- Options, Run and progress -----------------------------------------------------------------

void labelled_input_int(const char* label, const char* id, int& value, int low, int high, float width, const char* hint) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(width);
    if (ImGui::InputInt(id, &value, 0, 0)) value = std::clamp(value, low, high);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", hint);
    ImGui::SameLine(0.0f, px(18.0f));
}

void draw_options(SimulateState& state, Workbench& workbench) {
    auto& controls = state.controls;
    const bool running = state.job != nullptr;
    ImGui::BeginDisabled(running);
    labelled_input_int("Customers", "##customers", controls.customers, 1, 10'000'000, px(84.0f),
                       "Simulated customers per replication, each starting with a first purchase on day 0.");
    labelled_input_int("Days", "##days", controls.days, 1, 3650, px(56.0f), "How long each customer is followed after the first purchase.");
    labelled_input_int("Replications", "##replications", controls.replications, 1, 1000, px(48.0f),
                       "Independent runs on new customers; the intervals are over them (at least 2 for an interval).");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Seed");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(84.0f));
    ImGui::InputScalar("##seed", ImGuiDataType_U64, &controls.seed);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The same seed gives the same numbers, here and in `touchpoint simulate`.");
    ImGui::SameLine(0.0f, px(18.0f));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Margin");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(48.0f));
    if (ImGui::InputDouble("##margin", &controls.margin_percent, 0.0, 0.0, "%.0f"))
        controls.margin_percent = std::clamp(controls.margin_percent, 0.0, 100.0);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Gross margin on revenue: profit and ROI count margin x revenue gained, less the touches' cost.");
    ImGui::SameLine();
    ImGui::TextUnformatted("%");
    ImGui::SameLine(0.0f, px(18.0f));
    ImGui::BeginDisabled(state.chosen.empty());
    if (ImGui::Button("  Run  ")) start_run(state, workbench);
    ImGui::EndDisabled();
    test_hooks::record_click_target("simulate:run");
    ImGui::EndDisabled();
    ImGui::SameLine(0.0f, px(18.0f));
    const auto edited = edited_effect_parameters(state.effects);
    if (edited.empty()) ImGui::TextDisabled("Effect model: defaults");
    else ImGui::TextDisabled("Effect model: %d parameter%s edited", static_cast<int>(edited.size()), edited.size() == 1 ? "" : "s");
}

void draw_run_status(SimulateState& state, Workbench& workbench) {
    if (state.job) {
        if (state.job_status) {
            draw_job_progress(*state.job_status, [&workbench, id = state.job_id] { workbench.cancel_job(id); });
            // The progress bar's last item is its Cancel button.
            test_hooks::record_click_target("simulate:cancel");
        } else {
            ImGui::TextDisabled("Starting...");
        }
        return;
    }
    if (!state.last_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(theme_colours().error_text));
        ImGui::TextWrapped("No simulation: %s", state.last_error.c_str());
        ImGui::PopStyleColor();
        return;
    }
    if (state.last_run == "cancelled") {
        ImGui::TextDisabled(state.result ? "Cancelled. The results shown are from the last run that finished." : "Cancelled.");
        return;
    }
    if (!state.result) {
        ImGui::TextDisabled("Choose cadences and options, then Run.");
        return;
    }
    const auto& options = state.result->options;
    ImGui::TextDisabled("%s customers x %d replications over %d days, seed %llu, in %.1f s; customers from the %s.",
                        format_count(options.customers).c_str(), options.replications, options.days,
                        static_cast<unsigned long long>(options.seed), state.result_seconds, state.result->population.description.c_str());
}

// ---- The tabs ----------------------------------------------------------------------------------

void draw_tabs(SimulateState& state) {
    if (!ImGui::BeginTabBar("simulate_tabs")) return;
    const auto tab = [&](const char* label, SimulateTab which) {
        const bool selected = state.select_tab == which;
        const bool open = ImGui::BeginTabItem(label, nullptr, selected ? ImGuiTabItemFlags_SetSelected : 0);
        if (selected) state.select_tab.reset();
        if (open) state.shown_tab = which;
        return open;
    };
    const auto no_result = [&] {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + px(640.0f));
        ImGui::TextWrapped("Each cadence is played on the same simulated customers with the same luck (common random numbers), so the "
                           "differences between them come from the cadences, not from noise; \"No touches\" is the same customers left "
                           "alone. Every figure comes with a 95%% interval over the replications.");
        ImGui::PopTextWrapPos();
    };
    if (tab("Results", SimulateTab::Results)) {
        if (!state.result) no_result();
        else {
            if (state.result->effects != state.effects)
                ImGui::TextColored(warning_colour, "The effect model has changed since this run: Run again to see what the changes do.");
            draw_results_table(*state.result, state.drawn);
        }
        ImGui::EndTabItem();
    }
    if (tab("Charts", SimulateTab::Charts)) {
        if (!state.result) no_result();
        else draw_result_charts(*state.result, state.results_view, state.drawn);
        ImGui::EndTabItem();
    }
    if (tab("Segments and steps", SimulateTab::Segments)) {
        if (!state.result) no_result();
        else draw_segment_breakdown(*state.result);
        ImGui::EndTabItem();
    }
    if (tab("Effect model", SimulateTab::Effects)) {
        draw_effect_model_tab(state.effects, state.effects_view, state.drawn);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

// ---- The test API ------------------------------------------------------------------------------

nlohmann::json rect_json(ImVec2 min, ImVec2 max) {
    const float s = ui_scale();
    return {{"x", min.x / s}, {"y", min.y / s}, {"width", (max.x - min.x) / s}, {"height", (max.y - min.y) / s}};
}

// Sets the controls from {"cadences": [...], "customers", "days", "replications", "seed", "margin"};
// false (and nothing changed) when a name or a value is not admissible.
bool apply_settings(SimulateState& state, const nlohmann::json& settings) {
    if (!settings.is_object() || state.job) return false;
    auto controls = state.controls;
    auto chosen = state.chosen;
    try {
        if (settings.contains("cadences")) {
            chosen.clear();
            for (const auto& name : settings["cadences"]) {
                const auto choice = choice_named(state, name.get<std::string>());
                if (!choice || std::find(chosen.begin(), chosen.end(), *choice) != chosen.end()) return false;
                chosen.push_back(*choice);
            }
            if (chosen.size() > sim::max_cadences) return false;
        }
        const auto whole = [&](const char* key, int& target, int low, int high) {
            if (!settings.contains(key)) return true;
            const auto value = settings[key].get<long long>();
            if (value < low || value > high) return false;
            target = static_cast<int>(value);
            return true;
        };
        if (!whole("customers", controls.customers, 1, 10'000'000) || !whole("days", controls.days, 1, 3650) ||
            !whole("replications", controls.replications, 1, 1000))
            return false;
        if (settings.contains("seed")) controls.seed = settings["seed"].get<std::uint64_t>();
        if (settings.contains("margin")) {
            const double margin = settings["margin"].get<double>();
            if (!(margin >= 0 && margin <= 1)) return false;
            controls.margin_percent = margin * 100.0;
        }
    } catch (const nlohmann::json::exception&) {
        return false;
    }
    state.controls = controls;
    state.chosen = std::move(chosen);
    return true;
}

}  // namespace

std::optional<Section> draw_simulate_panel(Workbench& workbench, ImFont*) {
    auto& state = simulate_state();
    state.drawn.clear();
    load_templates(state);
    follow_workspace(state, workbench);
    follow_job(state, workbench);

    std::optional<Section> go_to;
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("simulate_setup", 2, flags)) {
        ImGui::TableSetupColumn("population", ImGuiTableColumnFlags_WidthStretch, 1.1f);
        ImGui::TableSetupColumn("cadences", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        go_to = draw_population_box(workbench);
        ImGui::TableSetColumnIndex(1);
        draw_cadence_box(state);
        ImGui::EndTable();
    }
    ImGui::Spacing();
    draw_options(state, workbench);
    draw_run_status(state, workbench);
    draw_tabs(state);
    return go_to;
}

bool choose_workspace_cadence_for_simulation(std::string_view name) {
    auto& state = simulate_state();
    const CadenceChoice choice{std::string(name), true};
    if (std::find(state.chosen.begin(), state.chosen.end(), choice) != state.chosen.end()) return true;
    if (state.chosen.size() >= sim::max_cadences || state.job) return false;
    state.chosen.push_back(choice);
    return true;
}

nlohmann::json simulator_models_json(const Workbench& workbench) {
    if (!workbench.simulator_models) return nullptr;
    const auto& models = *workbench.simulator_models;
    return {{"purchase", clv::to_json(models.purchase)},
            {"spend", models.spend ? clv::to_json(*models.spend) : nlohmann::json()},
            {"unit", clv::time_unit_name(models.unit)},
            {"calibration_end", models.calibration_end},
            {"data", models.data_description}};
}

nlohmann::json simulate_state_json(const Workbench& workbench) {
    const auto& state = simulate_state();
    const auto& controls = state.controls;
    nlohmann::json chosen = nlohmann::json::array();
    for (const auto& choice : state.chosen)
        chosen.push_back({{"key", choice.key}, {"name", choice_name(state, choice)}, {"source", choice.workspace ? "workspace" : "template"},
                          {"found", find_cadence(state, choice) != nullptr}});
    nlohmann::json templates = nlohmann::json::array(), workspace = nlohmann::json::array();
    for (const auto& entry : state.templates)
        templates.push_back({{"file", entry.file}, {"name", entry.error.empty() ? entry.cadence.name : ""}, {"error", entry.error}});
    for (const auto& entry : state.workspace) workspace.push_back(entry.name);
    const auto population = choose_population(workbench);
    nlohmann::json charts = nlohmann::json::object();
    for (const auto& chart : state.drawn) {
        auto rect = rect_json(chart.min, chart.max);
        rect["series"] = chart.series;
        charts[chart.name] = rect;
    }
    nlohmann::json json{
        {"state", state.job ? "running" : state.result ? "done" : "idle"},
        {"last_run", state.last_run},
        {"error", state.last_error},
        {"cadences", chosen},
        {"available", {{"templates", templates}, {"workspace", workspace}, {"templates_error", state.templates_error}}},
        {"options",
         {{"customers", controls.customers},
          {"days", controls.days},
          {"replications", controls.replications},
          {"seed", controls.seed},
          {"margin", controls.margin_percent / 100.0}}},
        {"population", {{"from_fit", population.from_fit}, {"from_workspace", population.from_workspace}, {"warning", population.warning}, {"model", sim::to_json(population.population)}}},
        {"effects", effect_model_state_json(state.effects, state.effects_view)},
        {"tab", tab_names[static_cast<std::size_t>(state.shown_tab)]},
        {"retention", state.results_view.retention == RetentionMeasure::Alive ? "alive" : "active"},
        {"charts", charts},
        {"progress", nullptr},
        {"run", nullptr},
        {"table", nullptr},
    };
    if (state.job && state.job_status)
        json["progress"] = {{"fraction", state.job_status->progress.fraction},
                            {"phase", state.job_status->progress.phase},
                            {"items", state.job_status->progress.items}};
    if (state.result) {
        json["run"] = state.result_json;
        json["run"]["seconds"] = state.result_seconds;
        json["table"] = state.table_json;
    }
    return json;
}

bool run_simulate_command(Workbench& workbench, std::string_view arguments) {
    auto& state = simulate_state();
    load_templates(state);
    follow_workspace(state, workbench);
    follow_job(state, workbench);
    const auto argument = [&](std::string_view prefix) -> std::optional<std::string_view> {
        if (arguments.substr(0, prefix.size()) != prefix) return std::nullopt;
        return arguments.substr(prefix.size());
    };
    const auto parse = [](std::string_view text) { return nlohmann::json::parse(text, nullptr, false); };
    if (arguments == "run") {
        start_run(state, workbench);
        return state.job != nullptr;
    }
    if (const auto settings = argument("run:")) {
        if (!apply_settings(state, parse(*settings))) return false;
        start_run(state, workbench);
        return state.job != nullptr;
    }
    if (const auto settings = argument("set:")) return apply_settings(state, parse(*settings));
    if (arguments == "cancel") {
        if (!state.job) return false;
        workbench.cancel_job(state.job_id);
        return true;
    }
    if (const auto tab = argument("tab:")) {
        const auto found = std::find(tab_names.begin(), tab_names.end(), *tab);
        if (found == tab_names.end()) return false;
        state.select_tab = static_cast<SimulateTab>(found - tab_names.begin());
        return true;
    }
    if (const auto measure = argument("retention:")) {
        if (*measure != "alive" && *measure != "active") return false;
        state.results_view.retention = *measure == "alive" ? RetentionMeasure::Alive : RetentionMeasure::Active;
        return true;
    }
    if (const auto edits = argument("effect:")) {
        // {"kinds.welcome.lift": 0.4, ...}: all or nothing.
        const auto json = parse(*edits);
        if (!json.is_object()) return false;
        auto effects = state.effects;
        for (const auto& [path, value] : json.items())
            if (!value.is_number() || !set_effect_parameter(effects, path, value.get<double>())) return false;
        state.effects = std::move(effects);
        return true;
    }
    if (arguments == "effects:defaults" || arguments == "effects:off") {
        state.effects = arguments == "effects:off" ? sim::no_effect_model() : sim::default_effect_model();
        return true;
    }
    if (const auto group = argument("effects_group:")) return choose_effect_group(state.effects_view, *group);
    return false;
}

}  // namespace touchpoint::web
