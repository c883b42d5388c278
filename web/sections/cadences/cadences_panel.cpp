// Section index: the panel's state and its sync with the edit history; edits (checked, then
// committed as undo steps); the toolbar; caps and timing; the steps and the warnings; the
// section; the test API.
#include "sections/cadences/cadences_panel.hpp"

#include "app/workbench.hpp"
#include "sections/cadences/cadence_timeline.hpp"
#include "ui/icons.hpp"
#include "ui/test_hooks.hpp"
#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>
#include <vector>

namespace touchpoint::web {

namespace {

// ---- State and sync --------------------------------------------------------------------------

const cadence::Cadence* shown_cadence(const CadencesPanel& state) {
    if (state.selected < 0 || state.selected >= static_cast<int>(state.workspace.entries.size())) return nullptr;
    const auto& entry = state.workspace.entries[static_cast<std::size_t>(state.selected)];
    return entry.cadence ? &*entry.cadence : nullptr;
}

void check_shown(CadencesPanel& state) {
    state.issues.clear();
    state.warned.clear();
    const auto* shown = shown_cadence(state);
    if (!shown) {
        state.selected_step = -1;
        return;
    }
    cadence::ValidationOptions options;
    options.segment_rules = state.segment_rules;
    state.issues = cadence::validate_cadence(*shown, options);
    state.warned.assign(shown->steps.size(), false);
    for (const auto& issue : state.issues)
        if (issue.step >= 0 && issue.step < static_cast<int>(shown->steps.size())) state.warned[static_cast<std::size_t>(issue.step)] = true;
    state.selected_step = shown->steps.empty() ? -1 : std::clamp(state.selected_step, 0, static_cast<int>(shown->steps.size()) - 1);
}

void select_cadence(CadencesPanel& state, int index) {
    if (index != state.selected) {
        state.selected_step = 0;
        state.refusal.clear();
    }
    state.selected = index;
    check_shown(state);
}

nlohmann::json value_of(const nlohmann::json& state, const char* key) {
    return state.is_object() && state.contains(key) ? state[key] : nlohmann::json(nullptr);
}

// Brings the panel up to the edit history (an edit, an undo or redo, the workspace read at start
// or opened), when its revision moved since it was last read.
void sync(CadencesPanel& state, const Workbench& workbench) {
    const auto& edits = workbench.edits();
    if (state.read_revision == edits.revision()) return;
    const bool first = !state.read_revision;
    state.read_revision = edits.revision();
    const auto& current = edits.current();
    auto cadences = value_of(current, "cadences"), selected = value_of(current, "selected_cadence"), rules = value_of(current, "segment_rules");
    if (!first && cadences == state.seen_cadences && selected == state.seen_selected && rules == state.seen_rules) return;
    const bool list_changed = first || cadences != state.seen_cadences || selected != state.seen_selected;
    state.seen_cadences = std::move(cadences);
    state.seen_selected = std::move(selected);
    state.seen_rules = std::move(rules);
    state.workspace = read_workspace_cadences(current, workbench.cadence_catalogue());
    state.segment_rules = {};
    if (!state.seen_rules.is_null()) {
        try {
            state.segment_rules = metrics::segment_rules_from_json(state.seen_rules);
        } catch (const std::exception&) {
            // Rules the Segments section cannot read either: the defaults, as there.
        }
    }
    if (list_changed) select_cadence(state, state.workspace.selected);
    else check_shown(state);
}

// ---- Edits -----------------------------------------------------------------------------------

// Makes `next` the workspace's cadences as one undo step, when every cadence in it is valid;
// otherwise keeps the state and says why. The cadence shown becomes next.selected.
bool commit(Workbench& workbench, CadencesPanel& state, WorkspaceCadences next, const std::string& description,
            const std::string& merge_key = "") {
    for (const auto& entry : next.entries) {
        if (!entry.cadence) continue;
        const auto issues = cadence::validate_cadence(*entry.cadence);
        if (cadence::has_errors(issues)) {
            state.refusal = "Not changed: " + issues.front().message + ".";
            return false;
        }
    }
    state.refusal.clear();
    auto& edits = workbench.edits();
    const int step = state.selected_step;
    edits.commit(description, with_cadences(edits.current(), next), merge_key);
    sync(state, workbench);
    select_cadence(state, next.selected);
    state.selected_step = step;
    check_shown(state);
    return true;
}

// The workspace with the cadence shown replaced by `edited`.
bool commit_shown(Workbench& workbench, CadencesPanel& state, const cadence::Cadence& edited, const std::string& description,
                  const std::string& merge_key = "") {
    if (!shown_cadence(state)) return false;
    auto next = state.workspace;
    next.selected = state.selected;
    next.entries[static_cast<std::size_t>(state.selected)].cadence = edited;
    return commit(workbench, state, std::move(next), description, merge_key);
}

bool add_from_template(Workbench& workbench, CadencesPanel& state, std::string_view file) {
    const auto* found = workbench.cadence_catalogue().find_template(file);
    if (!found || !found->error.empty()) return false;
    auto next = state.workspace;
    auto made = found->cadence;
    made.name = unused_cadence_name(next, made.name);
    next.entries.push_back({made, cadence::to_json(made), {}});
    next.selected = static_cast<int>(next.entries.size()) - 1;
    state.selected_step = 0;
    return commit(workbench, state, std::move(next), "add '" + made.name + "' from a template");
}

bool duplicate_shown(Workbench& workbench, CadencesPanel& state) {
    const auto* shown = shown_cadence(state);
    if (!shown) return false;
    auto next = state.workspace;
    auto copy = *shown;
    copy.name = unused_cadence_name(next, shown->name + " copy");
    next.entries.insert(next.entries.begin() + state.selected + 1, {copy, cadence::to_json(copy), {}});
    next.selected = state.selected + 1;
    return commit(workbench, state, std::move(next), "duplicate '" + shown->name + "'");
}

bool delete_shown(Workbench& workbench, CadencesPanel& state) {
    if (state.selected < 0 || state.selected >= static_cast<int>(state.workspace.entries.size())) return false;
    auto next = state.workspace;
    const std::string name = next.entries[static_cast<std::size_t>(state.selected)].name();
    next.entries.erase(next.entries.begin() + state.selected);
    next.selected = next.entries.empty() ? -1 : std::min(state.selected, static_cast<int>(next.entries.size()) - 1);
    state.selected_step = 0;
    return commit(workbench, state, std::move(next), "delete '" + name + "'");
}

bool rename_shown(Workbench& workbench, CadencesPanel& state, const std::string& name, const std::string* description = nullptr) {
    const auto* shown = shown_cadence(state);
    if (!shown) return false;
    // Simulate picks the workspace's cadences by name: two may not share one.
    for (std::size_t i = 0; i < state.workspace.entries.size(); ++i)
        if (static_cast<int>(i) != state.selected && state.workspace.entries[i].name() == name) {
            state.refusal = "Not renamed: another cadence of the workspace is called '" + name + "'.";
            return false;
        }
    auto edited = *shown;
    edited.name = name;
    if (description) edited.description = *description;
    if (edited == *shown) return true;
    return commit_shown(workbench, state, edited, "rename '" + shown->name + "' to '" + name + "'");
}

bool add_step(Workbench& workbench, CadencesPanel& state) {
    const auto* shown = shown_cadence(state);
    if (!shown) return false;
    auto edited = *shown;
    // A week after the step selected, or a week after the first purchase.
    int day = 7;
    if (state.selected_step >= 0) day = first_day(shown->steps[static_cast<std::size_t>(state.selected_step)], shown->timing) + 7;
    std::string name = "New step";
    for (int n = 2; std::any_of(edited.steps.begin(), edited.steps.end(), [&](const auto& step) { return step.name == name; }); ++n)
        name = "New step " + std::to_string(n);
    edited.steps.push_back(cadence::make_step(name, cadence::TouchKind::CourtesyCheckIn, cadence::Trigger::DaysAfterFirstPurchase, day,
                                              cadence::Channel::Email));
    const int step = static_cast<int>(edited.steps.size()) - 1;
    if (!commit_shown(workbench, state, edited, "add a step to '" + shown->name + "'")) return false;
    state.selected_step = step;
    return true;
}

bool delete_step(Workbench& workbench, CadencesPanel& state) {
    const auto* shown = shown_cadence(state);
    if (!shown || state.selected_step < 0) return false;
    auto edited = *shown;
    const auto index = static_cast<std::size_t>(state.selected_step);
    const std::string name = edited.steps[index].name;
    edited.steps.erase(edited.steps.begin() + state.selected_step);
    return commit_shown(workbench, state, edited, "delete the step '" + name + "'");
}

bool set_step_delay(Workbench& workbench, CadencesPanel& state, const TimelineDrag& drag) {
    const auto* shown = shown_cadence(state);
    if (!shown || drag.step < 0 || drag.step >= static_cast<int>(shown->steps.size())) return false;
    auto edited = *shown;
    auto& step = edited.steps[static_cast<std::size_t>(drag.step)];
    step.delay_days = drag.delay_days;
    return commit_shown(workbench, state, edited, "move '" + step.name + "' on the timeline", "cadence_drag:" + std::to_string(drag.serial));
}

// The same edit from JSON as the controls make: the fields are merged into the cadence's JSON
// and read back, so the command accepts exactly what a saved cadence may hold.
bool merge_into_shown(Workbench& workbench, CadencesPanel& state, const nlohmann::json& patch_at, const std::string& description) {
    const auto* shown = shown_cadence(state);
    if (!shown) return false;
    try {
        return commit_shown(workbench, state, cadence::cadence_from_json(patch_at), description);
    } catch (const std::exception& error) {
        state.refusal = std::string("Not changed: ") + error.what();
        return false;
    }
}

// ---- Toolbar ---------------------------------------------------------------------------------

void template_menu(Workbench& workbench, CadencesPanel& state) {
    if (!ImGui::BeginPopup("new_from_template")) return;
    const auto& catalogue = workbench.cadence_catalogue();
    if (!catalogue.error().empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme_colours().error_text), "%s", catalogue.error().c_str());
    ImGui::TextDisabled("Start a cadence from one of these; every step can then be changed.");
    ImGui::Separator();
    for (const auto& item : catalogue.templates()) {
        ImGui::PushID(item.file.c_str());
        if (!item.error.empty()) {
            ImGui::TextDisabled("%s: %s", item.file.c_str(), item.error.c_str());
        } else {
            const std::string label = item.cadence.name + "  (" + std::to_string(item.cadence.steps.size()) + " steps)";
            if (ImGui::Selectable(label.c_str())) {
                add_from_template(workbench, state, item.file);
                ImGui::CloseCurrentPopup();
            }
            ImGui::Indent(px(12.0f));
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + px(460.0f));
            ImGui::TextDisabled("%s", item.cadence.description.c_str());
            ImGui::PopTextWrapPos();
            ImGui::Unindent(px(12.0f));
            ImGui::Spacing();
        }
        ImGui::PopID();
    }
    ImGui::EndPopup();
}

