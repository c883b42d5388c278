// The Author tab: a scenario copied from a built-in one, blank, or imported from a file, edited
// field by field (persona, signals, nodes with their customer lines, replies with behaviours,
// trust, next node, signals caught and missed; endings with their outcome). The validator runs on
// every change and lists errors and warnings; clicking one selects its node. Authored scenarios
// are kept in this browser, export as a .json download and can be previewed in the player.
// Section index: starting an edit; keeping and exporting; the fields; the tab.
#include "ui/test_hooks.hpp"
#include "sections/drill_down/drill_down.hpp"
#include "sections/trainer/trainer_state.hpp"
#include "ui/limits_text.hpp"
#include "platform/platform.hpp"
#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"
#include "touchpoint/roleplay/customer_outlook.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace touchpoint::web {

namespace {

bool id_taken(const TrainerState& state, const std::string& id) { return find_scenario(state, id) != nullptr; }

std::string unused_id(const TrainerState& state, const std::string& wanted) {
    if (!id_taken(state, wanted)) return wanted;
    for (int n = 2;; ++n)
        if (!id_taken(state, wanted + "_" + std::to_string(n))) return wanted + "_" + std::to_string(n);
}

std::string unused_node_id(const roleplay::Scenario& scenario, const std::string& wanted) {
    if (!scenario.node_index(wanted)) return wanted;
    for (int n = 2;; ++n)
        if (!scenario.node_index(wanted + "_" + std::to_string(n))) return wanted + "_" + std::to_string(n);
}

// Puts the working copy into the library (a new entry the first time) and keeps it in this browser.
void keep_edited(TrainerState& state) {
    auto& editor = state.editor;
    ScenarioEntry entry{editor.scenario, false, "", editor.issues};
    if (editor.authored && *editor.authored < state.authored.size()) state.authored[*editor.authored] = std::move(entry);
    else {
        state.authored.push_back(std::move(entry));
        editor.authored = state.authored.size() - 1;
    }
    save_authored_scenarios(state);
}

void revalidate(TrainerState& state) { state.editor.issues = roleplay::validate_scenario(state.editor.scenario); }

}  // namespace

// ---- Starting an edit --------------------------------------------------------------------------

void edit_scenario(TrainerState& state, const roleplay::Scenario& scenario, std::optional<std::size_t> authored) {
    auto& editor = state.editor;
    editor.scenario = scenario;
    editor.authored = authored;
    editor.selected_node = 0;
    editor.import_error.clear();
    revalidate(state);
    keep_edited(state);
    editor.dirty = false;
}

void edit_copy_of(TrainerState& state, const std::string& id) {
    const auto* entry = find_scenario(state, id);
    if (!entry) return;
    auto copy = entry->scenario;  // entry may move: keeping the copy grows the authored list
    const std::string original_title = copy.title;
    copy.id = unused_id(state, id + "_copy");
    copy.title += " (my copy)";
    edit_scenario(state, copy, std::nullopt);
    state.editor.message = "Editing a copy of '" + original_title + "', kept in this browser as '" + copy.id + "'.";
}

void edit_blank(TrainerState& state) {
    roleplay::Scenario blank;
    blank.id = unused_id(state, "my_scenario");
    blank.title = "A new scenario";
    blank.persona = {"Customer", "New customer", "What happened before the conversation", "Calm"};
    blank.start = "opening";
    roleplay::Node opening;
    opening.id = "opening";
    opening.lines.push_back({"What the customer says first.", {}});
    roleplay::Choice reply;
    reply.text = "What the trainee could answer.";
    reply.behaviours = {roleplay::Behaviour::Acknowledges};
    reply.trust = 10;
    reply.next = "kept";
    opening.choices.push_back(reply);
    roleplay::Node kept;
    kept.id = "kept";
    kept.ending = roleplay::Ending::SecondPurchase;
    kept.lines.push_back({"Thank you, that helps.", {}});
    kept.outcome = "What happens next with this customer.";
    blank.nodes = {opening, kept};
    edit_scenario(state, blank, std::nullopt);
    state.editor.message = "A blank scenario, kept in this browser as '" + blank.id + "'.";
}

