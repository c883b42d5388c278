#include "touchpoint/data/text_encoding.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace touchpoint::data;
using namespace std::string_literals;

TEST_CASE("encodings have names for the import report") {
    CHECK(std::string(encoding_name(TextEncoding::Utf8)) == "UTF-8");
    CHECK(std::string(encoding_name(TextEncoding::Utf8WithBom)) == "UTF-8 with BOM");
    CHECK(std::string(encoding_name(TextEncoding::Latin1)) == "Latin-1");
}

TEST_CASE("plain ASCII is UTF-8") {
    const auto detection = detect_encoding("id,amount\n1,12.50\n");
    CHECK(detection.encoding == TextEncoding::Utf8);
    CHECK_FALSE(detection.first_invalid);
    CHECK_FALSE(detection.looks_binary);
}

TEST_CASE("empty input is UTF-8 and not binary") {
    const auto detection = detect_encoding("");
    CHECK(detection.encoding == TextEncoding::Utf8);
    CHECK_FALSE(detection.first_invalid);
    CHECK_FALSE(detection.looks_binary);
}

TEST_CASE("multi-byte UTF-8 text is UTF-8") {
    const auto detection = detect_encoding("name\nCaf\xC3\xA9\n\xE2\x82\xAC 12\n\xF0\x9F\x98\x80\n");
    CHECK(detection.encoding == TextEncoding::Utf8);
    CHECK_FALSE(detection.first_invalid);
}

TEST_CASE("a byte order mark means UTF-8 with BOM, and to_utf8 strips it without copying") {
    const std::string bytes = "\xEF\xBB\xBFid,name\n1,Caf\xC3\xA9\n";
    const auto detection = detect_encoding(bytes);
    CHECK(detection.encoding == TextEncoding::Utf8WithBom);
    CHECK_FALSE(detection.first_invalid);
    std::string converted;
    const auto text = to_utf8(bytes, detection.encoding, converted);
    CHECK(text == "id,name\n1,Caf\xC3\xA9\n");
    CHECK(text.data() == bytes.data() + 3);
    CHECK(converted.empty());
}

TEST_CASE("UTF-8 text without a BOM is returned as it is") {
    const std::string bytes = "id\n1\n";
    std::string converted;
    const auto text = to_utf8(bytes, TextEncoding::Utf8, converted);
    CHECK(text.data() == bytes.data());
    CHECK(text.size() == bytes.size());
}

TEST_CASE("high bytes that never form UTF-8 are Latin-1, converted to UTF-8") {
    const std::string bytes = "name\nCaf\xE9\nM\xFCller\n";
    const auto detection = detect_encoding(bytes);
    CHECK(detection.encoding == TextEncoding::Latin1);
    CHECK_FALSE(detection.first_invalid);
    std::string converted;
    CHECK(to_utf8(bytes, detection.encoding, converted) == "name\nCaf\xC3\xA9\nM\xC3\xBCller\n");
}

TEST_CASE("Latin-1 conversion: \"Caf\\xE9\" becomes \"Café\"") {
    std::string converted;
    CHECK(to_utf8("Caf\xE9", TextEncoding::Latin1, converted) == "Caf\xC3\xA9");
}

TEST_CASE("Latin-1 conversion maps each high byte to the code point of the same number") {
    std::string converted;
    CHECK(to_utf8("\x80", TextEncoding::Latin1, converted) == "\xC2\x80");
    CHECK(to_utf8("\xA0", TextEncoding::Latin1, converted) == "\xC2\xA0");
    CHECK(to_utf8("\xBF", TextEncoding::Latin1, converted) == "\xC2\xBF");
    CHECK(to_utf8("\xC0", TextEncoding::Latin1, converted) == "\xC3\x80");
    CHECK(to_utf8("\xFF", TextEncoding::Latin1, converted) == "\xC3\xBF");
    CHECK(to_utf8("a\xA3" "5", TextEncoding::Latin1, converted) == "a\xC2\xA3" "5");  // £5
}

