#include "app/workbench.hpp"

#include "touchpoint/clv/model_run.hpp"
#include "touchpoint/workspace/workspace.hpp"

#include "ui/format.hpp"
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/xlsx_reader.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace touchpoint::web {

namespace {

bool looks_like_sqlite(const platform::ReceivedFile& file) {
    constexpr std::string_view magic("SQLite format 3\0", 16);
    return file.view().substr(0, magic.size()) == magic;
}

double milliseconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// The local database is kept in the persistent folder in parts: the folder reaches IndexedDB file
// by file, one value each, and browsers refuse larger values (Chromium: about 127 MiB), which a
// few million orders exceed. Parts are "touchpoint.sqlite.part000", ".part001", ...; earlier
// versions kept the whole file as "touchpoint.sqlite", which is still read.
constexpr std::size_t store_part_bytes = std::size_t{16} << 20;
// Where the whole database file is put together to be loaded or saved (not persisted).
constexpr const char* working_store_file = "/tmp/touchpoint-local.sqlite";

std::string part_path(const std::string& base, std::size_t index) {
    char suffix[24];
    std::snprintf(suffix, sizeof suffix, ".part%03zu", index);
    return base + suffix;
}

// Joins the stored parts (or the single file of earlier versions) into `to`; false when nothing
// is stored yet.
bool join_store_parts(const std::string& base, const std::string& to) {
    namespace fs = std::filesystem;
    if (!fs::exists(part_path(base, 0))) {
        if (!fs::exists(base)) return false;
        fs::copy_file(base, to, fs::copy_options::overwrite_existing);
        return true;
    }
    std::ofstream out(to, std::ios::binary | std::ios::trunc);
    for (std::size_t i = 0; fs::exists(part_path(base, i)); ++i) {
        std::ifstream in(part_path(base, i), std::ios::binary);
        out << in.rdbuf();
    }
    if (!out) throw data::StoreError("the stored parts of the local database could not be put together");
    return true;
}

// Replaces the stored parts by the file `from`, cut into parts, and removes the rest.
void split_into_store_parts(const std::string& from, const std::string& base) {
    namespace fs = std::filesystem;
    std::ifstream in(from, std::ios::binary);
    if (!in) throw data::StoreError("the saved database could not be read back");
    std::vector<char> buffer(store_part_bytes);
    std::size_t index = 0;
    for (;;) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0 && index > 0) break;
        // One write per part: the in-memory file system then sizes each file once.
        std::FILE* part = std::fopen(part_path(base, index).c_str(), "wb");
        if (!part) throw data::StoreError("cannot write " + part_path(base, index));
        const bool written = std::fwrite(buffer.data(), 1, got, part) == got;
        if (std::fclose(part) != 0 || !written) throw data::StoreError("cannot write " + part_path(base, index));
        ++index;
        if (got < buffer.size()) break;
    }
    for (std::size_t i = index; fs::exists(part_path(base, i)); ++i) fs::remove(part_path(base, i));
    fs::remove(base);
}

void remove_store_parts(const std::string& base) {
    namespace fs = std::filesystem;
    for (std::size_t i = 0; fs::exists(part_path(base, i)); ++i) fs::remove(part_path(base, i));
    fs::remove(base);
}

}  // namespace

std::string Workbench::local_store_path() const { return platform::persistent_folder() + "/touchpoint.sqlite"; }
std::string Workbench::workspace_path() const { return platform::persistent_folder() + "/workspace.json"; }

// The editors' state (segment rules, cadences) as last saved; a file that cannot be read leaves
// the defaults and says why, without losing the file (it is only replaced by the next edit).
void Workbench::load_workspace() {
    const auto bytes = data::read_file_bytes(workspace_path());
    if (!bytes) return;  // a first visit
    auto state = nlohmann::json::parse(*bytes, nullptr, false);
    if (!state.is_object()) {
        errors.push_back(workspace_path() + ": the saved workspace is not valid JSON; starting with the defaults");
        return;
    }
    state.erase("mapping");  // belongs to an import, not to the workspace
    edits_.reset(state);
    saved_workspace_ = std::move(state);
    saved_revision_ = edits_.revision();
}

