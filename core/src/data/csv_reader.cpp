#include "touchpoint/data/csv_reader.hpp"

#include "touchpoint/data/field_parsers.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <stdexcept>

// Sections: reader set-up | records | fields | line ends and errors | dialect sniffing.

namespace touchpoint::data {

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

bool is_line_end(char byte) { return byte == '\n' || byte == '\r'; }

// "1 MiB (1048576 bytes)" for the limits the reader is usually given, plain bytes otherwise.
std::string describe_bytes(std::size_t bytes) {
    constexpr std::size_t mib = std::size_t{1} << 20;
    constexpr std::size_t kib = std::size_t{1} << 10;
    const std::string exact = std::to_string(bytes) + " bytes";
    if (bytes >= mib && bytes % mib == 0) return std::to_string(bytes / mib) + " MiB (" + exact + ")";
    if (bytes >= kib && bytes % kib == 0) return std::to_string(bytes / kib) + " KiB (" + exact + ")";
    return exact;
}

}  // namespace

// ---- Reader set-up ----------------------------------------------------------------------

CsvReader::CsvReader(std::string_view text, CsvDialect dialect, CsvLimits limits)
    : text_(text), dialect_(dialect), limits_(limits) {
    if (is_line_end(dialect_.quote) || (dialect_.whitespace_separated && (dialect_.quote == ' ' || dialect_.quote == '\t')))
        throw std::invalid_argument("CSV quote character cannot be a line end or, in whitespace-separated text, a blank");
    if (!dialect_.whitespace_separated && (is_line_end(dialect_.delimiter) || dialect_.delimiter == dialect_.quote))
        throw std::invalid_argument("CSV delimiter cannot be a line end or the quote character");
    if (limits_.max_fields == 0) throw std::invalid_argument("CSV limits must allow at least one field");

    ends_field_['\n'] = ends_field_['\r'] = true;
    if (dialect_.whitespace_separated) {
        ends_field_[' '] = ends_field_['\t'] = true;
    } else {
        ends_field_[static_cast<unsigned char>(dialect_.delimiter)] = true;
    }
    if (text_.starts_with(utf8_bom)) position_ = utf8_bom.size();
}

// ---- Records ----------------------------------------------------------------------------

bool CsvReader::next(CsvRecord& record) {
    error_.reset();
    record.fields.clear();
    scratch_.clear();
    unescaped_.clear();
    skip_blank_lines();
    record.line = line_;
    if (position_ >= text_.size()) {
        record.raw = {};
        return false;
    }
    const std::size_t record_begin = position_;
    read_fields(record);
    record.raw = text_.substr(record_begin, position_ - record_begin);
    consume_line_end();
    // Views into scratch_ are made last: appending may have moved its buffer.
    for (const auto& field : unescaped_) record.fields[field.index] = std::string_view(scratch_).substr(field.offset, field.size);
    return true;
}

bool CsvReader::is_blank(char byte) const {
    return (byte == ' ' || byte == '\t') && (dialect_.whitespace_separated || byte != dialect_.delimiter);
}

void CsvReader::skip_blank_lines() {
    while (position_ < text_.size()) {
        if (at_line_end()) {
            consume_line_end();
            continue;
        }
        if (!is_blank(text_[position_])) return;
        std::size_t after_blanks = position_;
        while (after_blanks < text_.size() && is_blank(text_[after_blanks])) ++after_blanks;
        if (after_blanks < text_.size() && !is_line_end(text_[after_blanks])) return;
        position_ = after_blanks;  // a line of blanks only: skip it like an empty one
    }
}

