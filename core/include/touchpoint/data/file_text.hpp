#pragma once
// Whole files in and CSV fields out: the small pieces of text handling the CLI, the store and
// the workbench share.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace touchpoint::data {

// The file's bytes, read in one call; nullopt when it cannot be opened or read.
std::optional<std::string> read_file_bytes(const std::string& path);

// One CSV field as RFC 4180 writes it: quoted (with quotes doubled) only when it holds a
// comma, a quote or a line break.
std::string csv_field(std::string_view text);

// A count as people read it in a report: 525461 -> "525,461".
std::string with_thousands_commas(std::int64_t count);

}  // namespace touchpoint::data