void rename_popup(Workbench& workbench, CadencesPanel& state) {
    if (!ImGui::BeginPopup("rename_cadence")) return;
    ImGui::TextUnformatted("Name");
    ImGui::SetNextItemWidth(px(420.0f));
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool entered = input_string("##rename", state.rename_name, 0.0f, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::TextUnformatted("Description");
    ImGui::PushItemWidth(px(420.0f));
    input_string("##describe", state.rename_description, ImGui::GetTextLineHeight() * 3.0f + ImGui::GetStyle().FramePadding.y * 2.0f);
    ImGui::PopItemWidth();
    const bool empty = state.rename_name.find_first_not_of(' ') == std::string::npos;
    bool taken = false;
    for (std::size_t i = 0; i < state.workspace.entries.size(); ++i)
        taken |= static_cast<int>(i) != state.selected && state.workspace.entries[i].name() == state.rename_name;
    if (taken) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme_colours().error_text), "Another cadence of the workspace has this name.");
    ImGui::BeginDisabled(empty || taken);
    if (ImGui::Button("Save") || (entered && !empty && !taken)) {
        rename_shown(workbench, state, state.rename_name, &state.rename_description);
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

// Returns true when the user asked to simulate.
bool draw_toolbar(Workbench& workbench, CadencesPanel& state) {
    const auto& entries = state.workspace.entries;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Cadence");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(250.0f));
    const std::string preview = state.selected >= 0 ? entries[static_cast<std::size_t>(state.selected)].name() : "none yet";
    if (ImGui::BeginCombo("##cadence", preview.c_str())) {
        for (std::size_t i = 0; i < entries.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(entries[i].name().c_str(), static_cast<int>(i) == state.selected)) select_cadence(state, static_cast<int>(i));
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("New from template...")) ImGui::OpenPopup("new_from_template");
    test_hooks::record_click_target("cadences:new");
    template_menu(workbench, state);
    const bool has_shown = shown_cadence(state) != nullptr;
    ImGui::SameLine();
    ImGui::BeginDisabled(!has_shown);
    if (ImGui::Button("Duplicate")) duplicate_shown(workbench, state);
    test_hooks::record_click_target("cadences:duplicate");
    ImGui::SameLine();
    const bool rename = ImGui::Button("Rename...");
    test_hooks::record_click_target("cadences:rename");
    if (rename) {
        state.rename_name = shown_cadence(state)->name;
        state.rename_description = shown_cadence(state)->description;
        ImGui::OpenPopup("rename_cadence");
    }
    ImGui::EndDisabled();
    rename_popup(workbench, state);
    ImGui::SameLine();
    ImGui::BeginDisabled(state.selected < 0);
    if (ImGui::Button("Delete")) delete_shown(workbench, state);
    test_hooks::record_click_target("cadences:delete");
    ImGui::EndDisabled();

    ImGui::SameLine(0.0f, px(18.0f));
    ImGui::BeginDisabled(!workbench.can_undo());
    if (ImGui::Button(icons::undo)) workbench.undo();
    test_hooks::record_click_target("cadences:undo");
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(workbench.can_undo() ? "Undo %s (Ctrl+Z)" : "Nothing to undo", workbench.undo_description().c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(!workbench.can_redo());
    if (ImGui::Button(icons::redo)) workbench.redo();
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(workbench.can_redo() ? "Redo %s (Ctrl+Shift+Z)" : "Nothing to redo", workbench.redo_description().c_str());

    // Simulate, at the right end of the row.
    const std::string simulate = std::string(icons::simulate) + "  Simulate";
    const float width = ImGui::CalcTextSize(simulate.c_str()).x + ImGui::GetStyle().FramePadding.x * 2.0f;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - width));
    const bool go = ImGui::Button(simulate.c_str());
    test_hooks::record_click_target("cadences:simulate");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Play the workspace's cadences forward on simulated customers");
    return go;
}

