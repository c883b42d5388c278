#include "touchpoint/data/text_encoding.hpp"

#include <algorithm>
#include <cstring>

// Sections: UTF-8 sequences | where a byte sits | binary check | public functions.

namespace touchpoint::data {

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
constexpr std::size_t binary_sample_bytes = 64 * 1024;

// ---- UTF-8 sequences --------------------------------------------------------------------

// Length of the well-formed UTF-8 sequence at the start of `bytes`, or 0 when there is none
// (Unicode table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(const unsigned char* bytes, std::size_t available) {
    const unsigned char lead = bytes[0];
    if (lead < 0x80) return 1;
    const auto continues = [&](std::size_t at, unsigned char low = 0x80, unsigned char high = 0xBF) {
        return at < available && bytes[at] >= low && bytes[at] <= high;
    };
    if (lead >= 0xC2 && lead <= 0xDF) return continues(1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;   // E0 80..9F would be overlong
        const unsigned char high = lead == 0xED ? 0x9F : 0xBF;  // ED A0..BF would be a surrogate
        return continues(1, low, high) && continues(2) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;   // F0 80..8F would be overlong
        const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;  // F4 90.. would exceed U+10FFFF
        return continues(1, low, high) && continues(2) && continues(3) ? 4 : 0;
    }
    return 0;
}

// Eight bytes at a time while they are all ASCII: most of an export is.
std::size_t skip_ascii(const unsigned char* bytes, std::size_t at, std::size_t size) {
    constexpr std::uint64_t high_bits = 0x8080808080808080ull;
    while (at + 8 <= size) {
        std::uint64_t word;
        std::memcpy(&word, bytes + at, 8);
        if (word & high_bits) break;
        at += 8;
    }
    while (at < size && bytes[at] < 0x80) ++at;
    return at;
}

struct Utf8Census {
    std::size_t multi_byte_sequences = 0;
    std::size_t invalid_sequences = 0;  // a bad lead byte with the continuation bytes after it
    std::optional<std::size_t> first_invalid;
};

// Counts well-formed multi-byte sequences and invalid ones; stops at the first invalid byte
// when asked to, since validation needs no more.
Utf8Census take_utf8_census(std::string_view text, bool stop_at_first_invalid) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    Utf8Census census;
    std::size_t at = 0;
    while ((at = skip_ascii(bytes, at, size)) < size) {
        const std::size_t length = utf8_sequence_length(bytes + at, size - at);
        if (length == 0) {
            if (!census.first_invalid) census.first_invalid = at;
            if (stop_at_first_invalid) break;
            ++census.invalid_sequences;
            ++at;
            for (int continuation = 0; continuation < 3 && at < size && (bytes[at] & 0xC0) == 0x80; ++continuation) ++at;
        } else {
            ++census.multi_byte_sequences;
            at += length;
        }
    }
    return census;
}

// ---- Where a byte sits ------------------------------------------------------------------

// Line and column of `offset`, counting lines as the CSV reader does (LF, CRLF, lone CR).
InvalidUtf8 locate(std::string_view bytes, std::size_t text_begin, std::size_t offset) {
    std::int64_t line = 1;
    std::size_t line_begin = text_begin;
    for (std::size_t at = text_begin; at < offset; ++at) {
        const char byte = bytes[at];
        if (byte == '\n' || (byte == '\r' && (at + 1 >= bytes.size() || bytes[at + 1] != '\n'))) {
            ++line;
            line_begin = at + 1;
        }
    }
    return {line, static_cast<std::int64_t>(offset - line_begin) + 1, offset};
}

// ---- Binary check -----------------------------------------------------------------------

bool looks_binary(std::string_view bytes) {
    const std::string_view sample = bytes.substr(0, binary_sample_bytes);
    if (sample.find('\0') != std::string_view::npos) return true;
    const auto is_control = [](char byte) {
        const auto code = static_cast<unsigned char>(byte);
        return (code < 0x20 && byte != '\t' && byte != '\r' && byte != '\n') || code == 0x7F;
    };
    const auto controls = static_cast<std::size_t>(std::count_if(sample.begin(), sample.end(), is_control));
    return controls * 10 > sample.size();
}

}  // namespace

