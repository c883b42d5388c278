#pragma once
// What the Experiments section's simulations start from, shared by the timing sweep and the
// simulated experiment: the cadences on offer (the Workbench's catalogue of templates and the
// workspace's own, as the Simulate section offers them), the workspace's segment rules, and the
// population (the BG/NBD fit handed over from Models, else the sample shop's defaults, as
// Simulate chooses it).
#include "app/cadence_catalogue.hpp"
#include "touchpoint/cadence/cadence.hpp"
#include "touchpoint/metrics/segments.hpp"
#include "touchpoint/sim/population.hpp"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

// The cadences a tab can choose from: the catalogue's templates, then the workspace's own.
struct CadenceOffer {
    const CadenceCatalogue& catalogue;
    const std::vector<cadence::Cadence>& workspace;

    // nullptr when the choice is no longer there (or its template has errors).
    const cadence::Cadence* find(const CadenceChoice& choice) const { return catalogue.find(choice, workspace); }
    // A template file ("win_back.json" or "win_back"), a workspace cadence's name, or a template's name.
    std::optional<CadenceChoice> named(const std::string& name) const { return catalogue.choice_named(name, workspace); }
};

// The workspace's cadences and segment rules as the section last read them.
class ExperimentInputs {
public:
    // Once per frame while the section is open, and before a command: loads the simulation
    // workers the first time, and reads the workspace's cadences and segment rules again when
    // the workspace changed.
    void follow(Workbench& workbench);

    CadenceOffer offer(const Workbench& workbench) const;
    const metrics::SegmentRules& segment_rules() const { return segment_rules_; }

private:
    bool workers_warmed_ = false;
    std::optional<std::uint64_t> read_revision_;  // of the workspace when last read
    std::vector<cadence::Cadence> workspace_;
    metrics::SegmentRules segment_rules_;
};

// A grid of days as typed in its field ("0..60/5", "3,7,14").
using DayText = std::array<char, 48>;
DayText day_text(std::string_view text);
// The text of a command's setting as a grid of days; empty when it is empty or too long for the field.
std::optional<DayText> day_setting(const std::string& text);

bool has_step(const cadence::Cadence& cadence, const std::string& step);

// The combo of cadences: templates first, then the workspace's; cadences without steps cannot
// be chosen. True when the choice changed.
bool draw_cadence_combo(const char* id, const CadenceOffer& offer, CadenceChoice& choice, float width);
// The combo of a cadence's steps; `other` (a step chosen elsewhere) cannot be chosen. True when
// the step changed.
bool draw_step_combo(const char* id, const cadence::Cadence* cadence, std::string& step, const std::string& other, float width);

const sim::Population& choose_population(const Workbench& workbench);
// "sample shop defaults", "BG/NBD fitted in weeks, Gamma-Gamma spend": the description without
// the parameters in brackets, which the Simulate section lists.
std::string population_source(const sim::Population& population);

// Test API: the templates that load, [{"file", "name", "steps"}].
nlohmann::json cadence_templates_json(const CadenceCatalogue& catalogue);

}  // namespace touchpoint::web