// Leaves position_ on the record's line end (or the end of the text).
void CsvReader::read_fields(CsvRecord& record) {
    const bool whitespace = dialect_.whitespace_separated;
    const auto skip_blanks = [&] {
        while (position_ < text_.size() && is_blank(text_[position_])) ++position_;
    };
    if (whitespace) skip_blanks();
    while (true) {
        if (record.fields.size() == limits_.max_fields) {
            fail(line_, limits_.max_fields + 1, "more than " + std::to_string(limits_.max_fields) + " fields");
            skip_rest_of_record();
            return;
        }
        if (position_ < text_.size() && text_[position_] == dialect_.quote) {
            read_quoted_field(record);
        } else {
            read_unquoted_field(record);
        }
        if (position_ >= text_.size() || at_line_end()) return;
        if (whitespace) {
            skip_blanks();
            if (position_ >= text_.size() || at_line_end()) return;  // trailing blanks end the record
        } else {
            ++position_;  // past the delimiter
        }
    }
}

// After too many fields, finds the record's end without storing anything, honouring quotes
// that open a field so that a quoted line end does not end the record.
void CsvReader::skip_rest_of_record() {
    bool in_quotes = false;
    bool at_field_start = true;
    while (position_ < text_.size()) {
        const char byte = text_[position_];
        if (in_quotes) {
            if (byte == dialect_.quote) {
                const bool escaped = position_ + 1 < text_.size() && text_[position_ + 1] == dialect_.quote;
                if (escaped) ++position_;
                in_quotes = escaped;
            } else if (is_line_end(byte)) {
                consume_line_end();
                continue;
            }
        } else {
            if (is_line_end(byte)) return;
            if (byte == dialect_.quote && at_field_start) in_quotes = true;
            at_field_start = ends_field_[static_cast<unsigned char>(byte)];
        }
        ++position_;
    }
}

// ---- Fields -----------------------------------------------------------------------------

// First byte at or after `from` that ends an unquoted field: the hot loop of an import,
// a table lookup per byte, unrolled because most fields are short and most bytes ordinary.
std::size_t CsvReader::find_field_end(std::size_t from) const {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text_.data());
    const std::size_t size = text_.size();
    std::size_t at = from;
    while (at + 4 <= size) {
        if (ends_field_[bytes[at]]) return at;
        if (ends_field_[bytes[at + 1]]) return at + 1;
        if (ends_field_[bytes[at + 2]]) return at + 2;
        if (ends_field_[bytes[at + 3]]) return at + 3;
        at += 4;
    }
    while (at < size && !ends_field_[bytes[at]]) ++at;
    return at;
}

void CsvReader::read_unquoted_field(CsvRecord& record) {
    const std::size_t begin = position_;
    position_ = find_field_end(begin);
    std::size_t size = position_ - begin;
    if (size > limits_.max_field_bytes) {
        fail_field_too_long(line_, record.fields.size() + 1);
        size = limits_.max_field_bytes;
    }
    record.fields.emplace_back(text_.data() + begin, size);
}

// Appends text_[from, to) to the field being unescaped, up to the field size limit.
void CsvReader::append_unescaped(std::size_t from, std::size_t to, std::size_t field_offset, bool& too_long) {
    const std::size_t room = limits_.max_field_bytes - std::min(limits_.max_field_bytes, scratch_.size() - field_offset);
    const std::size_t length = to - from;
    if (length > room) too_long = true;
    if (std::min(length, room) > 0) scratch_.append(text_.data() + from, std::min(length, room));
}

