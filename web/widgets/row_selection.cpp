#include "widgets/row_selection.hpp"

#include <algorithm>

namespace touchpoint::widgets {

void RowSelection::reset(std::size_t view_size) {
    selected_.assign(view_size, false);
    count_ = 0;
    anchor_ = 0;
}

void RowSelection::set(std::size_t position, bool selected) {
    if (selected_[position] == selected) return;
    selected_[position] = selected;
    if (selected)
        ++count_;
    else
        --count_;
}

void RowSelection::click(std::size_t position, bool shift, bool ctrl) {
    if (position >= selected_.size()) return;
    if (shift) {
        // Shift+click replaces the selection with the range; Ctrl+Shift+click adds the range.
        if (!ctrl) clear();
        const std::size_t first = std::min(anchor_, position), last = std::max(anchor_, position);
        for (std::size_t i = first; i <= last; ++i) set(i, true);
        return;
    }
    if (ctrl) {
        set(position, !selected_[position]);
    } else {
        clear();
        set(position, true);
    }
    anchor_ = position;
}

void RowSelection::select_all() {
    selected_.assign(selected_.size(), true);
    count_ = selected_.size();
}

void RowSelection::clear() {
    if (count_ == 0) return;
    selected_.assign(selected_.size(), false);
    count_ = 0;
}

std::vector<std::size_t> RowSelection::positions() const {
    std::vector<std::size_t> positions;
    positions.reserve(count_);
    for (std::size_t i = 0; i < selected_.size() && positions.size() < count_; ++i)
        if (selected_[i]) positions.push_back(i);
    return positions;
}

}  // namespace touchpoint::widgets
