#include "touchpoint/data/importer.hpp"

#include "touchpoint/data/content_hash.hpp"
#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/text_encoding.hpp"
#include "touchpoint/data/xlsx_reader.hpp"
#include "id_numbering.hpp"
#include "known_exports.hpp"
#include "order_lines.hpp"
#include "string_lookup.hpp"

// Open addressing without a node per entry: a million order ids are looked up in a fraction
// of the time std::unordered_map needs.
#include <boost/unordered/unordered_flat_map.hpp>
#include <boost/unordered/unordered_flat_set.hpp>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <charconv>
#include <cmath>
#include <deque>
#include <limits>

namespace touchpoint::data {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t sample_rows_for_detection = 5000;
constexpr std::size_t raw_text_kept = 200;
constexpr int no_day = std::numeric_limits<int>::min();
constexpr std::size_t max_fields_per_table = 16;
constexpr std::size_t examples_per_reason = 5;
constexpr std::size_t preview_orders = 20;
constexpr std::size_t guest_examples_kept = 64;  // candidates: a line's order may still find its customer later
constexpr double cent = 0.005;

// "13085.0": a spreadsheet wrote a whole-number id as a number.
bool is_whole_number_with_zero_fraction(std::string_view text) {
    const auto point = text.find('.');
    if (point == 0 || point == std::string_view::npos || point + 1 == text.size()) return false;
    return std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(point), [](char c) { return c >= '0' && c <= '9'; }) &&
           std::all_of(text.begin() + static_cast<std::ptrdiff_t>(point) + 1, text.end(), [](char c) { return c == '0'; });
}

bool is_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "C489449": the UCI files' cancellation invoices.
bool is_cancellation_invoice(std::string_view id) { return id.size() > 1 && (id[0] == 'C' || id[0] == 'c') && is_digits(id.substr(1)); }

// Why a field of a row could not be read. A plain value, so checking a row builds no text:
// the message is written only for rows that are rejected.
enum class FieldFault : unsigned char { Empty, NotADate, DateTooEarly, DateTooLate, NotAnAmount, NotAWholeNumber, NotAScore };

struct FieldProblem {
    std::size_t field = 0;
    FieldFault fault = FieldFault::Empty;
    int day = 0;  // the date found, for the date bounds
};

// One field of the row being checked.
struct ParsedValue {
    std::string_view text;
    int day = no_day;
    double number = std::numeric_limits<double>::quiet_NaN();
};

// Report text must be valid UTF-8 (it goes into JSON and the UI): bytes of a damaged
// sequence are shown as '?'.
std::string printable(std::string_view text) {
    text = text.substr(0, std::min(text.size(), raw_text_kept));
    if (is_valid_utf8(text)) return std::string(text);
    std::string result;
    for (char c : text) result += static_cast<unsigned char>(c) < 0x80 ? c : '?';
    return result;
}

std::string describe_dialect(const CsvDialect& dialect) {
    std::string text;
    if (dialect.whitespace_separated) text = "whitespace-separated";
    else if (dialect.delimiter == ',') text = "comma-separated";
    else if (dialect.delimiter == ';') text = "semicolon-separated";
    else if (dialect.delimiter == '\t') text = "tab-separated";
    else if (dialect.delimiter == '|') text = "pipe-separated";
    else text = std::string("separated by '") + dialect.delimiter + "'";
    return text + (dialect.has_header ? ", with a header row" : ", no header row");
}

std::string format_date_bound(Day day) { return format_iso_date(day); }

}  // namespace

struct ImportJob::State {
    Store& store;
    std::string file_name;
    std::string_view bytes;
    ImportOptions options;
    const TableSpec& spec;

    ImportPhase phase = ImportPhase::Analysing;
    ImportReport report;
    std::optional<ImportQuestion> question;

    // Analysis
    EncodingDetection encoding;
    std::string converted;  // the text in UTF-8 when the file was Latin-1
    std::string_view text;
    CsvDialect dialect;
    std::vector<std::string> columns;
    ColumnMapping mapping;
    std::string signature;
    std::vector<std::optional<DateLayout>> date_layouts;  // per field
    std::vector<AmountFormat> amount_formats;             // per field
    std::int64_t header_line = 0;

    // Reading
    std::unique_ptr<CsvReader> reader;
    CsvRecord record;
    // Only what the dashboard and the writing need is kept per row: the values themselves are
    // read again from the text when they are written, which keeps a million-row import's
    // memory (and the time spent touching it) small.
    std::vector<std::int64_t> accepted_lines;
    std::deque<std::string> owned_text;  // unique values that were unescaped from quotes: the reader reuses its buffer
    boost::unordered_flat_map<std::string_view, std::int64_t> unique_values_seen;  // value -> line
    bool unique_values_ascending = true;  // every unique value so far sorted after the previous one
    std::string_view last_unique_value;
    boost::unordered_flat_set<std::string, StringViewHash, StringViewEqual> unique_values_stored;
    std::optional<Dataset> stored_dataset;
    IdNumbering customer_numbers;
    std::vector<std::string> customer_ids;
    std::vector<OrderPoint> purchases;
    std::optional<Dataset> dataset;

    std::array<ParsedValue, max_fields_per_table> row_values{};  // the row being checked
    // Fields a row is rejected without. An order's customer, amount and (for line items) date
    // may come from another field or another line: the order, not the row, must have them.
    std::array<bool, max_fields_per_table> required_in_every_row{};

    // Field positions looked up once, not per row.
    int amount_field = -1, status_field = -1, customer_field = -1, order_date_field = -1, unique_field = -1;
    int email_field = -1, unit_price_field = -1, quantity_field = -1, category_field = -1, channel_field = -1;
    int cancelled_date_field = -1, refunded_field = -1, captured_field = -1;

    // Orders: how this file's rows become orders (docs/import.md), decided during analysis.
    const KnownExport* known_export = nullptr;
    bool line_items = false;                // rows are lines, grouped into orders by order id
    bool customer_ids_as_numbers = false;   // "13085.0": stored as "13085"
    bool numeric_invoices = false;          // then "C" + digits is a cancellation
    bool zero_customer_is_guest = false;
    bool total_includes_extras = false;
    OrderLineGroups line_groups;
    struct OrderToWrite {
        std::uint32_t group;
        OrderOutcome outcome;
    };
    std::vector<OrderToWrite> orders_to_write;  // line items: the orders that will be stored
    struct GuestCandidate {
        std::int64_t line;
        std::uint32_t group;
        std::string raw;
    };
    std::vector<GuestCandidate> guest_candidates;  // line items: lines that named no customer
    boost::unordered_flat_set<std::string_view> file_customers;  // customers of the orders stored
    std::int64_t first_mismatch_line = 0;

    // Writing
    std::unique_ptr<CsvReader> rereader;  // reads the accepted rows again, to write them
    CsvRecord rerecord;
    std::optional<Transaction> transaction;
    std::optional<Statement> insert;
    std::vector<int> written_fields;  // field indices bound to the insert, in order
    std::size_t rows_written = 0;
    std::int64_t import_id = 0;