std::optional<sim::Population> Workbench::fitted_population() const {
    if (!simulator_models_ || simulator_models_->purchase.kind != clv::ModelKind::BgNbd) return std::nullopt;
    try {
        return sim::population_from_fit(simulator_models_->purchase, simulator_models_->unit,
                                        simulator_models_->spend ? &*simulator_models_->spend : nullptr);
    } catch (const std::exception&) {
        return std::nullopt;  // the Simulate section says why
    }
}

std::optional<sim::Population> Workbench::workspace_population() const {
    const auto& state = edits_.current();
    if (!state.is_object() || !state.contains("model") || state["model"].is_null()) return std::nullopt;
    try {
        return sim::population_from_json(state["model"]);
    } catch (const std::exception&) {
        return std::nullopt;  // opening checked it; an edit cannot break it
    }
}

void Workbench::set_simulator_models(SimulatorModels models) {
    simulator_models_ = std::move(models);
    ++simulator_models_revision_;
}

const PopulationSource& Workbench::simulation_population_source() const {
    if (population_source_ && population_models_revision_ == simulator_models_revision_ &&
        population_workspace_revision_ == edits_.revision())
        return *population_source_;
    PopulationSource source;
    if (simulator_models_) {
        const auto& models = *simulator_models_;
        if (models.purchase.kind != clv::ModelKind::BgNbd) {
            source.warning = std::string("Only BG/NBD can be simulated; the model handed over is ") + clv::model_title(models.purchase.kind) +
                             ", so the customers come from the sample shop's defaults. Fit BG/NBD in Models and press "
                             "\"Use in simulator\" to simulate your own customers.";
        } else {
            try {
                source.population = sim::population_from_fit(models.purchase, models.unit, models.spend ? &*models.spend : nullptr);
                source.from_fit = true;
            } catch (const std::exception& error) {
                source.warning = std::string("This fit cannot be simulated (") + error.what() + "), so the customers come from the sample shop's defaults.";
            }
        }
    } else if (auto shared = workspace_population()) {
        source.population = *std::move(shared);
        source.from_workspace = true;
    }
    if (!source.from_fit && !source.from_workspace) source.population = sim::sample_shop_population();
    population_source_ = std::move(source);
    population_models_revision_ = simulator_models_revision_;
    population_workspace_revision_ = edits_.revision();
    return *population_source_;
}

void Workbench::save_workspace_if_changed() {
    if (read_only) return;  // a visitor's own saved workspace is not replaced by the one they view
    if (edits_.revision() == saved_revision_) return;  // no copy nor compare on a frame without an edit
    saved_revision_ = edits_.revision();
    auto state = edits_.current();
    state.erase("mapping");
    if (state == saved_workspace_) return;
    std::ofstream file(workspace_path(), std::ios::binary | std::ios::trunc);
    file << state.dump(1);
    if (!file) {
        errors.push_back("The workspace could not be saved for the next visit (" + workspace_path() + ")");
    } else {
        platform::persist_files();
    }
    saved_workspace_ = std::move(state);  // tried once per change, not every frame
}

void Workbench::start(std::optional<data::SampleShopOptions> requested_sample) {
    if (requested_sample) sample_options_ = *requested_sample;
    load_workspace();
    try {
        open_local_store();
    } catch (const std::exception& error) {
        errors.push_back(std::string("The local database could not be opened: ") + error.what());
    }
    if (local_orders_ > 0 && !requested_sample)
        show_local_store();
    else
        show_sample();
}

