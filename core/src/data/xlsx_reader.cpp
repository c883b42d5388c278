#include "touchpoint/data/xlsx_reader.hpp"

#include "touchpoint/data/calendar.hpp"

#include <fast_float/fast_float.h>
#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <unordered_map>
#include <utility>

// Sections: messages | zip archive | XML tokenizer | XML text | cell references |
// workbook parts (relationships, workbook, shared strings, styles) | cell values |
// sheet to CSV | public functions.

namespace touchpoint::data {

namespace {

// Excel's grid; a row or column past it is a damaged or hostile file, and bounding them bounds
// the empty lines and padding the CSV can be made to hold.
constexpr std::int64_t max_sheet_rows = 1'048'576;
constexpr std::int64_t max_sheet_columns = 16'384;
// Merged ranges are held while the sheet is read; far more than any real sheet has.
constexpr std::size_t max_merged_ranges = 1'000'000;

// ---- Messages ---------------------------------------------------------------------------

std::string describe_size(std::uint64_t bytes) {
    if (bytes < (std::uint64_t{1} << 20)) return std::to_string(bytes) + " bytes";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / static_cast<double>(1 << 20));
    return text;
}

[[noreturn]] void throw_damaged(const std::string& what) {
    throw XlsxError("the .xlsx file is damaged or incomplete: " + what +
                    " (open it in Excel or LibreOffice and save it again, or export it again)");
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// Part names, sheet names and format codes compare and read ignoring ASCII case only, as
// Office does; no locale is involved.
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string folded_case(std::string_view text) {
    std::string folded(text);
    for (char& c : folded) c = ascii_lower(c);
    return folded;
}

// ---- Zip archive ------------------------------------------------------------------------
// Only what .xlsx files use: one disk, entries stored or deflated, zip64 sizes and offsets.

std::uint16_t read_u16(std::string_view bytes, std::size_t at) {
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.data() + at);
    return static_cast<std::uint16_t>(b[0] | b[1] << 8);
}
std::uint32_t read_u32(std::string_view bytes, std::size_t at) {
    return read_u16(bytes, at) | static_cast<std::uint32_t>(read_u16(bytes, at + 2)) << 16;
}
std::uint64_t read_u64(std::string_view bytes, std::size_t at) {
    return read_u32(bytes, at) | static_cast<std::uint64_t>(read_u32(bytes, at + 4)) << 32;
}

constexpr std::uint32_t local_header_signature = 0x04034b50;
constexpr std::uint32_t central_header_signature = 0x02014b50;
constexpr std::uint32_t end_of_directory_signature = 0x06054b50;
constexpr std::uint32_t zip64_locator_signature = 0x07064b50;
constexpr std::uint32_t zip64_end_of_directory_signature = 0x06064b50;
constexpr std::size_t end_of_directory_size = 22;
constexpr std::size_t central_header_size = 46;
constexpr std::size_t local_header_size = 30;
constexpr std::uint16_t method_stored = 0;
constexpr std::uint16_t method_deflated = 8;
// Deflate cannot expand data more than about 1032 to 1: what an entry can really unpack to,
// whatever size it declares, so a lying size never makes the reader reserve memory for it.
constexpr std::uint64_t max_deflate_ratio = 1032;

struct ZipEntry {
    std::string name;
    std::uint16_t flags = 0;
    std::uint16_t method = 0;
    std::uint32_t crc = 0;
    std::uint64_t compressed_size = 0;
    std::uint64_t uncompressed_size = 0;
    std::uint64_t local_header_offset = 0;
};

class ZipArchive {
public:
    ZipArchive(std::string_view bytes, const XlsxLimits& limits) : bytes_(bytes), limits_(limits) { read_directory(); }

    // Exactly, else ignoring ASCII case (part names in an Office package are case-insensitive).
    // Indexed: a hostile workbook may name tens of thousands of parts, and look some up often.
    const ZipEntry* find(std::string_view name) const {
        if (const auto exact = by_name_.find(std::string(name)); exact != by_name_.end()) return &entries_[exact->second];
        if (const auto folded = by_folded_name_.find(folded_case(name)); folded != by_folded_name_.end())
            return &entries_[folded->second];
        return nullptr;
    }

    // The entry's bytes, after checking the limits, the local header and the CRC.
    std::string read(const ZipEntry& entry);

private:
    void read_directory();
    std::size_t find_end_of_directory() const;
    std::string inflate_entry(const ZipEntry& entry, std::string_view compressed) const;

