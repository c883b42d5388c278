// Section index: opening what arrives; making a link; the section; what arrives, and viewer mode; the test API.
#include "ui/test_hooks.hpp"
#include "sections/share/share_panel.hpp"

#include "sections/experiments/experiments_section.hpp"
#include "sections/share/share_section.hpp"
#include "sections/trainer/trainer_section.hpp"
#include "ui/format.hpp"
#include "ui/limits_text.hpp"
#include "sections/share/shared_workspace.hpp"
#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"
#include "app/workbench.hpp"
#include "platform/platform.hpp"

#include "touchpoint/data/file_text.hpp"
#include "touchpoint/workspace/share_link.hpp"

#include <string>
#include <vector>

namespace touchpoint::web {

namespace {

std::string source_label(const std::string& source) {
    if (source == "link") return "the share link";
    if (source == "published") return "the published workspace";
    return "'" + source + "'";
}

void receive_workspace(std::string text, std::string source, std::string error, void* user) {
    static_cast<ShareState*>(user)->arrivals.push_back({std::move(text), std::move(source), std::move(error)});
}

// A workspace without customer data must not name a customer (a cadence or scenario written
// about one, say): it is not shared until that is fixed.
bool names_customers(const ShareState& state, Workbench& workbench) {
    const auto& found = state.customer_ids_found;
    if (found.empty()) return false;
    std::string list;
    for (const auto& id : found) list += (list.empty() ? "" : ", ") + id;
    workbench.errors.push_back("Not shared: the workspace names customers of your data (" + list +
                               "), in a title, a cadence or a scenario. Rename them, or tick \"Include customer data\".");
    return true;
}

void receive_compressed(std::string bytes, std::string error, void* user) {
    auto& link = static_cast<ShareState*>(user)->link;
    link.pending = false;
    if (!error.empty()) {
        link.error = error;
        return;
    }
    const std::vector<std::uint8_t> compressed(bytes.begin(), bytes.end());
    link.url = platform::page_address() + workspace::share_fragment(compressed);
    link.chars = link.url.size();
    link.too_long = link.chars > workspace::max_share_link_chars;
    if (link.too_long) {
        link.error = "The link would be " + format_count(static_cast<std::int64_t>(link.chars)) + " characters long, more than the " +
                     format_count(static_cast<std::int64_t>(workspace::max_share_link_chars)) +
                     " that chat and mail pass on safely. Save the workspace as a file and share that instead.";
        link.url.clear();
        return;
    }
    platform::copy_to_clipboard(link.url);
}

bool button(const char* label, const char* target) {
    const bool pressed = ImGui::Button(label);
    if (test_hooks::recording()) test_hooks::record_click_target(std::string("share:") + target);
    return pressed;
}

void heading_line(const char* text) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().accent);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
    ImGui::Separator();
}

std::size_t count_of(const nlohmann::json& state, const char* key) {
    return state.is_object() && state.contains(key) && state[key].is_array() ? state[key].size() : 0;
}

void draw_publish() {
    heading_line("Publish on a static site");
    ImGui::TextWrapped("Save the workspace file, then write a folder any static web host serves as it is: the page, its "
                       "assets and the workspace, which opens read-only with a \"Make my copy\" button:");
    ImGui::TextDisabled("touchpoint publish --workspace touchpoint-workspace.json --out shared-plan/");
    ImGui::TextWrapped("Customer data in the file is left out unless --include-customer-data is given.");
}

}  // namespace

// ---- Opening what arrives ----------------------------------------------------------------------

