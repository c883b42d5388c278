#pragma once
// A data table on screen: a filter box, headers that sort on click (Shift+click adds a
// second key), resizable columns, virtual scrolling (only the visible rows are drawn), row
// selection (click, Shift+click range, Ctrl+A) and Ctrl+C / "Copy" as tab-separated text.
// Filtering and sorting a million rows runs as a TableOrderJob advanced a few milliseconds
// per frame from draw(), so the page keeps its frame rate; the previous order stays on
// screen, with a progress bar, until the new one is ready.
#include "widgets/table_view.hpp"

#include <imgui.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace touchpoint::widgets {

class DataTable {
public:
    // Shows `source` (null shows nothing). The filter text stays; the selection clears, and
    // the sort is the one the table last had for sources with the same columns.
    void set_source(std::shared_ptr<const TableSource> source);
    const std::shared_ptr<const TableSource>& source() const { return source_; }

    // Draws the toolbar, the table and its footer line within `size` (ImGui's convention:
    // 0 fills the available space, a negative value leaves that much free).
    void draw(const char* id, ImVec2 size = ImVec2(0, 0));

    std::size_t shown_row_count() const;
    bool ordering() const { return job_ != nullptr; }
    const RowSelection& selection() const { return selection_; }
    // The selected rows as copied: a header line, then tab-separated cells as shown.
    std::string selection_as_tsv() const;

    // Work per frame on filtering and sorting: small enough to keep frames under 16 ms.
    std::chrono::milliseconds frame_budget{4};

private:
    void advance_order();
    void restart_order();
    void draw_toolbar();
    void read_sort_specs();
    void draw_rows();
    void draw_cell(std::size_t row, std::size_t column, CellText& scratch) const;
    void handle_shortcuts();
    void draw_footer();
    void copy_selection() const;
    std::uint32_t row_at(std::size_t position) const;

    std::shared_ptr<const TableSource> source_;
    std::string table_id_;  // from the column names: each kind of table keeps its own widths and sort

    // The order on screen: every row in natural order, or the rows a finished job gave.
    bool natural_view_ = true;
    std::vector<std::uint32_t> shown_rows_;
    bool shown_filtered_ = false;

    TableOrderSpec wanted_;      // what the user asked for
    bool order_stale_ = false;   // wanted_ changed: start a new job
    bool resync_sort_ = false;   // read the header's sort even if ImGui does not flag it as changed
    std::unique_ptr<TableOrderJob> job_;
    jobs::Progress progress_;

    std::array<char, 256> filter_text_{};
    int filter_column_ = -1;  // -1: all columns
    RowSelection selection_;
};

}  // namespace touchpoint::widgets