    std::string_view bytes_;
    XlsxLimits limits_;
    std::uint64_t inflated_total_ = 0;
    std::vector<ZipEntry> entries_;
    std::unordered_map<std::string, std::size_t> by_name_;         // the first entry of each name
    std::unordered_map<std::string, std::size_t> by_folded_name_;  // the same, ASCII case folded
};

std::size_t ZipArchive::find_end_of_directory() const {
    // The record sits at the end, after a comment of at most 65,535 bytes.
    if (bytes_.size() < end_of_directory_size) throw_damaged("it is too short to be a zip archive");
    const std::size_t last = bytes_.size() - end_of_directory_size;
    const std::size_t first = last > 0xFFFF ? last - 0xFFFF : 0;
    for (std::size_t at = last + 1; at-- > first;)
        if (read_u32(bytes_, at) == end_of_directory_signature &&
            at + end_of_directory_size + read_u16(bytes_, at + 20) <= bytes_.size())
            return at;
    throw_damaged("the zip directory at its end is missing (the file may have been cut short)");
}

void ZipArchive::read_directory() {
    const std::size_t end_record = find_end_of_directory();
    std::uint64_t disk = read_u16(bytes_, end_record + 4);
    std::uint64_t directory_disk = read_u16(bytes_, end_record + 6);
    std::uint64_t entry_count = read_u16(bytes_, end_record + 10);
    std::uint64_t directory_size = read_u32(bytes_, end_record + 12);
    std::uint64_t directory_offset = read_u32(bytes_, end_record + 16);
    if (entry_count == 0xFFFF || directory_size == 0xFFFFFFFF || directory_offset == 0xFFFFFFFF) {
        // Saturated fields: the real values are in the zip64 record the locator points to.
        if (end_record < 20 || read_u32(bytes_, end_record - 20) != zip64_locator_signature)
            throw_damaged("its zip64 directory record is missing");
        const std::uint64_t record_offset = read_u64(bytes_, end_record - 20 + 8);
        if (record_offset > bytes_.size() || bytes_.size() - record_offset < 56)
            throw_damaged("its zip64 directory record is missing");
        const auto record = static_cast<std::size_t>(record_offset);  // within the file: fits
        if (read_u32(bytes_, record) != zip64_end_of_directory_signature) throw_damaged("its zip64 directory record is missing");
        disk = read_u32(bytes_, record + 16);
        directory_disk = read_u32(bytes_, record + 20);
        entry_count = read_u64(bytes_, record + 32);
        directory_size = read_u64(bytes_, record + 40);
        directory_offset = read_u64(bytes_, record + 48);
    }
    if (disk != 0 || directory_disk != 0)
        throw XlsxError("the .xlsx file is one part of a zip archive split over several files, which cannot be read");
    if (directory_offset > bytes_.size() || directory_size > bytes_.size() - directory_offset)
        throw_damaged("its zip directory lies outside the file");
    if (entry_count > directory_size / central_header_size) throw_damaged("its zip directory is shorter than its entry count");

    // Checked against the file's size above, so they fit in size_t on 32-bit wasm too.
    const std::string_view directory =
        bytes_.substr(static_cast<std::size_t>(directory_offset), static_cast<std::size_t>(directory_size));
    std::size_t at = 0;
    entries_.reserve(static_cast<std::size_t>(entry_count));
    for (std::uint64_t index = 0; index < entry_count; ++index) {
        if (directory.size() - at < central_header_size || read_u32(directory, at) != central_header_signature)
            throw_damaged("its zip directory is malformed");
        ZipEntry entry;
        entry.flags = read_u16(directory, at + 8);
        entry.method = read_u16(directory, at + 10);
        entry.crc = read_u32(directory, at + 16);
        entry.compressed_size = read_u32(directory, at + 20);
        entry.uncompressed_size = read_u32(directory, at + 24);
        const std::size_t name_length = read_u16(directory, at + 28);
        const std::size_t extra_length = read_u16(directory, at + 30);
        const std::size_t comment_length = read_u16(directory, at + 32);
        std::uint32_t start_disk = read_u16(directory, at + 34);
        entry.local_header_offset = read_u32(directory, at + 42);
        const std::size_t variable = name_length + extra_length + comment_length;
        if (directory.size() - at - central_header_size < variable) throw_damaged("its zip directory is malformed");
        entry.name = directory.substr(at + central_header_size, name_length);
        // Zip64 extra field: 64-bit values for exactly the fields saturated above, in this order.
        std::string_view extra = directory.substr(at + central_header_size + name_length, extra_length);
        while (extra.size() >= 4) {
            const std::uint16_t id = read_u16(extra, 0);
            const std::size_t size = std::min<std::size_t>(read_u16(extra, 2), extra.size() - 4);
            if (id == 0x0001) {
                std::string_view values = extra.substr(4, size);
                const auto take = [&](std::uint64_t& field, std::size_t width) {
                    if (values.size() < width) throw_damaged("the zip64 sizes of part " + entry.name + " are missing");
                    field = width == 8 ? read_u64(values, 0) : read_u32(values, 0);
                    values.remove_prefix(width);
                };
                if (entry.uncompressed_size == 0xFFFFFFFF) take(entry.uncompressed_size, 8);
                if (entry.compressed_size == 0xFFFFFFFF) take(entry.compressed_size, 8);
                if (entry.local_header_offset == 0xFFFFFFFF) take(entry.local_header_offset, 8);
                if (start_disk == 0xFFFF) {
                    std::uint64_t wide_disk = 0;
                    take(wide_disk, 4);
                    start_disk = static_cast<std::uint32_t>(wide_disk);
                }
            }
            extra.remove_prefix(4 + size);
        }
        if (start_disk != 0)
            throw XlsxError("the .xlsx file is one part of a zip archive split over several files, which cannot be read");
        by_name_.emplace(entry.name, entries_.size());
        by_folded_name_.emplace(folded_case(entry.name), entries_.size());
        entries_.push_back(std::move(entry));
        at += central_header_size + variable;
    }
}

std::string ZipArchive::read(const ZipEntry& entry) {
    if (entry.flags & 0x0001)
        throw XlsxError("the .xlsx file is encrypted (part " + entry.name +
                        "): open it in Excel or LibreOffice, remove the password and save it, then import again");
    if (entry.method != method_stored && entry.method != method_deflated)
        throw XlsxError("part " + entry.name + " of the .xlsx file is compressed with zip method " +
                        std::to_string(entry.method) + ", which cannot be read (only stored and deflated parts can)");
    if (entry.uncompressed_size > limits_.max_part_bytes)
        throw XlsxError("part " + entry.name + " of the .xlsx file unpacks to " + describe_size(entry.uncompressed_size) +
                        ", more than the " + describe_size(limits_.max_part_bytes) +
                        " one part may hold (a sheet too large to import, or a file built to exhaust memory)");
    if (entry.uncompressed_size > limits_.max_total_bytes - inflated_total_)
        throw XlsxError("the parts of the .xlsx file unpack to more than the " + describe_size(limits_.max_total_bytes) +
                        " a workbook may hold in all (reached at part " + entry.name + ")");

    // Offsets and sizes are 64-bit in the directory; each is checked against the file's size
    // before it becomes a size_t (32 bits in wasm).
    if (entry.local_header_offset > bytes_.size() || bytes_.size() - entry.local_header_offset < local_header_size)
        throw_damaged("part " + entry.name + " is not where the zip directory says");
    const auto offset = static_cast<std::size_t>(entry.local_header_offset);
    if (read_u32(bytes_, offset) != local_header_signature) throw_damaged("part " + entry.name + " is not where the zip directory says");
    const std::size_t name_length = read_u16(bytes_, offset + 26);
    const std::size_t extra_length = read_u16(bytes_, offset + 28);
    const std::uint64_t data_offset = std::uint64_t{offset} + local_header_size + name_length + extra_length;
    if (data_offset > bytes_.size() || bytes_.size() - data_offset < entry.compressed_size)
        throw_damaged("part " + entry.name + " is cut short");
    if (bytes_.substr(offset + local_header_size, name_length) != entry.name)
        throw_damaged("part " + entry.name + " has another name in its own header");
    const std::string_view data =
        bytes_.substr(static_cast<std::size_t>(data_offset), static_cast<std::size_t>(entry.compressed_size));

    std::string content;
    if (entry.method == method_stored) {
        if (entry.compressed_size != entry.uncompressed_size) throw_damaged("the sizes of part " + entry.name + " disagree");
        content.assign(data);
    } else {
        content = inflate_entry(entry, data);
    }
    // zlib's crc32 takes at most 4 GiB a call; parts are far smaller, but stay exact.
    uLong crc = crc32(0L, Z_NULL, 0);
    for (std::size_t done = 0; done < content.size();) {
        const std::size_t chunk = std::min<std::size_t>(content.size() - done, std::size_t{1} << 30);
        crc = crc32(crc, reinterpret_cast<const Bytef*>(content.data() + done), static_cast<uInt>(chunk));
        done += chunk;
    }
    if (crc != entry.crc) throw_damaged("part " + entry.name + " fails its checksum");
    inflated_total_ += content.size();
    return content;
}

std::string ZipArchive::inflate_entry(const ZipEntry& entry, std::string_view compressed) const {
    z_stream stream{};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) throw XlsxError("zlib could not start inflating part " + entry.name);
    struct InflateEnd {
        z_stream* stream;
        ~InflateEnd() { inflateEnd(stream); }
    } inflate_end{&stream};

    // One byte more than declared shows an entry that lies about its size, and stops inflating
    // there: never past the declared size, which the limits have already allowed.
    const std::uint64_t ceiling = entry.uncompressed_size + 1;
    std::string out;
    out.resize(static_cast<std::size_t>(std::min(ceiling, compressed.size() * max_deflate_ratio + 1024)));
    std::size_t produced = 0;
    std::size_t consumed = 0;
    constexpr std::size_t chunk = std::size_t{1} << 30;  // zlib counts in 32-bit uInt
    for (;;) {
        if (stream.avail_in == 0 && consumed < compressed.size()) {
            const std::size_t take = std::min(compressed.size() - consumed, chunk);
            stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data() + consumed));
            stream.avail_in = static_cast<uInt>(take);
            consumed += take;
        }
        if (produced == out.size()) {
            if (out.size() >= ceiling)
                throw XlsxError("part " + entry.name + " of the .xlsx file unpacks to more than the " +
                                describe_size(entry.uncompressed_size) +
                                " its zip entry declares: the file is damaged or built to exhaust memory");
            out.resize(static_cast<std::size_t>(std::min<std::uint64_t>(ceiling, std::max<std::uint64_t>(std::uint64_t{out.size()} * 2, 1 << 16))));
        }
        stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
        stream.avail_out = static_cast<uInt>(std::min(out.size() - produced, chunk));
        const uInt room = stream.avail_out;
        const int status = inflate(&stream, Z_NO_FLUSH);
        produced += room - stream.avail_out;
        if (status == Z_STREAM_END) break;
        if (status == Z_OK) continue;
        if (status == Z_BUF_ERROR && (stream.avail_in > 0 || consumed < compressed.size() || produced == out.size())) continue;
        if (status == Z_BUF_ERROR) throw_damaged("part " + entry.name + " ends early");
        throw_damaged("part " + entry.name + " does not inflate (" + (stream.msg ? stream.msg : "bad deflate data") + ")");
    }
    if (produced != entry.uncompressed_size)
        throw_damaged("part " + entry.name + " unpacks to " + std::to_string(produced) + " bytes, not the " +
                      std::to_string(entry.uncompressed_size) + " its zip entry declares");
    out.resize(produced);
    return out;
}

// ---- XML tokenizer ----------------------------------------------------------------------
// A pull tokenizer over a whole part: start tags (a self-closing one is followed by its end),
// end tags, and text (raw, with references still in it, or CDATA). Names are local names
// (the prefix dropped). Flat by design: callers keep the little state they need, so nothing
// recurses on the input's depth. Refuses document type declarations (entity expansion).

class XmlTokenizer {
public:
    enum class Token { start, end, text, end_of_part };

