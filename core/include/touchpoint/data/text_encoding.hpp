#pragma once
// Bytes of an imported file turned into UTF-8 text.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace touchpoint::data {

enum class TextEncoding { Utf8, Utf8WithBom, Latin1, Utf16LE, Utf16BE };

const char* encoding_name(TextEncoding encoding);  // "UTF-8", "UTF-8 with BOM", "Latin-1", "UTF-16 LE", "UTF-16 BE"

// Where the first byte sequence that is not UTF-8 sits (1-based line, 1-based byte column).
// Lines end at LF, CRLF or a lone CR, as CsvReader counts them; the column of line 1 does
// not count a byte order mark.
struct InvalidUtf8 {
    std::int64_t line = 0;
    std::int64_t column = 0;
    std::size_t offset = 0;  // byte offset in the input (BOM included)
};

struct EncodingDetection {
    TextEncoding encoding = TextEncoding::Utf8;
    // Set when the bytes mix valid multi-byte UTF-8 with invalid sequences: a damaged UTF-8
    // file, not Latin-1. The importer rejects the rows that hold the invalid bytes.
    std::optional<InvalidUtf8> first_invalid;
    bool looks_binary = false;  // NUL bytes or many control characters: not a text file
};

// Decides how to read the bytes:
//  - a UTF-16 byte order mark (FF FE or FE FF: Excel's "Unicode text", Windows tools) ->
//    Utf16LE or Utf16BE, whatever follows (its zero bytes are no sign of a binary file);
//  - a UTF-8 byte order mark -> Utf8WithBom (first_invalid set if the rest is damaged);
//  - valid UTF-8 (plain ASCII included) -> Utf8;
//  - high bytes that never, or only by accident (fewer valid multi-byte sequences than
//    invalid ones), form valid multi-byte sequences -> Latin1;
//  - valid multi-byte sequences mixed with fewer invalid ones -> Utf8 with first_invalid set.
// looks_binary: a NUL byte in the first 64 KiB, or more than 10% of those bytes control
// characters other than tab, CR and LF.
EncodingDetection detect_encoding(std::string_view bytes);

// The text without a BOM (a view into `bytes`) when the encoding is UTF-8; for Latin-1
// (ISO 8859-1: every byte is the code point of the same number) and UTF-16 the bytes converted
// to UTF-8 in `converted`, and a view of it. A UTF-16 unit that pairs with nothing (a lone
// surrogate, an odd last byte) becomes U+FFFD, which the importer shows as it is.
std::string_view to_utf8(std::string_view bytes, TextEncoding encoding, std::string& converted);

// True when `text` is valid UTF-8 (used per field when first_invalid is set).
bool is_valid_utf8(std::string_view text);

}  // namespace touchpoint::data
