#include "data_panel.hpp"

#include "../format.hpp"
#include "../job_progress.hpp"
#include "../limits_text.hpp"
#include "../theme.hpp"
#include "../ui_scale.hpp"
#include "../widgets/data_table.hpp"
#include "../widgets/dataset_tables.hpp"

#include <imgui.h>

#include <cstdio>

namespace touchpoint::web {

namespace {

void draw_import_page(Workbench& workbench);

void draw_import_progress(Workbench& workbench) {
    const auto& run = *workbench.import_run();
    ImGui::Text("Importing %s", run.file.name.c_str());
    draw_job_progress(run.status, [&] { workbench.cancel_import(); });

    if (run.status.state == jobs::JobState::Waiting && run.job->question()) {
        const auto& question = *run.job->question();
        ImGui::OpenPopup("Which date order?");
        if (ImGui::BeginPopupModal("Which date order?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
            ImGui::TextUnformatted(question.message.c_str());
            ImGui::PopTextWrapPos();
            for (const auto& example : question.examples) ImGui::BulletText("%s", example.c_str());
            for (auto layout : question.choices) {
                if (ImGui::Button(data::date_layout_name(layout))) {
                    workbench.answer_date_layout(layout);
                    ImGui::CloseCurrentPopup();
                }
                ImGui::SameLine();
            }
            if (ImGui::Button("Cancel import")) {
                workbench.cancel_import();
                ImGui::CloseCurrentPopup();
            }
            ImGui::EndPopup();
        }
    }
}

// The columns of a file the import could not map by itself: one choice per field.
void draw_mapping_request(Workbench& workbench) {
    auto& request = *workbench.mapping_request();
    const auto& spec = data::table_spec(request.table);
    ImGui::Separator();
    ImGui::Text("Which columns of %s hold the %s fields?", request.file.name.c_str(), spec.name);
    ImGui::TextDisabled("Fields marked * are required. The mapping is remembered for the next file with these columns.");
    if (ImGui::BeginTable("mapping", 2, ImGuiTableFlags_SizingFixedFit)) {
        for (std::size_t f = 0; f < spec.fields.size(); ++f) {
            const auto& field = spec.fields[f];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::Text("%s%s", field.name, field.required ? " *" : "");
            ImGui::TableNextColumn();
            const int column = request.column_of_field[f];
            const char* shown = column < 0 ? "(not in this file)" : request.columns[static_cast<std::size_t>(column)].c_str();
            ImGui::SetNextItemWidth(px(260.0f));
            ImGui::PushID(static_cast<int>(f));
            if (ImGui::BeginCombo("##column", shown)) {
                if (ImGui::Selectable("(not in this file)", column < 0)) workbench.choose_mapping_column(f, -1);
                for (std::size_t c = 0; c < request.columns.size(); ++c)
                    if (ImGui::Selectable(request.columns[c].c_str(), column == static_cast<int>(c)))
                        workbench.choose_mapping_column(f, static_cast<int>(c));
                ImGui::EndCombo();
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (ImGui::Button("Import with this mapping")) workbench.import_with_mapping();
    ImGui::SameLine();
    if (ImGui::Button("Forget this file")) workbench.discard_mapping_request();
}

void draw_report(Workbench& workbench) {
    const auto& report = *workbench.last_report();
    ImGui::Separator();
    ImGui::TextUnformatted("Last import");
    ImGui::Text("%s into %s", report.file.c_str(), report.table.c_str());
    if (report.duplicate_of) {
        ImGui::TextWrapped("%s", report.duplicate_of->c_str());
        return;
    }
    if (report.cancelled) {
        ImGui::TextUnformatted("Cancelled: nothing was added.");
        return;
    }
    if (report.fatal_error) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().error_text);
        ImGui::TextWrapped("Not imported. %s", report.fatal_error->c_str());
        ImGui::PopStyleColor();
        return;
    }
    ImGui::TextDisabled("%s, %s%s%s", report.encoding.c_str(), report.dialect.c_str(),
                        report.date_layout.empty() ? "" : ", dates ", report.date_layout.c_str());
    ImGui::Text("Rows read %s   loaded %s   rejected %s", format_count(report.rows_read).c_str(),
                format_count(report.rows_loaded).c_str(), format_count(report.rows_rejected).c_str());
    if (report.returns_flagged > 0)
        ImGui::Text("Returns and refunds kept and flagged: %s", format_count(report.returns_flagged).c_str());
    if (report.errors.empty()) return;

    if (ImGui::Button("Download rejected rows (CSV)")) workbench.export_rejected_rows();
    if (report.errors_truncated) {
        ImGui::SameLine();
        ImGui::TextDisabled("(the first %s are listed)", format_count(static_cast<std::int64_t>(report.errors.size())).c_str());
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("rejected_rows", 4, flags, ImVec2(0.0f, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Line", ImGuiTableColumnFlags_WidthFixed, px(60.0f));
        ImGui::TableSetupColumn("Column", ImGuiTableColumnFlags_WidthFixed, px(140.0f));
        ImGui::TableSetupColumn("Reason", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn("Row as written", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(report.errors.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const auto& row = report.errors[static_cast<std::size_t>(i)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::Text("%lld", static_cast<long long>(row.line));
                ImGui::TableNextColumn();
                if (row.column > 0)
                    ImGui::Text("%lld %s", static_cast<long long>(row.column), row.column_name.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(row.reason.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(row.raw.c_str());
            }
        }
        ImGui::EndTable();
    }
}


BrowseSnapshot browse_snapshot;

// Browsing the data behind the numbers: orders and customers from the Dataset in use.
struct BrowseTables {
    std::shared_ptr<const data::Dataset> dataset;  // the one the tables were made for
    widgets::DataTable orders, customers;
};

void draw_browse_tables(Workbench& workbench, BrowseTables& tables, bool orders) {
    const auto dataset = workbench.dataset();
    if (dataset != tables.dataset) {
        tables.dataset = dataset;
        tables.orders.set_source(std::make_shared<widgets::OrdersTable>(dataset));
        tables.customers.set_source(std::make_shared<widgets::CustomersTable>(dataset));
    }
    ImGui::TextDisabled("%s", workbench.source() == DataSource::Local ? "Your data, as the dashboard counts it (returns left out)."
                                                                        : "The sample shop, as the dashboard counts it.");
    const ImVec2 min = ImGui::GetCursorScreenPos();
    auto& table = orders ? tables.orders : tables.customers;
    table.draw(orders ? "orders" : "customers");
    browse_snapshot = {orders ? "orders" : "customers", table.shown_row_count(), min,
                       ImVec2(min.x + ImGui::GetContentRegionAvail().x, ImGui::GetItemRectMax().y)};
}

}  // namespace

const BrowseSnapshot& last_browse_snapshot() { return browse_snapshot; }

void draw_data_panel(Workbench& workbench, std::optional<DataTab>& select_tab) {
    static BrowseTables tables;  // one Data page per workbench
    browse_snapshot = {};
    const auto flags_for = [&](DataTab tab) { return select_tab == tab ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None; };
    if (ImGui::BeginTabBar("data_tabs")) {
        if (ImGui::BeginTabItem("Import", nullptr, flags_for(DataTab::Import))) {
            draw_import_page(workbench);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Orders", nullptr, flags_for(DataTab::Orders))) {
            draw_browse_tables(workbench, tables, true);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Customers", nullptr, flags_for(DataTab::Customers))) {
            draw_browse_tables(workbench, tables, false);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    select_tab.reset();
}

namespace {

void draw_import_page(Workbench& workbench) {
    ImGui::TextWrapped("%s", workbench.source_description().c_str());
    ImGui::TextDisabled("Drop CSV or TSV files, or a .sqlite database, anywhere on the page. Files are read in this browser and never uploaded.");
    ImGui::TextDisabled("%s", import_limits_text().c_str());
    ImGui::Spacing();

    const bool busy = workbench.import_run().has_value();
    ImGui::BeginDisabled(busy);
    ImGui::SetNextItemWidth(px(180.0f));
    const auto& current = data::table_spec(workbench.import_table);
    if (ImGui::BeginCombo("Import as", current.name)) {
        for (const auto& spec : data::all_table_specs())
            if (ImGui::Selectable(spec.name, spec.kind == workbench.import_table)) workbench.import_table = spec.kind;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("Open file...")) platform::open_file_dialog(".csv,.tsv,.txt,.sqlite,.db,text/csv");
    ImGui::SameLine();
    if (ImGui::Button("Export database")) workbench.export_database();
    ImGui::SameLine();
    if (ImGui::Button("Clear local data")) ImGui::OpenPopup("Clear local data?");
    ImGui::EndDisabled();

    if (ImGui::BeginPopupModal("Clear local data?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted("This deletes every imported row from this browser. It cannot be undone.");
        if (ImGui::Button("Delete my local data")) {
            workbench.clear_local_data();
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Keep it")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }

    ImGui::Spacing();
    if (busy) draw_import_progress(workbench);
    if (workbench.mapping_request()) draw_mapping_request(workbench);
    if (workbench.last_report()) draw_report(workbench);
}

}  // namespace

}  // namespace touchpoint::web
