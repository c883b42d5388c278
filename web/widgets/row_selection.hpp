#pragma once
// Which shown rows are selected, as view positions (0 = the first row shown), with the
// usual gestures: click selects one, Ctrl+click toggles one, Shift+click selects the range
// from the last clicked row, Ctrl+A selects all. A bitmap, so selecting a million rows is cheap.
#include <cstddef>
#include <vector>

namespace touchpoint::widgets {

class RowSelection {
public:
    // Forgets the selection: the view changed, so old positions mean other rows now.
    void reset(std::size_t view_size);

    void click(std::size_t position, bool shift, bool ctrl);
    void select_all();
    void clear();

    bool contains(std::size_t position) const { return position < selected_.size() && selected_[position]; }
    std::size_t count() const { return count_; }
    std::size_t view_size() const { return selected_.size(); }
    // The selected positions, ascending.
    std::vector<std::size_t> positions() const;

private:
    void set(std::size_t position, bool selected);

    std::vector<bool> selected_;
    std::size_t count_ = 0;
    std::size_t anchor_ = 0;  // where a Shift+click range starts
};

}  // namespace touchpoint::widgets
