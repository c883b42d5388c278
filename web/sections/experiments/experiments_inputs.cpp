#include "sections/experiments/experiments_inputs.hpp"

#include "app/workbench.hpp"
#include "sections/experiments/experiments_controls.hpp"
#include "workers/simulation_workers.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace touchpoint::web {

void ExperimentInputs::follow(Workbench& workbench) {
    if (!workers_warmed_) {
        workers_warmed_ = true;
        // The section is open: load the simulation workers now, while the user sets things up.
        warm_up_simulation_workers(simulation_worker_slots());
    }
    const auto& edits = workbench.edits();
    if (read_revision_ == edits.revision()) return;
    read_revision_ = edits.revision();
    const auto& current = edits.current();
    segment_rules_ = {};
    if (current.is_object() && current.contains("segment_rules")) {
        try {
            segment_rules_ = metrics::segment_rules_from_json(current["segment_rules"]);
        } catch (const std::exception&) {
            // Rules the Segments section cannot read either: the defaults, as there.
        }
    }
    // As the Cadences section shows them: before the first edit, its default cadence.
    workspace_ = workbench.cadence_catalogue().workspace_cadences(current);
}

CadenceOffer ExperimentInputs::offer(const Workbench& workbench) const { return {workbench.cadence_catalogue(), workspace_}; }

DayText day_text(std::string_view text) {
    DayText buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.*s", static_cast<int>(text.size()), text.data());
    return buffer;
}

std::optional<DayText> day_setting(const std::string& text) {
    if (text.empty() || text.size() >= DayText{}.size()) return std::nullopt;
    return day_text(text);
}

bool has_step(const cadence::Cadence& cadence, const std::string& step) {
    return std::any_of(cadence.steps.begin(), cadence.steps.end(), [&](const auto& entry) { return entry.name == step; });
}

bool draw_cadence_combo(const char* id, const CadenceOffer& offer, CadenceChoice& choice, float width) {
    ImGui::SetNextItemWidth(width);
    if (!ImGui::BeginCombo(id, offer.catalogue.name_of(choice, offer.workspace).c_str())) return false;
    bool changed = false;
    const auto offer_one = [&](const CadenceChoice& candidate, const cadence::Cadence& cadence) {
        ImGui::BeginDisabled(cadence.steps.empty());
        if (ImGui::Selectable(cadence.name.c_str(), candidate == choice) && !(candidate == choice)) {
            choice = candidate;
            changed = true;
        }
        ImGui::EndDisabled();
        hover_hint(cadence.steps.empty() ? "No steps: nothing to time." : cadence.description.c_str());
    };
    ImGui::TextDisabled("Templates");
    if (!offer.catalogue.error().empty()) ImGui::TextDisabled("Cannot read the templates: %s", offer.catalogue.error().c_str());
    for (const auto& entry : offer.catalogue.templates()) {
        if (!entry.error.empty()) continue;
        ImGui::PushID(entry.file.c_str());
        offer_one({entry.file, false}, entry.cadence);
        ImGui::PopID();
    }
    ImGui::Separator();
    ImGui::TextDisabled("Your cadences (the Cadences section)");
    for (const auto& entry : offer.workspace) {
        ImGui::PushID(("workspace:" + entry.name).c_str());
        offer_one({entry.name, true}, entry);
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

const sim::Population& choose_population(const Workbench& workbench) { return workbench.simulation_population(); }

std::string population_source(const sim::Population& population) {
    return population.description.substr(0, population.description.find(" ("));
}

nlohmann::json cadence_templates_json(const CadenceCatalogue& catalogue) {
    nlohmann::json templates = nlohmann::json::array();
    for (const auto& entry : catalogue.templates())
        if (entry.error.empty()) templates.push_back({{"file", entry.file}, {"name", entry.cadence.name}, {"steps", entry.cadence.steps.size()}});
    return templates;
}

}  // namespace touchpoint::web