    XmlTokenizer(std::string_view xml, std::string label) : xml_(xml), label_(std::move(label)) {
        if (xml_.substr(0, 2) == "\xFF\xFE" || xml_.substr(0, 2) == "\xFE\xFF")
            fail("is UTF-16 XML, which cannot be read; save the workbook again in Excel or LibreOffice");
        if (xml_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    }

    Token next();

    std::string_view name() const { return name_; }
    std::string_view text() const { return text_; }
    bool text_is_cdata() const { return cdata_; }
    // The raw value of the attribute with this local name (references not decoded).
    std::optional<std::string_view> attribute(std::string_view local_name) const;

    [[noreturn]] void fail(const std::string& what) const { throw XlsxError(label_ + " " + what); }
    const std::string& label() const { return label_; }

private:
    static std::string_view local_name(std::string_view name) {
        const std::size_t colon = name.find(':');
        return colon == std::string_view::npos ? name : name.substr(colon + 1);
    }
    static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

    std::string_view xml_;
    std::string label_;
    std::size_t pos_ = 0;
    std::string_view name_, attributes_, text_;
    bool cdata_ = false;
    bool pending_end_ = false;
};

XmlTokenizer::Token XmlTokenizer::next() {
    if (pending_end_) {
        pending_end_ = false;
        return Token::end;
    }
    for (;;) {
        if (pos_ >= xml_.size()) return Token::end_of_part;
        if (xml_[pos_] != '<') {
            const std::size_t open = xml_.find('<', pos_);
            const std::size_t end = open == std::string_view::npos ? xml_.size() : open;
            text_ = xml_.substr(pos_, end - pos_);
            cdata_ = false;
            pos_ = end;
            return Token::text;
        }
        // Dispatch on the character after '<': start tags are nearly all of a sheet.
        const char kind = pos_ + 1 < xml_.size() ? xml_[pos_ + 1] : '\0';
        const std::string_view rest = kind == '!' || kind == '?' ? xml_.substr(pos_) : std::string_view();
        if (rest.starts_with("<!--")) {
            const std::size_t close = xml_.find("-->", pos_ + 4);
            if (close == std::string_view::npos) fail("ends inside a comment");
            pos_ = close + 3;
            continue;
        }
        if (rest.starts_with("<![CDATA[")) {
            const std::size_t close = xml_.find("]]>", pos_ + 9);
            if (close == std::string_view::npos) fail("ends inside a CDATA section");
            text_ = xml_.substr(pos_ + 9, close - pos_ - 9);
            cdata_ = true;
            pos_ = close + 3;
            return Token::text;
        }
        if (rest.starts_with("<?")) {
            const std::size_t close = xml_.find("?>", pos_ + 2);
            if (close == std::string_view::npos) fail("ends inside a processing instruction");
            pos_ = close + 2;
            continue;
        }
        if (rest.starts_with("<!")) fail("holds a document type declaration (<!DOCTYPE ...>), which a workbook never needs: refused");
        if (kind == '/') {
            const std::size_t close = xml_.find('>', pos_ + 2);
            if (close == std::string_view::npos) fail("ends inside a tag");
            std::string_view name = xml_.substr(pos_ + 2, close - pos_ - 2);
            while (!name.empty() && is_blank(name.back())) name.remove_suffix(1);
            name_ = local_name(name);
            pos_ = close + 1;
            return Token::end;
        }
        // A start tag. Attribute values may hold '>' (formatCode="[>=100]0"): skip quoted text.
        std::size_t at = pos_ + 1;
        while (at < xml_.size() && !is_blank(xml_[at]) && xml_[at] != '/' && xml_[at] != '>') ++at;
        const std::size_t name_end = at;
        char quote = 0;
        for (; at < xml_.size(); ++at) {
            const char c = xml_[at];
            if (quote) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                break;
            }
        }
        if (at >= xml_.size()) fail("ends inside a tag");
        name_ = local_name(xml_.substr(pos_ + 1, name_end - pos_ - 1));
        if (name_.empty()) fail("holds a malformed tag");
        const bool self_closing = xml_[at - 1] == '/' && at - 1 >= name_end;
        attributes_ = xml_.substr(name_end, at - name_end - (self_closing ? 1 : 0));
        pos_ = at + 1;
        pending_end_ = self_closing;
        return Token::start;
    }
}

std::optional<std::string_view> XmlTokenizer::attribute(std::string_view wanted) const {
    const std::string_view a = attributes_;
    std::size_t at = 0;
    for (;;) {
        while (at < a.size() && is_blank(a[at])) ++at;
        if (at >= a.size()) return std::nullopt;
        const std::size_t name_start = at;
        while (at < a.size() && a[at] != '=' && !is_blank(a[at])) ++at;
        const std::string_view name = a.substr(name_start, at - name_start);
        while (at < a.size() && is_blank(a[at])) ++at;
        if (at >= a.size() || a[at] != '=') fail("holds a malformed attribute in a <" + std::string(name_) + "> tag");
        ++at;
        while (at < a.size() && is_blank(a[at])) ++at;
        if (at >= a.size() || (a[at] != '"' && a[at] != '\'')) fail("holds an unquoted attribute in a <" + std::string(name_) + "> tag");
        const std::size_t close = a.find(a[at], at + 1);
        if (close == std::string_view::npos) fail("holds an unterminated attribute in a <" + std::string(name_) + "> tag");
        const std::string_view value = a.substr(at + 1, close - at - 1);
        at = close + 1;
        // Namespace declarations (xmlns:r="...") are not attributes of the element's data.
        if (!name.starts_with("xmlns") && local_name(name) == wanted) return value;
    }
}

// ---- XML text ---------------------------------------------------------------------------

void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

bool is_scalar_value(std::uint32_t code) { return code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF); }

// Appends character data with its references decoded; a reference that is not one of XML's
// five or a valid character reference is kept as written.
void append_xml_text(std::string& out, std::string_view raw) {
    std::size_t at = 0;
    for (;;) {
        const std::size_t amp = raw.find('&', at);
        if (amp == std::string_view::npos) {
            out.append(raw.substr(at));
            return;
        }
        out.append(raw.substr(at, amp - at));
        const std::size_t semicolon = raw.find(';', amp);
        if (semicolon == std::string_view::npos || semicolon - amp > 10) {
            out += '&';
            at = amp + 1;
            continue;
        }
        const std::string_view entity = raw.substr(amp + 1, semicolon - amp - 1);
        bool decoded = true;
        if (entity == "amp") out += '&';
        else if (entity == "lt") out += '<';
        else if (entity == "gt") out += '>';
        else if (entity == "quot") out += '"';
        else if (entity == "apos") out += '\'';
        else if (entity.size() >= 2 && entity[0] == '#') {
            const bool hex = entity[1] == 'x' || entity[1] == 'X';
            const std::string_view digits = entity.substr(hex ? 2 : 1);
            std::uint32_t code = 0;
            const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
            decoded = !digits.empty() && error == std::errc{} && end == digits.data() + digits.size() && code != 0 &&
                      is_scalar_value(code);
            if (decoded) append_utf8(out, code);
        } else {
            decoded = false;
        }
        if (decoded) {
            at = semicolon + 1;
        } else {
            out += '&';
            at = amp + 1;
        }
    }
}

void append_token_text(std::string& out, const XmlTokenizer& xml) {
    if (xml.text_is_cdata()) out.append(xml.text());
    else append_xml_text(out, xml.text());
}

std::string decoded_attribute(const XmlTokenizer& xml, std::string_view name) {
    std::string out;
    if (const auto raw = xml.attribute(name)) append_xml_text(out, *raw);
    return out;
}

std::optional<std::uint32_t> hex4(std::string_view text, std::size_t at) {
    if (text.size() < at + 4) return std::nullopt;
    std::uint32_t code = 0;
    const auto [end, error] = std::from_chars(text.data() + at, text.data() + at + 4, code, 16);
    if (error != std::errc{} || end != text.data() + at + 4) return std::nullopt;
    return code;
}

// Office escapes characters XML cannot hold as _xHHHH_ (_x000D_ is a carriage return, _x005F_
// an underscore); decoded in place from `from` on. Every escape is longer than its UTF-8.
void decode_office_escapes(std::string& text, std::size_t from) {
    if (text.find("_x", from) == std::string::npos) return;
    const auto escape_at = [&](std::size_t at) -> std::optional<std::uint32_t> {
        if (at + 7 > text.size() || text[at] != '_' || text[at + 1] != 'x' || text[at + 6] != '_') return std::nullopt;
        return hex4(text, at + 2);
    };
    std::size_t write = from;
    std::string encoded;
    for (std::size_t read = from; read < text.size();) {
        const auto code = escape_at(read);
        if (!code) {
            text[write++] = text[read++];
            continue;
        }
        std::uint32_t scalar = *code;
        read += 7;
        if (scalar >= 0xD800 && scalar <= 0xDBFF) {
            const auto low = escape_at(read);
            if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (*low - 0xDC00);
                read += 7;
            }
        }
        if (!is_scalar_value(scalar)) scalar = 0xFFFD;
        encoded.clear();
        append_utf8(encoded, scalar);
        for (const char c : encoded) text[write++] = c;
    }
    text.resize(write);
}

