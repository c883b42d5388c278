// The CSV reader on any bytes: the dialect the importer would sniff, then a dialect chosen by the
// first byte with small limits (so over-long fields and records are reached). The reader must
// always move forward, keep its line numbers in order and never hand out a field over the limit.
#include "fuzz_check.hpp"
#include "touchpoint/data/csv_reader.hpp"
#include "touchpoint/data/text_encoding.hpp"

#include <cstdint>
#include <string>
#include <string_view>

using namespace touchpoint::data;

namespace {

void read_everything(std::string_view text, const CsvDialect& dialect, const CsvLimits& limits) {
    CsvReader reader(text, dialect, limits);
    CsvRecord record;
    std::int64_t last_line = 0;
    std::size_t last_position = 0;
    while (reader.next(record)) {
        FUZZ_CHECK(reader.position() > last_position || text.empty());
        FUZZ_CHECK(reader.position() <= reader.size());
        FUZZ_CHECK(record.line >= 1 && record.line > last_line);
        FUZZ_CHECK(record.fields.size() <= limits.max_fields);
        for (const auto field : record.fields) FUZZ_CHECK(field.size() <= limits.max_field_bytes);
        if (const auto& error = reader.error()) {
            FUZZ_CHECK(error->line >= record.line);
            FUZZ_CHECK(!error->reason.empty());
        }
        last_line = record.line;
        last_position = reader.position();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);

    // As the importer reads a file: its encoding, its sniffed dialect.
    const auto encoding = detect_encoding(bytes);
    std::string converted;
    const auto text = to_utf8(bytes, encoding.encoding, converted);
    FUZZ_CHECK(encoding.encoding != TextEncoding::Latin1 || is_valid_utf8(text));  // Latin-1 is converted in full
    read_everything(text, sniff_dialect(text), CsvLimits{});

    // A dialect a user might force, with small limits.
    if (size < 2) return 0;
    const std::uint8_t choice = data[0];
    CsvDialect dialect;
    constexpr char delimiters[] = {',', ';', '\t', '|'};
    dialect.delimiter = delimiters[choice & 3];
    dialect.whitespace_separated = (choice & 4) != 0;
    dialect.has_header = (choice & 8) != 0;
    dialect.quote = (choice & 16) != 0 ? '\'' : '"';
    read_everything(bytes.substr(1), dialect, CsvLimits{64, 8});
    return 0;
}