void ShareSection::open_arrival(Workbench& workbench, const WorkspaceArrival& arrival) {
    auto& state = state_;
    state.opened = {};
    state.opened.source = arrival.source;
    if (!arrival.error.empty()) {
        state.opened.error = "Could not open " + source_label(arrival.source) + ": " + arrival.error;
        workbench.errors.push_back(state.opened.error);
        return;
    }
    try {
        const auto opened = open_workspace(workbench, arrival.text);
        trainer_.add_workspace_scenarios(opened.scenarios, /*keep=*/arrival.source != "published");
        experiments_.apply_workspace(workbench, opened.experiments);
        if (opened.view.is_object() && state.view.apply) state.view.apply(opened.view);
        state.opened.original_version = opened.original_version;
        state.opened.title = workbench.edits().current().value("title", "");
        for (const auto& warning : opened.warnings) state.opened.warnings.push_back(warning.field + ": " + warning.message);
        if (arrival.source == "published") {
            workbench.read_only = true;
            state.viewed_state = workbench.edits().current();
            state.viewed_revision = workbench.edits().revision();
        }
        if (arrival.source == "link") platform::replace_page_fragment("");  // a reload should not undo later edits
    } catch (const std::exception& error) {
        state.opened.error = "Could not open " + source_label(arrival.source) + ": " + error.what();
        workbench.errors.push_back(state.opened.error);
    }
}

// ---- Making a link -----------------------------------------------------------------------------

nlohmann::json ShareSection::document_to_share(Workbench& workbench) {
    auto& state = state_;
    ShareOptions options;
    options.include_customer_data = state.include_customer_data;
    const SectionParts parts{state.view.current ? state.view.current() : nlohmann::json(), trainer_.authored_scenarios_json(),
                             experiments_.workspace_json()};
    auto document = shared_workspace(workbench, parts, options);
    state.customer_ids_found = options.include_customer_data ? std::vector<std::string>{} : customer_ids_in(workbench, document);
    return document;
}

void ShareSection::copy_link(Workbench& workbench) {
    auto& state = state_;
    state.document = document_to_share(workbench);
    state.link = {};
    if (names_customers(state, workbench)) return;
    state.link.pending = true;
    platform::compress_text(workspace::workspace_text(state.document));
}

void ShareSection::save_file(Workbench& workbench) {
    auto& state = state_;
    state.document = document_to_share(workbench);
    if (names_customers(state, workbench)) return;
    platform::download("touchpoint-workspace.json", state.document.dump(1) + "\n", "application/json");
}

// assets/workspaces/sample_workspace.json, copied flat into the page's /assets.
void ShareSection::open_sample(Workbench& workbench) {
    const auto bytes = data::read_file_bytes("/assets/sample_workspace.json");
    if (!bytes) {
        workbench.errors.push_back("The sample workspace is missing from this build (/assets/sample_workspace.json).");
        return;
    }
    state_.arrivals.push_back({*bytes, "sample workspace", ""});
}

void ShareSection::make_copy(Workbench& workbench) {
    workbench.read_only = false;  // from now on edits stay and are saved in this browser
    state_.viewed_state = nullptr;
    trainer_.add_workspace_scenarios(trainer_.authored_scenarios_json(), /*keep=*/true);  // the viewed workspace's scenarios too
}

// ---- The section -------------------------------------------------------------------------------

