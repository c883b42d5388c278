// Section index: defaults; the cadences on offer; the population; starting and following the run;
// the population and cadence boxes; options, Run and progress; the tabs; the test API.
#include "sections/simulate/simulate_panel.hpp"

#include "app/workbench.hpp"
#include "touchpoint/clv/model_run.hpp"
#include "ui/settings_reader.hpp"
#include "ui/format.hpp"
#include "ui/test_hooks.hpp"
#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace touchpoint::web {

namespace {

// ---- Defaults ----------------------------------------------------------------------------------

constexpr std::array<const char*, 4> tab_names{"results", "charts", "segments", "effects"};

// The cadences offered first: a welcome series against doing nothing.
constexpr std::array<const char*, 2> first_choice{"silence.json", "second_sale_welcome.json"};

const ImVec4 warning_colour(0.85f, 0.45f, 0.1f, 1.0f);

// ---- The cadences on offer ---------------------------------------------------------------------

// The first time the section is used: the simulation workers load while the user picks
// cadences, and the templates offered first are chosen.
void open_once(SimulateState& state, const CadenceCatalogue& catalogue) {
    if (state.opened) return;
    state.opened = true;
    BackgroundSimulation::warm_up();
    for (const char* file : first_choice)
        for (const auto& entry : catalogue.templates())
            if (entry.file == file && entry.error.empty()) state.chosen.push_back({file, false});
}

// The workspace's cadences and segment rules, read again whenever the workspace changes.
void follow_workspace(SimulateState& state, Workbench& workbench) {
    const auto revision = workbench.edits().revision();
    if (state.workspace_revision == revision) return;
    state.workspace_revision = revision;
    const auto& current = workbench.edits().current();
    if (current.is_object() && current.contains("segment_rules")) {
        try {
            state.segment_rules = metrics::segment_rules_from_json(current["segment_rules"]);
        } catch (const std::exception&) {
            state.segment_rules = {};
        }
    }
    // As the Cadences section shows them: before the first edit, its default cadence.
    state.workspace = workbench.cadence_catalogue().workspace_cadences(current);
}

// A cadence of the workspace, by name, joins the cadences of the next run (the Cadences
// section's Simulate button); not when six are chosen already or a run is going. Choosing it
// again changes nothing.
void choose_workspace_cadence(SimulateState& state, const std::string& name) {
    const CadenceChoice choice{name, true};
    if (std::find(state.chosen.begin(), state.chosen.end(), choice) != state.chosen.end()) return;
    if (state.chosen.size() >= sim::max_cadences || state.run.running()) return;
    state.chosen.push_back(choice);
}

// ---- The population ----------------------------------------------------------------------------

const PopulationSource& choose_population(const Workbench& workbench) { return workbench.simulation_population_source(); }

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
    if (state.run.running()) return;
    state.last_error.clear();
    const auto& catalogue = workbench.cadence_catalogue();
    std::vector<cadence::Cadence> cadences;
    for (const auto& choice : state.chosen) {
        const auto* found = catalogue.find(choice, state.workspace);
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
    std::shared_ptr<BackgroundSimulation> job;
    try {
        job = std::make_shared<BackgroundSimulation>(choose_population(workbench).population, std::move(cadences), state.effects, options);
    } catch (const std::exception& error) {
        state.last_error = error.what();
        return;
    }
    const std::string title = "Simulating " + std::to_string(state.chosen.size()) + (state.chosen.size() == 1 ? " cadence" : " cadences");
    state.run.start(workbench, title, std::move(job));
    state.run_start = std::chrono::steady_clock::now();
}

void adopt_result(SimulateState& state, const sim::SimulationResult& finished) {
    auto result = std::make_shared<const sim::SimulationResult>(finished);
    state.result_json = sim::to_json(*result, false);
    state.result_json.erase("effects");  // the test state has the edits; the whole model is long
    state.table_json = results_table_json(*result);
    state.result = std::move(result);
    state.result_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - state.run_start).count();
    state.last_end = jobs::JobState::Done;
    if (state.shown_tab == SimulateTab::Effects) state.select_tab = SimulateTab::Results;
}