std::string_view trim_blanks(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' || text.front() == '\n'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
        text.remove_suffix(1);
    return text;
}

template <typename Integer>
std::optional<Integer> parse_integer(std::string_view text) {
    text = trim_blanks(text);
    Integer value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

bool xml_true(std::optional<std::string_view> value) {
    return value && (trim_blanks(*value) == "1" || trim_blanks(*value) == "true");
}

// ---- Cell references --------------------------------------------------------------------

struct CellPosition {
    std::int64_t row = 0;
    std::int64_t column = 0;
};

// "B3" (letters then digits, both within Excel's grid); nullopt for anything else.
std::optional<CellPosition> parse_cell_reference(std::string_view text) {
    std::size_t at = 0;
    std::int64_t column = 0;
    while (at < text.size() && at < 4 && ascii_lower(text[at]) >= 'a' && ascii_lower(text[at]) <= 'z') {
        column = column * 26 + (ascii_lower(text[at]) - 'a' + 1);
        ++at;
    }
    if (at == 0 || column > max_sheet_columns) return std::nullopt;
    const auto row = parse_integer<std::int64_t>(text.substr(at));
    if (!row || *row < 1 || *row > max_sheet_rows || text[at] < '0' || text[at] > '9') return std::nullopt;
    return CellPosition{*row, column};
}

std::string column_letters(std::int64_t column) {
    std::string letters;
    for (; column > 0; column = (column - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (column - 1) % 26));
    return letters;
}

// ---- Workbook parts ---------------------------------------------------------------------

struct Relationship {
    std::string id;
    std::string type;
    std::string target;  // the resolved part name, without a leading '/'
};

bool has_type(const Relationship& relationship, std::string_view kind) {
    // Transitional and strict OOXML use different namespaces; the last segment is the same.
    return relationship.type.ends_with("/" + std::string(kind));
}

std::string folder_of(std::string_view part) {
    const std::size_t slash = part.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

// A relationship target (a relative or absolute URI) as a part name: "worksheets/sheet1.xml"
// from "xl/" is "xl/worksheets/sheet1.xml"; ".." and percent escapes are resolved.
std::string resolve_target(std::string_view base_folder, std::string_view target) {
    std::string unescaped;
    for (std::size_t at = 0; at < target.size(); ++at) {
        unsigned value = 0;
        if (target[at] == '%' && at + 2 < target.size() &&
            std::from_chars(target.data() + at + 1, target.data() + at + 3, value, 16).ptr == target.data() + at + 3) {
            unescaped += static_cast<char>(value);
            at += 2;
        } else {
            unescaped += target[at];
        }
    }
    const std::string path = unescaped.starts_with('/') ? unescaped.substr(1) : std::string(base_folder) + unescaped;
    std::vector<std::string_view> segments;
    std::string_view rest = path;
    while (!rest.empty()) {
        const std::size_t slash = rest.find('/');
        const std::string_view segment = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        if (segment.empty() || segment == ".") continue;
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
            continue;
        }
        segments.push_back(segment);
    }
    std::string resolved;
    for (const std::string_view segment : segments) {
        if (!resolved.empty()) resolved += '/';
        resolved += segment;
    }
    return resolved;
}

// The relationships part of `part` ("xl/workbook.xml" -> "xl/_rels/workbook.xml.rels").
std::string relationships_part_of(std::string_view part) {
    const std::string folder = folder_of(part);
    return folder + "_rels/" + std::string(part.substr(folder.size())) + ".rels";
}

std::vector<Relationship> parse_relationships(std::string_view xml_text, std::string_view part, std::string_view source_part) {
    XmlTokenizer xml(xml_text, std::string(part));
    const std::string base = folder_of(source_part);
    std::vector<Relationship> relationships;
    for (auto token = xml.next(); token != XmlTokenizer::Token::end_of_part; token = xml.next()) {
        if (token != XmlTokenizer::Token::start || xml.name() != "Relationship") continue;
        if (decoded_attribute(xml, "TargetMode") == "External") continue;
        relationships.push_back(
            {decoded_attribute(xml, "Id"), decoded_attribute(xml, "Type"), resolve_target(base, decoded_attribute(xml, "Target"))});
    }
    return relationships;
}

struct SheetEntry {
    std::string name;
    std::string part;  // empty when the relationship is missing
    bool is_worksheet = false;
    bool hidden = false;
};

struct Workbook {
    std::string workbook_part;
    bool date_1904 = false;
    std::vector<SheetEntry> sheets;
    std::string shared_strings_part;  // empty when the workbook has none
    std::string styles_part;
};

std::string read_part(ZipArchive& zip, std::string_view name) {
    const ZipEntry* entry = zip.find(name);
    if (!entry) throw_damaged("part " + std::string(name) + " is missing");
    return zip.read(*entry);
}

// What a non-xlsx file was, when it is recognisably something else.
[[noreturn]] void throw_not_a_workbook(ZipArchive& zip, std::string_view office_document) {
    if (office_document.ends_with(".bin"))
        throw XlsxError("this is a binary Excel workbook (.xlsb), which cannot be read: save it as .xlsx in Excel, then import again");
    if (const ZipEntry* mimetype = zip.find("mimetype");
        mimetype && mimetype->uncompressed_size < 256 && zip.read(*mimetype).find("opendocument.spreadsheet") != std::string::npos)
        throw XlsxError("this is an OpenDocument spreadsheet (.ods), not an .xlsx workbook: save it as .xlsx in LibreOffice, then import again");
    throw XlsxError("this zip archive is not an Excel workbook (it holds no " +
                    std::string(office_document.empty() ? "xl/workbook.xml" : office_document) + ")");
}

Workbook read_workbook(ZipArchive& zip) {
    Workbook book;
    // The package's own relationships name the workbook part; xl/workbook.xml by convention.
    std::string office_document;
    if (const ZipEntry* package_relationships = zip.find("_rels/.rels")) {
        for (const Relationship& relationship : parse_relationships(zip.read(*package_relationships), "_rels/.rels", ""))
            if (has_type(relationship, "officeDocument")) office_document = relationship.target;
    }
    book.workbook_part = office_document.empty() ? "xl/workbook.xml" : office_document;
    const ZipEntry* workbook_entry = zip.find(book.workbook_part);
    if (!workbook_entry || book.workbook_part.ends_with(".bin")) throw_not_a_workbook(zip, office_document);
    book.workbook_part = workbook_entry->name;

    std::vector<Relationship> relationships;
    const std::string relationships_part = relationships_part_of(book.workbook_part);
    if (const ZipEntry* entry = zip.find(relationships_part))
        relationships = parse_relationships(zip.read(*entry), relationships_part, book.workbook_part);
    for (const Relationship& relationship : relationships) {
        if (has_type(relationship, "sharedStrings") && zip.find(relationship.target)) book.shared_strings_part = relationship.target;
        if (has_type(relationship, "styles") && zip.find(relationship.target)) book.styles_part = relationship.target;
    }

    std::unordered_map<std::string, const Relationship*> relationship_by_id;
    for (const Relationship& relationship : relationships) relationship_by_id.emplace(relationship.id, &relationship);

    const std::string workbook_xml = zip.read(*workbook_entry);
    XmlTokenizer xml(workbook_xml, book.workbook_part);
    for (auto token = xml.next(); token != XmlTokenizer::Token::end_of_part; token = xml.next()) {
        if (token != XmlTokenizer::Token::start) continue;
        if (xml.name() == "workbookPr") {
            book.date_1904 = xml_true(xml.attribute("date1904"));
        } else if (xml.name() == "sheet") {
            SheetEntry sheet;
            sheet.name = decoded_attribute(xml, "name");
            const std::string state = decoded_attribute(xml, "state");
            sheet.hidden = state == "hidden" || state == "veryHidden";
            if (const auto found = relationship_by_id.find(decoded_attribute(xml, "id")); found != relationship_by_id.end()) {  // r:id
                sheet.part = found->second->target;
                sheet.is_worksheet = has_type(*found->second, "worksheet");
            }
            book.sheets.push_back(std::move(sheet));
        }
    }
    return book;
}

// Shared strings: all text in one buffer, each string a span of it.
class SharedStrings {
public:
    std::string_view at(std::size_t index) const {
        const std::size_t start = index == 0 ? 0 : ends_[index - 1];
        return std::string_view(text_).substr(start, ends_[index] - start);
    }
    std::size_t size() const { return ends_.size(); }

    void parse(std::string_view xml_text, std::string_view part) {
        XmlTokenizer xml(xml_text, std::string(part));
        bool in_item = false, in_text = false, in_phonetic = false;
        std::size_t start = 0;
        for (auto token = xml.next(); token != XmlTokenizer::Token::end_of_part; token = xml.next()) {
            const std::string_view name = xml.name();
            if (token == XmlTokenizer::Token::start) {
                if (name == "si") {
                    in_item = true;
                    start = ends_.empty() ? 0 : ends_.back();
                    text_.resize(start);  // what an <si> left open before this one held is dropped
                } else if (name == "rPh") {
                    in_phonetic = true;  // a reading guide (furigana), not part of the value
                } else if (name == "t" && in_item && !in_phonetic) {
                    in_text = true;
                }
            } else if (token == XmlTokenizer::Token::end) {
                if (name == "t") {
                    in_text = false;
                } else if (name == "rPh") {
                    in_phonetic = false;
                } else if (name == "si" && in_item) {
                    decode_office_escapes(text_, start);
                    if (std::uint64_t{text_.size()} > std::numeric_limits<std::uint32_t>::max()) xml.fail("holds more than 4 GiB of text");
                    ends_.push_back(static_cast<std::uint32_t>(text_.size()));
                    in_item = false;
                }
            } else if (token == XmlTokenizer::Token::text && in_text) {
                append_token_text(text_, xml);
            }
        }
    }

private:
    // One end offset a string, not a span: four bytes for each of the millions of <si/> a
    // hostile part of a few hundred MiB can hold.
    std::string text_;
    std::vector<std::uint32_t> ends_;
};

// What a number format makes of a number.
enum class NumberKind : std::uint8_t { plain, date, time_of_day, elapsed };

// Date and time tokens outside quoted text, escapes and [brackets]: y or d make a date; h or s
// without them a time (m is minutes then); m alone a month; [h] [mm] [ss] an elapsed time.
NumberKind classify_format_code(std::string_view code) {
    bool year_or_day = false, month = false, hour_or_second = false, elapsed = false;
    for (std::size_t at = 0; at < code.size(); ++at) {
        const char c = ascii_lower(code[at]);
        if (c == '"') {
            const std::size_t close = code.find('"', at + 1);
            at = close == std::string_view::npos ? code.size() : close;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++at;  // an escaped literal, a space the width of a character, a fill character
        } else if (c == '[') {
            const std::size_t close = code.find(']', at + 1);
            const std::string_view inside = code.substr(at + 1, close == std::string_view::npos ? 0 : close - at - 1);
            if (!inside.empty() && inside.find_first_not_of("hHmMsS") == std::string_view::npos) elapsed = true;
            at = close == std::string_view::npos ? code.size() : close;
        } else if (c == 'y' || c == 'd') {
            year_or_day = true;
        } else if (c == 'm') {
            month = true;
        } else if (c == 'h' || c == 's') {
            hour_or_second = true;
        }
    }
    if (elapsed) return NumberKind::elapsed;
    if (year_or_day) return NumberKind::date;
    if (hour_or_second) return NumberKind::time_of_day;
    return month ? NumberKind::date : NumberKind::plain;
}

// Excel's built-in formats that show dates or times. 27-36 and 50-58 are the date formats of
// East Asian locales, which Excel writes by number without a format code.
NumberKind builtin_format_kind(std::int64_t id) {
    if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return NumberKind::date;
    if ((id >= 18 && id <= 21) || id == 45 || id == 47) return NumberKind::time_of_day;
    if (id == 46) return NumberKind::elapsed;
    return NumberKind::plain;
}

// The kind of each cell style (the s attribute indexes cellXfs).
std::vector<NumberKind> parse_cell_styles(std::string_view xml_text, std::string_view part) {
    XmlTokenizer xml(xml_text, std::string(part));
    std::unordered_map<std::int64_t, NumberKind> custom_formats;
    std::vector<std::int64_t> style_formats;
    // numFmt also appears in conditional formats (dxfs), with numbers of their own: not those.
    bool in_number_formats = false, in_cell_styles = false;
    for (auto token = xml.next(); token != XmlTokenizer::Token::end_of_part; token = xml.next()) {
        if (token == XmlTokenizer::Token::end && xml.name() == "cellXfs") in_cell_styles = false;
        if (token == XmlTokenizer::Token::end && xml.name() == "numFmts") in_number_formats = false;
        if (token != XmlTokenizer::Token::start) continue;
        if (xml.name() == "numFmts") {
            in_number_formats = true;
        } else if (xml.name() == "numFmt" && in_number_formats) {
            const auto id = parse_integer<std::int64_t>(xml.attribute("numFmtId").value_or(""));
            if (id) custom_formats.insert_or_assign(*id, classify_format_code(decoded_attribute(xml, "formatCode")));
        } else if (xml.name() == "cellXfs") {
            in_cell_styles = true;
        } else if (xml.name() == "xf" && in_cell_styles) {
            style_formats.push_back(parse_integer<std::int64_t>(xml.attribute("numFmtId").value_or("0")).value_or(0));
        }
    }
    std::vector<NumberKind> kinds;
    kinds.reserve(style_formats.size());
    for (const std::int64_t id : style_formats) {
        // A custom format with a built-in number replaces the built-in one.
        const auto custom = custom_formats.find(id);
        kinds.push_back(custom != custom_formats.end() ? custom->second : builtin_format_kind(id));
    }
    return kinds;
}

// ---- Cell values ------------------------------------------------------------------------

// True when `text` is already what append_number would write for its value: plain decimal
// digits, no exponent, no leading or trailing zeros, at most 15 significant digits (which
// always read back exactly) and within append_number's plain range. Most cells are; they are
// copied instead of formatted.
bool is_shortest_decimal(std::string_view text) {
    if (text.starts_with('-')) text.remove_prefix(1);
    const std::size_t point = text.find('.');
    const std::string_view whole = text.substr(0, point);
    const std::string_view fraction = point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
    const auto digits_only = [](std::string_view part) {
        return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (whole.empty() || !digits_only(whole) || !digits_only(fraction)) return false;
    if (point != std::string_view::npos && (fraction.empty() || fraction.back() == '0')) return false;
    if (whole.size() > 1 && whole.front() == '0') return false;
    std::size_t significant = whole == "0" ? 0 : whole.size();
    if (whole == "0") {
        const std::size_t zeros = fraction.find_first_not_of('0');
        if (zeros == std::string_view::npos || zeros >= 6) return false;  // zero itself, or an exponent below -6
        significant = fraction.size() - zeros;
    } else {
        significant += fraction.size();
    }
    return significant <= 15;
}

// Shortest text that reads back as the same double, as plain digits where JavaScript would
// write them so (1e-7 < |x| < 1e21) and with an exponent beyond. By hand on snprintf's
// digits: Emscripten's C++ library has no floating-point std::to_chars, and both builds must
// write the same text.
void append_number(std::string& out, double value) {
    if (value == 0) {  // -0 too
        out += '0';
        return;
    }
    if (std::fabs(value) < 9007199254740992.0 && value == std::trunc(value)) {
        char digits[24];
        const auto result = std::to_chars(digits, digits + sizeof digits, static_cast<std::int64_t>(value));
        out.append(digits, result.ptr);
        return;
    }
    char scientific[40];
    for (int precision = 15; precision <= 17; ++precision) {
        std::snprintf(scientific, sizeof scientific, "%.*e", precision - 1, value);
        double back = 0;
        const auto parsed = fast_float::from_chars(scientific, scientific + std::strlen(scientific), back);
        if (parsed.ec == std::errc{} && back == value) break;
    }
    // "-d.ddde+XX": the significant digits without trailing zeros, and the exponent.
    const std::string_view text = scientific;
    const bool negative = text.front() == '-';
    const std::size_t e = text.find('e');
    std::string digits;
    for (const char c : text.substr(negative ? 1 : 0, e - (negative ? 1 : 0)))
        if (c != '.') digits += c;
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    const int exponent = std::atoi(scientific + e + 1);
    if (negative) out += '-';
    if (exponent >= 21 || exponent <= -7) {
        out += digits[0];
        if (digits.size() > 1) {
            out += '.';
            out.append(digits, 1);
        }
        out += exponent < 0 ? "e-" : "e+";
        out += std::to_string(std::abs(exponent));
    } else if (exponent < 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-exponent - 1), '0');
        out += digits;
    } else if (digits.size() <= static_cast<std::size_t>(exponent) + 1) {
        out += digits;
        out.append(static_cast<std::size_t>(exponent) + 1 - digits.size(), '0');
    } else {
        out.append(digits, 0, static_cast<std::size_t>(exponent) + 1);
        out += '.';
        out.append(digits, static_cast<std::size_t>(exponent) + 1);
    }
}

