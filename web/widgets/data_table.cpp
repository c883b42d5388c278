#include "widgets/data_table.hpp"

#include "ui/test_hooks.hpp"

#include "ui/format.hpp"

#include <algorithm>
#include <climits>
#include <cstring>

namespace touchpoint::widgets {

namespace {

// Dear ImGui 1.86 tables hold at most 64 columns.
constexpr std::size_t most_columns = 64;
constexpr float filter_width = 260.0f;
constexpr float column_choice_width = 160.0f;
constexpr float progress_width = 180.0f;

std::string rows_phrase(std::size_t count) {
    return web::format_count(static_cast<std::int64_t>(count)) + (count == 1 ? " row" : " rows");
}

bool command_key_down(const ImGuiIO& io) { return io.KeyCtrl || io.KeySuper; }  // Ctrl, or Cmd on a Mac

}  // namespace

void DataTable::set_source(std::shared_ptr<const TableSource> source) {
    source_ = std::move(source);
    job_.reset();
    natural_view_ = true;
    shown_rows_.clear();
    shown_filtered_ = false;
    selection_.reset(source_ ? source_->row_count() : 0);
    table_id_ = "##rows";
    if (source_)
        for (std::size_t column = 0; column < source_->column_count(); ++column) table_id_ += "|" + source_->column(column).name;
    if (filter_column_ >= 0 && (!source_ || static_cast<std::size_t>(filter_column_) >= source_->column_count()))
        filter_column_ = -1;
    wanted_.filter_columns.clear();
    if (filter_column_ >= 0) wanted_.filter_columns.push_back(static_cast<std::size_t>(filter_column_));
    wanted_.sort.reset();
    wanted_.then_by.reset();
    resync_sort_ = true;
    order_stale_ = true;
}

std::size_t DataTable::shown_row_count() const {
    if (!source_) return 0;
    return natural_view_ ? source_->row_count() : shown_rows_.size();
}

std::uint32_t DataTable::row_at(std::size_t position) const {
    return natural_view_ ? static_cast<std::uint32_t>(position) : shown_rows_[position];
}

void DataTable::advance_order() {
    if (!job_) return;
    progress_ = job_->step(frame_budget);
    if (!job_->finished()) return;
    if (!job_->cancelled()) {
        shown_rows_ = job_->take_order();
        natural_view_ = false;
        shown_filtered_ = !job_->spec().filter.empty();
        selection_.reset(shown_rows_.size());
    }
    job_.reset();
}

void DataTable::restart_order() {
    order_stale_ = false;
    job_.reset();  // a job for an order nobody wants any more
    if (!source_) return;
    if (!wanted_.changes_order()) {
        // The natural order needs no work and no permutation.
        if (!natural_view_) selection_.reset(source_->row_count());
        natural_view_ = true;
        shown_rows_ = {};
        shown_filtered_ = false;
        return;
    }
    job_ = std::make_unique<TableOrderJob>(source_, wanted_);
    progress_ = {};
}

void DataTable::draw(const char* id, ImVec2 size) {
    ImGui::PushID(id);
    if (!source_) {
        ImGui::TextDisabled("No table to show.");
        ImGui::PopID();
        return;
    }
    advance_order();

    const ImVec2 available = ImGui::GetContentRegionAvail();
    const float width = size.x > 0 ? size.x : std::max(available.x + size.x, 1.0f);
    const float height = size.y > 0 ? size.y : std::max(available.y + size.y, 1.0f);
    const float top = ImGui::GetCursorPosY();

    draw_toolbar();

    const float footer_height = ImGui::GetFrameHeightWithSpacing();
    const float min_table_height = ImGui::GetTextLineHeightWithSpacing() * 4;
    const float table_height = std::max(height - (ImGui::GetCursorPosY() - top) - footer_height, min_table_height);
    const std::size_t column_count = std::min(source_->column_count(), most_columns);
    constexpr ImGuiTableFlags table_flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable |
                                            ImGuiTableFlags_Hideable | ImGuiTableFlags_Sortable |
                                            ImGuiTableFlags_SortMulti | ImGuiTableFlags_SortTristate |
                                            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                            ImGuiTableFlags_BordersV | ImGuiTableFlags_ScrollY;
    if (column_count > 0 &&
        ImGui::BeginTable(table_id_.c_str(), static_cast<int>(column_count), table_flags, ImVec2(width, table_height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (std::size_t column = 0; column < column_count; ++column) {
            const ColumnInfo& info = source_->column(column);
            ImGuiTableColumnFlags flags = ImGuiTableColumnFlags_WidthStretch;
            if (column == 0) flags |= ImGuiTableColumnFlags_NoHide;  // it holds the row's selectable
            ImGui::TableSetupColumn(info.name.c_str(), flags, is_numeric(info.kind) ? 1.0f : 1.5f,
                                    static_cast<ImGuiID>(column));
        }
        ImGui::TableHeadersRow();
        read_sort_specs();
        draw_rows();
        handle_shortcuts();
        ImGui::EndTable();
    }
    if (order_stale_) restart_order();

    draw_footer();
    ImGui::PopID();
}

void DataTable::draw_toolbar() {
    ImGui::SetNextItemWidth(filter_width);
    if (ImGui::InputTextWithHint("##filter", "Filter rows", filter_text_.data(), filter_text_.size())) {
        wanted_.filter = filter_text_.data();
        order_stale_ = true;
    }
    web::test_hooks::record_click_target("table:filter");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(column_choice_width);
    const char* chosen = filter_column_ < 0 ? "in all columns" : source_->column(static_cast<std::size_t>(filter_column_)).name.c_str();
    if (ImGui::BeginCombo("##filter_column", chosen)) {
        int choice = filter_column_;
        if (ImGui::Selectable("in all columns", filter_column_ < 0)) choice = -1;
        for (std::size_t column = 0; column < source_->column_count(); ++column)
            if (ImGui::Selectable(source_->column(column).name.c_str(), filter_column_ == static_cast<int>(column)))
                choice = static_cast<int>(column);
        ImGui::EndCombo();
        if (choice != filter_column_) {
            filter_column_ = choice;
            wanted_.filter_columns.clear();
            if (choice >= 0) wanted_.filter_columns.push_back(static_cast<std::size_t>(choice));
            order_stale_ = order_stale_ || !wanted_.filter.empty();
        }
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(selection_.count() == 0);
    if (ImGui::Button("Copy")) copy_selection();
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Copies the selected rows as tab-separated text (Ctrl+C). Ctrl+A selects all.");
}

void DataTable::read_sort_specs() {
    ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    if (!specs || !(specs->SpecsDirty || resync_sort_)) return;
    std::optional<SortKey> keys[2];
    for (int i = 0; i < specs->SpecsCount && i < 2; ++i) {
        const ImGuiTableColumnSortSpecs& spec = specs->Specs[i];
        const auto column = static_cast<std::size_t>(spec.ColumnUserID);
        if (column < source_->column_count())
            keys[i] = SortKey{column, spec.SortDirection == ImGuiSortDirection_Descending};
    }
    auto same = [](const std::optional<SortKey>& a, const std::optional<SortKey>& b) {
        return a.has_value() == b.has_value() && (!a || (a->column == b->column && a->descending == b->descending));
    };
    if (!same(keys[0], wanted_.sort) || !same(keys[1], wanted_.then_by)) {
        wanted_.sort = keys[0];
        wanted_.then_by = keys[1];
        order_stale_ = true;
    }
    specs->SpecsDirty = false;
    resync_sort_ = false;
}

void DataTable::draw_rows() {
    const std::size_t shown = std::min<std::size_t>(shown_row_count(), INT_MAX);
    const std::size_t column_count = std::min(source_->column_count(), most_columns);
    CellText scratch;
    // The clipper submits only the rows in view: a frame costs the same for 100 rows or a million.
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown));
    while (clipper.Step()) {
        for (int position = clipper.DisplayStart; position < clipper.DisplayEnd; ++position) {
            const auto view_position = static_cast<std::size_t>(position);
            const std::size_t row = row_at(view_position);
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::PushID(position);
            const ImVec2 cell_start = ImGui::GetCursorScreenPos();
            if (ImGui::Selectable("##row", selection_.contains(view_position), ImGuiSelectableFlags_SpanAllColumns)) {
                const ImGuiIO& io = ImGui::GetIO();
                selection_.click(view_position, io.KeyShift, command_key_down(io));
            }
            ImGui::SetCursorScreenPos(cell_start);  // the first cell's text goes over its selectable
            draw_cell(row, 0, scratch);
            for (std::size_t column = 1; column < column_count; ++column)
                if (ImGui::TableSetColumnIndex(static_cast<int>(column))) draw_cell(row, column, scratch);
            ImGui::PopID();
        }
    }
}

void DataTable::draw_cell(std::size_t row, std::size_t column, CellText& scratch) const {
    const std::string_view text = cell_view(*source_, row, column, scratch);
    const char* begin = text.data();
    const char* end = begin + text.size();
    if (is_numeric(source_->column(column).kind)) {  // numbers line up on their last digit
        const float text_width = ImGui::CalcTextSize(begin, end).x;
        const float free_width = ImGui::GetContentRegionAvail().x - text_width;
        if (free_width > 0) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + free_width);
    }
    ImGui::TextUnformatted(begin, end);
}

void DataTable::handle_shortcuts() {
    // Inside the table: the shortcuts apply when its rows have focus, not while typing a filter.
    const ImGuiIO& io = ImGui::GetIO();
    if (!ImGui::IsWindowFocused() || io.WantTextInput || !command_key_down(io)) return;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_A), false)) selection_.select_all();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_C), false) && selection_.count() > 0) copy_selection();
}

