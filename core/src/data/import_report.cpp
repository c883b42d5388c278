#include "touchpoint/data/import_report.hpp"

#include "touchpoint/data/file_text.hpp"
#include "touchpoint/data/xlsx_reader.hpp"

#include <nlohmann/json.hpp>

namespace touchpoint::data {

namespace {

nlohmann::json row_json(const RejectedRow& row) {
    return {{"file", row.file}, {"sheet", row.sheet}, {"line", row.line}, {"column", row.column}, {"column_name", row.column_name}, {"reason", row.reason}, {"raw", row.raw}};
}

}  // namespace

nlohmann::json to_json(const ImportReport& report) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& row : report.errors) errors.push_back(row_json(row));
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& group : report.reasons) {
        nlohmann::json examples = nlohmann::json::array();
        for (const auto& row : group.examples) examples.push_back(row_json(row));
        reasons.push_back({{"reason", group.reason}, {"skipped", group.skipped}, {"count", group.count}, {"examples", std::move(examples)}});
    }
    nlohmann::json preview = nlohmann::json::array();
    for (const auto& order : report.preview)
        preview.push_back({{"order_id", order.order_id}, {"customer_id", order.customer_id}, {"order_date", order.order_date},
                           {"amount", order.amount}, {"quantity", order.quantity}, {"category", order.category},
                           {"channel", order.channel}, {"status", order.status}, {"flag", order.flag}, {"lines", order.lines}});
    nlohmann::json mapping = nlohmann::json::object();
    for (const auto& [field, column] : report.mapping) mapping[field] = column;
    nlohmann::json json{
        {"file", report.file},
        {"table", report.table},
        {"encoding", report.encoding},
        {"sheet", report.sheet},
        {"notes", report.notes},
        {"dialect", report.dialect},
        {"date_layout", report.date_layout},
        {"content_hash", report.content_hash},
        {"rows_read", report.rows_read},
        {"rows_loaded", report.rows_loaded},
        {"rows_rejected", report.rows_rejected},
        {"returns_flagged", report.returns_flagged},
        {"lines", report.rows_read},
        {"recognised_export", report.recognised_export},
        {"line_items", report.line_items},
        {"mapping", std::move(mapping)},
        {"orders", report.orders},
        {"customers", report.customers},
        {"purchases", report.purchases},
        {"cancelled", report.cancelled_orders},
        {"failed", report.failed_payments},
        {"refunds", report.returns_flagged},
        {"guest_lines", report.guest_lines},
        {"total_mismatches", report.total_mismatches},
        {"reasons", std::move(reasons)},
        {"preview", std::move(preview)},
        {"errors", std::move(errors)},
        {"errors_truncated", report.errors_truncated},
        {"job_cancelled", report.cancelled},
        {"mapping_incomplete", report.mapping_incomplete},
    };
    json["duplicate_of"] = report.duplicate_of ? nlohmann::json(*report.duplicate_of) : nlohmann::json(nullptr);
    json["fatal_error"] = report.fatal_error ? nlohmann::json(*report.fatal_error) : nlohmann::json(nullptr);
    return json;
}


std::string rejected_rows_csv(const ImportReport& report) {
    std::string csv = "file,line,column,column_name,reason,raw\r\n";
    for (const auto& row : report.errors) {
        csv += csv_field(row.file) + ',' + std::to_string(row.line) + ',' + std::to_string(row.column) + ',' +
               csv_field(row.column_name) + ',' + csv_field(row.reason) + ',' + csv_field(row.raw) + "\r\n";
    }
    return csv;
}

std::string summary_line(const ImportReport& report) {
    const auto count = [](std::int64_t n, const char* one, const char* many) { return with_thousands_commas(n) + " " + (n == 1 ? one : many); };
    if (report.table != "orders")
        return count(report.rows_read, "row", "rows") + " read, " + with_thousands_commas(report.rows_loaded) + " loaded, " +
               with_thousands_commas(report.rows_rejected) + " rejected";
    std::string text = count(report.rows_read, "line", "lines") + " read as " + count(report.orders, "order", "orders") + " of " +
                       count(report.customers, "customer", "customers") + ": " + count(report.purchases, "purchase", "purchases");
    if (report.cancelled_orders) text += ", " + with_thousands_commas(report.cancelled_orders) + " cancelled";
    if (report.failed_payments) text += ", " + count(report.failed_payments, "failed payment", "failed payments");
    if (report.returns_flagged) text += ", " + count(report.returns_flagged, "refund", "refunds");
    if (report.guest_lines) text += "; " + count(report.guest_lines, "guest line", "guest lines") + " left out";
    if (report.rows_rejected) text += "; " + count(report.rows_rejected, "line", "lines") + " rejected";
    return text;
}

std::string describe_place(const std::string& file, const std::string& sheet, std::int64_t line, std::int64_t column,
                           const std::string& column_name) {
    std::string text = file;
    if (!sheet.empty()) {
        text += ", sheet '" + sheet + "', ";
        text += column > 0 && column <= 16384 && line >= 1 && line <= 1048576 ? "cell " + cell_reference(line, column)
                                                                                : "row " + std::to_string(line);
    } else {
        text += ", line " + std::to_string(line);
        if (column > 0) text += ", column " + std::to_string(column);
    }
    if (column > 0 && !column_name.empty()) text += " (" + column_name + ")";
    return text;
}

std::string describe(const RejectedRow& row) {
    return describe_place(row.file, row.sheet, row.line, row.column, row.column_name) + ": " + row.reason;
}

}  // namespace touchpoint::data