TEST_CASE("a damaged UTF-8 file is UTF-8 with the line and column of the first invalid byte") {
    // Line 2 holds a valid "é"; line 3 a lone Latin-1 "ü" at byte 4 of the line.
    const std::string bytes = "id,name\r\n1,Caf\xC3\xA9\r\n2,M\xFCller\r\n";
    const auto detection = detect_encoding(bytes);
    CHECK(detection.encoding == TextEncoding::Utf8);
    REQUIRE(detection.first_invalid);
    CHECK(detection.first_invalid->line == 3);
    CHECK(detection.first_invalid->column == 4);
    CHECK(detection.first_invalid->offset == 21);
}

TEST_CASE("the invalid byte's line counts LF, CRLF and lone CR line ends") {
    const std::string bytes = "a\nb\r\nc\rd\xC3\xA9\xFF";
    const auto detection = detect_encoding(bytes);
    REQUIRE(detection.first_invalid);
    CHECK(detection.first_invalid->line == 4);
    CHECK(detection.first_invalid->column == 4);
    CHECK(detection.first_invalid->offset == 10);
}

TEST_CASE("after a BOM, the invalid byte's column counts from the text, its offset from the input") {
    const std::string bytes = "\xEF\xBB\xBF" "ab\xC3\xA9\xFF";
    const auto detection = detect_encoding(bytes);
    CHECK(detection.encoding == TextEncoding::Utf8WithBom);
    REQUIRE(detection.first_invalid);
    CHECK(detection.first_invalid->line == 1);
    CHECK(detection.first_invalid->column == 5);
    CHECK(detection.first_invalid->offset == 7);
}

TEST_CASE("a sequence cut short by the end of the input is invalid and read safely") {
    const std::string bytes = "\xC3\xA9" "ab\xE2\x82";  // "€" missing its last byte
    const auto detection = detect_encoding(bytes);
    CHECK(detection.encoding == TextEncoding::Utf8);
    REQUIRE(detection.first_invalid);
    CHECK(detection.first_invalid->column == 5);
    CHECK_FALSE(is_valid_utf8(bytes));
}

TEST_CASE("a NUL byte means binary") {
    CHECK(detect_encoding("id,name\n1,a\0b\n"s).looks_binary);
    CHECK(detect_encoding("PK\x03\x04\x14\0\0\0"s).looks_binary);  // a zip (xlsx) header
}

TEST_CASE("a NUL byte after the first 64 KiB is not looked for") {
    std::string bytes(64 * 1024, 'a');
    bytes += '\0';
    CHECK_FALSE(detect_encoding(bytes).looks_binary);
}

TEST_CASE("more than 10% control characters means binary; tab, CR and LF do not count") {
    std::string ten_percent(90, 'a');
    ten_percent += std::string(10, '\x01');
    CHECK_FALSE(detect_encoding(ten_percent).looks_binary);
    std::string eleven_percent(89, 'a');
    eleven_percent += std::string(11, '\x02');
    CHECK(detect_encoding(eleven_percent).looks_binary);
    CHECK_FALSE(detect_encoding("a\tb\r\nc\td\r\n\t\t\t\r\n\r\n").looks_binary);
}

TEST_CASE("is_valid_utf8 accepts well-formed sequences of every length") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("plain ascii, longer than eight bytes"));
    CHECK(is_valid_utf8("Caf\xC3\xA9"));
    CHECK(is_valid_utf8("\xE2\x82\xAC"));          // €
    CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));      // U+1F600
    CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF, the last code point
}

TEST_CASE("is_valid_utf8 rejects overlong forms, surrogates, code points above U+10FFFF and stray bytes") {
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate U+D800
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
    CHECK_FALSE(is_valid_utf8("\x80"));              // continuation byte alone
    CHECK_FALSE(is_valid_utf8("Caf\xE9"));           // Latin-1
    CHECK_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));
}
