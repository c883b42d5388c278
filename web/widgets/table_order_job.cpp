#include "widgets/table_order_job.hpp"

#include "widgets/cell_text.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace touchpoint::widgets {

namespace {

constexpr std::uint64_t missing_code = std::numeric_limits<std::uint64_t>::max();

// Maps a double to an unsigned code whose order is the numbers' order, so the sort compares
// plain integers; descending flips the code, and a missing value (NaN) sorts last either way.
std::uint64_t ordered_code(double value, bool descending) {
    if (std::isnan(value)) return missing_code;
    constexpr std::uint64_t sign_bit = std::uint64_t{1} << 63;
    const double normalized = value + 0.0;  // turns -0 into +0
    std::uint64_t bits = 0;
    std::memcpy(&bits, &normalized, sizeof bits);  // Emscripten 3.1.6's libc++ has no std::bit_cast
    const std::uint64_t code = (bits & sign_bit) != 0 ? ~bits : (bits | sign_bit);
    return descending ? ~code : code;
}

// Texts sort the way people read them: "alice", "Bob", "carol" (ASCII letters ignore case).
int compare_ignoring_case(std::string_view a, std::string_view b) {
    const std::size_t common = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < common; ++i) {
        const unsigned char lower_a = static_cast<unsigned char>(a[i] >= 'A' && a[i] <= 'Z' ? a[i] - 'A' + 'a' : a[i]);
        const unsigned char lower_b = static_cast<unsigned char>(b[i] >= 'A' && b[i] <= 'Z' ? b[i] - 'A' + 'a' : b[i]);
        if (lower_a != lower_b) return lower_a < lower_b ? -1 : 1;
    }
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

template <typename T>
void release(std::vector<T>& values) {
    std::vector<T>().swap(values);
}

}  // namespace

TableOrderJob::TableOrderJob(std::shared_ptr<const TableSource> source, TableOrderSpec spec, TableOrderTuning tuning)
    : source_(std::move(source)), spec_(std::move(spec)), tuning_(tuning), lowered_filter_(to_lower_ascii(spec_.filter)) {
    if (!source_) throw std::invalid_argument("TableOrderJob needs a table source");
    if (source_->row_count() > std::numeric_limits<std::uint32_t>::max())
        throw std::invalid_argument("TableOrderJob: more rows than 32-bit row indices hold");
    tuning_.chunk_rows = std::max<std::size_t>(tuning_.chunk_rows, 1);
    tuning_.run_rows = std::max<std::size_t>(tuning_.run_rows, 1);
    const std::size_t column_count = source_->column_count();
    auto check_column = [&](std::size_t column) {
        if (column >= column_count)
            throw std::invalid_argument("TableOrderJob: column " + std::to_string(column) + " of a table with " +
                                        std::to_string(column_count));
    };
    if (spec_.filter_columns.empty()) {
        searched_columns_.resize(column_count);
        std::iota(searched_columns_.begin(), searched_columns_.end(), std::size_t{0});
    } else {
        for (std::size_t column : spec_.filter_columns) check_column(column);
        searched_columns_ = spec_.filter_columns;
    }
    if (spec_.sort) check_column(spec_.sort->column);
    if (spec_.then_by) check_column(spec_.then_by->column);
    // Reserved, not filled: buffers are filled chunk by chunk, because first touching
    // megabytes of fresh memory in one slice costs tens of milliseconds on some machines.
    rows_.reserve(source_->row_count());
}

void TableOrderJob::cancel() {
    cancelled_ = true;
    phase_ = Phase::Done;
    release(rows_);
    release(positions_);
    release(merge_buffer_);
    release(first_key_.codes);
    release(first_key_.texts);
    release(second_key_.codes);
    release(second_key_.texts);
}

jobs::Progress TableOrderJob::step(std::chrono::milliseconds budget) {
    const auto deadline = std::chrono::steady_clock::now() + budget;
    do {
        switch (phase_) {
        case Phase::Filtering: filter_chunk(); break;
        case Phase::ReadingKeys: read_keys_chunk(); break;
        case Phase::SortingRuns: sort_run(); break;
        case Phase::Merging: merge_chunk(); break;
        case Phase::PlacingRows: place_rows_chunk(); break;
        case Phase::Done: break;
        }
    } while (phase_ != Phase::Done && std::chrono::steady_clock::now() < deadline);
    return progress();
}