void Workbench::open_local_store() {
    local_store_.reset();
    // Worked on in memory and saved whole after each change: the page's files are in memory
    // anyway, and SQLite page by page through them is several times slower.
    std::filesystem::remove(working_store_file);
    join_store_parts(local_store_path(), working_store_file);
    try {
        local_store_.emplace(data::Store::open_in_memory_copy(working_store_file));
    } catch (...) {
        std::filesystem::remove(working_store_file);
        throw;
    }
    std::filesystem::remove(working_store_file);
    local_orders_ = local_store_->count_rows("orders");
}

void Workbench::show_dataset(data::Dataset dataset) {
    metrics_ = metrics::compute_headline_metrics(dataset);
    dataset_ = std::make_shared<const data::Dataset>(std::move(dataset));
}

void Workbench::show_local_store(bool dataset_shown) {
    if (!dataset_shown) show_dataset(data::load_dataset(*local_store_));
    source_ = DataSource::Local;
    source_description_ = "Your data: " + format_count(local_orders_) +
                          " order rows in this browser's local database. Nothing is uploaded.";
}

void Workbench::show_sample() {
    if (!sample_store_) {
        sample_store_.emplace(data::Store::open(":memory:"));
        data::write_sample_shop(*sample_store_, data::generate_sample_shop(sample_options_));
    }
    show_dataset(data::load_dataset(*sample_store_));
    source_ = DataSource::Sample;
    source_description_ = "Built-in sample shop (seed " + std::to_string(sample_options_.seed) + ", " +
                          format_count(sample_options_.customers) +
                          " customers), generated in this browser. Import your own orders on the Data page.";
}

void Workbench::receive_file(platform::ReceivedFile file) {
    if (import_) {
        errors.push_back("'" + file.name + "' was not imported: another import is still running.");
        return;
    }
    if (looks_like_sqlite(file)) return open_database_file(std::move(file));
    if (workspace::is_workspace_json(file.view())) {
        received_workspaces.push_back({std::string(file.view()), file.name});  // the Share section opens it
        return;
    }
    if (!local_store_) {
        errors.push_back("'" + file.name + "' was not imported: the local database is not available.");
        return;
    }
    data::ImportOptions options;
    options.table = import_table;
    options.confirm_before_writing = import_table == data::TableKind::Orders;  // the preview
    start_import(std::move(file), options);
}

void Workbench::start_import(platform::ReceivedFile file, data::ImportOptions options) {
    // The rows take up to about twice as many bytes in the database as in the file; room now
    // spares SQLite from copying the growing database again and again.
    local_store_->reserve_in_memory(2 * file.size);
    ImportRun run;
    run.file = std::move(file);
    run.options = options;
    if (data::looks_like_zip(run.file.view())) {
        try {
            run.sheets = data::xlsx_sheet_names(run.file.view());
        } catch (const data::XlsxError&) {
            // The import reads the workbook again and reports what is wrong with it.
        }
    }
    run.job = std::make_shared<data::ImportJob>(*local_store_, run.file.name, run.file.view(), std::move(options));
    run.job_id = runner_.start("Importing " + run.file.name, run.job);
    run.status = *runner_.status(run.job_id);
    import_ = std::move(run);
    last_report_.reset();
    mapping_request_.reset();
}

void Workbench::import_with_mapping() {
    if (!mapping_request_ || import_) return;
    auto request = std::move(*mapping_request_);
    mapping_request_.reset();
    const auto& spec = data::table_spec(request.table);
    data::ImportOptions options;
    options.table = request.table;
    options.sheet = request.sheet;
    options.confirm_before_writing = request.table == data::TableKind::Orders;
    for (std::size_t f = 0; f < spec.fields.size(); ++f) {
        const int column = request.column_of_field[f];
        options.mapping_overrides.emplace_back(spec.fields[f].name, column < 0 ? "-" : std::to_string(column + 1));
    }
    start_import(std::move(request.file), std::move(options));
}