void append_two_digits(std::string& out, std::int64_t value) {
    out += static_cast<char>('0' + value / 10);
    out += static_cast<char>('0' + value % 10);
}

void append_time(std::string& out, std::int64_t seconds) {
    append_two_digits(out, seconds / 3600);
    out += ':';
    append_two_digits(out, seconds / 60 % 60);
    out += ':';
    append_two_digits(out, seconds % 60);
}

// A serial date as ISO text (YYYY-MM-DD, with HH:MM:SS when it holds a time of day, to the
// nearest second); false when the serial is no calendar date.
bool append_serial_date(std::string& out, double serial, NumberKind kind, bool system_1904) {
    if (!std::isfinite(serial)) return false;
    double whole = std::floor(serial);
    auto seconds = static_cast<std::int64_t>(std::llround((serial - whole) * 86400.0));
    if (seconds == 86400) {
        whole += 1;
        seconds = 0;
    }
    if (kind == NumberKind::time_of_day && serial >= 0 && whole == 0) {
        append_time(out, seconds);
        return true;
    }
    const auto day = day_from_excel_serial(whole, system_1904);
    if (!day) return false;
    char date_text[iso_date_length];
    write_iso_date(*day, date_text);
    out.append(date_text, iso_date_length);
    if (seconds != 0) {
        out += ' ';
        append_time(out, seconds);
    }
    return true;
}