    State(Store& store_in, std::string file, std::string_view bytes_in, ImportOptions options_in)
        : store(store_in), file_name(std::move(file)), bytes(bytes_in), options(std::move(options_in)),
          spec(table_spec(options.table)) {
        report.file = file_name;
        report.table = spec.name;
        if (spec.fields.size() > max_fields_per_table) throw std::logic_error("importer: raise max_fields_per_table");
        amount_field = spec.field_index("amount");
        status_field = spec.field_index("status");
        customer_field = spec.field_index("customer_id");
        order_date_field = spec.field_index("order_date");
        email_field = spec.field_index("customer_email");
        unit_price_field = spec.field_index("unit_price");
        quantity_field = spec.field_index("quantity");
        category_field = spec.field_index("category");
        channel_field = spec.field_index("channel");
        cancelled_date_field = spec.field_index("cancelled_date");
        refunded_field = spec.field_index("refunded_amount");
        captured_field = spec.field_index("captured");
        if (spec.unique_field) unique_field = spec.field_index(spec.unique_field);
    }

    // --- reporting --------------------------------------------------------------------------
    std::string where(std::int64_t line, std::int64_t column) const {
        return describe_place(file_name, report.sheet, line, column, column > 0 ? column_label(static_cast<int>(column - 1)) : "");
    }

    void fail(std::int64_t line, std::int64_t column, const std::string& reason) {
        report.fatal_error = where(line, column) + ": " + reason;
        report.rows_loaded = 0;
        phase = ImportPhase::Failed;
        transaction.reset();  // rolls back anything written
    }

    // A row left out. `group` names the reason without the row's values, so rows refused for
    // one reason are counted together; `reason` is the full message for this row. Skipped rows
    // (guest lines) are left out by a rule, not for a fault: they are counted apart.
    void reject(std::int64_t line, std::int64_t column, std::string_view group, std::string reason, std::string_view raw,
                std::int64_t lines = 1, bool skipped = false) {
        auto found = std::find_if(report.reasons.begin(), report.reasons.end(),
                                  [&](const ReasonGroup& reason_group) { return reason_group.reason == group; });
        if (found == report.reasons.end()) {
            report.reasons.push_back({printable(group), skipped, 0, {}});
            found = report.reasons.end() - 1;
        }
        found->count += lines;
        if (line <= 0) {  // counted only: its examples are listed already
            if (!skipped) report.rows_rejected += lines;
            return;
        }
        const bool listed = skipped ? found->examples.size() < examples_per_reason : report.errors.size() < options.rejected_rows_listed;
        if (!skipped) {
            report.rows_rejected += lines;
            if (!listed) report.errors_truncated = true;
        }
        if (!listed && found->examples.size() >= examples_per_reason) return;
        // Built only for rows that are listed: a file of a million guest lines counts them.
        RejectedRow row;
        row.file = file_name;
        row.sheet = report.sheet;
        row.line = line;
        row.column = column;
        if (column > 0) row.column_name = column_label(static_cast<int>(column - 1));
        row.reason = printable(reason);
        row.raw = printable(raw);
        if (found->examples.size() < examples_per_reason) found->examples.push_back(row);
        if (!skipped && listed) report.errors.push_back(std::move(row));
    }

    // The header of a 0-based column; empty without a header row.
    std::string column_label(int column) const {
        if (!dialect.has_header || column < 0 || static_cast<std::size_t>(column) >= columns.size()) return "";
        return columns[static_cast<std::size_t>(column)];
    }

    // --- analysis ---------------------------------------------------------------------------
    void analyse() {
        if (bytes.empty()) return fail(1, 0, "the file is empty");
        if (looks_like_zip(bytes)) {
            if (!read_workbook()) return;
        } else {
            encoding = detect_encoding(bytes);
            if (encoding.looks_binary && file_name.ends_with(".xls"))
                return fail(1, 0, "this is an Excel 97-2003 workbook (.xls), which Touchpoint does not read: save it as .xlsx or CSV");
            if (encoding.looks_binary)
                return fail(1, 0, "this is not a text file or an Excel workbook (it holds binary data that is not a zip archive); "
                                  "expected CSV or TSV text, or an .xlsx workbook");
            report.encoding = encoding_name(encoding.encoding);
            text = to_utf8(bytes, encoding.encoding, converted);
        }
        if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return fail(1, 0, "the file is empty");

        report.content_hash = content_hash(bytes);
        {
            auto previous = store.prepare(
                "SELECT file_name, imported_at FROM imports WHERE content_hash = ? AND table_name = ?");
            previous.bind(1, report.content_hash).bind(2, std::string_view(spec.name));
            if (previous.step()) {
                report.duplicate_of = "this file was already imported into " + std::string(spec.name) + " as '" +
                                      std::string(previous.column_text(0)) + "' on " +
                                      std::string(previous.column_text(1)) + "; nothing was added";
                phase = ImportPhase::Done;
                return;
            }
        }

        // A worksheet becomes comma-separated text with its first row as the header, whatever
        // its cells hold (a note with semicolons must not look like a delimiter).
        if (options.dialect) dialect = *options.dialect;
        else if (!report.sheet.empty()) dialect = CsvDialect{};
        else dialect = sniff_dialect(text.substr(0, std::min<std::size_t>(text.size(), 65536)));
        report.dialect = describe_dialect(dialect);

        // The first record names the columns (or counts them, without a header).
        CsvReader first_reader(text, dialect);
        CsvRecord first;
        if (!first_reader.next(first)) return fail(1, 0, "the file is empty");
        if (first_reader.error()) return fail(first_reader.error()->line, first_reader.error()->column, first_reader.error()->reason);
        columns = column_names(first.fields, dialect.has_header);
        header_line = dialect.has_header ? first.line : 0;

        // A sample of rows decides the mapping of a headerless file and the value formats.
        std::vector<std::vector<std::string_view>> sample;
        std::deque<std::string> sample_storage;  // stable copies of the values the reader unescaped
        std::size_t sample_bytes = 0;
        {
            CsvReader sample_reader(text, dialect);
            CsvRecord row;
            bool skip_header = dialect.has_header;
            while (sample.size() < sample_rows_for_detection && sample_reader.next(row)) {
                if (skip_header) {
                    skip_header = false;
                    continue;
                }
                if (sample_reader.error()) continue;
                // Copy now: unescaped values live in the reader's buffer only until the next record.
                std::vector<std::string_view> values;
                for (auto field : row.fields) values.push_back(inside_text(field) ? field : sample_storage.emplace_back(field));
                sample.push_back(std::move(values));
            }
            sample_bytes = sample_reader.position();
        }

        signature = mapping_signature(spec, columns, dialect.has_header);
        const auto saved = load_mapping(store, signature, spec);
        const bool saved_fits = saved && std::all_of(saved->column_of_field.begin(), saved->column_of_field.end(),
                                                     [&](int c) { return c < static_cast<int>(columns.size()); });
        if (spec.kind == TableKind::Orders && dialect.has_header) known_export = recognise_export(columns);
        if (saved_fits) mapping = *saved;
        else if (known_export) mapping = export_mapping(*known_export, spec, columns);
        else mapping = suggest_mapping(spec, columns, dialect.has_header, sample);
        try {
            apply_overrides(mapping, spec, columns, options.mapping_overrides);
        } catch (const MappingError& error) {
            report.mapping_incomplete = true;
            return fail(header_line > 0 ? header_line : 1, 0, error.what());
        }
        if (const auto missing = missing_required_fields(mapping, spec); !missing.empty()) {
            std::string list;
            for (const auto& field : missing) list += (list.empty() ? "" : ", ") + field;
            std::string reason = "no column for the required field(s) " + list + " of the " + spec.name + " table";
            if (columns.size() == 1)
                reason += "; only one column was found ('" + printable(columns[0]) +
                          "'): the file may be separated by something other than " +
                          (dialect.whitespace_separated ? std::string("blanks") : "'" + std::string(1, dialect.delimiter) + "'");
            else
                reason += "; map them explicitly (columns: " + printable(join_columns()) + ")";
            report.mapping_incomplete = columns.size() > 1;  // the user can finish the mapping
            return fail(header_line > 0 ? header_line : 1, 0, reason);
        }

        decide_row_rules(sample);
        decide_formats(sample);
        if (phase != ImportPhase::Analysing) return;  // failed, or waiting for the user
        start_reading(estimate_rows(sample.size(), sample_bytes));
    }

