#pragma once
// The limits Touchpoint promises to handle, in one place: the importer, the workspace and
// scenario readers, the share link and the page check them, the UI and docs/limits.md state
// them, and each one refused gives a message naming the limit instead of a crash or a hang.
// Chosen from measurements on the browser build (bench/results/browser_load.md): the page's
// WebAssembly memory cannot grow past 2 GiB, and an import holds the file, the rows read and
// the database in it at once.
#include <cstddef>
#include <cstdint>

namespace touchpoint::limits {

// The largest file the page imports (the CLI reads larger files). The page refuses a larger one
// before copying a byte of it.
inline constexpr std::size_t max_import_file_bytes = std::size_t{384} << 20;  // 384 MiB
// The most rows one import reads; counted while reading, before anything is written, so a file
// that has more is refused with the store as it was. Measured: 6,000,000 orders in a 506 MiB
// file peaked at 2,095 MB of the 2,048 MiB the module can have; these two limits leave room for
// what is already stored.
inline constexpr std::int64_t max_import_rows = 5'000'000;

// Workspace documents (files, links, published folders) and scenario files: JSON text larger than
// this, or nested deeper, is refused before it is parsed into memory.
inline constexpr std::size_t max_workspace_json_bytes = std::size_t{64} << 20;  // 64 MiB
inline constexpr std::size_t max_scenario_json_bytes = std::size_t{1} << 20;    // 1 MiB
inline constexpr int max_json_depth = 64;

// A role-play scenario's size: a conversation a trainer can still read and review.
inline constexpr std::size_t max_scenario_nodes = 500;
inline constexpr std::size_t max_scenario_choices_per_node = 12;
inline constexpr std::size_t max_scenario_text_chars = 4000;  // one line, reply or outcome

// Excel workbooks (.xlsx) are zip archives of XML parts, and a few KiB of zip can declare or
// unpack to gigabytes. One part (the sheet's XML, the shared strings) may unpack to at most
// max_xlsx_part_bytes, and the parts one read unpacks to at most max_xlsx_total_bytes in all;
// the CSV text made from a sheet is held to max_xlsx_part_bytes too. A full Excel sheet
// (1,048,576 rows by ten columns) is about 400 MiB of XML, so the limits refuse no real
// export while the page keeps room for the file, the XML and the CSV at once.
inline constexpr std::size_t max_xlsx_part_bytes = std::size_t{512} << 20;   // 512 MiB
inline constexpr std::size_t max_xlsx_total_bytes = std::size_t{768} << 20;  // 768 MiB

// Share links: the whole link (address + "#w=" + the compressed workspace). Longer links are
// refused with the advice to share a file (chat and mail clients cut long links).
inline constexpr std::size_t max_share_link_chars = 16000;

}  // namespace touchpoint::limits
