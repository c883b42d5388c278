#pragma once
// The workbench's state behind the panels: which data is shown (the built-in sample or the
// user's own local store), the import job in progress, and the numbers the dashboard draws.
#include "platform/platform.hpp"
#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/sample_shop.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/metrics/headline.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace touchpoint::web {

enum class DataSource { Sample, Local };

// Work done between two frames: short enough to keep the page at its frame rate.
inline constexpr std::chrono::milliseconds job_slice{12};

// A file whose columns the import could not map by itself, kept until the user maps them.
struct MappingRequest {
    platform::ReceivedFile file;
    data::TableKind table;
    std::vector<std::string> columns;
    std::vector<int> column_of_field;  // the suggestion, then the user's choice; -1 unmapped
};

struct ImportRun {
    platform::ReceivedFile file;  // the bytes the job reads; freed when the run ends
    std::unique_ptr<data::ImportJob> job;
    std::chrono::steady_clock::time_point started;
    jobs::Progress progress;
    bool dashboard_updated = false;
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
    // Imports the file of the mapping request again with the user's mapping.
    void import_with_mapping();
    void discard_mapping_request() { mapping_request_.reset(); }
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
    const std::optional<ImportRun>& import_run() const { return import_; }
    const std::optional<data::ImportReport>& last_report() const { return last_report_; }
    std::int64_t local_order_count() const { return local_orders_; }

    data::TableKind import_table = data::TableKind::Orders;
    std::vector<std::string> errors;  // shown as toasts until read

    nlohmann::json data_state_json() const;

private:
    std::string local_store_path() const;
    void open_local_store();
    void show_local_store();
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
    void start_import(platform::ReceivedFile file, data::ImportOptions options);

    std::optional<ImportRun> import_;
    std::optional<MappingRequest> mapping_request_;
    std::optional<data::ImportReport> last_report_;
    std::int64_t local_orders_ = 0;
};

}  // namespace touchpoint::web