    // An Excel workbook: one worksheet as CSV text, read on like any CSV file. Its line N is
    // the sheet's row N, so every message names the sheet and cell.
    bool read_workbook() {
        try {
            auto sheet = xlsx_sheet_as_csv(bytes, options.sheet);
            converted = std::move(sheet.csv);
            report.sheet = std::move(sheet.sheet_name);
            report.notes = std::move(sheet.notes);
        } catch (const XlsxError& error) {
            report.fatal_error = file_name + ": " + error.what();
            phase = ImportPhase::Failed;
            return false;
        }
        text = converted;
        report.encoding = "Excel workbook";
        return true;
    }

    // Which fields every row must have, and for orders how rows become orders (docs/import.md).
    void decide_row_rules(const std::vector<std::vector<std::string_view>>& sample) {
        for (std::size_t f = 0; f < spec.fields.size(); ++f) {
            const auto& field = spec.fields[f];
            required_in_every_row[f] = field.required && !(field.unless_mapped && mapping.column(field.unless_mapped, spec) >= 0);
        }
        report.mapping = mapping_in_use();
        if (spec.kind != TableKind::Orders) return;
        if (known_export) {
            report.recognised_export = known_export->name;
            zero_customer_is_guest = known_export->zero_customer_is_guest;
            total_includes_extras = known_export->total_includes_extras;
        }
        line_items = (known_export && known_export->line_items) || mapping.column("unit_price", spec) >= 0 ||
                     mapping.column("product_code", spec) >= 0;
        report.line_items = line_items;
        // The order's customer and amount may come from another field; a line item's date from
        // another line of its order.
        required_in_every_row[static_cast<std::size_t>(customer_field)] = false;
        required_in_every_row[static_cast<std::size_t>(amount_field)] = false;
        if (line_items) required_in_every_row[static_cast<std::size_t>(order_date_field)] = false;

        const auto customers = column_values(sample, mapping.column("customer_id", spec));
        customer_ids_as_numbers = !customers.empty() && std::all_of(customers.begin(), customers.end(), is_whole_number_with_zero_fraction);
        const auto invoices = column_values(sample, mapping.column("order_id", spec));
        const auto numeric = static_cast<std::size_t>(std::count_if(invoices.begin(), invoices.end(), is_digits));
        numeric_invoices = line_items && numeric * 2 > invoices.size();
    }

    // field -> column header (or "column N"), for the report and the preview.
    std::vector<std::pair<std::string, std::string>> mapping_in_use() const {
        std::vector<std::pair<std::string, std::string>> used;
        for (std::size_t f = 0; f < spec.fields.size(); ++f)
            if (mapping.column_of_field[f] >= 0) used.emplace_back(spec.fields[f].name, columns[static_cast<std::size_t>(mapping.column_of_field[f])]);
        return used;
    }

    bool inside_text(std::string_view value) const {
        return value.data() >= text.data() && value.data() + value.size() <= text.data() + text.size();
    }

    std::string join_columns() const {
        std::string list;
        for (const auto& column : columns) list += (list.empty() ? "'" : ", '") + column + "'";
        return list;
    }

    std::vector<std::string_view> column_values(const std::vector<std::vector<std::string_view>>& rows, int column) const {
        std::vector<std::string_view> values;
        for (const auto& row : rows)
            if (static_cast<std::size_t>(column) < row.size() && !trim_blanks(row[static_cast<std::size_t>(column)]).empty())
                values.push_back(trim_blanks(row[static_cast<std::size_t>(column)]));
        return values;
    }

    // Every value of one column in the whole file (used only when a sample left dates ambiguous).
    std::vector<std::string> all_values(int column) const {
        std::vector<std::string> values;
        CsvReader full(text, dialect);
        CsvRecord row;
        bool skip_header = dialect.has_header;
        while (full.next(row)) {
            if (skip_header) {
                skip_header = false;
                continue;
            }
            if (static_cast<std::size_t>(column) < row.fields.size()) {
                const auto value = trim_blanks(row.fields[static_cast<std::size_t>(column)]);
                if (!value.empty()) values.emplace_back(value);
            }
        }
        return values;
    }

    void decide_formats(const std::vector<std::vector<std::string_view>>& sample) {
        date_layouts.assign(spec.fields.size(), std::nullopt);
        amount_formats.assign(spec.fields.size(), AmountFormat{});
        for (std::size_t f = 0; f < spec.fields.size(); ++f) {
            const int column = mapping.column_of_field[f];
            if (column < 0) continue;
            const auto& field = spec.fields[f];
            if (field.type == FieldType::Amount || field.type == FieldType::Score) {
                const auto values = column_values(sample, column);
                amount_formats[f] = detect_amount_format(values);
            }
            if (field.type != FieldType::Date) continue;
            if (options.date_layout) {
                date_layouts[f] = options.date_layout;
            } else if (mapping.date_layout) {
                date_layouts[f] = mapping.date_layout;
            } else {
                const auto values = column_values(sample, column);
                if (values.empty()) continue;  // an empty optional column: nothing to decide
                auto detection = detect_date_layout(values);
                if (!detection.layout && detection.ambiguous_day_month) {
                    // The sample could not tell; the whole column may.
                    const auto everything = all_values(column);
                    const std::vector<std::string_view> views(everything.begin(), everything.end());
                    detection = detect_date_layout(views);
                    if (!detection.layout && detection.ambiguous_day_month) {
                        ImportQuestion ask;
                        ask.field = field.name;
                        ask.message = "Every date in column '" + columns[static_cast<std::size_t>(column)] +
                                      "' fits both day/month/year and month/day/year (for example '" +
                                      std::string(values.front()) + "'). Which order does this file use?";
                        ask.choices = {DateLayout::DayMonthYear, DateLayout::MonthDayYear};
                        for (std::size_t i = 0; i < values.size() && i < 3; ++i) ask.examples.emplace_back(values[i]);
                        question = std::move(ask);
                        phase = ImportPhase::NeedsDecision;
                        return;
                    }
                }
                if (!detection.layout)
                    return fail(header_line > 0 ? header_line : 1, column + 1,
                                "the values are not dates in any layout Touchpoint reads (for example '" +
                                    printable(values.front()) + "')" +
                                    (detection.explanation.empty() ? "" : ": " + detection.explanation));
                date_layouts[f] = detection.layout;
            }
            if (date_layouts[f]) {
                const std::string name = date_layout_name(*date_layouts[f]);
                if (report.date_layout.find(name) == std::string::npos)  // each layout once
                    report.date_layout += (report.date_layout.empty() ? "" : ", ") + name;
                mapping.date_layout = date_layouts[f];
            }
        }
    }

