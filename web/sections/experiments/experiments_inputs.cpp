#include "sections/experiments/experiments_inputs.hpp"

#include "sections/cadences/cadences_panel.hpp"
#include "sections/experiments/experiments_controls.hpp"
#include "workers/simulation_workers.hpp"
#include "app/workbench.hpp"
#include "touchpoint/cadence/templates.hpp"
#include "touchpoint/clv/model_run.hpp"

#include <algorithm>
#include <vector>

namespace touchpoint::web {

namespace {

// Where the templates are in the page (web/CMakeLists.txt copies assets/*.json there).
constexpr const char* template_directory = "/assets";

struct Inputs {
    bool loaded = false;
    std::vector<cadence::CadenceTemplate> templates;
    std::string templates_error;
    nlohmann::json workspace_source;  // the workspace's "cadences" as last read
    std::vector<cadence::Cadence> workspace;
    metrics::SegmentRules segment_rules;
};

Inputs& inputs() {
    static Inputs state;
    return state;
}

}  // namespace

void follow_experiment_inputs(Workbench& workbench) {
    auto& state = inputs();
    if (!state.loaded) {
        state.loaded = true;
        // The section is open: load the simulation workers now, while the user sets things up.
        warm_up_simulation_workers(simulation_worker_slots());
        try {
            state.templates = cadence::load_cadence_templates(template_directory);
        } catch (const std::exception& error) {
            state.templates_error = error.what();
        }
    }
    const auto& current = workbench.edits().current();
    if (current.is_object() && current.contains("segment_rules")) {
        try {
            state.segment_rules = metrics::segment_rules_from_json(current["segment_rules"]);
        } catch (const std::exception&) {
            state.segment_rules = {};
        }
    }
    const nlohmann::json cadences = current.is_object() && current.contains("cadences") ? current["cadences"] : nlohmann::json();
    if (cadences == state.workspace_source && !state.workspace.empty()) return;
    state.workspace_source = cadences;
    state.workspace = workspace_cadences(workbench);
}

const cadence::Cadence* find_cadence(const CadenceChoice& choice) {
    const auto& state = inputs();
    if (choice.workspace) {
        for (const auto& entry : state.workspace)
            if (entry.name == choice.key) return &entry;
        return nullptr;
    }
    for (const auto& entry : state.templates)
        if (entry.file == choice.key && entry.error.empty()) return &entry.cadence;
    return nullptr;
}

std::optional<CadenceChoice> cadence_named(const std::string& name) {
    const auto& state = inputs();
    for (const auto& entry : state.templates)
        if (entry.error.empty() && (entry.file == name || entry.file == name + ".json")) return CadenceChoice{entry.file, false};
    for (const auto& entry : state.workspace)
        if (entry.name == name) return CadenceChoice{entry.name, true};
    for (const auto& entry : state.templates)
        if (entry.error.empty() && entry.cadence.name == name) return CadenceChoice{entry.file, false};
    return std::nullopt;
}

bool has_step(const cadence::Cadence& cadence, const std::string& step) {
    return std::any_of(cadence.steps.begin(), cadence.steps.end(), [&](const auto& entry) { return entry.name == step; });
}

bool draw_cadence_combo(const char* id, CadenceChoice& choice, float width) {
    const auto& state = inputs();
    const auto* chosen = find_cadence(choice);
    ImGui::SetNextItemWidth(width);
    if (!ImGui::BeginCombo(id, chosen ? chosen->name.c_str() : choice.key.c_str())) return false;
    bool changed = false;
    const auto offer = [&](const CadenceChoice& candidate, const cadence::Cadence& cadence) {
        ImGui::BeginDisabled(cadence.steps.empty());
        if (ImGui::Selectable(cadence.name.c_str(), candidate == choice) && !(candidate == choice)) {
            choice = candidate;
            changed = true;
        }
        ImGui::EndDisabled();
        hover_hint(cadence.steps.empty() ? "No steps: nothing to time." : cadence.description.c_str());
    };
    ImGui::TextDisabled("Templates");
    if (!state.templates_error.empty()) ImGui::TextDisabled("Cannot read the templates: %s", state.templates_error.c_str());
    for (const auto& entry : state.templates) {
        if (!entry.error.empty()) continue;
        ImGui::PushID(entry.file.c_str());
        offer({entry.file, false}, entry.cadence);
        ImGui::PopID();
    }
    ImGui::Separator();
    ImGui::TextDisabled("Your cadences (the Cadences section)");
    for (const auto& entry : state.workspace) {
        ImGui::PushID(("workspace:" + entry.name).c_str());
        offer({entry.name, true}, entry);
        ImGui::PopID();
    }
    ImGui::EndCombo();
    return changed;
}

bool draw_step_combo(const char* id, const cadence::Cadence* cadence, std::string& step, const std::string& other, float width) {
    ImGui::SetNextItemWidth(width);
    if (!ImGui::BeginCombo(id, step.c_str())) return false;
    bool changed = false;
    if (cadence)
        for (const auto& entry : cadence->steps) {
            ImGui::BeginDisabled(entry.name == other);
            if (ImGui::Selectable(entry.name.c_str(), entry.name == step) && entry.name != step) {
                step = entry.name;
                changed = true;
            }
            ImGui::EndDisabled();
            const std::string hint = std::string(cadence::trigger_label(entry.trigger)) + ", now " + std::to_string(entry.delay_days) +
                                     " days. " + std::string(cadence::trigger_delay_meaning(entry.trigger));
            hover_hint(hint.c_str());
        }
    ImGui::EndCombo();
    return changed;
}

const metrics::SegmentRules& workspace_segment_rules() { return inputs().segment_rules; }

sim::Population choose_population(const Workbench& workbench) { return workbench.simulation_population(); }

std::string population_source(const sim::Population& population) {
    return population.description.substr(0, population.description.find(" ("));
}

nlohmann::json cadence_templates_json() {
    nlohmann::json templates = nlohmann::json::array();
    for (const auto& entry : inputs().templates)
        if (entry.error.empty()) templates.push_back({{"file", entry.file}, {"name", entry.cadence.name}, {"steps", entry.cadence.steps.size()}});
    return templates;
}

}  // namespace touchpoint::web
