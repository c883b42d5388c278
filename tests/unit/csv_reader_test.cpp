#include "touchpoint/data/csv_reader.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

using namespace touchpoint::data;
using namespace std::string_literals;

namespace {

using Fields = std::vector<std::string>;

// A record copied out of the reader, so tests can look at all of them after reading.
struct ReadRecord {
    Fields fields;
    std::int64_t line = 0;
    std::string raw;
    std::optional<CsvError> error;
};

std::vector<ReadRecord> read_all(std::string_view text, CsvDialect dialect = {}, CsvLimits limits = {}) {
    CsvReader reader(text, dialect, limits);
    CsvRecord record;
    std::vector<ReadRecord> records;
    while (reader.next(record)) {
        ReadRecord copy{{}, record.line, std::string(record.raw), reader.error()};
        for (const auto field : record.fields) copy.fields.emplace_back(field);
        records.push_back(std::move(copy));
    }
    return records;
}

std::vector<Fields> fields_of(const std::vector<ReadRecord>& records) {
    std::vector<Fields> fields;
    for (const auto& record : records) fields.push_back(record.fields);
    return fields;
}

CsvDialect with_delimiter(char delimiter) {
    CsvDialect dialect;
    dialect.delimiter = delimiter;
    return dialect;
}

CsvDialect whitespace_separated() {
    CsvDialect dialect;
    dialect.whitespace_separated = true;
    dialect.has_header = false;
    return dialect;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The first lines of CDNOW_sample.txt as they are in the file: blank-padded columns, CRLF.
const std::string cdnow_lines =
    " 00004 0001 19970101  2   29.33\r\n"
    " 00004 0001 19970118  2   29.73\r\n"
    " 00004 0001 19970802  1   14.96\r\n"
    " 00004 0001 19971212  2   26.48\r\n"
    " 00021 0002 19970101  3   63.34\r\n"
    " 00021 0002 19970113  1   11.77\r\n"
    " 00050 0003 19970101  1    6.79\r\n"
    " 00071 0004 19970101  1   13.97\r\n"
    " 00086 0005 19970101  2   23.94\r\n"
    " 00111 0006 19970101  1   35.99\r\n";

}  // namespace

// ---- Records and fields -------------------------------------------------------------------

TEST_CASE("a simple CSV is read record by record, fields as written") {
    const auto records = read_all("id,date,amount\nC1,2024-03-04,12.50\nC2,2024-03-05,7\n");
    CHECK(fields_of(records) == std::vector<Fields>{{"id", "date", "amount"}, {"C1", "2024-03-04", "12.50"}, {"C2", "2024-03-05", "7"}});
    CHECK(records[0].line == 1);
    CHECK(records[2].line == 3);
    CHECK(records[1].raw == "C1,2024-03-04,12.50");
    CHECK_FALSE(records[1].error);
}

TEST_CASE("empty text has no records") {
    CHECK(read_all("").empty());
    CHECK(read_all("\n\r\n\r").empty());
}

TEST_CASE("a header only is one record") {
    const auto records = read_all("customer_id,order_date,amount");
    REQUIRE(records.size() == 1);
    CHECK(records[0].fields == Fields{"customer_id", "order_date", "amount"});
    CHECK(records[0].raw == "customer_id,order_date,amount");
}

TEST_CASE("a delimiter at the end without a newline makes a last empty field") {
    CHECK(fields_of(read_all("a,b,")) == std::vector<Fields>{{"a", "b", ""}});
    CHECK(fields_of(read_all(",,")) == std::vector<Fields>{{"", "", ""}});
}

TEST_CASE("quoted fields hold delimiters, and doubled quotes stand for one") {
    const auto records = read_all("\"Smith, Jane\",\"He said \"\"hi\"\"\",\"\",x\n");
    CHECK(fields_of(records) == std::vector<Fields>{{"Smith, Jane", "He said \"hi\"", "", "x"}});
    CHECK_FALSE(records[0].error);
}

TEST_CASE("unescaped fields stay valid when a record holds many of them") {
    std::string line;
    for (int i = 0; i < 50; ++i) line.append("\"v").append(std::to_string(i)).append("\"\"q\"\"\",");
    line += "end\n";
    const auto records = read_all(line);
    REQUIRE(records.size() == 1);
    REQUIRE(records[0].fields.size() == 51);
    CHECK(records[0].fields[0] == "v0\"q\"");
    CHECK(records[0].fields[49] == "v49\"q\"");
    CHECK(records[0].fields[50] == "end");
}

TEST_CASE("a quote inside an unquoted field is kept literally") {
    const auto records = read_all("5\" pipe,12\nab\"c\"d,x\n");
    CHECK(fields_of(records) == std::vector<Fields>{{"5\" pipe", "12"}, {"ab\"c\"d", "x"}});
    CHECK_FALSE(records[0].error);
    CHECK_FALSE(records[1].error);
}

TEST_CASE("ragged rows come back with their own field counts and no error") {
    const auto records = read_all("a,b,c\n1,2\n1,2,3,4\n");
    REQUIRE(records.size() == 3);
    CHECK(records[0].fields.size() == 3);
    CHECK(records[1].fields.size() == 2);
    CHECK(records[2].fields.size() == 4);
    CHECK_FALSE(records[1].error);
    CHECK_FALSE(records[2].error);
}

TEST_CASE("a wide record of 1,000 fields within the limits is read whole") {
    std::string line;
    for (int i = 0; i < 1000; ++i) line.append(i ? "," : "").append(std::to_string(i));
    const auto records = read_all(line + "\n" + line + "\n");
    REQUIRE(records.size() == 2);
    CHECK(records[1].fields.size() == 1000);
    CHECK(records[1].fields[999] == "999");
    CHECK_FALSE(records[1].error);
}

TEST_CASE("a very long line within the limits is read whole") {
    const std::string long_field(900'000, 'x');
    const auto records = read_all("a," + long_field + ",\"" + long_field + "\"\nb,c\n");
    REQUIRE(records.size() == 2);
    CHECK(records[0].fields[1].size() == 900'000);
    CHECK(records[0].fields[2].size() == 900'000);
    CHECK_FALSE(records[0].error);
    CHECK(records[1].fields == Fields{"b", "c"});
}

TEST_CASE("the record's vector keeps its capacity between records") {
    CsvReader reader("a,b,c,d\n1,2,3,4\n", {});
    CsvRecord record;
    REQUIRE(reader.next(record));
    const auto* storage = record.fields.data();
    REQUIRE(reader.next(record));
    CHECK(record.fields.data() == storage);
}

// ---- Lines --------------------------------------------------------------------------------

TEST_CASE("CRLF and LF text read the same, and raw holds no line ending") {
    const auto lf = read_all("id,amount\n1,2\n3,4\n");
    const auto crlf = read_all("id,amount\r\n1,2\r\n3,4\r\n");
    CHECK(fields_of(lf) == fields_of(crlf));
    REQUIRE(crlf.size() == 3);
    CHECK(crlf[2].line == 3);
    CHECK(crlf[2].raw == "3,4");
    CHECK(lf[2].raw == "3,4");
}

TEST_CASE("a lone CR ends a line too") {
    const auto records = read_all("a,b\r1,2\r3,4");
    CHECK(fields_of(records) == std::vector<Fields>{{"a", "b"}, {"1", "2"}, {"3", "4"}});
    CHECK(records[2].line == 3);
}

TEST_CASE("blank lines are skipped but still counted") {
    const auto records = read_all("a,b\n\n\r\n   \n1,2\n\n");
    REQUIRE(records.size() == 2);
    CHECK(records[1].fields == Fields{"1", "2"});
    CHECK(records[1].line == 5);
}

TEST_CASE("a quoted newline keeps the record whole and moves the next records' line numbers") {
    const auto records = read_all("id,note\n1,\"two\nlines\"\n2,x\n");
    REQUIRE(records.size() == 3);
    CHECK(records[1].fields == Fields{"1", "two\nlines"});
    CHECK(records[1].line == 2);
    CHECK(records[1].raw == "1,\"two\nlines\"");
    CHECK(records[2].line == 4);
}

TEST_CASE("a quoted CRLF counts as one line, a quoted lone CR as one too") {
    const auto records = read_all("\"a\r\nb\",\"c\rd\"\nnext\n");
    REQUIRE(records.size() == 2);
    CHECK(records[0].fields == Fields{"a\r\nb", "c\rd"});
    CHECK(records[1].line == 4);
}

TEST_CASE("a UTF-8 byte order mark is not part of the first field") {
    const auto records = read_all("\xEF\xBB\xBFid,name\n1,x\n");
    REQUIRE(records.size() == 2);
    CHECK(records[0].fields == Fields{"id", "name"});
    CHECK(records[0].line == 1);
}

TEST_CASE("position reaches size at the end, for progress bars") {
    const std::string text = "a,b\n1,2\n";
    CsvReader reader(text, {});
    CsvRecord record;
    CHECK(reader.position() == 0);
    CHECK(reader.size() == 8);
    REQUIRE(reader.next(record));
    CHECK(reader.position() == 4);
    REQUIRE(reader.next(record));
    CHECK_FALSE(reader.next(record));
    CHECK(reader.position() == 8);
}

// ---- Other dialects -----------------------------------------------------------------------

TEST_CASE("tab, semicolon and pipe delimiters") {
    CHECK(fields_of(read_all("a\tb c\t1,5\n", with_delimiter('\t'))) == std::vector<Fields>{{"a", "b c", "1,5"}});
    CHECK(fields_of(read_all("C1;04.03.2024;12,50\n", with_delimiter(';'))) == std::vector<Fields>{{"C1", "04.03.2024", "12,50"}});
    CHECK(fields_of(read_all("a|\"b|c\"|d\n", with_delimiter('|'))) == std::vector<Fields>{{"a", "b|c", "d"}});
}

TEST_CASE("whitespace-separated: runs of blanks split, leading and trailing blanks are ignored") {
    const auto records = read_all(" 00004 0001 19970101  2   29.33\r\n", whitespace_separated());
    REQUIRE(records.size() == 1);
    CHECK(records[0].fields == Fields{"00004", "0001", "19970101", "2", "29.33"});
    CHECK(records[0].raw == " 00004 0001 19970101  2   29.33");
    CHECK(fields_of(read_all("a\t \tb  \t\nc", whitespace_separated())) == std::vector<Fields>{{"a", "b"}, {"c"}});
}

TEST_CASE("whitespace-separated fields may be quoted to hold blanks") {
    CHECK(fields_of(read_all("\"New York\" 12\n", whitespace_separated())) == std::vector<Fields>{{"New York", "12"}});
}

TEST_CASE("whitespace-separated: the CDNOW lines give five fields each") {
    const auto records = read_all(cdnow_lines, whitespace_separated());
    REQUIRE(records.size() == 10);
    CHECK(records[6].fields == Fields{"00050", "0003", "19970101", "1", "6.79"});
    CHECK(records[9].line == 10);
    for (const auto& record : records) CHECK(record.fields.size() == 5);
}

TEST_CASE("a dialect that cannot be read unambiguously is refused") {
    CHECK_THROWS_AS(CsvReader("a", with_delimiter('\n')), std::invalid_argument);
    CHECK_THROWS_AS(CsvReader("a", with_delimiter('"')), std::invalid_argument);
}

// ---- Structural errors --------------------------------------------------------------------

TEST_CASE("an unterminated quote at the end of the file is reported where it opened") {
    const auto records = read_all("id,note\n1,\"never closed\n2,x\n");
    REQUIRE(records.size() == 2);
    REQUIRE(records[1].error);
    CHECK(records[1].error->line == 2);
    CHECK(records[1].error->column == 2);
    CHECK(records[1].error->reason == "unterminated quoted field (opened here, runs to the end of the file)");
    CHECK(records[1].fields == Fields{"1", "never closed\n2,x\n"});
}

TEST_CASE("a quote opening on a later line of a record is reported on that line") {
    const auto records = read_all("\"a\nb\",\"c");
    REQUIRE(records.size() == 1);
    REQUIRE(records[0].error);
    CHECK(records[0].error->line == 2);
    CHECK(records[0].error->column == 2);
}

TEST_CASE("a lone quote is an empty unterminated field") {
    const auto records = read_all("\"");
    REQUIRE(records.size() == 1);
    CHECK(records[0].fields == Fields{""});
    REQUIRE(records[0].error);
    CHECK(records[0].error->line == 1);
    CHECK(records[0].error->column == 1);
}

TEST_CASE("text ending inside a quote after a doubled quote keeps what was read") {
    const auto records = read_all("x,\"ab\"\"");
    REQUIRE(records.size() == 1);
    CHECK(records[0].fields == Fields{"x", "ab\""});
    REQUIRE(records[0].error);
    CHECK(records[0].error->column == 2);
}

TEST_CASE("text after a closing quote is an error for that record only") {
    const auto records = read_all("\"abc\"def,ghi\nnext,row\n");
    REQUIRE(records.size() == 2);
    REQUIRE(records[0].error);
    CHECK(records[0].error->line == 1);
    CHECK(records[0].error->column == 1);
    CHECK(records[0].error->reason == "unexpected text after closing quote");
    CHECK(records[0].fields == Fields{"abc", "ghi"});
    CHECK_FALSE(records[1].error);
    CHECK(records[1].fields == Fields{"next", "row"});
}

TEST_CASE("a 10 MB field is an error, found fast, and reading goes on") {
    const std::string huge(10'000'000, 'x');
    const auto start = std::chrono::steady_clock::now();
    const auto records = read_all("a,b\n1," + huge + "\n2,3\n");
    CHECK(seconds_since(start) < 1.0);
    REQUIRE(records.size() == 3);
    REQUIRE(records[1].error);
    CHECK(records[1].error->line == 2);
    CHECK(records[1].error->column == 2);
    CHECK(records[1].error->reason == "field longer than 1 MiB (1048576 bytes)");
    CHECK(records[1].fields[1].size() == 1'048'576);
    CHECK_FALSE(records[2].error);
    CHECK(records[2].fields == Fields{"2", "3"});
    CHECK(records[2].line == 3);
}

TEST_CASE("a 10 MB quoted field full of doubled quotes is an error, fast, and copies no more than the limit") {
    std::string huge = "\"";
    for (int i = 0; i < 2'500'000; ++i) huge += "ab\"\"";
    huge += "\"";
    const auto start = std::chrono::steady_clock::now();
    const auto records = read_all(huge + ",z\nnext\n");
    CHECK(seconds_since(start) < 1.0);
    REQUIRE(records.size() == 2);
    REQUIRE(records[0].error);
    CHECK(records[0].error->reason == "field longer than 1 MiB (1048576 bytes)");
    CHECK(records[0].fields[0].size() == 1'048'576);
    CHECK(records[0].fields[0].substr(0, 6) == "ab\"ab\"");
    CHECK(records[0].fields[1] == "z");
    CHECK(records[1].fields == Fields{"next"});
}

TEST_CASE("100,000 columns are an error, fast, without storing the fields beyond the limit") {
    std::string wide;
    wide.reserve(200'000);
    for (int i = 0; i < 100'000; ++i) wide += i ? ",1" : "1";
    const std::string text = wide + "\nnext,row\n";
    const auto start = std::chrono::steady_clock::now();
    CsvReader reader(text, {});
    CsvRecord record;
    REQUIRE(reader.next(record));
    CHECK(seconds_since(start) < 1.0);
    REQUIRE(reader.error());
    CHECK(reader.error()->line == 1);
    CHECK(reader.error()->column == 4097);
    CHECK(reader.error()->reason == "more than 4096 fields");
    CHECK(record.fields.size() == 4096);
    CHECK(record.fields.capacity() < 10'000);
    REQUIRE(reader.next(record));
    CHECK_FALSE(reader.error());
    CHECK(record.fields.size() == 2);
    CHECK(record.line == 2);
}

TEST_CASE("skipping the fields beyond the limit honours a quoted line end") {
    CsvLimits limits;
    limits.max_fields = 2;
    const auto records = read_all("a,b,\"c\nd\"\"e,f\",g\nnext\n", {}, limits);
    REQUIRE(records.size() == 2);
    REQUIRE(records[0].error);
    CHECK(records[0].error->reason == "more than 2 fields");
    CHECK(records[0].fields == Fields{"a", "b"});
    CHECK(records[1].fields == Fields{"next"});
    CHECK(records[1].line == 3);
}

TEST_CASE("limits other than the defaults are described in their own units") {
    CsvLimits limits;
    limits.max_field_bytes = 4;
    const auto records = read_all("abcde,\"vwxyz\"\n", {}, limits);
    REQUIRE(records.size() == 1);
    REQUIRE(records[0].error);
    CHECK(records[0].error->reason == "field longer than 4 bytes");
    CHECK(records[0].fields == Fields{"abcd", "vwxy"});
}

TEST_CASE("only the first problem of a record is reported") {
    CsvLimits limits;
    limits.max_field_bytes = 2;
    const auto records = read_all("\"a\"b,cccc\n", {}, limits);
    REQUIRE(records[0].error);
    CHECK(records[0].error->reason == "unexpected text after closing quote");
}

// ---- Dialect sniffing ---------------------------------------------------------------------

TEST_CASE("sniffing the CDNOW log: whitespace-separated, no header") {
    const auto dialect = sniff_dialect(cdnow_lines);
    CHECK(dialect.whitespace_separated);
    CHECK_FALSE(dialect.has_header);
}

TEST_CASE("sniffing a normal CSV with a header") {
    const auto dialect = sniff_dialect("customer_id,order_date,amount\nC1,2024-03-04,12.50\nC2,2024-03-05,7.00\n");
    CHECK_FALSE(dialect.whitespace_separated);
    CHECK(dialect.delimiter == ',');
    CHECK(dialect.has_header);
}

TEST_CASE("sniffing a semicolon CSV with decimal commas") {
    const auto with_header = sniff_dialect("kunde;datum;betrag\nC1;04.03.2024;12,50\nC2;05.03.2024;7,25\n");
    CHECK(with_header.delimiter == ';');
    CHECK(with_header.has_header);
    const auto without_header = sniff_dialect("C1;04.03.2024;12,50\nC2;05.03.2024;7,25\nC3;06.03.2024;3,10\n");
    CHECK(without_header.delimiter == ';');
    CHECK_FALSE(without_header.has_header);
}

TEST_CASE("sniffing a TSV") {
    const auto dialect = sniff_dialect("customer\tdate\tamount\nAnna Berg\t2024-03-04\t12.50\nBo Li\t2024-03-05\t7\n");
    CHECK_FALSE(dialect.whitespace_separated);
    CHECK(dialect.delimiter == '\t');
    CHECK(dialect.has_header);
}

TEST_CASE("sniffing a headerless CSV of ids, dates and amounts") {
    const auto dialect = sniff_dialect("C1,2024-03-04,12.50\nC2,2024-03-05,7.00\nC1,2024-04-01,3.99\n");
    CHECK(dialect.delimiter == ',');
    CHECK_FALSE(dialect.has_header);
}

TEST_CASE("sniffing respects quotes") {
    const auto dialect = sniff_dialect("name;note\n\"Berg, Anna\";\"a, b, c\"\n\"Li, Bo\";x\n");
    CHECK(dialect.delimiter == ';');
}

TEST_CASE("sniffing a pipe-delimited file") {
    CHECK(sniff_dialect("id|amount\n1|2.5\n2|3\n").delimiter == '|');
}

TEST_CASE("sniffing a header over all-text columns, by the lengths of the values") {
    const auto dialect = sniff_dialect("customer_id,region\nC001,North\nC002,South\nC003,North\n");
    CHECK(dialect.has_header);
}

TEST_CASE("sniffing a header only, and nothing") {
    CHECK(sniff_dialect("customer_id,order_date,amount\n").has_header);
    const auto empty = sniff_dialect("");
    CHECK(empty.delimiter == ',');
    CHECK_FALSE(empty.whitespace_separated);
    CHECK_FALSE(empty.has_header);
}