// The runner lets go of a job when it ends; then its result is read from our own pointer. A
// run without a result that did not fail was cancelled (the runner may not have said so yet,
// when a command follows the cancel before the next frame).
void follow_run(SimulateState& state, Workbench& workbench) {
    const auto ended = state.run.follow(workbench);
    if (!ended) return;
    if (ended->job->result()) {
        adopt_result(state, *ended->job->result());
    } else if (ended->state == jobs::JobState::Failed) {
        state.last_end = jobs::JobState::Failed;
        state.last_error = ended->error;
    } else {
        state.last_end = jobs::JobState::Cancelled;
    }
}

// Before anything the section draws or does: the cadences handed over, the first cadences (once),
// the workspace as it is now, and the run's end.
void follow_everything(SimulateState& state, Workbench& workbench) {
    for (const auto& name : workbench.handoffs.cadences_to_simulate) choose_workspace_cadence(state, name);
    workbench.handoffs.cadences_to_simulate.clear();
    open_once(state, workbench.cadence_catalogue());
    follow_workspace(state, workbench);
    follow_run(state, workbench);
}

// ---- The population and cadence boxes ----------------------------------------------------------

void box_heading(const char* text) {
    ImGui::TextUnformatted(text);
    ImGui::Separator();
}

std::optional<Section> draw_population_box(const Workbench& workbench) {
    box_heading("Population");
    const auto& choice = choose_population(workbench);
    std::optional<Section> go_to;
    ImGui::PushTextWrapPos(0.0f);
    if (workbench.simulator_models()) {
        const auto& models = *workbench.simulator_models();
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

void draw_add_cadence(SimulateState& state, const CadenceCatalogue& catalogue) {
    const bool full = state.chosen.size() >= sim::max_cadences;
    ImGui::BeginDisabled(full || state.run.running());
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
        if (!catalogue.error().empty()) ImGui::TextDisabled("Cannot read the templates: %s", catalogue.error().c_str());
        for (const auto& entry : catalogue.templates()) {
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

void draw_cadence_box(SimulateState& state, const CadenceCatalogue& catalogue) {
    char heading[64];
    std::snprintf(heading, sizeof heading, "Cadences to compare (up to %d)", static_cast<int>(sim::max_cadences));
    box_heading(heading);
    std::optional<std::size_t> remove;
    for (std::size_t i = 0; i < state.chosen.size(); ++i) {
        const auto& choice = state.chosen[i];
        ImGui::PushID(static_cast<int>(i));
        colour_swatch(cadence_colour(i));
        const auto* found = catalogue.find(choice, state.workspace);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(catalogue.name_of(choice, state.workspace).c_str());
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
        ImGui::BeginDisabled(state.run.running());
        if (ImGui::SmallButton("Remove")) remove = i;
        ImGui::EndDisabled();
        ImGui::PopID();
    }
    if (remove) state.chosen.erase(state.chosen.begin() + static_cast<std::ptrdiff_t>(*remove));
    draw_add_cadence(state, catalogue);
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
    ImGui::BeginDisabled(state.run.running());
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
    if (draw_job_outcome(state.run, workbench, "simulate:cancel", "No simulation: ", state.last_error, state.last_end,
                         state.result != nullptr, "run"))
        return;
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

// Sets the controls from {"cadences": [...], "customers", "days", "replications", "seed", "margin"};
// false (and nothing changed) when a name or a value is not admissible.
bool apply_settings(SimulateState& state, const CadenceCatalogue& catalogue, const nlohmann::json& settings) {
    if (state.run.running()) return false;
    auto controls = state.controls;
    auto chosen = state.chosen;
    SettingsReader read(settings);
    if (const auto* names = read.find("cadences")) {
        chosen.clear();
        for (const auto& name : *names) {
            const auto choice = name.is_string() ? catalogue.choice_named(name.get<std::string>(), state.workspace) : std::nullopt;
            if (!choice || std::find(chosen.begin(), chosen.end(), *choice) != chosen.end()) read.reject();
            else chosen.push_back(*choice);
        }
        if (chosen.size() > sim::max_cadences) read.reject();
    }
    read.read("customers", controls.customers, 1, 10'000'000);
    read.read("days", controls.days, 1, 3650);
    read.read("replications", controls.replications, 1, 1000);
    read.read("seed", controls.seed);
    if (double margin = 0; read.read("margin", margin, 0.0, 1.0)) controls.margin_percent = margin * 100.0;
    if (!read.ok()) return false;
    state.controls = controls;
    state.chosen = std::move(chosen);
    return true;
}

}  // namespace

std::optional<Section> draw_simulate_panel(SimulateState& state, Workbench& workbench, ImFont*) {
    state.drawn.clear();
    follow_everything(state, workbench);

    std::optional<Section> go_to;
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("simulate_setup", 2, flags)) {
        ImGui::TableSetupColumn("population", ImGuiTableColumnFlags_WidthStretch, 1.1f);
        ImGui::TableSetupColumn("cadences", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        go_to = draw_population_box(workbench);
        ImGui::TableSetColumnIndex(1);
        draw_cadence_box(state, workbench.cadence_catalogue());
        ImGui::EndTable();
    }
    ImGui::Spacing();
    draw_options(state, workbench);
    draw_run_status(state, workbench);
    draw_tabs(state);
    return go_to;
}

nlohmann::json simulator_models_json(const Workbench& workbench) {
    if (!workbench.simulator_models()) return nullptr;
    const auto& models = *workbench.simulator_models();
    return {{"purchase", clv::to_json(models.purchase)},
            {"spend", models.spend ? clv::to_json(*models.spend) : nlohmann::json()},
            {"unit", clv::time_unit_name(models.unit)},
            {"calibration_end", models.calibration_end},
            {"data", models.data_description}};
}

nlohmann::json simulate_state_json(const SimulateState& state, const Workbench& workbench) {
    const auto& controls = state.controls;
    const auto& catalogue = workbench.cadence_catalogue();
    nlohmann::json chosen = nlohmann::json::array();
    for (const auto& choice : state.chosen)
        chosen.push_back({{"key", choice.key}, {"name", catalogue.name_of(choice, state.workspace)}, {"source", choice.workspace ? "workspace" : "template"},
                          {"found", catalogue.find(choice, state.workspace) != nullptr}});
    nlohmann::json templates = nlohmann::json::array(), workspace = nlohmann::json::array();
    for (const auto& entry : catalogue.templates())
        templates.push_back({{"file", entry.file}, {"name", entry.error.empty() ? entry.cadence.name : ""}, {"error", entry.error}});
    for (const auto& entry : state.workspace) workspace.push_back(entry.name);
    const auto& population = choose_population(workbench);
    nlohmann::json charts = nlohmann::json::object();
    for (const auto& chart : state.drawn) {
        auto rect = test_hooks::css_rect_json(chart.min, chart.max);
        rect["series"] = chart.series;
        charts[chart.name] = rect;
    }
    nlohmann::json json{
        {"state", state.run.running() ? "running" : state.result ? "done" : "idle"},
        {"last_run", state.last_end ? jobs::job_state_name(*state.last_end) : ""},
        {"error", state.last_error},
        {"cadences", chosen},
        {"available", {{"templates", templates}, {"workspace", workspace}, {"templates_error", catalogue.error()}}},
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
    if (const auto& status = state.run.status(); state.run.running() && status)
        json["progress"] = {{"fraction", status->progress.fraction}, {"phase", status->progress.phase}, {"items", status->progress.items}};
    if (state.result) {
        json["run"] = state.result_json;
        json["run"]["seconds"] = state.result_seconds;
        json["table"] = state.table_json;
    }
    return json;
}

bool run_simulate_command(SimulateState& state, Workbench& workbench, std::string_view arguments) {
    follow_everything(state, workbench);
    const auto argument = [&](std::string_view prefix) -> std::optional<std::string_view> {
        if (arguments.substr(0, prefix.size()) != prefix) return std::nullopt;
        return arguments.substr(prefix.size());
    };
    const auto parse = [](std::string_view text) { return nlohmann::json::parse(text, nullptr, false); };
    if (arguments == "run") {
        start_run(state, workbench);
        return state.run.running();
    }
    if (const auto settings = argument("run:")) {
        if (!apply_settings(state, workbench.cadence_catalogue(), parse(*settings))) return false;
        start_run(state, workbench);
        return state.run.running();
    }
    if (const auto settings = argument("set:")) return apply_settings(state, workbench.cadence_catalogue(), parse(*settings));
    if (arguments == "cancel") {
        if (!state.run.running()) return false;
        state.run.cancel(workbench);
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
