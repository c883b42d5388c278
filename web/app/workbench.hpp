#pragma once
// The workbench's state behind the panels: which data is shown (the built-in sample or the
// user's own local store), the import job in progress, and the numbers the dashboard draws.
#include "app/cadence_catalogue.hpp"
#include "platform/platform.hpp"
#include "touchpoint/clv/models.hpp"
#include "touchpoint/clv/summary.hpp"
#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/jobs/runner.hpp"
#include "touchpoint/workspace/undo_history.hpp"
#include "touchpoint/metrics/headline.hpp"
#include "touchpoint/sim/population.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace touchpoint::web {

enum class DataSource { Sample, Local };

// What the Open dialog offers: the files the page imports.
inline constexpr const char* importable_file_types = ".csv,.tsv,.txt,.xlsx,.sqlite,.db,text/csv";

// Work done between two frames: short enough to keep the page at its frame rate.
inline constexpr std::chrono::milliseconds job_slice{12};
// What a whole frame (jobs and drawing) may take: under a 60 Hz display's 16.7 ms.
inline constexpr double frame_budget_ms = 14.0;
// The job slice for the next frame: what the frame budget leaves after drawing, which takes
// longer with a big table or chart on screen, and never less than 2 ms so jobs move on.
inline std::chrono::milliseconds job_slice_after(double drawing_ms) {
    const double left = frame_budget_ms - drawing_ms;
    return std::chrono::milliseconds(static_cast<long long>(std::clamp(left, 2.0, static_cast<double>(job_slice.count()))));
}

// The customers simulations draw and where they come from.
struct PopulationSource {
    sim::Population population;
    bool from_fit = false;        // the BG/NBD fit handed over by Models
    bool from_workspace = false;  // the model of an opened workspace
    std::string warning;          // why a handed-over fit is not used
};

// A file whose columns the import could not map by itself, kept until the user maps them.
struct MappingRequest {
    platform::ReceivedFile file;
    data::TableKind table;
    std::string sheet;  // the worksheet, for a workbook
    std::vector<std::string> columns;
    std::vector<int> column_of_field;  // the suggestion, then the user's choice; -1 unmapped
};

struct ImportRun {
    platform::ReceivedFile file;  // the bytes the job reads; freed when the run ends
    data::ImportOptions options;  // as started: a change of sheet or mapping starts again from them
    std::vector<std::string> sheets;  // a workbook's worksheets, to choose from in the preview
    std::shared_ptr<data::ImportJob> job;  // run by the job runner; read here for its report
    jobs::JobId job_id = 0;
    jobs::JobStatus status;  // as of the last frame
    bool dashboard_updated = false;
};

// The fitted models the Models section hands to the simulator, which draws its customers
// from them: the purchase model, the spend model when there was one, and where they came from.
struct SimulatorModels {
    clv::FitResult purchase;
    std::optional<clv::FitResult> spend;
    clv::TimeUnit unit = clv::TimeUnit::Week;
    std::string calibration_end;  // ISO date
    std::string data_description;  // the data they were fitted on
};

// The customers behind a number the user clicked (a cohort cell, a segment, a bar), for the
// drill-down's list window.
struct CustomerListRequest {
    std::string title;                     // what was clicked, e.g. "Cohort 2024-03, month 2"
    std::vector<std::uint32_t> customers;  // indices into the shown Dataset's customer_ids
};

// What one section asks of another. Sections do not call each other: the asking section sets
// a request here, and the section asked carries it out when it next draws (or at once, in the
// same command).
struct Handoffs {
    std::optional<CustomerListRequest> customer_list;  // the drill-down lists these customers
    std::optional<std::string> customer_timeline;      // the drill-down opens this customer's timeline
    std::vector<std::string> cadences_to_simulate;     // Simulate adds these workspace cadences to its next run
};

class Workbench {
public:
    // Opens the local store; shows it if it holds orders, the sample shop otherwise
    // (or when the page asks for a sample with ?seed=).
    void start(std::optional<data::SampleShopOptions> requested_sample);

    // A file from the Open dialog or dropped on the page: a .sqlite database replaces the
    // local store, anything else is imported into `import_table`.
    void receive_file(platform::ReceivedFile file);
    // Advances the import by about `budget`, between frames.
    void pump_jobs(std::chrono::milliseconds budget);
    void cancel_import();
    // An orders import stops after reading with its preview (the report's counts and first
    // orders); nothing is written until the user confirms.
    bool import_awaits_confirmation() const;
    void confirm_import();
    // From the preview: edit the mapping (the file is read again once mapped), or read
    // another worksheet of a workbook.
    void change_import_mapping();
    void choose_import_sheet(const std::string& sheet);
    // Imports the file of the mapping request again with the user's mapping.
    void import_with_mapping();
    void discard_mapping_request() { mapping_request_.reset(); }
    // The mapping editor's one edit: field `field` comes from column `column` (-1: none).
    // Each choice is a step the user can undo.
    void choose_mapping_column(std::size_t field, int column);

    // Undo and redo of the editor in use (today the mapping editor; the cadence and
    // experiment editors will share the same history).
    bool can_undo() const { return edits_.can_undo(); }
    bool can_redo() const { return edits_.can_redo(); }
    std::string undo_description() const { return edits_.undo_description(); }
    std::string redo_description() const { return edits_.redo_description(); }
    void undo();
    void redo();
    // The workspace the editors change, as one JSON state ({"mapping": [...], "segment_rules":
    // {...}, "cadences": [...]}), with its undo history. It is saved in this browser (beside the
    // local database) whenever it changes, and read back at start.
    workspace::UndoHistory& edits() { return edits_; }
    const workspace::UndoHistory& edits() const { return edits_; }
    // Writes the workspace when it differs from what was last written; called once per frame.
    void save_workspace_if_changed();
    std::optional<MappingRequest>& mapping_request() { return mapping_request_; }
    void answer_date_layout(data::DateLayout layout);