// ---- Caps and timing -------------------------------------------------------------------------

// A whole-number field; returns the new value when it changed (the caller commits it).
std::optional<int> number_field(CadencesPanel& state, const char* id, int value, int low, int high, const char* tooltip) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(96.0f));
    std::optional<int> changed;
    if (int edited = value; ImGui::InputInt(id, &edited, 1, 10) && std::clamp(edited, low, high) != value) changed = std::clamp(edited, low, high);
    if (ImGui::IsItemDeactivatedAfterEdit()) ++state.edit_serial;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
    return changed;
}

void text_after(const char* text) {
    ImGui::SameLine();
    ImGui::TextUnformatted(text);
}

void draw_caps_and_timing(Workbench& workbench, CadencesPanel& state, const cadence::Cadence& shown) {
    auto edited = shown;
    std::string what;
    const float label_width = px(64.0f);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Caps");
    ImGui::SameLine(label_width);
    ImGui::TextUnformatted("At most");
    if (const auto cap = number_field(state, "##cap", shown.caps.max_touches_per_30_days, 0, 1000,
                                      "The most touches a customer gets in any 30 days; touches beyond it are not sent. 0: no cap. "
                                      "Transactional messages do not count.")) {
        edited.caps.max_touches_per_30_days = *cap;
        what = "cap";
    }
    text_after("touches per customer in any 30 days (0: no cap)");
    ImGui::SameLine(0.0f, px(28.0f));
    ImGui::TextUnformatted("Quiet for");
    if (const auto quiet = number_field(state, "##quiet", shown.caps.quiet_days_after_purchase, 0, 36500,
                                        "No touch in this many days right after a purchase, except transactional messages. 0: none.")) {
        edited.caps.quiet_days_after_purchase = *quiet;
        what = "quiet days";
    }
    text_after("days after a purchase");

    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Timing");
    ImGui::SameLine(label_width);
    struct TimingField {
        const char* label;
        const char* id;
        int cadence::CadenceTiming::*days;
        int least;
        const char* help;
        const char* what;
    };
    static const TimingField timing_fields[] = {
        {"Delivery after", "##delivery", &cadence::CadenceTiming::delivery_days, 0,
         "Days from a purchase to its delivery (the after-delivery trigger counts from it).", "delivery time"},
        {"Renewal every", "##renewal", &cadence::CadenceTiming::renewal_period_days, 1,
         "Contracts renew this many days after the first purchase, and again every period (the before-renewal trigger counts back "
         "from it).",
         "renewal period"},
        {"Usual repurchase after", "##usual", &cadence::CadenceTiming::usual_repurchase_days, 1,
         "The usual time to the next purchase before a customer has a rhythm of their own (the usual-repurchase-time trigger "
         "counts from it).",
         "usual repurchase time"},
    };
    for (const auto& field : timing_fields) {
        if (&field != timing_fields) ImGui::SameLine(0.0f, px(28.0f));
        ImGui::TextUnformatted(field.label);
        if (const auto days = number_field(state, field.id, shown.timing.*field.days, field.least, 36500, field.help)) {
            edited.timing.*field.days = *days;
            what = field.what;
        }
        text_after("days");
    }
    if (!what.empty()) commit_shown(workbench, state, edited, "change the " + what + " of '" + shown.name + "'", what + ":" + std::to_string(state.edit_serial));
}

