#include "sections/share/shared_workspace.hpp"

#include "app/workbench.hpp"

#include "touchpoint/data/calendar.hpp"
#include "touchpoint/sim/population.hpp"

#include <algorithm>
#include <cctype>

namespace touchpoint::web {

namespace {

// The editors' state keys that are workspace sections (the rest, like an import's column
// mapping, belong to the page). Scenarios are the Trainer's, kept apart.
constexpr const char* editor_sections[] = {"title", "cadences", "selected_cadence", "segment_rules", "effects", "experiments", "model"};

nlohmann::json orders_table(const data::Dataset& dataset) {
    auto rows = nlohmann::json::array();
    for (std::size_t c = 0; c < dataset.customer_count(); ++c)
        for (std::size_t o = dataset.order_offsets[c]; o < dataset.order_offsets[c + 1]; ++o)
            rows.push_back({dataset.customer_ids[c], data::format_iso_date(data::Day(date::days(dataset.order_days[o]))), dataset.order_amounts[o]});
    return {{"columns", {"customer_id", "order_date", "amount"}}, {"rows", std::move(rows)}};
}

}  // namespace

nlohmann::json shared_workspace(const Workbench& workbench, const SectionParts& parts, const ShareOptions& options) {
    auto document = workspace::empty_workspace();
    const auto& state = workbench.edits().current();
    for (const char* key : editor_sections)
        if (state.is_object() && state.contains(key) && !state[key].is_null()) document[key] = state[key];
    // The model the simulator uses now wins over one that came with an opened workspace.
    if (const auto fitted = workbench.fitted_population()) document["model"] = sim::to_json(*fitted);
    if (parts.scenarios.is_array() && !parts.scenarios.empty()) document["scenarios"] = parts.scenarios;
    if (parts.experiments.is_object()) {
        // Results not made here since the workspace was opened stay as it brought them.
        auto experiments = parts.experiments;
        if (experiments.value("results", nlohmann::json::array()).empty() && document.contains("experiments") &&
            document["experiments"].is_object() && document["experiments"].contains("results"))
            experiments["results"] = document["experiments"]["results"];
        document["experiments"] = std::move(experiments);
    }
    if (parts.view.is_object() && !parts.view.empty()) document["view"] = parts.view;
    document["summaries"] = {{"headline", metrics::to_json(workbench.metrics())}, {"data", workbench.source_description()}};
    if (options.include_customer_data) document["customer_data"] = {{"orders", orders_table(*workbench.dataset())}};
    return document;
}

OpenedWorkspace open_workspace(Workbench& workbench, std::string_view text) {
    const auto read = workspace::read_workspace_text(text);  // throws before anything changes
    auto state = workbench.edits().current().is_object() ? workbench.edits().current() : nlohmann::json::object();
    for (const char* key : editor_sections) {
        if (read.document.contains(key)) state[key] = read.document[key];
        else state.erase(key);
    }
    workbench.edits().commit("open a workspace", state);
    OpenedWorkspace opened;
    opened.view = read.document.value("view", nlohmann::json());
    opened.scenarios = read.document.value("scenarios", nlohmann::json());
    opened.experiments = read.document.value("experiments", nlohmann::json());
    opened.original_version = read.original_version;
    opened.warnings = read.warnings;
    return opened;
}

std::vector<std::string> customer_ids_in(const Workbench& workbench, const nlohmann::json& document, std::size_t at_most) {
    const auto& ids = workbench.dataset()->customer_ids;  // sorted
    std::vector<std::string> found;
    const auto check = [&](const std::string& candidate) {
        if (found.size() < at_most && std::binary_search(ids.begin(), ids.end(), candidate) &&
            std::find(found.begin(), found.end(), candidate) == found.end())
            found.push_back(candidate);
    };
    std::vector<const nlohmann::json*> pending{&document};
    while (!pending.empty() && found.size() < at_most) {
        const auto* value = pending.back();
        pending.pop_back();
        if (value->is_structured()) {
            for (const auto& child : *value) pending.push_back(&child);
            continue;
        }
        if (!value->is_string()) continue;
        const auto& text = value->get_ref<const std::string&>();
        check(text);
        std::string word;
        for (const char c : text + " ") {
            if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '@') {
                word += c;
            } else if (!word.empty()) {
                check(word);
                word.clear();
            }
        }
    }
    return found;
}

}  // namespace touchpoint::web