void import_scenario_text(TrainerState& state, const std::string& file_name, std::string_view text) {
    auto& editor = state.editor;
    try {
        auto scenario = roleplay::scenario_from_json_text(text);
        // The same id as a scenario authored here replaces it; the built-in ones stay as they are.
        std::optional<std::size_t> authored;
        for (std::size_t i = 0; i < state.authored.size(); ++i)
            if (state.authored[i].scenario.id == scenario.id) authored = i;
        edit_scenario(state, scenario, authored);
        std::size_t errors = 0;
        for (const auto& issue : editor.issues) errors += issue.severity == roleplay::IssueSeverity::Error ? 1 : 0;
        editor.message = "Imported " + file_name + ": " + std::to_string(errors) + " error(s), " + std::to_string(editor.issues.size() - errors) +
                         " warning(s).";
    } catch (const roleplay::ScenarioError& error) {
        editor.import_error = file_name + " cannot be read: " + error.what();
        editor.message.clear();
    } catch (const std::exception& error) {
        editor.import_error = file_name + " cannot be read: " + error.what();
        editor.message.clear();
    }
}

// ---- Keeping and exporting ---------------------------------------------------------------------

void export_edited_scenario(TrainerState& state) {
    const auto& scenario = state.editor.scenario;
    platform::download((scenario.id.empty() ? std::string("scenario") : scenario.id) + ".json", roleplay::to_json(scenario).dump(2),
                       "application/json");
}

void preview_edited_scenario(TrainerState& state) {
    state.session.playing = false;
    play_scenario(state, state.editor.scenario, true);
    state.select_tab = TrainerTab::Play;
}

void select_issue(TrainerState& state, std::size_t index) {
    auto& editor = state.editor;
    if (index >= editor.issues.size()) return;
    const auto& field = editor.issues[index].field;
    // "nodes[3].choices[1].next" -> node 3.
    if (field.rfind("nodes[", 0) != 0) return;
    const auto close = field.find(']');
    if (close == std::string::npos) return;
    try {
        const auto node = std::stoul(field.substr(6, close - 6));
        if (node < editor.scenario.nodes.size()) editor.selected_node = node;
    } catch (const std::exception&) {
    }
}

// ---- The fields --------------------------------------------------------------------------------