    // Rows in the whole file, extrapolated from how many bytes the sample took.
    std::size_t estimate_rows(std::size_t sampled, std::size_t sampled_bytes) const {
        if (sampled == 0 || sampled_bytes == 0) return 0;
        const double bytes_per_row = static_cast<double>(sampled_bytes) / static_cast<double>(sampled);
        return static_cast<std::size_t>(static_cast<double>(text.size()) / bytes_per_row * 1.05) + 16;
    }

    void start_reading(std::size_t expected_rows) {
        // Sized once up front: growing million-entry vectors and tables copies them again and again.
        accepted_lines.reserve(expected_rows);
        if (line_items) line_groups.reserve(expected_rows / 4);

        if (spec.unique_field) {
            // Values already stored cannot come again; only look when the store has rows.
            if (store.count_rows(spec.sql_table) > 0) {
                auto existing = store.prepare("SELECT " + std::string(spec.unique_field) + " FROM " + spec.sql_table);
                while (existing.step()) unique_values_stored.emplace(existing.column_text(0));
            }
        }
        if (spec.kind == TableKind::Orders && options.build_dataset) {
            purchases.reserve(expected_rows);
            stored_dataset = load_dataset(store);
            // Shops have a few orders per customer: start the table at a quarter of the rows.
            customer_numbers.reserve(stored_dataset->customer_count() + expected_rows / 2);
            for (const auto& id : stored_dataset->customer_ids) {
                customer_numbers.number_of(id);
                customer_ids.push_back(id);
            }
            for (std::size_t c = 0; c < stored_dataset->customer_count(); ++c)
                for (auto i = stored_dataset->order_offsets[c]; i < stored_dataset->order_offsets[c + 1]; ++i)
                    purchases.push_back({static_cast<std::uint32_t>(c), stored_dataset->order_days[i], stored_dataset->order_amounts[i]});
        }
        reader = std::make_unique<CsvReader>(text, dialect);
        if (dialect.has_header) reader->next(record);  // the header, read during analysis
        phase = ImportPhase::Reading;
    }

    // --- reading ----------------------------------------------------------------------------
    std::string_view keep(std::string_view value) {
        if (value.empty() || inside_text(value)) return value;
        return owned_text.emplace_back(value);
    }

    // The ids accepted so far, into the table of seen ids (when the ids stop ascending). They
    // were not kept while they ascended, so the rows read so far are read again.
    void index_unique_values_so_far() {
        unique_values_ascending = false;
        unique_values_seen.reserve(std::max(accepted_lines.size() * 2, unique_values_seen.size()));
        const auto column = static_cast<std::size_t>(mapping.column_of_field[static_cast<std::size_t>(unique_field)]);
        CsvReader again(text, dialect);
        CsvRecord row;
        if (dialect.has_header) again.next(row);
        for (std::size_t accepted = 0; accepted < accepted_lines.size() && again.next(row);) {
            if (row.line != accepted_lines[accepted]) continue;  // a rejected row
            ++accepted;
            const auto value = trim_blanks(row.fields[column]);
            if (!value.empty()) unique_values_seen.emplace(keep(value), row.line);
        }
    }

    // Parses every mapped field of a row into row_values; the first problem, if any.
    std::optional<FieldProblem> parse_fields(const std::vector<std::string_view>& fields) {
        auto& values = row_values;
        for (std::size_t f = 0; f < spec.fields.size(); ++f) {
            const int column = mapping.column_of_field[f];
            values[f] = ParsedValue{};
            if (column < 0) continue;
            const auto& field = spec.fields[f];
            const std::string_view value = trim_blanks(fields[static_cast<std::size_t>(column)]);
            if (value.empty()) {
                if (required_in_every_row[f]) return FieldProblem{f, FieldFault::Empty};
                continue;
            }
            switch (field.type) {
                case FieldType::Id:
                case FieldType::Text: values[f].text = value; break;
                case FieldType::Date: {
                    const auto day = parse_date(value, date_layouts[f].value_or(DateLayout::Iso));
                    if (!day) return FieldProblem{f, FieldFault::NotADate};
                    if (*day < options.earliest_date) return FieldProblem{f, FieldFault::DateTooEarly, day_number(*day)};
                    if (*day > options.latest_date) return FieldProblem{f, FieldFault::DateTooLate, day_number(*day)};
                    values[f].day = day_number(*day);
                    break;
                }
                case FieldType::Amount: {
                    const auto amount = parse_amount(value, amount_formats[f]);
                    if (!amount || !std::isfinite(*amount)) return FieldProblem{f, FieldFault::NotAnAmount};
                    values[f].number = *amount;
                    break;
                }
                case FieldType::Integer: {
                    long long number = 0;
                    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
                    if (error != std::errc{} || end != value.data() + value.size()) return FieldProblem{f, FieldFault::NotAWholeNumber};
                    values[f].number = static_cast<double>(number);
                    break;
                }
                case FieldType::Score: {
                    const auto score = parse_amount(value, amount_formats[f]);
                    if (!score || *score < field.min_score || *score > field.max_score) return FieldProblem{f, FieldFault::NotAScore};
                    values[f].number = *score;
                    break;
                }
            }
        }
        return std::nullopt;
    }

    std::string describe(const FieldProblem& problem, std::string_view value) const {
        const auto& field = spec.fields[problem.field];
        const auto quoted = "'" + std::string(value) + "'";
        switch (problem.fault) {
            case FieldFault::Empty: return std::string(field.name) + " is empty";
            case FieldFault::NotADate:
                return quoted + " is not a date in the " + date_layout_name(date_layouts[problem.field].value_or(DateLayout::Iso)) + " layout";
            case FieldFault::DateTooEarly:
                return "the date " + format_iso_date(day_from_number(problem.day)) + " is before " + format_date_bound(options.earliest_date);
            case FieldFault::DateTooLate:
                return "the date " + format_iso_date(day_from_number(problem.day)) + " is after " + format_date_bound(options.latest_date);
            case FieldFault::NotAnAmount: return quoted + " is not an amount";
            case FieldFault::NotAWholeNumber: return quoted + " is not a whole number";
            case FieldFault::NotAScore:
                return quoted + " is not a " + field.name + " score from " + std::to_string(static_cast<int>(field.min_score)) +
                       " to " + std::to_string(static_cast<int>(field.max_score));
        }
        return "unreadable";
    }

