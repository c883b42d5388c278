#include "touchpoint/data/import_report.hpp"

#include "touchpoint/data/file_text.hpp"

namespace touchpoint::data {

nlohmann::json to_json(const ImportReport& report) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& row : report.errors)
        errors.push_back({{"file", row.file}, {"line", row.line}, {"column", row.column},
                          {"column_name", row.column_name}, {"reason", row.reason}, {"raw", row.raw}});
    nlohmann::json json{
        {"file", report.file},
        {"table", report.table},
        {"encoding", report.encoding},
        {"dialect", report.dialect},
        {"date_layout", report.date_layout},
        {"content_hash", report.content_hash},
        {"rows_read", report.rows_read},
        {"rows_loaded", report.rows_loaded},
        {"rows_rejected", report.rows_rejected},
        {"returns_flagged", report.returns_flagged},
        {"errors", std::move(errors)},
        {"errors_truncated", report.errors_truncated},
        {"cancelled", report.cancelled},
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

std::string describe(const RejectedRow& row) {
    std::string text = row.file + ", line " + std::to_string(row.line);
    if (row.column > 0) {
        text += ", column " + std::to_string(row.column);
        if (!row.column_name.empty()) text += " (" + row.column_name + ")";
    }
    return text + ": " + row.reason;
}

}  // namespace touchpoint::data