void TableOrderJob::filter_chunk() {
    const std::size_t row_count = source_->row_count();
    const std::size_t end = std::min(row_count, next_row_ + tuning_.chunk_rows);
    if (lowered_filter_.empty()) {
        for (std::size_t row = next_row_; row < end; ++row) rows_.push_back(static_cast<std::uint32_t>(row));
    } else {
        CellText scratch;
        for (std::size_t row = next_row_; row < end; ++row) {
            const bool matches = std::any_of(searched_columns_.begin(), searched_columns_.end(), [&](std::size_t column) {
                return contains_ignoring_case(cell_view(*source_, row, column, scratch), lowered_filter_);
            });
            if (matches) rows_.push_back(static_cast<std::uint32_t>(row));
        }
    }
    next_row_ = end;
    if (next_row_ < row_count) return;

    next_row_ = 0;
    if (!spec_.sort) {
        phase_ = Phase::Done;
        return;
    }
    auto prepare = [&](KeyColumn& key, const std::optional<SortKey>& sort_key) {
        if (!sort_key) return;
        key.active = true;
        key.is_text = source_->column(sort_key->column).kind == CellKind::Text;
        key.descending = sort_key->descending;
        if (key.is_text)
            key.texts.reserve(rows_.size());
        else
            key.codes.reserve(rows_.size());
    };
    prepare(first_key_, spec_.sort);
    prepare(second_key_, spec_.then_by);
    positions_.reserve(rows_.size());
    phase_ = Phase::ReadingKeys;
}

void TableOrderJob::read_keys_chunk() {
    const std::size_t end = std::min(rows_.size(), next_row_ + tuning_.chunk_rows);
    auto read = [&](KeyColumn& key, const std::optional<SortKey>& sort_key) {
        if (!key.active) return;
        for (std::size_t position = next_row_; position < end; ++position) {
            if (key.is_text)
                key.texts.push_back(source_->text(rows_[position], sort_key->column));
            else
                key.codes.push_back(ordered_code(source_->number(rows_[position], sort_key->column), key.descending));
        }
    };
    read(first_key_, spec_.sort);
    read(second_key_, spec_.then_by);
    for (std::size_t position = next_row_; position < end; ++position)
        positions_.push_back(static_cast<std::uint32_t>(position));
    next_row_ = end;
    if (next_row_ < rows_.size()) return;
    next_row_ = 0;
    phase_ = Phase::SortingRuns;
}

int TableOrderJob::compare_key(const KeyColumn& key, std::uint32_t a, std::uint32_t b) const {
    if (!key.is_text) {
        const std::uint64_t code_a = key.codes[a], code_b = key.codes[b];
        return code_a < code_b ? -1 : (code_b < code_a ? 1 : 0);
    }
    const int order = compare_ignoring_case(key.texts[a], key.texts[b]);
    return key.descending ? -order : order;
}

// A strict total order: keys first, then the natural order, so every correct sort of the
// positions gives the same permutation however the work was sliced.
bool TableOrderJob::position_before(std::uint32_t a, std::uint32_t b) const {
    if (const int first = compare_key(first_key_, a, b); first != 0) return first < 0;
    if (second_key_.active)
        if (const int second = compare_key(second_key_, a, b); second != 0) return second < 0;
    return a < b;
}

void TableOrderJob::sort_run() {
    const std::size_t end = std::min(positions_.size(), next_row_ + tuning_.run_rows);
    const auto begin_it = positions_.begin() + static_cast<std::ptrdiff_t>(next_row_);
    const auto end_it = positions_.begin() + static_cast<std::ptrdiff_t>(end);
    std::sort(begin_it, end_it, [this](std::uint32_t a, std::uint32_t b) { return position_before(a, b); });
    // The merge buffer grows run by run, for the same reason the other buffers fill in chunks.
    if (positions_.size() > tuning_.run_rows) {
        if (next_row_ == 0) merge_buffer_.reserve(positions_.size());
        merge_buffer_.resize(end);
    }
    next_row_ = end;
    if (next_row_ < positions_.size()) return;
    next_row_ = 0;
    start_merging();
}

void TableOrderJob::start_merging() {
    const std::size_t count = positions_.size();
    merge_width_ = tuning_.run_rows;
    if (merge_width_ >= count) {  // a single run: already sorted
        phase_ = Phase::PlacingRows;
        return;
    }
    std::size_t passes = 0;
    for (std::size_t width = merge_width_; width < count; width *= 2) ++passes;
    merge_total_ = passes * count;
    merged_ = 0;
    assert(merge_buffer_.size() == count);
    merge_pair_start_ = merge_left_ = merge_out_ = 0;
    merge_right_ = merge_width_;
    phase_ = Phase::Merging;
}

