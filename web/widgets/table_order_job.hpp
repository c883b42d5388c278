#pragma once
// Which rows a table shows, in which order: a filter then a sort produce a permutation of
// row indices. A million rows take longer than a frame, so the work is a resumable job:
// filter in chunks, read the sort keys in chunks, sort fixed-size runs, then merge the runs
// pass by pass, each merge able to stop mid-way. The result does not depend on how the
// work was sliced.
#include "widgets/table_source.hpp"
#include "touchpoint/jobs/job.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::widgets {

struct SortKey {
    std::size_t column = 0;
    bool descending = false;
};

struct TableOrderSpec {
    std::string filter;                       // case-insensitive substring of the shown text; empty keeps every row
    std::vector<std::size_t> filter_columns;  // the columns searched; empty searches all
    // Numbers compare as numbers, texts ignoring ASCII case; missing numbers (NaN) go last in
    // either direction. The sort is stable: equal keys keep the natural order, also descending.
    std::optional<SortKey> sort;              // none keeps the natural order
    std::optional<SortKey> then_by;           // breaks ties of `sort`; remaining ties keep the natural order

    bool changes_order() const { return !filter.empty() || sort.has_value(); }
};

// Slice sizes; the defaults suit the browser, tests shrink them to exercise many slices.
struct TableOrderTuning {
    std::size_t chunk_rows = 4096;  // rows filtered, keyed or merged between two looks at the clock
    std::size_t run_rows = 4096;    // rows sorted in one run, before merging
};

class TableOrderJob final : public jobs::Job {
public:
    TableOrderJob(std::shared_ptr<const TableSource> source, TableOrderSpec spec, TableOrderTuning tuning = {});

    // Does at least one chunk, then more until `budget` has passed.
    jobs::Progress step(std::chrono::milliseconds budget) override;
    void cancel() override;

    bool finished() const { return phase_ == Phase::Done; }
    bool cancelled() const { return cancelled_; }
    const TableOrderSpec& spec() const { return spec_; }
    const std::shared_ptr<const TableSource>& source() const { return source_; }
    // The shown rows, first to last (source row indices). Complete once finished() and not cancelled.
    const std::vector<std::uint32_t>& order() const { return rows_; }
    std::vector<std::uint32_t> take_order() { return std::move(rows_); }

private:
    enum class Phase { Filtering, ReadingKeys, SortingRuns, Merging, PlacingRows, Done };

    // One sort key, read once per shown row so the sort never calls the source.
    struct KeyColumn {
        bool active = false;
        bool is_text = false;
        bool descending = false;
        std::vector<std::uint64_t> codes;      // numbers as ordered codes, direction folded in, NaN last
        std::vector<std::string_view> texts;   // Text columns
    };

    void filter_chunk();
    void read_keys_chunk();
    void sort_run();
    void merge_chunk();
    void place_rows_chunk();
    void start_merging();
    bool position_before(std::uint32_t a, std::uint32_t b) const;
    int compare_key(const KeyColumn& key, std::uint32_t a, std::uint32_t b) const;
    double phase_fraction() const;
    jobs::Progress progress() const;

    std::shared_ptr<const TableSource> source_;
    TableOrderSpec spec_;
    TableOrderTuning tuning_;
    std::string lowered_filter_;
    std::vector<std::size_t> searched_columns_;

    Phase phase_ = Phase::Filtering;
    bool cancelled_ = false;
    std::size_t next_row_ = 0;           // Filtering: next source row; ReadingKeys, SortingRuns, PlacingRows: next position
    std::vector<std::uint32_t> rows_;    // the shown rows; in natural order until sorted
    KeyColumn first_key_, second_key_;
    std::vector<std::uint32_t> positions_, merge_buffer_;  // indices into rows_, being sorted

    // Merging: pairs of sorted runs of `merge_width_` go from positions_ to merge_buffer_.
    std::size_t merge_width_ = 0, merge_pair_start_ = 0, merge_left_ = 0, merge_right_ = 0, merge_out_ = 0;
    std::size_t merged_ = 0, merge_total_ = 0;  // for the progress bar, over all passes
};

// Filters and sorts in one go (small tables, tests).
std::vector<std::uint32_t> compute_order(const TableSource& source, const TableOrderSpec& spec);

}  // namespace touchpoint::widgets