void CsvReader::read_quoted_field(CsvRecord& record) {
    const char quote = dialect_.quote;
    const std::int64_t opened_on_line = line_;
    const std::size_t field_number = record.fields.size() + 1;
    const std::size_t content_begin = ++position_;  // past the opening quote
    const std::size_t field_offset = scratch_.size();
    std::size_t segment_begin = content_begin;  // start of the text not yet copied
    bool has_escapes = false;
    bool too_long = false;
    std::size_t content_end = text_.size();
    bool closed = false;

    while (position_ < text_.size()) {
        const void* found = std::memchr(text_.data() + position_, quote, text_.size() - position_);
        const std::size_t quote_at = found ? static_cast<std::size_t>(static_cast<const char*>(found) - text_.data()) : text_.size();
        count_line_ends(position_, quote_at);
        if (!found) break;
        if (quote_at + 1 < text_.size() && text_[quote_at + 1] == quote) {
            // "" stands for one quote: copy up to and including the first of the pair.
            has_escapes = true;
            append_unescaped(segment_begin, quote_at + 1, field_offset, too_long);
            position_ = quote_at + 2;
            segment_begin = position_;
            continue;
        }
        content_end = quote_at;
        position_ = quote_at + 1;
        closed = true;
        break;
    }
    if (!closed) {
        position_ = text_.size();
        fail(opened_on_line, field_number, "unterminated quoted field (opened here, runs to the end of the file)");
    }

    if (has_escapes) {
        append_unescaped(segment_begin, content_end, field_offset, too_long);
        unescaped_.push_back({record.fields.size(), field_offset, scratch_.size() - field_offset});
        record.fields.emplace_back();
    } else {
        std::size_t size = content_end - content_begin;
        if (size > limits_.max_field_bytes) {
            too_long = true;
            size = limits_.max_field_bytes;
        }
        record.fields.emplace_back(text_.data() + content_begin, size);
    }
    if (too_long) fail_field_too_long(opened_on_line, field_number);

    if (position_ < text_.size() && !ends_field_[static_cast<unsigned char>(text_[position_])]) {
        fail(line_, field_number, "unexpected text after closing quote");
        position_ = find_field_end(position_);  // drop the stray text, keep the record's shape
    }
}

// ---- Line ends and errors ---------------------------------------------------------------

bool CsvReader::at_line_end() const { return position_ < text_.size() && is_line_end(text_[position_]); }

void CsvReader::consume_line_end() {
    if (position_ >= text_.size()) return;
    if (text_[position_] == '\r') {
        ++position_;
        if (position_ < text_.size() && text_[position_] == '\n') ++position_;
        ++line_;
    } else if (text_[position_] == '\n') {
        ++position_;
        ++line_;
    }
}

// Line ends inside a quoted stretch [from, to); a CR right before `to` is a lone CR, since
// the byte at `to` is a quote or the end of the text.
void CsvReader::count_line_ends(std::size_t from, std::size_t to) {
    const char* bytes = text_.data();
    std::int64_t count = 0;
    for (std::size_t at = from; at < to; ++at) {
        count += bytes[at] == '\n';
        count += bytes[at] == '\r' && (at + 1 >= to || bytes[at + 1] != '\n');
    }
    line_ += count;
}

void CsvReader::fail(std::int64_t line, std::size_t field_number, std::string reason) {
    if (error_) return;  // the first problem explains the record best
    error_ = CsvError{line, static_cast<std::int64_t>(field_number), std::move(reason)};
}

void CsvReader::fail_field_too_long(std::int64_t line, std::size_t field_number) {
    fail(line, field_number, "field longer than " + describe_bytes(limits_.max_field_bytes));
}

// ---- Dialect sniffing -------------------------------------------------------------------