// ---- Steps and warnings ------------------------------------------------------------------------

std::string when_text(const cadence::CadenceStep& step, const cadence::CadenceTiming& timing) {
    std::string text = "day " + std::to_string(first_day(step, timing));
    if (is_conditional(step.trigger)) text += ", if";
    else if (step.trigger == cadence::Trigger::AfterEachPurchase) text += ", each purchase";
    else if (step.trigger == cadence::Trigger::AfterDelivery) text += ", each delivery";
    else if (step.trigger == cadence::Trigger::BeforeRenewal) text += ", each renewal";
    if (step.repeat_every_days > 0 && step.trigger != cadence::Trigger::BeforeRenewal) text += ", every " + std::to_string(step.repeat_every_days);
    return text;
}

void draw_steps(Workbench& workbench, CadencesPanel& state, const cadence::Cadence& shown, float height) {
    ImGui::AlignTextToFramePadding();
    ImGui::Text("Steps (%zu)", shown.steps.size());
    ImGui::SameLine();
    if (ImGui::SmallButton("Add step")) add_step(workbench, state);
    test_hooks::record_click_target("cadences:add_step");
    ImGui::SameLine();
    ImGui::BeginDisabled(state.selected_step < 0);
    if (ImGui::SmallButton("Delete step")) delete_step(workbench, state);
    ImGui::EndDisabled();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("steps", 3, flags, ImVec2(0.0f, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, px(22.0f));
    ImGui::TableSetupColumn("Step", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("First touch", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < shown.steps.size(); ++i) {
        const auto& step = shown.steps[i];
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::PushID(static_cast<int>(i));
        // The number in the colour of the step's markers.
        const std::string number = std::to_string(i + 1);
        ImGui::PushStyleColor(ImGuiCol_Text, step_marker_colour(static_cast<int>(i)));
        if (ImGui::Selectable(number.c_str(), static_cast<int>(i) == state.selected_step, ImGuiSelectableFlags_SpanAllColumns))
            state.selected_step = static_cast<int>(i);
        ImGui::PopStyleColor();
        ImGui::PopID();
        if (ImGui::IsItemHovered()) {
            const auto channel = cadence::channel_label(step.channel);
            const auto trigger = cadence::trigger_label(step.trigger);
            ImGui::SetTooltip("%.*s, %.*s, delay %d days", static_cast<int>(channel.size()), channel.data(), static_cast<int>(trigger.size()),
                              trigger.data(), step.delay_days);
        }
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(step.name.c_str());
        ImGui::TableSetColumnIndex(2);
        ImGui::TextDisabled("%s", when_text(step, shown.timing).c_str());
    }
    ImGui::EndTable();
}

void draw_warnings(CadencesPanel& state) {
    const auto warnings = std::count_if(state.issues.begin(), state.issues.end(), [](const auto& issue) { return issue.severity == cadence::IssueSeverity::Warning; });
    ImGui::AlignTextToFramePadding();
    if (warnings == 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("Checks: no overlaps, and no touch a cap or the quiet days would block.");
        ImGui::PopStyleColor();
    }
    else ImGui::Text("%s  %d warning%s (click one to select its step)", icons::warning, static_cast<int>(warnings), warnings == 1 ? "" : "s");
    ImGui::BeginChild("warnings", ImVec2(0.0f, 0.0f), false);
    const ImU32 amber = IM_COL32(224, 140, 20, 255);
    for (std::size_t k = 0; k < state.issues.size(); ++k) {
        const auto& issue = state.issues[k];
        ImGui::PushID(static_cast<int>(k));
        const ImVec2 start = ImGui::GetCursorScreenPos();
        // The highlight goes under the text, which is drawn first: two draw list channels.
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->ChannelsSplit(2);
        draw->ChannelsSetCurrent(1);
        ImGui::BeginGroup();
        ImGui::PushStyleColor(ImGuiCol_Text, issue.severity == cadence::IssueSeverity::Error ? theme_colours().error_text : amber);
        ImGui::TextUnformatted(icons::warning);
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0.0f);
        if (issue.step >= 0) ImGui::Text("%d. %s", issue.step + 1, issue.message.c_str());
        else ImGui::TextUnformatted(issue.message.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
        const ImVec2 end(start.x + ImGui::GetContentRegionAvail().x, ImGui::GetItemRectMax().y);
        if (test_hooks::recording()) test_hooks::record_click_target("cadence_issue:" + std::to_string(k), start, end);
        const bool hovered = ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(start, end);
        draw->ChannelsSetCurrent(0);
        if (issue.step >= 0 && (hovered || issue.step == state.selected_step))
            draw->AddRectFilled(ImVec2(start.x - px(4.0f), start.y - px(2.0f)), ImVec2(end.x, end.y + px(2.0f)),
                                ImGui::GetColorU32(hovered ? ImGuiCol_HeaderHovered : ImGuiCol_Header, 0.6f), px(3.0f));
        draw->ChannelsMerge();
        if (hovered && issue.step >= 0) {
            ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) state.selected_step = issue.step;
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
}

void draw_inspector(Workbench& workbench, CadencesPanel& state, const cadence::Cadence& shown) {
    if (state.selected_step < 0) {
        ImGui::TextDisabled("Select a step on the timeline or in the list to edit it.");
        return;
    }
    const auto& step = shown.steps[static_cast<std::size_t>(state.selected_step)];
    ImGui::Text("Step %d", state.selected_step + 1);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", std::string(cadence::touch_kind_label(step.kind)).c_str());
    ImGui::Separator();
    if (const auto edit = draw_step_inspector(state.inspector, step, state.selected_step, shown.timing)) {
        auto edited = shown;
        edited.steps[static_cast<std::size_t>(state.selected_step)] = edit->step;
        const std::string key = edit->merge_key.empty() ? std::string() : "step:" + std::to_string(state.selected_step) + ":" + edit->merge_key;
        commit_shown(workbench, state, edited, edit->description, key);
    }
    if (!state.refusal.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().error_text);
        ImGui::TextWrapped("%s", state.refusal.c_str());
        ImGui::PopStyleColor();
    }
}

// ---- The section -----------------------------------------------------------------------------

void draw_no_cadence(CadencesPanel& state) {
    ImGui::Spacing();
    if (state.workspace.entries.empty()) {
        ImGui::TextWrapped("No cadences in this workspace. A cadence is the plan of touchpoints after a sale: what goes out, when, "
                           "on which channel and to whom. Start one with New from template.");
        return;
    }
    const auto& entry = state.workspace.entries[static_cast<std::size_t>(state.selected)];
    ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().error_text);
    ImGui::TextWrapped("This saved cadence cannot be read: %s. Delete it, or undo the change that broke it.", entry.error.c_str());
    ImGui::PopStyleColor();
}

}  // namespace