void Workbench::choose_mapping_column(std::size_t field, int column) {
    if (!mapping_request_ || field >= mapping_request_->column_of_field.size()) return;
    auto& request = *mapping_request_;
    if (request.column_of_field[field] == column) return;
    request.column_of_field[field] = column;
    const auto& spec = data::table_spec(request.table);
    const std::string source = column < 0 ? "no column" : "column '" + request.columns[static_cast<std::size_t>(column)] + "'";
    auto state = edits_.current();
    state["mapping"] = request.column_of_field;
    edits_.commit("map " + std::string(spec.fields[field].name) + " to " + source, std::move(state));
}

void Workbench::apply_edit_state(const nlohmann::json& state) {
    // The segment rules are read from the state by the Segments section itself.
    if (!mapping_request_ || !state.contains("mapping")) return;
    const auto& mapping = state["mapping"];
    if (!mapping.is_array() || mapping.size() != mapping_request_->column_of_field.size()) return;
    mapping_request_->column_of_field = mapping.get<std::vector<int>>();
}

void Workbench::undo() {
    if (edits_.can_undo()) apply_edit_state(edits_.undo());
}

void Workbench::redo() {
    if (edits_.can_redo()) apply_edit_state(edits_.redo());
}

void Workbench::pump_jobs(std::chrono::milliseconds budget) {
    runner_.pump(budget);
    if (import_) {
        auto& run = *import_;
        if (auto status = runner_.status(run.job_id)) run.status = std::move(*status);
        // The dashboard can show the file's numbers as soon as it has been read, before the
        // rows are written.
        if (!run.dashboard_updated && run.job->dataset() && run.job->phase() != data::ImportPhase::AwaitingConfirmation) {
            show_dataset(*run.job->dataset());
            run.dashboard_updated = true;
        }
    }
    collect_finished_jobs();
    if (import_job_ended_) finish_import();
}

void Workbench::collect_finished_jobs() {
    for (auto& finished : runner_.take_finished()) {
        if (import_ && finished.id == import_->job_id) {
            import_->status = std::move(finished);
            import_job_ended_ = true;
            continue;
        }
        if (finished.state == jobs::JobState::Failed) errors.push_back(finished.title + " failed: " + finished.error);
        finished_jobs_.push_back(std::move(finished));
        // A section that never looks again (its job's result dropped with the data) must not
        // make the list grow: the oldest go.
        if (finished_jobs_.size() > 64) finished_jobs_.erase(finished_jobs_.begin());
    }
}

std::optional<jobs::JobStatus> Workbench::take_finished_job(jobs::JobId id) {
    collect_finished_jobs();  // a job cancelled since the last pump has ended already
    const auto found = std::find_if(finished_jobs_.begin(), finished_jobs_.end(), [id](const auto& status) { return status.id == id; });
    if (found == finished_jobs_.end()) return std::nullopt;
    auto status = std::move(*found);
    finished_jobs_.erase(found);
    return status;
}

void Workbench::cancel_job(jobs::JobId id) {
    if (import_ && import_->job_id == id) return cancel_import();
    runner_.cancel(id);
}

void Workbench::finish_import() {
    import_job_ended_ = false;
    auto& run = *import_;
    last_report_ = run.job->report();
    const auto phase = run.job->phase();
    if (last_report_->mapping_incomplete) {
        // Keep the file: the user maps its columns on the Data page and imports it again.
        MappingRequest request;
        request.table = run.job->mapping().table;
        request.sheet = run.options.sheet;
        request.columns = run.job->columns();
        request.column_of_field = run.job->mapping().column_of_field;
        request.file = std::move(run.file);
        open_mapping_request(std::move(request));
    }
    // An orders import already showed the Dataset of the store plus the file, which is what
    // the store now holds: no need to read a million rows back.
    const bool dataset_shown = run.dashboard_updated;
    import_.reset();
    if (phase == data::ImportPhase::Done && last_report_->rows_loaded > 0) {
        save_local_store();
        local_orders_ = local_store_->count_rows("orders");
        if (local_orders_ > 0) show_local_store(dataset_shown);
    } else {
        if (last_report_->fatal_error && !last_report_->mapping_incomplete) errors.push_back(*last_report_->fatal_error);
        // The dashboard may have shown the file early; go back to what is stored.
        if (source_ == DataSource::Local) show_local_store();
        else show_sample();
    }
}