namespace {

constexpr std::size_t sniff_sample_bytes = 64 * 1024;
constexpr std::size_t sniff_max_records = 1000;
constexpr std::size_t header_evidence_records = 50;

// The start of the text, cut after its last complete line so no record is half read.
std::string_view sniff_sample(std::string_view text) {
    if (text.starts_with(utf8_bom)) text.remove_prefix(utf8_bom.size());
    if (text.size() <= sniff_sample_bytes) return text;
    const std::string_view sample = text.substr(0, sniff_sample_bytes);
    const std::size_t last_line_end = sample.find_last_of("\r\n");
    return last_line_end == std::string_view::npos ? sample : sample.substr(0, last_line_end + 1);
}

struct FieldCountProfile {
    std::size_t typical_fields = 0;  // the most common number of fields per record
    double consistency = 0;          // share of records that have it
};

FieldCountProfile profile_field_counts(std::string_view sample, const CsvDialect& dialect) {
    CsvReader reader(sample, dialect);
    CsvRecord record;
    std::map<std::size_t, std::size_t> records_by_field_count;
    std::size_t records = 0;
    while (records < sniff_max_records && reader.next(record)) {
        ++records_by_field_count[record.fields.size()];
        ++records;
    }
    FieldCountProfile profile;
    std::size_t most = 0;
    for (const auto& [fields, count] : records_by_field_count) {
        if (count > most || (count == most && fields > profile.typical_fields)) {
            most = count;
            profile.typical_fields = fields;
        }
    }
    if (records > 0) profile.consistency = static_cast<double>(most) / static_cast<double>(records);
    return profile;
}

// Whether `profile` splits records better than `best`: more consistently, or as
// consistently into more fields ("C1;04.03.2024;12,50" splits on ',' too, into fewer).
bool splits_better(const FieldCountProfile& profile, const FieldCountProfile& best) {
    if (profile.typical_fields < 2) return false;
    if (best.typical_fields < 2) return true;
    if (profile.consistency != best.consistency) return profile.consistency > best.consistency;
    return profile.typical_fields > best.typical_fields;
}

bool looks_like_number_or_date(std::string_view text) {
    if (parse_amount(text, {'.'}) || parse_amount(text, {','})) return true;
    for (const auto layout : {DateLayout::Iso, DateLayout::DayMonthYear, DateLayout::MonthDayYear,
                              DateLayout::DayMonthYearDots, DateLayout::YearMonthDay, DateLayout::Compact}) {
        if (parse_date(text, layout)) return true;
    }
    return false;
}

// What the records after the first say about one column of the first record.
struct ColumnEvidence {
    std::size_t values = 0;
    std::size_t typed_values = 0;  // numbers or dates
    std::size_t common_length = 0;
    bool one_length = true;
};

bool starts_with_header(std::string_view sample, const CsvDialect& dialect) {
    CsvReader reader(sample, dialect);
    CsvRecord record;
    if (!reader.next(record)) return false;
    std::vector<std::size_t> header_lengths;
    for (const auto field : record.fields) {
        const auto text = trim_blanks(field);
        if (text.empty() || looks_like_number_or_date(text)) return false;
        header_lengths.push_back(text.size());
    }

    std::vector<ColumnEvidence> columns(header_lengths.size());
    std::size_t later_records = 0;
    while (later_records < header_evidence_records && reader.next(record)) {
        ++later_records;
        for (std::size_t column = 0; column < std::min(columns.size(), record.fields.size()); ++column) {
            const auto text = trim_blanks(record.fields[column]);
            auto& evidence = columns[column];
            if (evidence.values > 0 && text.size() != evidence.common_length) evidence.one_length = false;
            evidence.common_length = text.size();
            ++evidence.values;
            if (looks_like_number_or_date(text)) ++evidence.typed_values;
        }
    }
    if (later_records == 0) return true;  // a lone record of names: a header with no data yet
    for (std::size_t column = 0; column < columns.size(); ++column) {
        const auto& evidence = columns[column];
        if (evidence.values == 0) continue;
        if (evidence.typed_values * 2 >= evidence.values) return true;
        if (evidence.one_length && evidence.common_length != header_lengths[column]) return true;
    }
    return false;
}

}  // namespace

CsvDialect sniff_dialect(std::string_view text) {
    const std::string_view sample = sniff_sample(text);
    CsvDialect dialect;
    FieldCountProfile best;
    for (const char delimiter : {',', '\t', ';', '|'}) {
        CsvDialect candidate;
        candidate.delimiter = delimiter;
        const auto profile = profile_field_counts(sample, candidate);
        if (splits_better(profile, best)) {
            best = profile;
            dialect = candidate;
        }
    }
    CsvDialect whitespace;
    whitespace.whitespace_separated = true;
    const auto blank_profile = profile_field_counts(sample, whitespace);
    // Blank runs win only when they split strictly more consistently: text fields hold spaces.
    if (blank_profile.typical_fields >= 2 &&
        (best.typical_fields < 2 || blank_profile.consistency > best.consistency))
        dialect = whitespace;
    dialect.has_header = starts_with_header(sample, dialect);
    return dialect;
}

}  // namespace touchpoint::data