std::optional<Section> draw_cadences_panel(CadencesPanel& state, Workbench& workbench) {
    sync(state, workbench);
    // Going to Simulate takes the cadence shown along, so it is among the ones compared.
    const auto go_to_simulate = [&state, &workbench]() -> std::optional<Section> {
        if (const auto* shown = shown_cadence(state)) workbench.handoffs.cadences_to_simulate.push_back(shown->name);
        return Section::Simulate;
    };
    if (std::exchange(state.go_to_simulate, false)) return go_to_simulate();
    if (draw_toolbar(workbench, state)) return go_to_simulate();
    const auto* shown_pointer = shown_cadence(state);
    if (!shown_pointer) {
        draw_no_cadence(state);
        return std::nullopt;
    }
    const auto shown = *shown_pointer;  // a copy: the edits below replace the workspace's
    if (!shown.description.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", shown.description.c_str());
        ImGui::PopStyleColor();
    }
    draw_caps_and_timing(workbench, state, shown);
    ImGui::Spacing();
    const auto* current = shown_cadence(state);
    if (!current) return std::nullopt;
    const auto input = draw_cadence_timeline(state.timeline, *current, state.selected_step, state.warned);
    if (input.clicked_step) state.selected_step = *input.clicked_step;
    if (input.drag) set_step_delay(workbench, state, *input.drag);
    ImGui::Spacing();

    current = shown_cadence(state);
    if (!current) return std::nullopt;
    const auto bottom = *current;
    const float left_width = std::clamp(ImGui::GetContentRegionAvail().x * 0.34f, px(330.0f), px(520.0f));
    ImGui::BeginChild("steps_and_checks", ImVec2(left_width, 0.0f), false);
    const float row_height = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2.0f;
    const float list_height = std::min(ImGui::GetContentRegionAvail().y * 0.5f,
                                       row_height * static_cast<float>(std::max<std::size_t>(bottom.steps.size(), 3) + 1) + px(4.0f));
    draw_steps(workbench, state, bottom, list_height);
    ImGui::Spacing();
    draw_warnings(state);
    ImGui::EndChild();
    ImGui::SameLine(0.0f, px(16.0f));
    ImGui::BeginChild("inspector", ImVec2(0.0f, 0.0f), false);
    if (const auto* latest = shown_cadence(state)) draw_inspector(workbench, state, *latest);
    ImGui::EndChild();
    return std::nullopt;
}