    void clear_local_data();
    void export_database();
    void export_rejected_rows();

    // Imports `bytes` into a fresh store, start to end, timing the dashboard numbers and the
    // commit (the browser benchmark's Touchpoint entry).
    nlohmann::json benchmark_import(const std::string& name, std::string_view bytes);

    DataSource source() const { return source_; }
    const std::string& source_description() const { return source_description_; }
    const metrics::HeadlineMetrics& metrics() const { return metrics_; }
    // The Dataset behind the numbers shown (the tables browse it); never null after start().
    std::shared_ptr<const data::Dataset> dataset() const { return dataset_; }
    // The store behind the Dataset shown (surveys, tickets, touches and customer timelines are
    // read from it). A new Dataset is made whenever what the store holds changes, so views key
    // their caches on dataset().
    data::Store& shown_store() { return source_ == DataSource::Local && local_store_ ? *local_store_ : *sample_store_; }
    const jobs::JobRunner& job_runner() const { return runner_; }
    // Starts a job of a section (a model fit); the caller keeps its own pointer to read the
    // result once the runner no longer lists the id. A failure is shown as a toast.
    jobs::JobId start_job(std::string title, std::shared_ptr<jobs::Job> job) { return runner_.start(std::move(title), std::move(job)); }
    void cancel_job(jobs::JobId id);
    // How a section's job ended (Done, Failed, Cancelled), once, after the runner let go of it;
    // empty for an id that never ended or was taken already (ui/job_slot.hpp).
    std::optional<jobs::JobStatus> take_finished_job(jobs::JobId id);
    const std::optional<ImportRun>& import_run() const { return import_; }
    const std::optional<data::ImportReport>& last_report() const { return last_report_; }
    std::int64_t local_order_count() const { return local_orders_; }

    data::TableKind import_table = data::TableKind::Orders;
    // Set by the Models section's "Use in simulator"; the Simulate section starts from it.
    const std::optional<SimulatorModels>& simulator_models() const { return simulator_models_; }
    void set_simulator_models(SimulatorModels models);
    Handoffs handoffs;
    // The cadence templates the page ships, read once on first use, and the lookups of a chosen cadence.
    CadenceCatalogue& cadence_catalogue() { return cadence_catalogue_; }
    const CadenceCatalogue& cadence_catalogue() const { return cadence_catalogue_; }
    // The customers simulations draw: the BG/NBD fit handed over by Models, else the model of an
    // opened workspace ("model"), else nothing (the sections fall back to the sample shop's).
    std::optional<sim::Population> fitted_population() const;
    std::optional<sim::Population> workspace_population() const;
    // The first of those there is, else the sample shop's defaults, with where it came from;
    // made again only when the hand-over or the workspace changes, not on every frame.
    const PopulationSource& simulation_population_source() const;
    const sim::Population& simulation_population() const { return simulation_population_source().population; }

    // Viewer mode: a published workspace opened read-only. Edits are undone as they happen and
    // nothing is saved in this browser until the visitor makes their own copy.
    bool read_only = false;
    // Workspace files the user opened (Open dialog or dropped on the page), for the Share section.
    struct ReceivedWorkspace {
        std::string text;
        std::string source;  // the file name
    };
    std::vector<ReceivedWorkspace> received_workspaces;
    std::vector<std::string> errors;  // shown as toasts until read

    nlohmann::json data_state_json() const;

private:
    std::string local_store_path() const;
    std::string workspace_path() const;
    void load_workspace();
    void open_local_store();
    void show_local_store(bool dataset_shown = false);
    void show_sample();
    void open_database_file(platform::ReceivedFile file);
    void finish_import();
    void save_local_store();

    std::optional<data::Store> local_store_;
    std::optional<data::Store> sample_store_;
    data::SampleShopOptions sample_options_;
    DataSource source_ = DataSource::Sample;
    std::string source_description_;
    metrics::HeadlineMetrics metrics_;
    std::shared_ptr<const data::Dataset> dataset_;
    jobs::JobRunner runner_;
    CadenceCatalogue cadence_catalogue_;
    void show_dataset(data::Dataset dataset);
    void start_import(platform::ReceivedFile file, data::ImportOptions options);
    // Cancels the running import and hands back its file, to import it again differently.
    platform::ReceivedFile cancel_import_keeping_file();
    void open_mapping_request(MappingRequest request);

    std::vector<jobs::JobStatus> finished_jobs_;  // sections' jobs that ended, until their section reads them
    bool import_job_ended_ = false;               // the import's job ended: finish_import() on the next pump
    // Takes the runner's ended jobs: the import's status to the import, the sections' kept in
    // finished_jobs_ until their section reads them.
    void collect_finished_jobs();
    std::optional<SimulatorModels> simulator_models_;
    std::uint64_t simulator_models_revision_ = 0;  // counts hand-overs
    // simulation_population_source(), with the revisions it was made for.
    mutable std::optional<PopulationSource> population_source_;
    mutable std::uint64_t population_models_revision_ = 0, population_workspace_revision_ = 0;
    std::optional<ImportRun> import_;
    std::optional<MappingRequest> mapping_request_;
    workspace::UndoHistory edits_{nlohmann::json::object()};
    nlohmann::json saved_workspace_ = nlohmann::json::object();
    std::uint64_t saved_revision_ = 0;  // edits_.revision() when saved_workspace_ was last compared
    void apply_edit_state(const nlohmann::json& state);
    std::optional<data::ImportReport> last_report_;
    std::int64_t local_orders_ = 0;
};

}  // namespace touchpoint::web