namespace {

void draw_scenario_fields(TrainerState& state) {
    auto& editor = state.editor;
    auto& scenario = editor.scenario;
    bool changed = false;
    const auto field = [&](const char* label, std::string& text, float height = 0.0f) {
        ImGui::TextUnformatted(label);
        ImGui::SetNextItemWidth(-1.0f);
        changed |= trainer_input_string((std::string("##") + label).c_str(), text, height);
    };
    field("Id", scenario.id);
    field("Title", scenario.title);
    field("Description", scenario.description, px(48.0f));
    ImGui::Separator();
    field("Persona: name", scenario.persona.name);
    field("Segment", scenario.persona.segment);
    field("Mood", scenario.persona.mood);
    field("Situation", scenario.persona.situation, px(60.0f));
    ImGui::TextUnformatted("Trust at the start");
    ImGui::SetNextItemWidth(-1.0f);
    changed |= ImGui::SliderInt("##initial_trust", &scenario.initial_trust, roleplay::min_trust, roleplay::max_trust);
    ImGui::Separator();
    ImGui::TextUnformatted("Signals (what the customer hints at)");
    int remove = -1;
    for (std::size_t i = 0; i < scenario.signals.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetNextItemWidth(px(110.0f));
        changed |= trainer_input_string("##key", scenario.signals[i].key);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(-px(28.0f));
        changed |= trainer_input_string("##label", scenario.signals[i].label);
        ImGui::SameLine();
        if (ImGui::SmallButton("x")) remove = static_cast<int>(i);
        ImGui::PopID();
    }
    if (remove >= 0) {
        scenario.signals.erase(scenario.signals.begin() + remove);
        changed = true;
    }
    if (ImGui::SmallButton("Add a signal")) {
        scenario.signals.push_back({"signal_" + std::to_string(scenario.signals.size() + 1), "What the customer needs"});
        changed = true;
    }
    editor.dirty |= changed;
}

void draw_issues(TrainerState& state) {
    auto& editor = state.editor;
    std::size_t errors = 0;
    for (const auto& issue : editor.issues) errors += issue.severity == roleplay::IssueSeverity::Error ? 1 : 0;
    if (editor.issues.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, good_colour());
        ImGui::TextUnformatted("The validator finds nothing wrong.");
        ImGui::PopStyleColor();
        return;
    }
    ImGui::Text("The validator: %zu error(s), %zu warning(s)", errors, editor.issues.size() - errors);
    ImGui::BeginGroup();
    std::optional<std::size_t> clicked;
    for (std::size_t i = 0; i < editor.issues.size(); ++i) {
        const auto& issue = editor.issues[i];
        const bool error = issue.severity == roleplay::IssueSeverity::Error;
        ImGui::PushID(static_cast<int>(i));
        ImGui::PushStyleColor(ImGuiCol_Text, error ? bad_colour() : warning_colour());
        const std::string label = std::string(error ? "error  " : "warning  ") + issue.field;
        if (ImGui::Selectable(label.c_str(), false)) clicked = i;
        if (test_hooks::recording()) test_hooks::record_click_target("trainer:issue:" + std::to_string(i));
        ImGui::PopStyleColor();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", issue.message.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopID();
    }
    ImGui::EndGroup();
    remember_rect(state.issues_list);
    if (clicked) select_issue(state, *clicked);
}

void draw_node_list(TrainerState& state) {
    auto& editor = state.editor;
    auto& scenario = editor.scenario;
    ImGui::TextUnformatted("Nodes");
    const auto reachable = roleplay::reachable_nodes(scenario);
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i) {
        const auto& node = scenario.nodes[i];
        std::string label = node.id.empty() ? "(no id)" : node.id;
        if (node.ending) label += "  [" + std::string(roleplay::ending_key(*node.ending)) + "]";
        if (i < reachable.size() && !reachable[i]) label += "  (unreachable)";
        label += "##node" + std::to_string(i);
        if (ImGui::Selectable(label.c_str(), editor.selected_node == i)) editor.selected_node = i;
    }
    ImGui::Spacing();
    if (ImGui::SmallButton("Add a node")) {
        roleplay::Node node;
        node.id = unused_node_id(scenario, "node");
        node.lines.push_back({"", {}});
        scenario.nodes.push_back(node);
        editor.selected_node = scenario.nodes.size() - 1;
        editor.dirty = true;
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(scenario.nodes.size() <= 1);
    if (ImGui::SmallButton("Remove this node") && editor.selected_node < scenario.nodes.size()) {
        scenario.nodes.erase(scenario.nodes.begin() + static_cast<std::ptrdiff_t>(editor.selected_node));
        editor.selected_node = std::min(editor.selected_node, scenario.nodes.size() - 1);
        editor.dirty = true;
    }
    ImGui::EndDisabled();
    ImGui::Spacing();
    ImGui::TextDisabled("Start: %s", std::string(scenario.start_id()).c_str());
}

// Renaming a node renames the references to it, so the conversation keeps its shape.
void rename_node(roleplay::Scenario& scenario, const std::string& from, const std::string& to) {
    if (from.empty() || from == to) return;
    if (scenario.start == from) scenario.start = to;
    for (auto& node : scenario.nodes)
        for (auto& choice : node.choices) {
            if (choice.next == from) choice.next = to;
            for (auto& route : choice.routes)
                if (route.next == from) route.next = to;
        }
}