// Strict OOXML's ISO 8601 date cells (t="d"): "2024-03-05T14:30:00" as "2024-03-05 14:30:00",
// midnight as the date alone; anything else as written.
void append_iso_date_cell(std::string& out, std::string_view text) {
    if (text.size() >= 19 && text[10] == 'T') {
        out.append(text.substr(0, 10));
        if (text.substr(11, 8) != "00:00:00") {
            out += ' ';
            out.append(text.substr(11, 8));
        }
        return;
    }
    out.append(text);
}

// ---- Sheet to CSV -----------------------------------------------------------------------

struct MergedRange {
    CellPosition first;
    CellPosition last;
};

std::string range_text(const MergedRange& range) {
    return cell_reference(range.first.row, range.first.column) + ":" + cell_reference(range.last.row, range.last.column);
}

// The sheet's merged ranges of more than one cell, by top row then left column. mergeCells
// follows sheetData, so it is read in a pass of its own before the cells.
std::vector<MergedRange> read_merged_ranges(std::string_view sheet_xml, const std::string& label) {
    std::vector<MergedRange> ranges;
    if (sheet_xml.find("mergeCell") == std::string_view::npos) return ranges;
    XmlTokenizer xml(sheet_xml, label);
    for (auto token = xml.next(); token != XmlTokenizer::Token::end_of_part; token = xml.next()) {
        if (token != XmlTokenizer::Token::start || xml.name() != "mergeCell") continue;
        const std::string_view reference = xml.attribute("ref").value_or("");
        const std::size_t colon = reference.find(':');
        const auto first = parse_cell_reference(reference.substr(0, colon));
        const auto last = colon == std::string_view::npos ? first : parse_cell_reference(reference.substr(colon + 1));
        if (!first || !last) xml.fail("has a merged range " + quoted(reference) + " that is not a cell range");
        MergedRange range{{std::min(first->row, last->row), std::min(first->column, last->column)},
                          {std::max(first->row, last->row), std::max(first->column, last->column)}};
        if (range.first.row != range.last.row || range.first.column != range.last.column) ranges.push_back(range);
        if (ranges.size() > max_merged_ranges)
            xml.fail("has more than " + std::to_string(max_merged_ranges) + " merged ranges, more than a sheet of data ever needs");
    }
    std::sort(ranges.begin(), ranges.end(), [](const MergedRange& a, const MergedRange& b) {
        return std::pair(a.first.row, a.first.column) < std::pair(b.first.row, b.first.column);
    });
    return ranges;
}

struct SheetContext {
    std::string sheet_name;
    std::string label;  // "sheet 'Orders' (xl/worksheets/sheet1.xml)"
    const SharedStrings* strings = nullptr;
    const std::vector<NumberKind>* styles = nullptr;
    bool date_1904 = false;
    std::size_t max_csv_bytes = 0;
};

// Writes rows as they come: fields in column order, commas for the gaps, a newline per row
// and empty lines for missing rows; merged ranges are filled as their rows pass. Padding to
// the widest row comes last, in place, since the width is known only at the end.
class CsvSheetWriter {
public:
    CsvSheetWriter(const SheetContext& context, std::vector<MergedRange> ranges)
        : context_(context), ranges_(std::move(ranges)) {}

    void begin_row(std::int64_t row) {
        while (rows_written_ + 1 < row) {
            open_row(rows_written_ + 1);
            close_row();
        }
        open_row(row);
    }

    // A non-empty value at `column` of the open row; columns come in increasing order.
    void put_cell(std::int64_t column, std::string_view value) {
        while (active_index_ < active_.size() && active_[active_index_].range.last.column < column) {
            fill_merged(active_[active_index_], active_[active_index_].range.last.column);
            next_active();
        }
        if (active_index_ < active_.size() && active_[active_index_].range.first.column <= column) {
            ActiveRange& merged = active_[active_index_];
            if (row_ == merged.range.first.row && column == merged.range.first.column) {
                merged.value.assign(value);
                write_field(column, value);
                fill_column_ = column + 1;
            } else {
                fill_merged(merged, column);  // the range's value wins over what the covered cell holds
            }
            return;
        }
        write_field(column, value);
    }

    void end_row() { close_row(); }

    // After sheetData: the rows merged ranges still reach, then padding.
    XlsxSheetText finish() {
        while (std::any_of(active_.begin(), active_.end(),
                           [&](const ActiveRange& merged) { return merged.range.last.row > rows_written_ && !merged.value.empty(); })) {
            open_row(rows_written_ + 1);
            close_row();
        }
        while (!row_ends_.empty() && row_ends_.back().last_column == 0) row_ends_.pop_back();
        csv_.resize(row_ends_.empty() ? 0 : row_ends_.back().newline + 1);
        pad_rows();

        XlsxSheetText result;
        result.sheet_name = context_.sheet_name;
        result.csv = std::move(csv_);
        if (!filled_ranges_.empty()) {
            // In sheet order, the first ten by name.
            std::sort(filled_ranges_.begin(), filled_ranges_.end());
            constexpr std::size_t named = 10;
            std::string note = "merged cells: each cell of ";
            for (std::size_t i = 0; i < std::min(named, filled_ranges_.size()); ++i)
                note += (i ? ", " : "") + range_text(ranges_[filled_ranges_[i]]);
            if (filled_ranges_.size() > named) note += " and " + std::to_string(filled_ranges_.size() - named) + " more ranges";
            note += " holds the range's top-left value";
            result.notes.push_back(note);
        }
        if (joined_lines_)
            result.notes.push_back("line breaks inside cells became spaces (first in cell " + first_joined_cell_ +
                                   "), so each CSV line is one sheet row");
        if (undated_cells_ > 0)
            result.notes.push_back(std::to_string(undated_cells_) + " cells with a date format hold numbers that are no calendar date (first: " +
                                   first_undated_cell_ + "); they are kept as numbers");
        return result;
    }

    std::int64_t rows_written() const { return rows_written_; }
    void note_undated(std::int64_t row, std::int64_t column) {
        if (undated_cells_++ == 0) first_undated_cell_ = cell_reference(row, column);
    }

private:
    struct ActiveRange {
        std::size_t index;  // in ranges_
        MergedRange range;
        std::string value;  // known once its top-left cell has passed
        bool filled = false;
    };
    struct RowEnd {
        std::size_t newline = 0;      // offset of the row's '\n' in csv_
        std::int64_t last_column = 0;  // 0 for an empty row
    };