void ShareSection::draw_contents(Workbench& workbench) {
    const auto& edits = workbench.edits().current();
    heading_line("What the workspace holds");
    const auto cadences = count_of(edits, "cadences");
    const auto scenarios = trainer_.authored_scenarios_json().size();
    ImGui::BulletText("Cadences: %s", cadences == 0 ? "the built-in templates (none of your own yet)" : format_count(static_cast<std::int64_t>(cadences)).c_str());
    ImGui::BulletText("Segment rules%s", edits.is_object() && edits.contains("segment_rules") ? "" : " (the defaults)");
    if (workbench.fitted_population()) ImGui::BulletText("The behaviour model fitted in Models (BG/NBD parameters, no customers)");
    else if (workbench.workspace_population()) ImGui::BulletText("The behaviour model of the opened workspace");
    else ImGui::BulletText("No fitted behaviour model (the simulator uses the sample shop's defaults)");
    ImGui::BulletText("Role-play scenarios written here: %s", format_count(static_cast<std::int64_t>(scenarios)).c_str());
    ImGui::BulletText("The Experiments section's designs (timing sweep, power, simulated experiment) and their last results");
    ImGui::BulletText("The section and theme shown, and summary figures of the data (counts and rates)");

    auto& state = state_;
    bool include = state.include_customer_data;
    if (ImGui::Checkbox("Include customer data", &include)) {
        if (include) state.confirm_customer_data = true;  // asks first
        else state.include_customer_data = false;
    }
    test_hooks::record_click_target("share:include_customer_data");
    ImGui::SameLine();
    ImGui::TextDisabled("(%s orders of %s customers)", format_count(static_cast<std::int64_t>(workbench.dataset()->order_count())).c_str(),
                        format_count(static_cast<std::int64_t>(workbench.dataset()->customer_count())).c_str());
    if (state.confirm_customer_data) ImGui::OpenPopup("Include customer data?");
    if (ImGui::BeginPopupModal("Include customer data?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::PushTextWrapPos(px(460.0f));
        ImGui::TextWrapped("Every order of the data shown (customer id, date, amount) will be in the file or link. Anyone who "
                           "receives it can read them. Without this, a workspace carries plans and summary figures only.");
        ImGui::PopTextWrapPos();
        if (button("Include customer data", "confirm_customer_data")) {
            state.include_customer_data = true;
            state.confirm_customer_data = false;
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) {
            state.confirm_customer_data = false;
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

void ShareSection::draw_files(Workbench& workbench) {
    heading_line("Save and open");
    ImGui::TextWrapped("A workspace file holds the plans above; open it here or in anyone's browser.");
    if (button("Save workspace file", "save_file")) save_file(workbench);
    ImGui::SameLine();
    if (button("Open workspace file...", "open_file")) platform::open_file_dialog(".json,application/json");
    ImGui::SameLine();
    if (button("Open the sample workspace", "open_sample")) open_sample(workbench);
    const auto& opened = state_.opened;
    if (!opened.source.empty() && opened.error.empty()) {
        ImGui::Text("Opened %s%s%s (version %d).", source_label(opened.source).c_str(), opened.title.empty() ? "" : ": ", opened.title.c_str(),
                    opened.original_version);
        for (const auto& warning : opened.warnings) ImGui::BulletText("Ignored: %s", warning.c_str());
    }
}

void ShareSection::draw_link(Workbench& workbench) {
    heading_line("Share link");
    ImGui::TextWrapped("The link carries the workspace itself, compressed, after the # of the address: browsers do not send "
                       "that part to any server, and nothing is uploaded.");
    ImGui::TextDisabled("%s", share_limits_text().c_str());
    auto& link = state_.link;
    ImGui::BeginDisabled(link.pending);
    if (button(link.pending ? "Making the link..." : "Copy share link", "copy_link")) copy_link(workbench);
    ImGui::EndDisabled();
    if (!link.url.empty()) {
        ImGui::SameLine();
        ImGui::Text("Copied: %s characters.", format_count(static_cast<std::int64_t>(link.chars)).c_str());
        auto& shown = state_.shown_link;
        shown = link.url;
        ImGui::SetNextItemWidth(-1.0f);
        ImGui::InputText("##share_link", shown.data(), shown.size() + 1, ImGuiInputTextFlags_ReadOnly);
    }
    if (!link.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().error_text);
        ImGui::TextWrapped("%s", link.error.c_str());
        ImGui::PopStyleColor();
        if (link.too_long && button("Save workspace file instead", "save_file_instead")) save_file(workbench);
    }
}

std::optional<Section> ShareSection::draw(Workbench& workbench, const SectionFrame& frame) {
    ImFont* heading = frame.heading;
    if (heading) ImGui::PushFont(heading);
    ImGui::TextUnformatted("Share plans, not customers");
    if (heading) ImGui::PopFont();
    ImGui::TextWrapped("Cadences, models, experiments and scenarios travel as a workspace: a file, a link or a published "
                       "folder. Customer rows stay in this browser's database unless you include them.");
    ImGui::BeginChild("share_scroll", ImVec2(0, 0), false);
    draw_contents(workbench);
    draw_files(workbench);
    draw_link(workbench);
    draw_publish();
    ImGui::EndChild();
    return std::nullopt;
}

// ---- What arrives, and viewer mode -------------------------------------------------------------

void ShareSection::install(Workbench&, PageView view) {
    auto& state = state_;
    state.view = std::move(view);
    platform::set_compressed_receiver(receive_compressed, &state_);
    platform::set_workspace_receiver(receive_workspace, &state_);
    const auto fragment = platform::page_fragment();
    if (fragment.rfind(workspace::share_fragment_prefix, 0) != 0) return;
    // The Share section never makes a longer link: one this long was made elsewhere or grew on
    // the way, and is not decoded at all.
    const std::size_t link_chars = platform::page_address().size() + fragment.size();
    if (link_chars > workspace::max_share_link_chars) {
        state.arrivals.push_back({"", "link",
                                  "the link is " + format_count(static_cast<std::int64_t>(link_chars)) + " characters long, more than the " +
                                      format_count(static_cast<std::int64_t>(workspace::max_share_link_chars)) +
                                      " a share link may have. Ask for the workspace as a file instead (Share, Save workspace file)."});
        return;
    }
    try {
        const auto bytes = workspace::compressed_from_fragment(fragment);
        platform::decompress_link(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    } catch (const std::exception& error) {
        state.arrivals.push_back({"", "link", error.what()});
    }
}

void ShareSection::follow(Workbench& workbench) {
    auto& state = state_;
    for (auto& file : workbench.received_workspaces) state.arrivals.push_back({std::move(file.text), std::move(file.source), ""});
    workbench.received_workspaces.clear();
    auto arrivals = std::move(state.arrivals);
    state.arrivals.clear();
    for (const auto& arrival : arrivals) open_arrival(workbench, arrival);
    // Viewer mode: an edit is taken back at once (the bar says how to edit).
    if (workbench.read_only && !state.viewed_state.is_null() && workbench.edits().revision() != state.viewed_revision) {
        workbench.edits().reset(state.viewed_state);
        state.viewed_revision = workbench.edits().revision();
        workbench.errors.push_back("This shared workspace is read-only: press \"Make my copy\" to change it.");
    }
}

void ShareSection::draw_viewer_bar(Workbench& workbench) {
    if (!workbench.read_only) return;
    const auto& title = state_.opened.title;
    ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().accent);
    ImGui::Text("Viewing a shared workspace%s%s, read-only.", title.empty() ? "" : ": ", title.c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine();
    if (button("Make my copy", "make_copy")) make_copy(workbench);
    ImGui::SameLine();
    ImGui::TextDisabled("(your copy is kept in this browser only)");
    ImGui::Separator();
}

// ---- The test API ------------------------------------------------------------------------------

nlohmann::json share_state_json(const ShareState& state, const Workbench& workbench) {
    auto warnings = nlohmann::json::array();
    for (const auto& warning : state.opened.warnings) warnings.push_back(warning);
    return {{"read_only", workbench.read_only},
            {"include_customer_data", state.include_customer_data},
            {"document", state.document},
            {"link",
             {{"url", state.link.url}, {"chars", state.link.chars}, {"too_long", state.link.too_long}, {"pending", state.link.pending},
              {"error", state.link.error}}},
            {"opened",
             {{"source", state.opened.source}, {"title", state.opened.title}, {"original_version", state.opened.original_version},
              {"warnings", warnings}, {"error", state.opened.error}}},
            {"customer_ids_found", state.customer_ids_found}};
}

}  // namespace touchpoint::web