    // The reason a field problem is counted under: the column and the fault, without the value.
    std::string fault_group(const FieldProblem& problem) const {
        const auto& field = spec.fields[problem.field];
        std::string fault;
        switch (problem.fault) {
            case FieldFault::Empty: fault = "empty"; break;
            case FieldFault::NotADate:
                fault = std::string("not a date in the ") + date_layout_name(date_layouts[problem.field].value_or(DateLayout::Iso)) + " layout";
                break;
            case FieldFault::DateTooEarly: fault = "a date before " + format_date_bound(options.earliest_date); break;
            case FieldFault::DateTooLate: fault = "a date after " + format_date_bound(options.latest_date); break;
            case FieldFault::NotAnAmount: fault = "not an amount"; break;
            case FieldFault::NotAWholeNumber: fault = "not a whole number"; break;
            case FieldFault::NotAScore:
                fault = std::string("not a ") + field.name + " score from " + std::to_string(static_cast<int>(field.min_score)) + " to " +
                        std::to_string(static_cast<int>(field.max_score));
                break;
        }
        const auto column = column_label(mapping.column_of_field[problem.field]);
        return (column.empty() ? std::string(field.name) : column) + ": " + fault;
    }

    void reject_field(std::int64_t line, const FieldProblem& problem) {
        const int column = mapping.column_of_field[problem.field];
        const auto value = column < 0 ? std::string_view{} : trim_blanks(record.fields[static_cast<std::size_t>(column)]);
        reject(line, column + 1, fault_group(problem), describe(problem, value), record.raw);
    }

    void read_record() {
        ++report.rows_read;
        const std::int64_t line = record.line;
        if (reader->error()) return reject(line, reader->error()->column, reader->error()->reason, reader->error()->reason, record.raw);
        if (record.fields.size() != columns.size()) {
            const auto found = record.fields.size();
            return reject(line, static_cast<std::int64_t>(std::min(found, columns.size()) + 1), "a different number of fields than the header",
                          "expected " + std::to_string(columns.size()) + " fields, found " + std::to_string(found), record.raw);
        }
        if (encoding.first_invalid) {
            for (std::size_t c = 0; c < record.fields.size(); ++c)
                if (!is_valid_utf8(record.fields[c]))
                    return reject(line, static_cast<std::int64_t>(c + 1), "text that is not valid UTF-8", "the text is not valid UTF-8",
                                  record.raw);
        }

        // Parse every mapped field first; the row lands only if all of them are good.
        if (const auto problem = parse_fields(record.fields)) return reject_field(line, *problem);
        if (spec.kind == TableKind::Orders) return line_items ? read_order_line(line) : read_order_row(line);
        if (spec.unique_field && !check_unique_value(line)) return;
        accepted_lines.push_back(line);
        ++report.rows_loaded;
    }

    // The unique field of the row in row_values has not been seen in the file or the store;
    // false after rejecting the row.
    bool check_unique_value(std::int64_t line) {
        auto& values = row_values;
        const auto unique_index = static_cast<std::size_t>(unique_field);
        const std::string_view unique_value = values[unique_index].text;
        if (unique_value.empty()) return true;
        const int column = mapping.column_of_field[unique_index];
        const std::string name = spec.unique_field;
        // Exports usually list orders by increasing id: while every id sorts after the one
        // before, none can repeat, and the table of seen ids can wait until one does not.
        if (unique_values_ascending && !(last_unique_value.empty() || unique_value > last_unique_value)) index_unique_values_so_far();
        if (!unique_values_ascending) {
            if (const auto seen = unique_values_seen.find(unique_value); seen != unique_values_seen.end()) {
                reject(line, column + 1, name + " appears twice in the file",
                       name + " '" + std::string(unique_value) + "' appears twice in the file (first on line " + std::to_string(seen->second) + ")",
                       record.raw);
                return false;
            }
        }
        if (!unique_values_stored.empty() && unique_values_stored.contains(unique_value)) {
            reject(line, column + 1, name + " already in the store", name + " '" + std::string(unique_value) + "' is already in the store",
                   record.raw);
            return false;
        }
        values[unique_index].text = keep(unique_value);
        if (unique_values_ascending) last_unique_value = values[unique_index].text;
        else unique_values_seen.emplace(values[unique_index].text, line);
        return true;
    }

    // --- orders -----------------------------------------------------------------------------
    const ParsedValue& value_of(int field) const { return row_values[static_cast<std::size_t>(field)]; }
    std::string_view text_of(int field) const { return field < 0 ? std::string_view{} : value_of(field).text; }
    double number_of(int field) const { return field < 0 ? no_number : value_of(field).number; }

