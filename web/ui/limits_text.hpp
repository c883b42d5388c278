#pragma once
// The limits of touchpoint/limits.hpp as the page states them: in the Data, Share and Trainer
// sections, in the help window, and to the page's script (which refuses files too large to copy).
#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace touchpoint::web {

// 536870912 -> "512 MiB", 1536 -> "1.5 KiB", 12 -> "12 bytes".
std::string format_bytes(std::size_t bytes);

struct LimitLine {
    std::string what;   // "Largest file to import"
    std::string value;  // "512 MiB"
};
// Every limit, in the order the help window lists them.
std::vector<LimitLine> limit_lines();

// One line for each place a user meets them.
std::string import_limits_text();    // Data: file size and rows per import
std::string share_limits_text();     // Share: link length and workspace size
std::string scenario_limits_text();  // Trainer: nodes, replies, characters, file size

// {"max_import_file_bytes": ..., ...}: the same names as limits.hpp.
nlohmann::json limits_json();

// Why a file was not imported, with its size and the limit: the page's script reports it before
// copying anything.
std::string file_too_large_message(const std::string& name, double size_bytes);

}  // namespace touchpoint::web