bool draw_signal_checks(const char* title, const roleplay::Scenario& scenario, std::vector<std::string>& keys) {
    bool changed = false;
    if (scenario.signals.empty()) return false;
    ImGui::TextDisabled("%s", title);
    ImGui::PushID(title);
    for (std::size_t s = 0; s < scenario.signals.size(); ++s) {
        const auto& key = scenario.signals[s].key;
        const auto found = std::find(keys.begin(), keys.end(), key);
        bool on = found != keys.end();
        ImGui::PushID(static_cast<int>(s));
        if (ImGui::Checkbox(key.c_str(), &on)) {
            if (on) keys.push_back(key);
            else keys.erase(found);
            changed = true;
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", scenario.signals[s].label.c_str());
        ImGui::PopID();
        if (s + 1 < scenario.signals.size() && (s + 1) % 3 != 0) ImGui::SameLine();
    }
    ImGui::PopID();
    return changed;
}

bool draw_choice(roleplay::Scenario& scenario, roleplay::Choice& choice, std::size_t index, bool& remove) {
    bool changed = false;
    ImGui::PushID(static_cast<int>(index));
    const std::string header = "Reply " + std::to_string(index + 1) + ": " + (choice.text.size() > 60 ? choice.text.substr(0, 60) + "..." : choice.text) +
                               "###choice";
    if (ImGui::CollapsingHeader(header.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::TextDisabled("What the trainee says");
        changed |= trainer_input_string("##text", choice.text, px(44.0f));
        ImGui::TextDisabled("Behaviours");
        for (std::size_t b = 0; b < roleplay::behaviour_count; ++b) {
            const auto behaviour = static_cast<roleplay::Behaviour>(b);
            const auto found = std::find(choice.behaviours.begin(), choice.behaviours.end(), behaviour);
            bool on = found != choice.behaviours.end();
            ImGui::PushID(static_cast<int>(b));
            ImGui::PushStyleColor(ImGuiCol_Text, roleplay::is_good_behaviour(behaviour) ? good_colour() : bad_colour());
            if (ImGui::Checkbox(std::string(roleplay::behaviour_label(behaviour)).c_str(), &on)) {
                if (on) choice.behaviours.push_back(behaviour);
                else choice.behaviours.erase(found);
                changed = true;
            }
            ImGui::PopStyleColor();
            ImGui::PopID();
            if (b != 4 && b + 1 < roleplay::behaviour_count && (b + 1) % 3 != 0) ImGui::SameLine();
            if (b == 4) ImGui::Spacing();
        }
        ImGui::SetNextItemWidth(px(180.0f));
        changed |= ImGui::SliderInt("Trust change", &choice.trust, -30, 30, "%+d");
        ImGui::SameLine(0.0f, px(24.0f));
        ImGui::SetNextItemWidth(px(180.0f));
        if (ImGui::BeginCombo("Next node", choice.next.empty() ? "(none)" : choice.next.c_str())) {
            for (const auto& node : scenario.nodes)
                if (ImGui::Selectable(node.id.c_str(), node.id == choice.next)) {
                    choice.next = node.id;
                    changed = true;
                }
            ImGui::EndCombo();
        }
        if (!choice.routes.empty()) ImGui::TextDisabled("%zu route(s) by condition, kept as they are", choice.routes.size());
        changed |= draw_signal_checks("Catches", scenario, choice.catches);
        changed |= draw_signal_checks("Misses", scenario, choice.misses);
        ImGui::TextDisabled("A stronger reply (shown in the debrief when this one loses points or misses a need)");
        changed |= trainer_input_string("##stronger", choice.stronger_reply, px(40.0f));
        if (ImGui::SmallButton("Remove this reply")) remove = true;
    }
    ImGui::PopID();
    return changed;
}

void draw_node(TrainerState& state) {
    auto& editor = state.editor;
    auto& scenario = editor.scenario;
    if (editor.selected_node >= scenario.nodes.size()) return;
    auto& node = scenario.nodes[editor.selected_node];
    bool changed = false;
    ImGui::PushID(static_cast<int>(editor.selected_node));
    const std::string old_id = node.id;
    ImGui::SetNextItemWidth(px(220.0f));
    if (trainer_input_string("Node id", node.id)) {
        rename_node(scenario, old_id, node.id);
        changed = true;
    }
    ImGui::SameLine(0.0f, px(24.0f));
    bool ending = node.ending.has_value();
    if (ImGui::Checkbox("An ending", &ending)) {
        if (ending) node.ending = roleplay::Ending::SecondPurchase;
        else node.ending.reset();
        changed = true;
    }
    if (node.ending) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(px(200.0f));
        if (ImGui::BeginCombo("##ending", std::string(roleplay::ending_label(*node.ending)).c_str())) {
            for (std::size_t e = 0; e < roleplay::ending_count; ++e) {
                const auto which = static_cast<roleplay::Ending>(e);
                if (ImGui::Selectable(std::string(roleplay::ending_label(which)).c_str(), which == *node.ending)) {
                    node.ending = which;
                    changed = true;
                }
            }
            ImGui::EndCombo();
        }
        ImGui::TextDisabled("Outcome (what happens next with this customer)");
        changed |= trainer_input_string("##outcome", node.outcome, px(44.0f));
        // For "what if 1,000 customers like this": the ending's own change to the customer.
        bool own_effect = node.effect.has_value();
        if (ImGui::Checkbox("Its own effect on the customer afterwards", &own_effect)) {
            if (own_effect) node.effect = roleplay::default_ending_effect(*node.ending);
            else node.effect.reset();
            changed = true;
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Multipliers of the customer's purchase rate and of their chance of dropping out after a purchase;\n"
                              "without one, the default for this kind of ending is used.");
        if (node.effect) {
            ImGui::SetNextItemWidth(px(140.0f));
            changed |= ImGui::DragScalar("Purchase rate x", ImGuiDataType_Double, &node.effect->purchase_rate, 0.01f, nullptr, nullptr, "%.2f");
            ImGui::SameLine(0.0f, px(24.0f));
            ImGui::SetNextItemWidth(px(140.0f));
            changed |= ImGui::DragScalar("Dropout x", ImGuiDataType_Double, &node.effect->dropout, 0.01f, nullptr, nullptr, "%.2f");
            node.effect->purchase_rate = std::clamp(node.effect->purchase_rate, 0.01, roleplay::max_effect_multiplier);
            node.effect->dropout = std::clamp(node.effect->dropout, 0.01, roleplay::max_effect_multiplier);
        }
    }
    ImGui::Separator();
    ImGui::TextUnformatted("What the customer says (one line is picked)");
    int remove_line = -1;
    for (std::size_t l = 0; l < node.lines.size(); ++l) {
        ImGui::PushID(static_cast<int>(l));
        changed |= trainer_input_string("##line", node.lines[l].text, px(40.0f));
        if (!node.lines[l].when.empty()) ImGui::TextDisabled("Said only under a condition (kept as it is)");
        if (ImGui::SmallButton("Remove this line")) remove_line = static_cast<int>(l);
        ImGui::PopID();
    }
    if (remove_line >= 0) {
        node.lines.erase(node.lines.begin() + remove_line);
        changed = true;
    }
    if (ImGui::SmallButton("Add a line")) {
        node.lines.push_back({"", {}});
        changed = true;
    }
    if (!node.ending) {
        ImGui::Separator();
        ImGui::TextUnformatted("The trainee's replies");
        std::optional<std::size_t> remove_choice;
        for (std::size_t c = 0; c < node.choices.size(); ++c) {
            bool remove = false;
            changed |= draw_choice(scenario, node.choices[c], c, remove);
            if (remove) remove_choice = c;
        }
        if (remove_choice) {
            node.choices.erase(node.choices.begin() + static_cast<std::ptrdiff_t>(*remove_choice));
            changed = true;
        }
        if (ImGui::Button("Add a reply")) {
            roleplay::Choice choice;
            choice.text = "";
            choice.behaviours = {roleplay::Behaviour::Acknowledges};
            choice.next = node.id;
            node.choices.push_back(choice);
            changed = true;
        }
    }
    ImGui::PopID();
    editor.dirty |= changed;
}

void draw_toolbar(TrainerState& state) {
    auto& editor = state.editor;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Start from");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(260.0f));
    const auto* from = find_scenario(state, editor.start_from);
    if (ImGui::BeginCombo("##start_from", from ? from->scenario.title.c_str() : editor.start_from.c_str())) {
        for (const auto* list : {&state.built_in, &state.authored})
            for (const auto& entry : *list) {
                const std::string label = entry.scenario.title + (entry.built_in ? "" : "  (yours)") + "##" + entry.scenario.id;
                if (ImGui::Selectable(label.c_str(), entry.scenario.id == editor.start_from)) editor.start_from = entry.scenario.id;
            }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("Edit a copy")) edit_copy_of(state, editor.start_from);
    ImGui::SameLine();
    if (ImGui::Button("Blank scenario")) edit_blank(state);
    ImGui::SameLine(0.0f, px(16.0f));
    if (ImGui::Button("Import a scenario file...")) platform::open_file_dialog(".json,application/json");
    test_hooks::record_click_target("trainer:import");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", scenario_limits_text().c_str());
    const bool editing = !editor.scenario.nodes.empty();
    ImGui::BeginDisabled(!editing);
    ImGui::SameLine();
    if (ImGui::Button("Export .json")) export_edited_scenario(state);
    ImGui::SameLine();
    ImGui::BeginDisabled(roleplay::has_errors(editor.issues));
    if (ImGui::Button("Preview")) preview_edited_scenario(state);
    ImGui::EndDisabled();
    if (roleplay::has_errors(editor.issues) && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Fix the validator's errors to play it");
    ImGui::EndDisabled();
    if (!editor.import_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, bad_colour());
        ImGui::TextWrapped("%s", editor.import_error.c_str());
        ImGui::PopStyleColor();
    }
    if (!editor.message.empty()) ImGui::TextDisabled("%s", editor.message.c_str());
    ImGui::TextDisabled("%s", scenario_limits_text().c_str());
}

}  // namespace

// ---- The tab -----------------------------------------------------------------------------------

void draw_editor_tab(TrainerState& state, ImFont* heading) {
    (void)heading;
    auto& editor = state.editor;
    draw_toolbar(state);
    ImGui::Spacing();
    if (editor.scenario.nodes.empty()) {
        ImGui::TextDisabled("Edit a copy of a built-in scenario, start a blank one, or import a scenario file (or drop one on the page).");
        ImGui::TextDisabled("Scenarios you write are kept in this browser and can be exported as .json files.");
        return;
    }
    ImGui::BeginChild("editor_scenario", ImVec2(px(320.0f), 0.0f), true);
    draw_issues(state);
    ImGui::Separator();
    draw_scenario_fields(state);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("editor_nodes", ImVec2(px(200.0f), 0.0f), true);
    draw_node_list(state);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("editor_node", ImVec2(0.0f, 0.0f), true);
    draw_node(state);
    ImGui::EndChild();
    if (editor.dirty) {
        revalidate(state);
        // Kept when the typing or dragging stops, not at every key.
        if (!ImGui::IsAnyItemActive()) {
            keep_edited(state);
            editor.dirty = false;
        }
    }
}

}  // namespace touchpoint::web