nlohmann::json cadences_state_json(const CadencesPanel& state, const Workbench& workbench) {
    const auto& catalogue = workbench.cadence_catalogue();
    nlohmann::json list = nlohmann::json::array();
    for (const auto& entry : state.workspace.entries)
        list.push_back({{"name", entry.name()}, {"steps", entry.cadence ? entry.cadence->steps.size() : 0}, {"error", entry.error}});
    nlohmann::json issues = nlohmann::json::array();
    for (const auto& issue : state.issues)
        issues.push_back({{"severity", issue.severity == cadence::IssueSeverity::Error ? "error" : "warning"},
                          {"step", issue.step},
                          {"field", issue.field},
                          {"message", issue.message}});
    nlohmann::json templates = nlohmann::json::array();
    for (const auto& item : catalogue.templates())
        templates.push_back({{"file", item.file}, {"name", item.cadence.name}, {"description", item.cadence.description}, {"error", item.error}});
    const auto* shown = shown_cadence(state);
    return {
        {"cadences", std::move(list)},
        {"from_default", state.workspace.from_default},
        {"selected", state.selected >= 0 ? nlohmann::json(state.selected) : nlohmann::json(nullptr)},
        {"selected_step", state.selected_step >= 0 ? nlohmann::json(state.selected_step) : nlohmann::json(nullptr)},
        {"cadence", shown ? cadence::to_json(*shown) : nlohmann::json(nullptr)},
        {"issues", std::move(issues)},
        {"refusal", state.refusal},
        {"can_undo", workbench.can_undo()},
        {"can_redo", workbench.can_redo()},
        {"undo", workbench.undo_description()},
        {"templates", std::move(templates)},
        {"templates_error", catalogue.error()},
        {"timeline", shown ? timeline_state_json(state.timeline) : nlohmann::json(nullptr)},
    };
}