void Workbench::save_local_store() {
    try {
        local_store_->save_to(working_store_file);
        split_into_store_parts(working_store_file, local_store_path());
        std::filesystem::remove(working_store_file);
        platform::persist_files();
    } catch (const std::exception& error) {
        std::filesystem::remove(working_store_file);
        errors.push_back(std::string("The import is in memory but could not be saved for the next visit: ") + error.what());
    }
}

void Workbench::cancel_import() {
    if (!import_) return;
    runner_.cancel(import_->job_id);  // rolls the import back
    collect_finished_jobs();
    finish_import();
}

void Workbench::open_mapping_request(MappingRequest request) {
    // A new file to map: its steps cannot undo into another file's mapping, so the history
    // starts again (the other editors' state is kept).
    auto state = edits_.current();
    state["mapping"] = request.column_of_field;
    edits_.reset(std::move(state));
    mapping_request_ = std::move(request);
}

bool Workbench::import_awaits_confirmation() const {
    return import_ && import_->job->phase() == data::ImportPhase::AwaitingConfirmation;
}

void Workbench::confirm_import() {
    if (!import_awaits_confirmation()) return;
    import_->job->confirm();
    runner_.resume(import_->job_id);
    import_->status.state = jobs::JobState::Running;
}

platform::ReceivedFile Workbench::cancel_import_keeping_file() {
    runner_.cancel(import_->job_id);  // nothing was written: the store is as it was
    collect_finished_jobs();
    import_job_ended_ = false;
    auto file = std::move(import_->file);
    import_.reset();
    return file;
}

void Workbench::change_import_mapping() {
    if (!import_awaits_confirmation()) return;
    MappingRequest request;
    request.table = import_->job->mapping().table;
    request.sheet = import_->options.sheet;
    request.columns = import_->job->columns();
    request.column_of_field = import_->job->mapping().column_of_field;
    request.file = cancel_import_keeping_file();
    open_mapping_request(std::move(request));
}

void Workbench::choose_import_sheet(const std::string& sheet) {
    if (!import_awaits_confirmation() || import_->options.sheet == sheet) return;
    auto options = import_->options;
    options.sheet = sheet;
    start_import(cancel_import_keeping_file(), std::move(options));
}

void Workbench::answer_date_layout(data::DateLayout layout) {
    if (!import_) return;
    import_->job->answer_date_layout(layout);
    runner_.resume(import_->job_id);
    import_->status.state = jobs::JobState::Running;
}

void Workbench::open_database_file(platform::ReceivedFile file) {
    // Check the database in a scratch file first: the local store is replaced only by a
    // database that opens, migrates and passes SQLite's integrity check.
    const std::string scratch = "/tmp/incoming.sqlite";
    try {
        {
            std::ofstream out(scratch, std::ios::binary | std::ios::trunc);
            out.write(file.bytes.get(), static_cast<std::streamsize>(file.size));
        }
        {
            auto incoming = data::Store::open(scratch);
            auto check = incoming.prepare("PRAGMA integrity_check");
            check.step();
            if (check.column_text(0) != "ok")
                throw data::StoreError("the database is damaged: " + std::string(check.column_text(0)));
        }
        local_store_.reset();
        split_into_store_parts(scratch, local_store_path());
        std::filesystem::remove(scratch);
        open_local_store();
        platform::persist_files();
        if (local_orders_ > 0) show_local_store();
        else show_sample();
    } catch (const std::exception& error) {
        std::filesystem::remove(scratch);
        errors.push_back("'" + file.name + "' was not opened: " + error.what());
        if (!local_store_) open_local_store();
    }
}

