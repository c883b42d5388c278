#pragma once
// Importing one file into one table of the store, as a job:
//   1. analyse: encoding, dialect, column mapping, date and amount formats, duplicate file;
//   2. (only when dates are ambiguous) wait for the user to choose d/m/Y or m/d/Y;
//   3. read: every row parsed and checked; a bad row is rejected with file, line, column and
//      reason, never altered; for orders the columnar Dataset is ready at the end of this phase,
//      before anything is written; the lines of a line-item file are grouped into orders;
//   (when asked) wait until the user has seen the preview and confirms;
//   4. write: all accepted rows in one transaction, so the store gets the whole file or nothing.
// The job borrows the file's bytes: they must outlive it.
#include "touchpoint/data/column_mapping.hpp"
#include "touchpoint/data/csv_reader.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/field_parsers.hpp"
#include "touchpoint/data/import_report.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/data/table_spec.hpp"
#include "touchpoint/jobs/job.hpp"
#include "touchpoint/limits.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace touchpoint::data {

struct ImportOptions {
    TableKind table = TableKind::Orders;
    std::vector<std::pair<std::string, std::string>> mapping_overrides;  // field -> column name or 1-based number
    std::optional<DateLayout> date_layout;  // the user's choice; detected when empty
    std::optional<CsvDialect> dialect;      // sniffed when empty
    std::string sheet;                      // a workbook's worksheet to import; empty: the first
    Day earliest_date = Day{date::year{1900} / 1 / 1};
    Day latest_date = Day{date::year{2100} / 12 / 31};
    std::size_t rejected_rows_listed = 10000;  // rejected rows kept in detail; all are counted
    bool build_dataset = true;                 // orders only: build the Dataset of store + file
    // Stop after reading, with the report's counts and preview ready, until confirm(): the
    // page shows what will be stored before anything is written.
    bool confirm_before_writing = false;
    // A file with more rows is refused while reading, before anything is written (the page's
    // memory limit, touchpoint/limits.hpp); 0: no limit (the CLI).
    std::int64_t max_rows = limits::max_import_rows;
};

enum class ImportPhase { Analysing, NeedsDecision, Reading, AwaitingConfirmation, Writing, Done, Failed, Cancelled };

// A question the import cannot answer from the data.
struct ImportQuestion {
    std::string field;                 // "order_date"
    std::string message;               // "Dates like 03/04/2024 fit both day/month and month/day order."
    std::vector<DateLayout> choices;   // d/m/Y, m/d/Y
    std::vector<std::string> examples; // a few values from the file
};

class ImportJob : public jobs::Job {
public:
    ImportJob(Store& store, std::string file_name, std::string_view bytes, ImportOptions options);
    ~ImportJob() override;

    jobs::Progress step(std::chrono::milliseconds budget) override;
    void cancel() override;

    ImportPhase phase() const;
    const ImportReport& report() const;
    const std::optional<ImportQuestion>& question() const;
    void answer_date_layout(DateLayout layout);  // resumes a job waiting in NeedsDecision
    void confirm();                              // resumes a job waiting in AwaitingConfirmation: write

    // The file's columns and the mapping in use (after analysis), for the mapping editor.
    const std::vector<std::string>& columns() const;
    const ColumnMapping& mapping() const;

    // Orders only, after reading: the Dataset of what the store held plus this file's purchases.
    const Dataset* dataset() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Runs a whole import without pausing (the CLI and tests). A question the data cannot answer
// becomes the report's fatal error.
ImportReport import_file(Store& store, const std::string& file_name, std::string_view bytes, const ImportOptions& options);

}  // namespace touchpoint::data
