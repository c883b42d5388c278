#include "sections/data/data_panel.hpp"

#include "ui/format.hpp"
#include "ui/job_progress.hpp"
#include "ui/limits_text.hpp"
#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"
#include "widgets/data_table.hpp"
#include "widgets/dataset_tables.hpp"

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
            if (field.required && field.unless_mapped) ImGui::Text("%s * (or %s)", field.name, field.unless_mapped);
            else ImGui::Text("%s%s", field.name, field.required ? " *" : "");
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

// The counts every import shows, in a manager's words: lines, orders, and what was left out.
void draw_import_counts(const data::ImportReport& report) {
    if (report.table != "orders") {
        ImGui::Text("Rows read %s   loaded %s   rejected %s", format_count(report.rows_read).c_str(),
                    format_count(report.rows_loaded).c_str(), format_count(report.rows_rejected).c_str());
        return;
    }
    const std::pair<const char*, std::int64_t> counts[] = {
        {"Lines", report.rows_read},          {"Orders", report.orders},
        {"Customers", report.customers},      {"Purchases", report.purchases},
        {"Cancelled", report.cancelled_orders}, {"Failed payments", report.failed_payments},
        {"Refunds", report.returns_flagged},  {"Guest lines", report.guest_lines},
        {"Rejected lines", report.rows_rejected},
    };
    if (ImGui::BeginTable("import_counts", static_cast<int>(std::size(counts)), ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV)) {
        for (const auto& [label, value] : counts) {
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", label);
            ImGui::Text("%s", format_count(value).c_str());
        }
        ImGui::EndTable();
    }
    ImGui::TextWrapped("%s", data::summary_line(report).c_str());
    if (report.total_mismatches > 0)
        ImGui::TextWrapped("%s orders have a total that differs from the sum of their lines; the total was used.",
                           format_count(report.total_mismatches).c_str());
    for (const auto& note : report.notes) ImGui::TextDisabled("%s", note.c_str());
}

// Rejected and skipped lines grouped by reason: the count, and the first lines as written.
void draw_import_reasons(const data::ImportReport& report) {
    for (std::size_t g = 0; g < report.reasons.size(); ++g) {
        const auto& group = report.reasons[g];
        ImGui::PushID(static_cast<int>(g));
        const std::string title = std::string(group.skipped ? "Left out: " : "Rejected: ") + group.reason + " (" + format_count(group.count) + ")";
        if (ImGui::TreeNode("reason", "%s", title.c_str())) {
            for (const auto& row : group.examples) {
                ImGui::BulletText("%s", data::describe(row).c_str());
                if (!row.raw.empty()) {
                    ImGui::Indent();
                    ImGui::TextDisabled("%s", row.raw.c_str());
                    ImGui::Unindent();
                }
            }
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
}

// What an orders import will store, before anything is written: the export recognised, the
// mapping, the counts and the first orders. The user imports, changes the mapping, or cancels.
void draw_import_preview(Workbench& workbench) {
    const auto& run = *workbench.import_run();
    const auto& report = run.job->report();
    ImGui::Separator();
    ImGui::Text("Preview of %s: nothing is stored until you import it", report.file.c_str());
    if (!run.sheets.empty()) {
        ImGui::SetNextItemWidth(px(220.0f));
        if (ImGui::BeginCombo("Sheet", report.sheet.c_str())) {
            for (const auto& sheet : run.sheets)
                if (ImGui::Selectable(sheet.c_str(), sheet == report.sheet)) workbench.choose_import_sheet(sheet);
            ImGui::EndCombo();
        }
    }
    ImGui::TextDisabled("%s, %s%s%s", report.encoding.c_str(), report.dialect.c_str(), report.date_layout.empty() ? "" : ", dates ",
                        report.date_layout.c_str());
    ImGui::Text("%s%s", report.recognised_export.empty() ? "Columns matched by their names" : ("Recognised: " + report.recognised_export + " export").c_str(),
                report.line_items ? "; one line per product, grouped into orders" : "");
    std::string mapping;
    for (const auto& [field, column] : report.mapping) mapping += (mapping.empty() ? "" : ",  ") + field + " = " + column;
    ImGui::TextWrapped("%s", mapping.c_str());
    ImGui::Spacing();
    draw_import_counts(report);
    draw_import_reasons(report);
    // The decision before the details, so it is on screen whatever the window's height.
    ImGui::Spacing();
    const std::string import_label = "Import " + format_count(report.orders) + (report.orders == 1 ? " order" : " orders");
    if (ImGui::Button(import_label.c_str())) workbench.confirm_import();
    ImGui::SameLine();
    if (ImGui::Button("Change mapping...")) workbench.change_import_mapping();
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) workbench.cancel_import();
    ImGui::Spacing();

    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
    const char* headers[] = {"Order", "Customer", "Date", "Amount", "Quantity", "Category", "Channel", "Status", "Counted as", "Lines"};
    ImGui::TextDisabled("The first %zu orders as they will be stored", report.preview.size());
    if (ImGui::BeginTable("preview_orders", static_cast<int>(std::size(headers)), flags)) {
        for (const char* header : headers) ImGui::TableSetupColumn(header);
        ImGui::TableHeadersRow();
        for (const auto& order : report.preview) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(order.order_id.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(order.customer_id.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(order.order_date.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_amount(order.amount).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(order.quantity));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(order.category.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(order.channel.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(order.status.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(order.flag.empty() ? "purchase" : order.flag.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(order.lines));
        }
        ImGui::EndTable();
    }
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
    if (!report.recognised_export.empty()) ImGui::Text("Recognised: %s export", report.recognised_export.c_str());
    draw_import_counts(report);
    draw_import_reasons(report);
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

void draw_browse_tables(Workbench& workbench, BrowseTables& tables, bool orders, BrowseSnapshot& snapshot) {
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
    snapshot = {orders ? "orders" : "customers", table.shown_row_count(), min,
                ImVec2(min.x + ImGui::GetContentRegionAvail().x, ImGui::GetItemRectMax().y)};
}

}  // namespace

void draw_data_panel(Workbench& workbench, std::optional<DataTab>& select_tab, BrowseTables& tables, BrowseSnapshot& snapshot) {
    snapshot = {};
    const auto flags_for = [&](DataTab tab) { return select_tab == tab ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None; };
    if (ImGui::BeginTabBar("data_tabs")) {
        if (ImGui::BeginTabItem("Import", nullptr, flags_for(DataTab::Import))) {
            draw_import_page(workbench);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Orders", nullptr, flags_for(DataTab::Orders))) {
            draw_browse_tables(workbench, tables, true, snapshot);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Customers", nullptr, flags_for(DataTab::Customers))) {
            draw_browse_tables(workbench, tables, false, snapshot);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    select_tab.reset();
}

namespace {

void draw_import_page(Workbench& workbench) {
    ImGui::TextWrapped("%s", workbench.source_description().c_str());
    ImGui::TextDisabled("Drop CSV, TSV or Excel (.xlsx) files, or a .sqlite database, anywhere on the page. Files are read in this browser and never uploaded.");
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
    if (ImGui::Button("Open file...")) platform::open_file_dialog(importable_file_types);
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
    if (workbench.import_awaits_confirmation()) draw_import_preview(workbench);
    else if (busy) draw_import_progress(workbench);
    if (workbench.mapping_request()) draw_mapping_request(workbench);
    if (workbench.last_report()) draw_report(workbench);
}

}  // namespace

}  // namespace touchpoint::web