void DataTable::draw_footer() {
    const std::size_t total = source_->row_count();
    std::string line = shown_filtered_ ? web::format_count(static_cast<std::int64_t>(shown_row_count())) + " of " +
                                             rows_phrase(total) + (total == 1 ? " matches" : " match")
                                       : rows_phrase(total);
    if (selection_.count() > 0) line += ", " + web::format_count(static_cast<std::int64_t>(selection_.count())) + " selected";
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(line.c_str());
    if (job_) {
        ImGui::SameLine();
        ImGui::ProgressBar(static_cast<float>(progress_.fraction), ImVec2(progress_width, 0),
                           progress_.phase.empty() ? "Ordering" : progress_.phase.c_str());
    }
}

std::string DataTable::selection_as_tsv() const {
    if (!source_) return {};
    const std::vector<std::size_t> positions = selection_.positions();
    if (!natural_view_) return copy_as_tsv(*source_, shown_rows_, positions);
    const std::vector<std::uint32_t> natural = natural_order(source_->row_count());
    return copy_as_tsv(*source_, natural, positions);
}

void DataTable::copy_selection() const {
    // The app routes ImGui's clipboard to the browser's.
    ImGui::SetClipboardText(selection_as_tsv().c_str());
}

}  // namespace touchpoint::widgets