    // The customer a row names: its id (a spreadsheet's "13085.0" read as "13085"), or else
    // its e-mail in lower case; empty for a guest. The view outlives the row.
    std::string_view customer_of_row() {
        auto id = text_of(customer_field);
        if (customer_ids_as_numbers && is_whole_number_with_zero_fraction(id)) id = id.substr(0, id.find('.'));
        if (zero_customer_is_guest && id == "0") id = {};
        if (!id.empty()) return keep(id);
        const auto email = text_of(email_field);
        if (email.empty()) return {};
        if (std::none_of(email.begin(), email.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) return keep(email);
        std::string lowered(email);
        for (char& c : lowered)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return owned_text.emplace_back(std::move(lowered));
    }

    OrderLine order_line_of_row(std::int64_t line) {
        OrderLine order;
        order.line = line;
        order.order_id = text_of(unique_field);
        order.customer = customer_of_row();
        order.day = value_of(order_date_field).day;
        order.total = number_of(amount_field);
        order.unit_price = number_of(unit_price_field);
        order.quantity = number_of(quantity_field);
        order.category = text_of(category_field);
        order.channel = text_of(channel_field);
        order.status = text_of(status_field);
        order.cancelled_date = cancelled_date_field >= 0 && value_of(cancelled_date_field).day != no_day;
        order.uncaptured = captured_field >= 0 && says_false(text_of(captured_field));
        order.cancellation_invoice = numeric_invoices && is_cancellation_invoice(order.order_id);
        order.refunded = number_of(refunded_field);
        return order;
    }

    void reject_guest(std::int64_t line, std::string_view raw, std::int64_t lines = 1) {
        reject(line, 0, "no customer id or e-mail (guest lines)", "the line names no customer: a guest's purchase, not a customer's", raw,
               lines, true);
        report.guest_lines += lines;
    }

    // A stored order, counted in the report, the customers and (for a purchase) the Dataset.
    void count_order(std::string_view order_id, std::int64_t line, std::string_view customer, int day, double quantity,
                     std::string_view category, std::string_view channel, std::string_view status, OrderOutcome outcome,
                     std::int64_t lines) {
        ++report.orders;
        switch (outcome.flag) {
            case OrderFlag::Purchase: ++report.purchases; break;
            case OrderFlag::Refund: ++report.returns_flagged; break;
            case OrderFlag::Cancelled: ++report.cancelled_orders; break;
            case OrderFlag::Failed: ++report.failed_payments; break;
        }
        file_customers.insert(customer);
        if (outcome.flag == OrderFlag::Purchase && options.build_dataset) {
            const auto [number, is_new] = customer_numbers.number_of(customer);
            if (is_new) customer_ids.emplace_back(customer);
            purchases.push_back({number, day, outcome.amount});
        }
        if (report.preview.size() < preview_orders) {
            PreviewOrder preview;
            preview.order_id = order_id.empty() ? synthesised_order_id(line) : std::string(order_id);
            preview.customer_id = customer;
            preview.order_date = format_iso_date(day_from_number(day));
            preview.amount = outcome.amount;
            preview.quantity = std::isnan(quantity) ? 0 : static_cast<std::int64_t>(quantity);
            preview.category = category;
            preview.channel = channel;
            preview.status = status;
            const char* flag = order_flag_name(outcome.flag);
            preview.flag = flag ? flag : "";
            preview.lines = lines;
            report.preview.push_back(std::move(preview));
        }
    }

    // An orders file without order ids: the file and line name each order.
    std::string synthesised_order_id(std::int64_t line) const { return report.content_hash.substr(0, 16) + ":" + std::to_string(line); }

    OrderOutcome outcome_of(const OrderLine& order, double amount) const {
        return classify_order(amount, order.status, order.cancelled_date, order.uncaptured, order.cancellation_invoice, order.refunded);
    }

    // One row, one order.
    void read_order_row(std::int64_t line) {
        const auto order = order_line_of_row(line);
        if (order.customer.empty()) return reject_guest(line, record.raw);
        const double amount = std::isnan(order.total) ? order.line_amount() : order.total;
        if (std::isnan(amount)) return reject_field(line, FieldProblem{static_cast<std::size_t>(amount_field), FieldFault::Empty});
        if (!check_unique_value(line)) return;
        const auto outcome = outcome_of(order, amount);
        accepted_lines.push_back(line);
        ++report.rows_loaded;
        count_order(order.order_id, line, order.customer, order.day, order.quantity, order.category, order.channel, order.status, outcome, 1);
    }

    // A line of a line-item file: it joins its order, whose figures are decided at the end.
    void read_order_line(std::int64_t line) {
        auto order = order_line_of_row(line);
        order.order_id = keep(order.order_id);
        order.category = keep(order.category);
        order.channel = keep(order.channel);
        order.status = keep(order.status);
        const auto added = line_groups.add(order);
        if (added.conflict != OrderLineGroups::Conflict::None) {
            const auto& group = line_groups.groups()[added.group];
            const bool other_customer = added.conflict == OrderLineGroups::Conflict::OtherCustomer;
            const int field = other_customer ? (customer_field >= 0 && mapping.column_of_field[static_cast<std::size_t>(customer_field)] >= 0 ? customer_field : email_field)
                                             : order_date_field;
            const int column = mapping.column_of_field[static_cast<std::size_t>(field)];
            const std::string order_name = "order '" + std::string(group.order_id) + "' (first on line " + std::to_string(group.first_line) + ")";
            return reject(line, column + 1, other_customer ? "another customer than the rest of its order" : "another day than the rest of its order",
                          other_customer ? "customer '" + std::string(order.customer) + "' differs from " + order_name + "'s customer '" + std::string(group.customer) + "'"
                                         : "the date " + format_iso_date(day_from_number(order.day)) + " differs from " + order_name + "'s " +
                                               format_iso_date(day_from_number(group.day)),
                          record.raw);
        }
        if (order.customer.empty() && guest_candidates.size() < guest_examples_kept)
            guest_candidates.push_back({line, added.group, printable(record.raw)});
    }

    // Line items: every order's figures from its lines, and the orders that will be stored.
    void finish_order_lines() {
        line_groups.finish();
        const auto& groups = line_groups.groups();
        std::vector<unsigned char> guest(groups.size(), 0);
        std::int64_t guest_line_count = 0;
        orders_to_write.reserve(groups.size());
        for (std::uint32_t g = 0; g < groups.size(); ++g) {
            const auto& group = groups[g];
            const std::string name = group.order_id.empty() ? "the order on line " + std::to_string(group.first_line) : "order '" + std::string(group.order_id) + "'";
            if (group.customer.empty()) {
                guest[g] = 1;
                guest_line_count += group.lines;
                continue;
            }
            if (group.day == no_day) {
                reject(group.first_line, mapping.column_of_field[static_cast<std::size_t>(order_date_field)] + 1, "an order with no date on any line",
                       name + " has no date on any of its " + std::to_string(group.lines) + " lines", group.order_id, group.lines);
                continue;
            }
            double amount = group.total;
            if (std::isnan(amount) && group.has_line_amounts) amount = group.lines_amount;
            if (std::isnan(amount)) {
                reject(group.first_line, 0, "an order with no amount on any line", name + " has no total and no unit prices", group.order_id, group.lines);
                continue;
            }
            if (!group.order_id.empty() && unique_values_stored.contains(group.order_id)) {
                reject(group.first_line, mapping.column_of_field[static_cast<std::size_t>(unique_field)] + 1, "order_id already in the store",
                       "order_id '" + std::string(group.order_id) + "' is already in the store", group.order_id, group.lines);
                continue;
            }
            if (!std::isnan(group.total) && group.has_line_amounts && !total_includes_extras && std::abs(group.total - group.lines_amount) > cent) {
                if (report.total_mismatches++ == 0) first_mismatch_line = group.first_line;
            }
            OrderLine summary;
            summary.status = group.status;
            summary.cancelled_date = group.cancelled_date;
            summary.uncaptured = group.uncaptured;
            summary.cancellation_invoice = group.cancellation_invoice;
            summary.refunded = group.refunded;
            const auto outcome = outcome_of(summary, amount);
            orders_to_write.push_back({g, outcome});
            count_order(group.order_id, group.first_line, group.customer, group.day,
                        group.has_quantity ? static_cast<double>(group.quantity) : no_number, group.category, group.channel, group.status,
                        outcome, group.lines);
        }
        if (guest_line_count > 0) {
            // The first guest lines as examples; the rest counted with them.
            std::int64_t listed = 0;
            for (const auto& candidate : guest_candidates) {
                if (!guest[candidate.group] || listed == static_cast<std::int64_t>(examples_per_reason)) continue;
                reject_guest(candidate.line, candidate.raw);
                ++listed;
            }
            reject_guest(0, {}, guest_line_count - listed);  // counted, not listed: the examples are full
        }
        report.rows_loaded = static_cast<std::int64_t>(orders_to_write.size());
    }

    void finish_reading() {
        reader.reset();
        if (report.rows_read == 0)
            return fail(header_line + 1, 0, "the file has a header but no rows");
        if (spec.kind == TableKind::Orders) {
            if (line_items) finish_order_lines();
            report.customers = static_cast<std::int64_t>(file_customers.size());
            if (options.build_dataset) {
                dataset = build_dataset(customer_ids, purchases);
                purchases = {};
                customer_numbers = {};
                stored_dataset.reset();
            }
        }
        unique_values_seen = {};
        unique_values_stored = {};
        if (report.rows_loaded == 0) {
            phase = ImportPhase::Done;  // nothing to write; the report says why
            return;
        }
        phase = ImportPhase::Writing;
    }

    // --- writing ----------------------------------------------------------------------------
    void start_writing() {
        if (!line_items) {
            rereader = std::make_unique<CsvReader>(text, dialect);
            if (dialect.has_header) rereader->next(rerecord);
        }
        transaction.emplace(store);
        store.prepare("INSERT INTO imports (file_name, table_name, content_hash, rows_read, rows_loaded, rows_rejected)"
                      " VALUES (?, ?, ?, ?, ?, ?)")
            .bind(1, file_name)
            .bind(2, std::string_view(spec.name))
            .bind(3, report.content_hash)
            .bind(4, std::int64_t{report.rows_read})
            .bind(5, std::int64_t{report.rows_loaded})
            .bind(6, std::int64_t{report.rows_rejected})
            .run();
        import_id = store.last_insert_rowid();

        if (spec.kind == TableKind::Orders) {
            insert.emplace(store.prepare("INSERT INTO orders (order_id, customer_id, order_date, amount, quantity, category, channel,"
                                         " status, is_return, flag, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            return;
        }
        std::string names, placeholders;
        for (std::size_t f = 0; f < spec.fields.size(); ++f) {
            if (mapping.column_of_field[f] < 0) continue;
            written_fields.push_back(static_cast<int>(f));
            names += std::string(names.empty() ? "" : ", ") + spec.fields[f].name;
            placeholders += placeholders.empty() ? "?" : ", ?";
        }
        names += ", import_id";
        placeholders += ", ?";
        insert.emplace(store.prepare("INSERT INTO " + std::string(spec.sql_table) + " (" + names + ") VALUES (" + placeholders + ")"));
    }

    // The accepted row `row`, read and parsed again into row_values. Rows are written in file
    // order, so this reads on from the previous one, past the rejected rows in between.
    void reread_row(std::size_t row) {
        const auto line = accepted_lines[row];
        do {
            if (!rereader->next(rerecord)) throw std::logic_error("importer: an accepted row is missing on the second reading");
        } while (rerecord.line != line);
        if (parse_fields(rerecord.fields)) throw std::logic_error("importer: an accepted row no longer parses");
    }

    void write_row(std::size_t row) {
        if (spec.kind == TableKind::Orders) return line_items ? write_grouped_order(row) : write_order_row(row);
        reread_row(row);
        const auto& values = row_values;
        int parameter = 1;
        for (int f : written_fields) {
            const auto field = static_cast<std::size_t>(f);
            switch (spec.fields[field].type) {
                case FieldType::Id:
                case FieldType::Text: {
                    const auto value = values[field].text;  // lives until the next row is read, after this insert
                    if (value.empty()) insert->bind_null(parameter++);
                    else insert->bind_static(parameter++, value);
                    break;
                }
                case FieldType::Date: {
                    const int day = values[field].day;
                    if (day == no_day) {
                        insert->bind_null(parameter++);
                    } else {
                        char formatted[iso_date_length];
                        write_iso_date(day_from_number(day), formatted);
                        insert->bind(parameter++, std::string_view(formatted, iso_date_length));  // copied by SQLite
                    }
                    break;
                }
                case FieldType::Integer: {
                    const double number = values[field].number;
                    if (std::isnan(number)) insert->bind_null(parameter++);
                    else insert->bind(parameter++, static_cast<std::int64_t>(number));
                    break;
                }
                default: {
                    const double number = values[field].number;
                    if (std::isnan(number)) insert->bind_null(parameter++);
                    else insert->bind(parameter++, number);
                    break;
                }
            }
        }
        insert->bind(parameter, import_id);
        insert->run();
    }

    // One order into the orders table. Views must live until the insert has run.
    void write_order(std::string_view order_id, std::int64_t line, std::string_view customer, int day, OrderOutcome outcome,
                     double quantity, std::string_view category, std::string_view channel, std::string_view status) {
        int parameter = 1;
        const auto bind_text = [&](std::string_view value) {
            if (value.empty()) insert->bind_null(parameter++);
            else insert->bind_static(parameter++, value);
        };
        if (order_id.empty()) insert->bind(parameter++, synthesised_order_id(line));
        else insert->bind_static(parameter++, order_id);
        bind_text(customer);
        char formatted[iso_date_length];
        write_iso_date(day_from_number(day), formatted);
        insert->bind(parameter++, std::string_view(formatted, iso_date_length));  // copied by SQLite
        insert->bind(parameter++, outcome.amount);
        if (std::isnan(quantity)) insert->bind_null(parameter++);
        else insert->bind(parameter++, static_cast<std::int64_t>(quantity));
        bind_text(category);
        bind_text(channel);
        bind_text(status);
        insert->bind(parameter++, std::int64_t{outcome.flag != OrderFlag::Purchase});
        if (const char* flag = order_flag_name(outcome.flag)) insert->bind(parameter++, std::string_view(flag));
        else insert->bind_null(parameter++);
        insert->bind(parameter, import_id);
        insert->run();
    }

    void write_order_row(std::size_t row) {
        reread_row(row);
        const auto order = order_line_of_row(accepted_lines[row]);
        const double amount = std::isnan(order.total) ? order.line_amount() : order.total;
        write_order(order.order_id, order.line, order.customer, order.day, outcome_of(order, amount), order.quantity, order.category,
                    order.channel, order.status);
    }

    void write_grouped_order(std::size_t row) {
        const auto& [group_index, outcome] = orders_to_write[row];
        const auto& group = line_groups.groups()[group_index];
        write_order(group.order_id, group.first_line, group.customer, group.day, outcome,
                    group.has_quantity ? static_cast<double>(group.quantity) : no_number, group.category, group.channel, group.status);
    }

    void finish_writing() {
        insert.reset();
        rereader.reset();
        auto error_row = store.prepare(
            "INSERT INTO import_errors (import_id, line, column_number, column_name, reason, raw) VALUES (?, ?, ?, ?, ?, ?)");
        for (const auto& row : report.errors)
            error_row.bind(1, import_id)
                .bind(2, std::int64_t{row.line})
                .bind(3, std::int64_t{row.column})
                .bind(4, row.column_name)
                .bind(5, row.reason)
                .bind(6, row.raw)
                .run();
        save_mapping(store, signature, mapping, spec);
        transaction->commit();
        transaction.reset();
        phase = ImportPhase::Done;
    }

    jobs::Progress progress() const {
        jobs::Progress progress;
        progress.items_unit = "rows";
        switch (phase) {
            case ImportPhase::Analysing: progress.phase = "Looking at the file"; break;
            case ImportPhase::NeedsDecision:
                progress.phase = "Waiting for your answer";
                progress.waiting = true;
                break;
            case ImportPhase::AwaitingConfirmation:
                progress.phase = "Preview ready";
                progress.items = static_cast<double>(report.rows_read);
                progress.fraction = 0.35;
                progress.waiting = true;
                break;
            case ImportPhase::Reading:
                progress.phase = "Reading rows";
                progress.items = static_cast<double>(report.rows_read);
                // Reading is about a third of the work, writing the rest.
                progress.fraction = reader && reader->size() > 0
                                        ? 0.35 * static_cast<double>(reader->position()) / static_cast<double>(reader->size())
                                        : 0.35;
                break;
            case ImportPhase::Writing:
                progress.phase = "Saving to the local database";
                progress.items = static_cast<double>(rows_written);
                progress.fraction = 0.35 + 0.65 * static_cast<double>(rows_written) / static_cast<double>(std::max<std::int64_t>(1, report.rows_loaded));
                break;
            case ImportPhase::Done: progress.phase = "Done"; break;
            case ImportPhase::Failed:
                progress.phase = "Failed";
                progress.error = report.fatal_error.value_or("the import failed");
                break;
            case ImportPhase::Cancelled: progress.phase = "Cancelled"; break;
        }
        progress.finished = phase == ImportPhase::Done || phase == ImportPhase::Failed || phase == ImportPhase::Cancelled;
        if (progress.finished) {
            progress.fraction = 1.0;
            progress.items = static_cast<double>(report.rows_read);
        }
        return progress;
    }

    // Reads rows until the file ends (true) or the deadline passes (false). Kept free of try
    // blocks and of locals with destructors: in the browser build, every call made where an
    // exception could be caught or cleaned up goes out through a JavaScript trampoline, which
    // costs about as much as parsing the row. Not inlined, so that it stays outside step()'s try.
    [[gnu::noinline]] bool read_rows_until(Clock::time_point deadline) {
        for (std::size_t count = 1;; ++count) {
            if (!reader->next(record)) return true;
            if (report.rows_read == options.max_rows && options.max_rows > 0) {
                refuse_too_many_rows();
                return false;
            }
            read_record();
            if ((count & 1023) == 0 && Clock::now() >= deadline) return false;
        }
    }


    // Out of line: read_rows_until stays free of strings (see there).
    [[gnu::noinline]] void refuse_too_many_rows() {
        fail(record.line, 0,
             "the file has more than " + with_thousands_commas(options.max_rows) +
                 " rows, the most one import reads here; nothing was imported. Split the file, or import it with the "
                 "touchpoint command-line tool");
        report.rows_rejected = 0;
    }

    // Writes rows until all are written (true) or the deadline passes (false); outside step()'s
    // try for the same reason as read_rows_until.
    [[gnu::noinline]] bool write_rows_until(Clock::time_point deadline) {
        const auto rows = static_cast<std::size_t>(report.rows_loaded);
        while (rows_written < rows) {
            write_row(rows_written++);
            if ((rows_written & 1023) == 0 && Clock::now() >= deadline) return false;
        }
        return true;
    }

    jobs::Progress step(std::chrono::milliseconds budget) {
        const auto deadline = Clock::now() + budget;
        try {
            if (phase == ImportPhase::Analysing) analyse();
            if (phase == ImportPhase::Reading) {
                if (!read_rows_until(deadline)) return progress();
                finish_reading();
                if (phase == ImportPhase::Writing && options.confirm_before_writing) phase = ImportPhase::AwaitingConfirmation;
                // Hand back here: the caller can show the Dataset before writing starts.
                return progress();
            }
            if (phase == ImportPhase::Writing) {
                if (!transaction) start_writing();
                if (!write_rows_until(deadline)) return progress();
                finish_writing();
            }
        } catch (const StoreError& error) {
            fail(report.rows_read > 0 ? accepted_line_or_zero() : 1, 0, std::string("could not save to the local database: ") + error.what());
        } catch (const std::bad_alloc&) {
            fail(report.rows_read > 0 ? accepted_line_or_zero() : 1, 0, "out of memory: the file is too large for this browser tab");
        }
        return progress();
    }

    std::int64_t accepted_line_or_zero() const {
        if (rows_written > 0 && rows_written <= accepted_lines.size()) return accepted_lines[rows_written - 1];
        return report.rows_read > 0 ? record.line : 0;
    }
};

ImportJob::ImportJob(Store& store, std::string file_name, std::string_view bytes, ImportOptions options)
    : state_(std::make_unique<State>(store, std::move(file_name), bytes, std::move(options))) {}

ImportJob::~ImportJob() = default;

jobs::Progress ImportJob::step(std::chrono::milliseconds budget) { return state_->step(budget); }

void ImportJob::cancel() {
    if (state_->phase == ImportPhase::Done || state_->phase == ImportPhase::Failed) return;
    state_->transaction.reset();  // rolls back: the store is as it was before the import
    state_->reader.reset();
    state_->rereader.reset();
    state_->dataset.reset();
    state_->report.cancelled = true;
    state_->report.rows_loaded = 0;
    state_->phase = ImportPhase::Cancelled;
}

ImportPhase ImportJob::phase() const { return state_->phase; }
const ImportReport& ImportJob::report() const { return state_->report; }
const std::optional<ImportQuestion>& ImportJob::question() const { return state_->question; }
const std::vector<std::string>& ImportJob::columns() const { return state_->columns; }
const ColumnMapping& ImportJob::mapping() const { return state_->mapping; }
const Dataset* ImportJob::dataset() const { return state_->dataset ? &*state_->dataset : nullptr; }

void ImportJob::answer_date_layout(DateLayout layout) {
    if (state_->phase != ImportPhase::NeedsDecision) return;
    state_->options.date_layout = layout;
    state_->question.reset();
    state_->phase = ImportPhase::Analysing;
}

void ImportJob::confirm() {
    if (state_->phase == ImportPhase::AwaitingConfirmation) state_->phase = ImportPhase::Writing;
}

ImportReport import_file(Store& store, const std::string& file_name, std::string_view bytes, const ImportOptions& options) {
    ImportJob job(store, file_name, bytes, options);
    for (;;) {
        const auto progress = job.step(std::chrono::milliseconds(1000));
        if (progress.finished) break;
        if (progress.waiting) {
            ImportReport report = job.report();
            report.fatal_error = file_name + ": " + job.question()->message + " Choose with --date-format d/m/Y or m/d/Y.";
            report.rows_loaded = 0;
            return report;
        }
    }
    return job.report();
}

}  // namespace touchpoint::data