bool run_cadences_command(CadencesPanel& state, Workbench& workbench, std::string_view arguments) {
    sync(state, workbench);
    const auto argument = [&](std::string_view prefix) -> std::optional<std::string_view> {
        if (arguments.substr(0, prefix.size()) != prefix) return std::nullopt;
        return arguments.substr(prefix.size());
    };
    const auto index = [](std::string_view text) -> std::optional<int> {
        int value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
        return value;
    };
    const auto* shown = shown_cadence(state);
    if (const auto file = argument("new:")) return add_from_template(workbench, state, *file);
    if (const auto chosen = argument("select:")) {
        const auto i = index(*chosen);
        if (!i || *i < 0 || *i >= static_cast<int>(state.workspace.entries.size())) return false;
        select_cadence(state, *i);
        return true;
    }
    if (const auto chosen = argument("select_step:")) {
        const auto i = index(*chosen);
        if (!shown || !i || *i < 0 || *i >= static_cast<int>(shown->steps.size())) return false;
        state.selected_step = *i;
        return true;
    }
    if (const auto fields = argument("set_step:")) {
        const auto patch = nlohmann::json::parse(*fields, nullptr, false);
        if (!shown || state.selected_step < 0 || !patch.is_object()) return false;
        auto json = cadence::to_json(*shown);
        json["steps"][static_cast<std::size_t>(state.selected_step)].update(patch);
        return merge_into_shown(workbench, state, json, "change the step '" + shown->steps[static_cast<std::size_t>(state.selected_step)].name + "'");
    }
    if (const auto fields = argument("caps:")) {
        const auto patch = nlohmann::json::parse(*fields, nullptr, false);
        if (!shown || !patch.is_object()) return false;
        auto json = cadence::to_json(*shown);
        json["caps"].update(patch);
        return merge_into_shown(workbench, state, json, "change the caps of '" + shown->name + "'");
    }
    if (const auto fields = argument("timing:")) {
        const auto patch = nlohmann::json::parse(*fields, nullptr, false);
        if (!shown || !patch.is_object()) return false;
        auto json = cadence::to_json(*shown);
        json["timing"].update(patch);
        return merge_into_shown(workbench, state, json, "change the timing of '" + shown->name + "'");
    }
    if (const auto name = argument("rename:")) return !name->empty() && rename_shown(workbench, state, std::string(*name));
    if (arguments == "add_step") return add_step(workbench, state);
    if (arguments == "delete_step") return delete_step(workbench, state);
    if (arguments == "duplicate") return duplicate_shown(workbench, state);
    if (arguments == "delete") return delete_shown(workbench, state);
    if (arguments == "simulate") {
        state.go_to_simulate = true;
        return true;
    }
    return arguments == "show";
}

}  // namespace touchpoint::web