    void open_row(std::int64_t row) {
        row_ = row;
        last_column_ = 0;
        // Ranges whose last row has passed, or whose top-left cell proved empty, fill nothing more.
        std::erase_if(active_, [&](const ActiveRange& merged) {
            return merged.range.last.row < row || (merged.range.first.row < row && merged.value.empty());
        });
        const std::size_t old_count = active_.size();
        for (; next_range_ < ranges_.size() && ranges_[next_range_].first.row <= row; ++next_range_)
            if (ranges_[next_range_].last.row >= row) active_.push_back({next_range_, ranges_[next_range_], {}});
        if (active_.size() != old_count) {
            std::inplace_merge(active_.begin(), active_.begin() + static_cast<std::ptrdiff_t>(old_count), active_.end(),
                               [](const ActiveRange& a, const ActiveRange& b) { return a.range.first.column < b.range.first.column; });
            for (std::size_t i = 1; i < active_.size(); ++i)
                if (active_[i].range.first.column <= active_[i - 1].range.last.column)
                    throw XlsxError(context_.label + " has merged ranges that overlap: " + range_text(active_[i - 1].range) +
                                    " and " + range_text(active_[i].range));
        }
        active_index_ = 0;
        fill_column_ = 0;
    }

    void next_active() {
        ++active_index_;
        fill_column_ = 0;
    }

    // Fills the range's columns up to `through` in the open row (its top-left cell excepted).
    void fill_merged(ActiveRange& merged, std::int64_t through) {
        const std::int64_t from = std::max(fill_column_, merged.range.first.column);
        fill_column_ = through + 1;
        if (merged.value.empty()) return;
        if (from <= through && !merged.filled) {
            merged.filled = true;
            filled_ranges_.push_back(merged.index);
        }
        for (std::int64_t column = from; column <= through; ++column)
            if (row_ != merged.range.first.row || column != merged.range.first.column) write_field(column, merged.value);
    }

    void close_row() {
        for (; active_index_ < active_.size(); next_active()) fill_merged(active_[active_index_], active_[active_index_].range.last.column);
        reserve_room(1);
        row_ends_.push_back({csv_.size(), last_column_});
        csv_ += '\n';
        width_ = std::max(width_, last_column_);
        rows_written_ = row_;
    }

    // Checked before each write: a merged range can repeat one long value many times over.
    void reserve_room(std::size_t bytes) const {
        if (bytes > context_.max_csv_bytes - std::min(csv_.size(), context_.max_csv_bytes))
            throw XlsxError(context_.label + " makes more than the " + describe_size(context_.max_csv_bytes) +
                            " of CSV text one sheet may (reached at row " + std::to_string(row_) + ")");
    }

    // RFC 4180: quoted when it holds a comma or a quote, quotes doubled; line breaks become
    // spaces so that CSV line N stays sheet row N.
    void write_field(std::int64_t column, std::string_view value) {
        const auto commas = static_cast<std::size_t>(last_column_ == 0 ? column - 1 : column - last_column_);
        reserve_room(commas + 2 * value.size() + 2);  // at worst every character a doubled quote
        csv_.append(commas, ',');
        last_column_ = column;
        bool needs_quotes = false, has_line_break = false;
        for (const char c : value) {
            if (c == ',' || c == '"') needs_quotes = true;
            else if (c == '\n' || c == '\r') has_line_break = true;
        }
        if (!needs_quotes && !has_line_break) {
            csv_.append(value);
            return;
        }
        if (has_line_break && !joined_lines_) {
            joined_lines_ = true;
            first_joined_cell_ = cell_reference(row_, column);
        }
        if (needs_quotes) csv_ += '"';
        for (std::size_t i = 0; i < value.size(); ++i) {
            const char c = value[i];
            if (c == '\r' || c == '\n') {
                csv_ += ' ';
                if (c == '\r' && i + 1 < value.size() && value[i + 1] == '\n') ++i;
            } else {
                if (c == '"') csv_ += '"';
                csv_ += c;
            }
        }
        if (needs_quotes) csv_ += '"';
    }

    // Every non-empty record gets width_ fields; rows move right from the back, in place.
    void pad_rows() {
        std::size_t total = 0;
        for (const RowEnd& end : row_ends_)
            if (end.last_column > 0) total += static_cast<std::size_t>(width_ - end.last_column);
        if (total == 0) return;
        reserve_room(total);
        csv_.resize(csv_.size() + total);
        std::size_t shift = total;
        for (std::size_t i = row_ends_.size(); i-- > 0 && shift > 0;) {
            const std::size_t start = i == 0 ? 0 : row_ends_[i - 1].newline + 1;
            const std::size_t end = row_ends_[i].newline;
            const std::size_t pad = row_ends_[i].last_column > 0 ? static_cast<std::size_t>(width_ - row_ends_[i].last_column) : 0;
            csv_[end + shift] = '\n';
            std::fill_n(csv_.begin() + static_cast<std::ptrdiff_t>(end + shift - pad), pad, ',');
            shift -= pad;
            if (shift > 0) std::memmove(csv_.data() + start + shift, csv_.data() + start, end - start);
        }
    }

    const SheetContext& context_;
    std::vector<MergedRange> ranges_;
    std::size_t next_range_ = 0;
    std::vector<ActiveRange> active_;  // ranges covering the open row, by first column
    std::size_t active_index_ = 0;
    std::int64_t fill_column_ = 0;
    std::vector<std::size_t> filled_ranges_;  // indexes in ranges_ of the ranges that filled a cell

    std::string csv_;
    std::vector<RowEnd> row_ends_;
    std::int64_t row_ = 0;
    std::int64_t rows_written_ = 0;
    std::int64_t last_column_ = 0;
    std::int64_t width_ = 0;
    bool joined_lines_ = false;
    std::string first_joined_cell_;
    std::size_t undated_cells_ = 0;
    std::string first_undated_cell_;
};

// One <c> element as it is read.
struct CellInProgress {
    std::int64_t column = 0;
    std::string_view type;
    std::size_t style = 0;
    bool has_formula = false;
    bool has_value = false;
    bool in_value = false;
    bool in_inline = false;
    bool in_text = false;
    bool in_phonetic = false;
    std::string value;        // <v>, references decoded
    std::string inline_text;  // <is>
};

class SheetConverter {
public:
    SheetConverter(const SheetContext& context, std::string_view sheet_xml)
        : context_(context), xml_(sheet_xml, context.label), writer_(context, read_merged_ranges(sheet_xml, context.label)) {}

    XlsxSheetText run();

private:
    [[noreturn]] void fail_cell(const std::string& what) const {
        throw XlsxError("sheet " + quoted(context_.sheet_name) + ", cell " + cell_reference(row_, cell_.column) + " " + what, row_,
                        cell_.column);
    }
    void start_row();
    void start_cell();
    void finish_cell();

    const SheetContext& context_;
    XmlTokenizer xml_;
    CsvSheetWriter writer_;
    std::int64_t row_ = 0;
    std::int64_t last_cell_column_ = 0;
    CellInProgress cell_;
    std::string formatted_;
};

XlsxSheetText SheetConverter::run() {
    using Token = XmlTokenizer::Token;
    bool in_sheet_data = false, in_row = false, in_cell = false;
    for (auto token = xml_.next(); token != Token::end_of_part; token = xml_.next()) {
        const std::string_view name = xml_.name();
        if (token == Token::start) {
            if (!in_sheet_data) {
                in_sheet_data = name == "sheetData";
            } else if (!in_row) {
                if (name == "row") {
                    in_row = true;
                    start_row();
                }
            } else if (!in_cell) {
                if (name == "c") {
                    in_cell = true;
                    start_cell();
                }
            } else if (name == "f") {
                cell_.has_formula = true;
            } else if (name == "v") {
                cell_.in_value = cell_.has_value = true;
                cell_.value.clear();
            } else if (name == "is") {
                cell_.in_inline = true;
            } else if (name == "rPh") {
                cell_.in_phonetic = true;
            } else if (name == "t" && cell_.in_inline && !cell_.in_phonetic) {
                cell_.in_text = true;
            }
        } else if (token == Token::end) {
            if (in_cell) {
                if (name == "v") cell_.in_value = false;
                else if (name == "t") cell_.in_text = false;
                else if (name == "rPh") cell_.in_phonetic = false;
                else if (name == "is") cell_.in_inline = false;
                else if (name == "c") {
                    in_cell = false;
                    finish_cell();
                }
            } else if (in_row && name == "row") {
                in_row = false;
                writer_.end_row();
            } else if (in_sheet_data && name == "sheetData") {
                break;
            }
        } else if (in_cell) {
            if (cell_.in_value) append_token_text(cell_.value, xml_);
            else if (cell_.in_text) append_token_text(cell_.inline_text, xml_);
        }
    }
    if (in_row) xml_.fail("has row " + std::to_string(row_) + " without its end");
    return writer_.finish();
}

