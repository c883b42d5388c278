#pragma once
// What the Experiments section's simulations start from, shared by the timing sweep and the
// simulated experiment: the cadences on offer (the templates in /assets and the workspace's own,
// as the Simulate section offers them), the workspace's segment rules, and the population (the
// BG/NBD fit handed over from Models, else the sample shop's defaults, as Simulate chooses it).
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/metrics/segments.hpp"
#include "touchpoint/sim/population.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace touchpoint::web {

class Workbench;

// A template by its file name, or a cadence of the workspace by its name.
struct CadenceChoice {
    std::string key;
    bool workspace = false;
    bool operator==(const CadenceChoice&) const = default;
};

// Once per frame while the section is open: loads the templates (and the simulation workers)
// the first time, and reads the workspace's cadences and segment rules again when they change.
void follow_experiment_inputs(Workbench& workbench);

// nullptr when the choice is no longer there (or its template has errors).
const cadence::Cadence* find_cadence(const CadenceChoice& choice);
// A template file ("win_back.json" or "win_back"), a workspace cadence's name, or a template's name.
std::optional<CadenceChoice> cadence_named(const std::string& name);
bool has_step(const cadence::Cadence& cadence, const std::string& step);

// The combo of cadences: templates first, then the workspace's; cadences without steps cannot
// be chosen. True when the choice changed.
bool draw_cadence_combo(const char* id, CadenceChoice& choice, float width);
// The combo of a cadence's steps; `other` (a step chosen elsewhere) cannot be chosen. True when
// the step changed.
bool draw_step_combo(const char* id, const cadence::Cadence* cadence, std::string& step, const std::string& other, float width);

const metrics::SegmentRules& workspace_segment_rules();

sim::Population choose_population(const Workbench& workbench);
// "sample shop defaults", "BG/NBD fitted in weeks, Gamma-Gamma spend": the description without
// the parameters in brackets, which the Simulate section lists.
std::string population_source(const sim::Population& population);

// Test API: the templates that load, [{"file", "name", "steps"}].
nlohmann::json cadence_templates_json();

}  // namespace touchpoint::web