// ---- Public functions -------------------------------------------------------------------

const char* encoding_name(TextEncoding encoding) {
    switch (encoding) {
        case TextEncoding::Utf8: return "UTF-8";
        case TextEncoding::Utf8WithBom: return "UTF-8 with BOM";
        case TextEncoding::Latin1: return "Latin-1";
        case TextEncoding::Utf16LE: return "UTF-16 LE";
        case TextEncoding::Utf16BE: return "UTF-16 BE";
    }
    return "unknown";
}

EncodingDetection detect_encoding(std::string_view bytes) {
    EncodingDetection detection;
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
        detection.encoding = bytes[0] == '\xFF' ? TextEncoding::Utf16LE : TextEncoding::Utf16BE;
        return detection;
    }
    detection.looks_binary = looks_binary(bytes);
    const bool has_bom = bytes.starts_with(utf8_bom);
    const std::size_t text_begin = has_bom ? utf8_bom.size() : 0;
    const Utf8Census census = take_utf8_census(bytes.substr(text_begin), false);
    if (has_bom) {
        detection.encoding = TextEncoding::Utf8WithBom;
    } else if (census.first_invalid && census.multi_byte_sequences < census.invalid_sequences) {
        // A Latin-1 file may hold a valid-looking pair by accident ("Ã©"), rarely many.
        detection.encoding = TextEncoding::Latin1;
        return detection;
    }
    if (census.first_invalid) detection.first_invalid = locate(bytes, text_begin, text_begin + *census.first_invalid);
    return detection;
}

namespace {

void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
}

void utf16_to_utf8(std::string_view bytes, bool little_endian, std::string& converted) {
    constexpr std::uint32_t replacement = 0xFFFD;
    const auto unit_at = [&](std::size_t at) {
        const auto first = static_cast<unsigned char>(bytes[at]), second = static_cast<unsigned char>(bytes[at + 1]);
        return static_cast<std::uint32_t>(little_endian ? first | (second << 8) : (first << 8) | second);
    };
    converted.clear();
    converted.reserve(bytes.size());
    std::size_t at = 2;  // past the byte order mark
    for (; at + 1 < bytes.size(); at += 2) {
        const auto unit = unit_at(at);
        if (unit >= 0xD800 && unit <= 0xDBFF && at + 3 < bytes.size()) {
            const auto low = unit_at(at + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                append_utf8(converted, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
                at += 2;
                continue;
            }
        }
        append_utf8(converted, unit >= 0xD800 && unit <= 0xDFFF ? replacement : unit);
    }
    if (at < bytes.size()) append_utf8(converted, replacement);  // an odd byte at the end
}

}  // namespace

std::string_view to_utf8(std::string_view bytes, TextEncoding encoding, std::string& converted) {
    if (encoding == TextEncoding::Utf16LE || encoding == TextEncoding::Utf16BE) {
        utf16_to_utf8(bytes, encoding == TextEncoding::Utf16LE, converted);
        return converted;
    }
    if (encoding != TextEncoding::Latin1) {
        if (bytes.starts_with(utf8_bom)) bytes.remove_prefix(utf8_bom.size());
        return bytes;
    }
    const auto high_bytes = static_cast<std::size_t>(
        std::count_if(bytes.begin(), bytes.end(), [](char byte) { return static_cast<unsigned char>(byte) >= 0x80; }));
    converted.clear();
    converted.reserve(bytes.size() + high_bytes);
    for (const char byte : bytes) append_utf8(converted, static_cast<unsigned char>(byte));
    return converted;
}

bool is_valid_utf8(std::string_view text) { return !take_utf8_census(text, true).first_invalid; }

}  // namespace touchpoint::data