void SheetConverter::start_row() {
    const auto number = xml_.attribute("r");
    std::int64_t row = writer_.rows_written() + 1;
    if (number) {
        const auto parsed = parse_integer<std::int64_t>(*number);
        if (!parsed || *parsed < 1 || *parsed > max_sheet_rows)
            xml_.fail("has a row numbered " + quoted(*number) + ", outside Excel's 1 to 1048576");
        row = *parsed;
    }
    if (row <= writer_.rows_written())
        xml_.fail("has row " + std::to_string(row) + " after row " + std::to_string(writer_.rows_written()) +
                  ": rows out of order cannot be read");
    row_ = row;
    last_cell_column_ = 0;
    writer_.begin_row(row);
}

void SheetConverter::start_cell() {
    cell_.has_formula = cell_.has_value = cell_.in_value = cell_.in_inline = cell_.in_text = cell_.in_phonetic = false;
    cell_.value.clear();
    cell_.inline_text.clear();
    cell_.column = last_cell_column_ + 1;
    if (const auto reference = xml_.attribute("r")) {
        const auto position = parse_cell_reference(*reference);
        if (!position) xml_.fail("in row " + std::to_string(row_) + " has a cell named " + quoted(*reference) + ", which is no cell of Excel's grid");
        if (position->row != row_)
            xml_.fail("has cell " + std::string(*reference) + " inside row " + std::to_string(row_));
        cell_.column = position->column;
    }
    if (cell_.column <= last_cell_column_)
        xml_.fail("has cell " + cell_reference(row_, cell_.column) + " after " + cell_reference(row_, last_cell_column_) +
                  ": cells out of order cannot be read");
    if (cell_.column > max_sheet_columns) xml_.fail("has more than Excel's 16384 columns in row " + std::to_string(row_));
    last_cell_column_ = cell_.column;
    cell_.type = xml_.attribute("t").value_or("n");
    cell_.style = parse_integer<std::size_t>(xml_.attribute("s").value_or("0")).value_or(0);
}

void SheetConverter::finish_cell() {
    const std::string_view type = cell_.type;
    const bool text_result = type == "str" || type == "inlineStr";
    if (cell_.has_formula && (!cell_.has_value || (!text_result && trim_blanks(cell_.value).empty())))
        fail_cell("holds a formula with no saved value: open the workbook in Excel or LibreOffice and save it, then import again");
    formatted_.clear();
    std::string_view value;
    if (type == "s") {
        if (!cell_.has_value) return;
        const auto index = parse_integer<std::size_t>(cell_.value);
        if (!index || *index >= context_.strings->size())
            fail_cell("refers to shared string " + quoted(trim_blanks(cell_.value)) + ", but the workbook has " +
                      std::to_string(context_.strings->size()));
        value = context_.strings->at(*index);
    } else if (type == "inlineStr") {
        decode_office_escapes(cell_.inline_text, 0);
        value = cell_.inline_text;
    } else if (type == "str" || type == "e") {
        decode_office_escapes(cell_.value, 0);
        value = cell_.value;
    } else if (type == "b") {
        const std::string_view flag = trim_blanks(cell_.value);
        value = flag == "1" ? std::string_view("TRUE") : flag == "0" ? std::string_view("FALSE") : flag;
    } else if (type == "d") {
        append_iso_date_cell(formatted_, trim_blanks(cell_.value));
        value = formatted_;
    } else {
        const std::string_view text = trim_blanks(cell_.value);
        if (text.empty()) return;
        double number = 0;
        const auto parsed = fast_float::from_chars(text.data(), text.data() + text.size(), number);
        if (parsed.ec != std::errc{} || parsed.ptr != text.data() + text.size() || !std::isfinite(number))
            fail_cell("holds " + quoted(text) + " where the workbook promises a number");
        const NumberKind kind = cell_.style < context_.styles->size() ? (*context_.styles)[cell_.style] : NumberKind::plain;
        const bool dated = (kind == NumberKind::date || kind == NumberKind::time_of_day) &&
                           append_serial_date(formatted_, number, kind, context_.date_1904);
        if (dated) {
            value = formatted_;
        } else {
            if (kind == NumberKind::date || kind == NumberKind::time_of_day) writer_.note_undated(row_, cell_.column);
            if (is_shortest_decimal(text)) {
                value = text;
            } else {
                formatted_.clear();
                append_number(formatted_, number);
                value = formatted_;
            }
        }
    }
    if (!value.empty()) writer_.put_cell(cell_.column, value);
}

// ---- Public functions (helpers) ---------------------------------------------------------

constexpr std::string_view compound_file_signature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

ZipArchive open_archive(std::string_view bytes, const XlsxLimits& limits) {
    if (bytes.starts_with(compound_file_signature))
        throw XlsxError("this is not an .xlsx workbook but an older Excel file (.xls) or a password-protected workbook: open it in "
                        "Excel or LibreOffice and save it as .xlsx without a password, then import again");
    if (!looks_like_zip(bytes))
        throw XlsxError("this is not an .xlsx workbook: an .xlsx file is a zip archive, and this file does not start like one");
    return ZipArchive(bytes, limits);
}

std::string list_names(const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names) text += (text.empty() ? "" : ", ") + quoted(name);
    return text;
}

std::vector<std::string> worksheet_names(const Workbook& book) {
    std::vector<std::string> names;
    for (const SheetEntry& sheet : book.sheets)
        if (sheet.is_worksheet) names.push_back(sheet.name);
    return names;
}

const SheetEntry& choose_sheet(const Workbook& book, std::string_view wanted) {
    const auto worksheets = worksheet_names(book);
    if (worksheets.empty()) throw XlsxError("the workbook has no worksheet to import");
    if (wanted.empty()) {
        for (const SheetEntry& sheet : book.sheets)
            if (sheet.is_worksheet && !sheet.hidden) return sheet;
        for (const SheetEntry& sheet : book.sheets)
            if (sheet.is_worksheet) return sheet;
    }
    const auto same_ignoring_case = [&](const SheetEntry& sheet) { return folded_case(sheet.name) == folded_case(wanted); };
    auto found = std::find_if(book.sheets.begin(), book.sheets.end(), [&](const SheetEntry& sheet) { return sheet.name == wanted; });
    if (found == book.sheets.end()) found = std::find_if(book.sheets.begin(), book.sheets.end(), same_ignoring_case);
    if (found == book.sheets.end())
        throw XlsxError("the workbook has no sheet named " + quoted(wanted) + "; its sheets are " + list_names(worksheets));
    if (!found->is_worksheet)
        throw XlsxError("sheet " + quoted(found->name) + " is a chart or other special sheet, not a worksheet of cells; its worksheets are " +
                        list_names(worksheets));
    return *found;
}

}  // namespace

// ---- Public functions -------------------------------------------------------------------

bool looks_like_zip(std::string_view bytes) { return bytes.starts_with(std::string_view("PK\x03\x04", 4)); }

std::vector<std::string> xlsx_sheet_names(std::string_view bytes, const XlsxLimits& limits) {
    ZipArchive zip = open_archive(bytes, limits);
    return worksheet_names(read_workbook(zip));
}

XlsxSheetText xlsx_sheet_as_csv(std::string_view bytes, std::string_view sheet_name, const XlsxLimits& limits) {
    ZipArchive zip = open_archive(bytes, limits);
    const Workbook book = read_workbook(zip);
    const SheetEntry& sheet = choose_sheet(book, sheet_name);

    SharedStrings strings;
    if (!book.shared_strings_part.empty()) strings.parse(read_part(zip, book.shared_strings_part), book.shared_strings_part);
    std::vector<NumberKind> styles;
    if (!book.styles_part.empty()) styles = parse_cell_styles(read_part(zip, book.styles_part), book.styles_part);

    if (sheet.part.empty() || !zip.find(sheet.part))
        throw_damaged("the part of sheet " + quoted(sheet.name) + " (" + (sheet.part.empty() ? "unnamed" : sheet.part) + ") is missing");
    const std::string sheet_xml = read_part(zip, sheet.part);
    const SheetContext context{sheet.name, "sheet " + quoted(sheet.name) + " (" + sheet.part + ")", &strings, &styles,
                               book.date_1904, limits.max_part_bytes};
    return SheetConverter(context, sheet_xml).run();
}

std::string cell_reference(std::int64_t row, std::int64_t column) {
    if (row < 1 || row > max_sheet_rows || column < 1 || column > max_sheet_columns)
        throw std::invalid_argument("no cell of Excel's grid is at row " + std::to_string(row) + ", column " + std::to_string(column));
    return column_letters(column) + std::to_string(row);
}

}  // namespace touchpoint::data
