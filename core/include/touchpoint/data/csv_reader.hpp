#pragma once
// Delimited text (CSV, TSV, semicolon, pipe, whitespace-separated) read one record at a time.
// The reader works over text already in memory (the browser hands over the file's bytes;
// the CLI reads the file) and never copies a field it does not have to: fields are views
// into the input, except quoted fields with escaped quotes, which are unescaped into a
// per-record buffer. Memory beyond the input is bounded by the largest record.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::data {

struct CsvDialect {
    char delimiter = ',';               // ignored when whitespace_separated
    bool whitespace_separated = false;  // fields split on runs of spaces/tabs; leading/trailing blanks ignored
    bool has_header = true;
    char quote = '"';
};

struct CsvLimits {
    std::size_t max_field_bytes = 1 << 20;  // 1 MiB: a longer field is an error, not a hang
    std::size_t max_fields = 4096;          // per record
};

// Guesses the dialect from the start of the text (the first 64 KiB or so):
//  - the delimiter among ',', ';', '\t', '|' that splits the sample lines into the most
//    consistent number (> 1) of fields, respecting quotes (on a tie, the one giving more
//    fields); whitespace-separated when none does and blank runs do;
//  - a header when the first record's fields are all non-empty text that is not a number
//    or a date, while later records hold numbers or dates in some of those columns (or,
//    for all-text columns, values of one length that differs from the first record's);
//    a lone all-text record is taken for a header.
CsvDialect sniff_dialect(std::string_view text);

// A structural problem in the text. Lines and columns are 1-based; column is the field number.
struct CsvError {
    std::int64_t line = 0;
    std::int64_t column = 0;
    std::string reason;  // e.g. "unterminated quoted field (opened here, runs to the end of the file)"
};

// Lifetimes: `fields` and `raw` view the text given to the reader, except unescaped quoted
// fields, which view the reader's own buffer and stay valid only until the next call to
// next(). Copy what must outlive the record. Reuse one CsvRecord across calls: its vector
// keeps its capacity, so reading allocates nothing in the common case.
struct CsvRecord {
    std::vector<std::string_view> fields;
    std::int64_t line = 0;       // line on which the record starts (quoted newlines make records span lines)
    std::string_view raw;        // the record's text as in the input, without its line ending
};

// Lines end at LF, CRLF or a lone CR. Lines holding only blanks are skipped like empty
// ones. A UTF-8 byte order mark at the start is skipped. A quote inside an unquoted field is
// kept literally. A field longer than the limit is cut to it (with an error); fields beyond
// max_fields are skipped (with an error) without being stored.
class CsvReader {
public:
    // Throws std::invalid_argument for a dialect that cannot be read unambiguously
    // (a delimiter or quote that is a line end, or a delimiter equal to the quote).
    CsvReader(std::string_view text, CsvDialect dialect, CsvLimits limits = {});

    // Reads the next record into `record`. Returns false at the end of the text.
    // A record with a structural problem is still returned (with what could be read)
    // and `error()` describes the problem; reading continues with the next record.
    // Blank lines are skipped.
    bool next(CsvRecord& record);

    // The first problem in the record last read, if any.
    const std::optional<CsvError>& error() const { return error_; }

    // Progress for long imports: bytes consumed so far and in total.
    std::size_t position() const { return position_; }
    std::size_t size() const { return text_.size(); }

private:
    struct UnescapedField {
        std::size_t index;   // in CsvRecord::fields
        std::size_t offset;  // in scratch_
        std::size_t size;
    };

    void skip_blank_lines();
    bool is_blank(char byte) const;
    void read_fields(CsvRecord& record);
    void read_unquoted_field(CsvRecord& record);
    void read_quoted_field(CsvRecord& record);
    void append_unescaped(std::size_t from, std::size_t to, std::size_t field_offset, bool& too_long);
    void skip_rest_of_record();
    std::size_t find_field_end(std::size_t from) const;
    bool at_line_end() const;
    void consume_line_end();
    void count_line_ends(std::size_t from, std::size_t to);
    void fail(std::int64_t line, std::size_t field_number, std::string reason);
    void fail_field_too_long(std::int64_t line, std::size_t field_number);

    std::string_view text_;
    CsvDialect dialect_;
    CsvLimits limits_;
    std::size_t position_ = 0;
    std::int64_t line_ = 1;
    std::optional<CsvError> error_;
    std::string scratch_;  // unescaped quoted fields of the current record
    std::vector<UnescapedField> unescaped_;   // which fields live in scratch_
    std::array<bool, 256> ends_field_{};      // bytes that end an unquoted field
};

}  // namespace touchpoint::data