void Workbench::clear_local_data() {
    if (import_) cancel_import();
    local_store_.reset();
    remove_store_parts(local_store_path());
    open_local_store();
    platform::persist_files();
    last_report_.reset();
    show_sample();
}

void Workbench::export_database() {
    if (import_) {
        errors.push_back("Wait for the import to finish before exporting the database.");
        return;
    }
    std::optional<std::string> bytes;
    try {
        if (join_store_parts(local_store_path(), working_store_file)) bytes = data::read_file_bytes(working_store_file);
    } catch (const std::exception&) {
    }
    std::filesystem::remove(working_store_file);
    if (!bytes) {
        errors.push_back("There is no saved local database to export yet.");
        return;
    }
    platform::download("touchpoint.sqlite", *bytes, "application/vnd.sqlite3");
}

void Workbench::export_rejected_rows() {
    if (!last_report_) return;
    platform::download(last_report_->file + ".rejected.csv", data::rejected_rows_csv(*last_report_), "text/csv");
}

nlohmann::json Workbench::data_state_json() const {
    nlohmann::json state{{"source", source_ == DataSource::Local ? "local" : "sample"},
                         {"local_orders", local_orders_},
                         {"errors", errors}};
    state["import"] = last_report_ ? data::to_json(*last_report_) : nlohmann::json(nullptr);
    if (mapping_request_) {
        const auto& spec = data::table_spec(mapping_request_->table);
        nlohmann::json fields = nlohmann::json::object();
        for (std::size_t f = 0; f < spec.fields.size(); ++f) fields[spec.fields[f].name] = mapping_request_->column_of_field[f];
        state["mapping_request"] = {{"file", mapping_request_->file.name}, {"columns", mapping_request_->columns}, {"fields", fields}};
    } else {
        state["mapping_request"] = nullptr;
    }
    state["preview"] = import_awaits_confirmation() ? data::to_json(import_->job->report()) : nlohmann::json(nullptr);
    if (import_)
        state["job"] = {{"phase", import_->status.progress.phase}, {"fraction", import_->status.progress.fraction},
                        {"rows", import_->status.progress.items},
                        {"waiting", import_->status.state == jobs::JobState::Waiting}};
    else
        state["job"] = nullptr;
    return state;
}

nlohmann::json Workbench::benchmark_import(const std::string& name, std::string_view bytes) {
    const std::string path = "/tmp/benchmark.sqlite";
    std::filesystem::remove(path);
    auto store = data::Store::open_in_memory_copy(path);  // as the local store is kept
    store.reserve_in_memory(2 * bytes.size());
    const auto start = std::chrono::steady_clock::now();
    data::ImportJob job(store, name, bytes, {});
    double dashboard_ms = -1;
    jobs::Progress progress = job.step(std::chrono::milliseconds(0));  // the analysis and a first slice
    const double analysis_ms = milliseconds_since(start);
    do {
        // The same slices as between frames, so the benchmark runs the job as the page does.
        progress = job.step(job_slice);
        if (dashboard_ms < 0 && job.dataset()) {
            const auto numbers = metrics::compute_headline_metrics(*job.dataset());
            dashboard_ms = milliseconds_since(start);
            (void)numbers;
        }
    } while (!progress.finished && !progress.waiting);
    if (job.phase() == data::ImportPhase::Done) store.save_to(path);
    const double persisted_ms = milliseconds_since(start);
    const auto& report = job.report();
    nlohmann::json result{{"analysis_ms", analysis_ms},
                          {"dashboard_ms", dashboard_ms},
                          {"persisted_ms", persisted_ms},
                          {"rows_read", report.rows_read},
                          {"rows_loaded", report.rows_loaded},
                          {"rows_rejected", report.rows_rejected},
                          {"peak_wasm_bytes", platform::memory_bytes()}};
    if (report.fatal_error) result["error"] = *report.fatal_error;
    std::filesystem::remove(path);
    return result;
}

}  // namespace touchpoint::web