void TableOrderJob::merge_chunk() {
    const std::size_t count = positions_.size();
    std::size_t allowance = tuning_.chunk_rows;
    while (allowance > 0) {
        const std::size_t middle = std::min(merge_pair_start_ + merge_width_, count);
        const std::size_t end = std::min(merge_pair_start_ + 2 * merge_width_, count);
        if (merge_out_ == end) {  // this pair is merged: the next pair, or the next pass
            merge_pair_start_ = end;
            if (merge_pair_start_ >= count) {
                positions_.swap(merge_buffer_);
                merge_width_ *= 2;
                if (merge_width_ >= count) {
                    phase_ = Phase::PlacingRows;
                    return;
                }
                merge_pair_start_ = 0;
            }
            merge_left_ = merge_out_ = merge_pair_start_;
            merge_right_ = std::min(merge_pair_start_ + merge_width_, count);
            continue;
        }
        const std::size_t steps = std::min(allowance, end - merge_out_);
        for (std::size_t i = 0; i < steps; ++i) {
            // Ties cannot happen (the order is total), but taking the left on equality keeps it stable anyway.
            const bool take_left = merge_left_ < middle &&
                                   (merge_right_ >= end || !position_before(positions_[merge_right_], positions_[merge_left_]));
            merge_buffer_[merge_out_++] = take_left ? positions_[merge_left_++] : positions_[merge_right_++];
        }
        allowance -= steps;
        merged_ += steps;
    }
}

void TableOrderJob::place_rows_chunk() {
    // The merge buffer takes the rows; when there was no merge it is still empty and grows here.
    const std::size_t end = std::min(rows_.size(), next_row_ + tuning_.chunk_rows);
    if (next_row_ == 0) merge_buffer_.reserve(rows_.size());
    if (merge_buffer_.size() < end) merge_buffer_.resize(end);
    for (std::size_t i = next_row_; i < end; ++i) merge_buffer_[i] = rows_[positions_[i]];
    next_row_ = end;
    if (next_row_ < rows_.size()) return;
    rows_.swap(merge_buffer_);
    release(merge_buffer_);
    release(positions_);
    release(first_key_.codes);
    release(first_key_.texts);
    release(second_key_.codes);
    release(second_key_.texts);
    phase_ = Phase::Done;
}

double TableOrderJob::phase_fraction() const {
    auto share = [](std::size_t done, std::size_t total) {
        return total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
    };
    switch (phase_) {
    case Phase::Filtering: return share(next_row_, source_->row_count());
    case Phase::ReadingKeys:
    case Phase::SortingRuns:
    case Phase::PlacingRows: return share(next_row_, rows_.size());
    case Phase::Merging: return share(merged_, merge_total_);
    case Phase::Done: return 1.0;
    }
    return 1.0;
}

jobs::Progress TableOrderJob::progress() const {
    // Rough shares of the time each phase takes, for a progress bar that moves evenly.
    const double filter_weight = lowered_filter_.empty() ? 0.05 : 0.35;
    const std::array<double, 5> weights = spec_.sort ? std::array<double, 5>{filter_weight, 0.15, 0.25, 0.25, 0.05}
                                                     : std::array<double, 5>{1, 0, 0, 0, 0};
    static constexpr std::array<const char*, 6> phase_names = {"Filtering", "Reading sort keys", "Sorting",
                                                               "Merging", "Placing rows", "Done"};
    const auto phase_index = static_cast<std::size_t>(phase_);
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    double done = 0;
    for (std::size_t i = 0; i < phase_index && i < weights.size(); ++i) done += weights[i];
    if (phase_index < weights.size()) done += weights[phase_index] * phase_fraction();

    jobs::Progress progress;
    progress.phase = cancelled_ ? "Cancelled" : phase_names[phase_index];
    progress.fraction = phase_ == Phase::Done ? 1.0 : done / total;
    progress.items = static_cast<double>(phase_ == Phase::Merging ? merged_ : next_row_);
    progress.items_unit = "rows";
    progress.finished = phase_ == Phase::Done;
    return progress;
}

std::vector<std::uint32_t> compute_order(const TableSource& source, const TableOrderSpec& spec) {
    // The job keeps a shared_ptr; here the caller owns the source, so the pointer owns nothing.
    TableOrderJob job(std::shared_ptr<const TableSource>(std::shared_ptr<void>(), &source), spec);
    while (!job.finished()) job.step(std::chrono::hours(1));
    return job.take_order();
}

}  // namespace touchpoint::widgets
