#include "touchpoint/data/xlsx_reader.hpp"

#include "touchpoint/data/csv_reader.hpp"
#include "touchpoint/data/file_text.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

using namespace touchpoint::data;

// Fixtures: tests/fixtures/xlsx/make_fixtures.py (openpyxl, with the parts it cannot write
// patched in as Excel writes them). Smaller cases are built here as zip archives of stored
// parts, so each XML quirk sits next to the CSV it must give.

namespace {

std::string fixture(const std::string& name) {
    const std::string path = std::string(TOUCHPOINT_SOURCE_DIR) + "/tests/fixtures/xlsx/" + name;
    const auto bytes = read_file_bytes(path);
    REQUIRE_MESSAGE(bytes.has_value(), "cannot read " << path);
    return *bytes;
}

// The message of the XlsxError `read` throws ("" when it throws none).
template <typename Read>
std::string xlsx_error_of(Read read) {
    try {
        read();
    } catch (const XlsxError& error) {
        return error.what();
    }
    return "";
}

// ---- Zip archives of stored parts ---------------------------------------------------------

std::uint32_t crc32_of(std::string_view bytes) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (const char byte : bytes) {
        crc ^= static_cast<unsigned char>(byte);
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

void put_u16(std::string& out, std::uint32_t value) {
    out += static_cast<char>(value & 0xFF);
    out += static_cast<char>((value >> 8) & 0xFF);
}
void put_u32(std::string& out, std::uint32_t value) {
    put_u16(out, value & 0xFFFF);
    put_u16(out, value >> 16);
}

using Parts = std::vector<std::pair<std::string, std::string>>;

// A zip archive holding the parts uncompressed; `flags` and `method` go into every header.
std::string stored_zip(const Parts& parts, std::uint16_t flags = 0, std::uint16_t method = 0) {
    std::string archive, directory;
    for (const auto& [name, data] : parts) {
        const auto offset = static_cast<std::uint32_t>(archive.size());
        const auto size = static_cast<std::uint32_t>(data.size());
        const auto name_length = static_cast<std::uint32_t>(name.size());
        put_u32(archive, 0x04034b50);
        put_u16(archive, 20);
        put_u16(archive, flags);
        put_u16(archive, method);
        put_u32(archive, 0);  // time and date
        put_u32(archive, crc32_of(data));
        put_u32(archive, size);
        put_u32(archive, size);
        put_u16(archive, name_length);
        put_u16(archive, 0);
        archive += name;
        archive += data;

        put_u32(directory, 0x02014b50);
        put_u16(directory, 20);
        put_u16(directory, 20);
        put_u16(directory, flags);
        put_u16(directory, method);
        put_u32(directory, 0);
        put_u32(directory, crc32_of(data));
        put_u32(directory, size);
        put_u32(directory, size);
        put_u16(directory, name_length);
        put_u32(directory, 0);  // extra and comment lengths
        put_u32(directory, 0);  // disk, internal attributes
        put_u32(directory, 0);  // external attributes
        put_u32(directory, offset);
        directory += name;
    }
    const auto directory_offset = static_cast<std::uint32_t>(archive.size());
    archive += directory;
    put_u32(archive, 0x06054b50);
    put_u32(archive, 0);
    put_u16(archive, static_cast<std::uint32_t>(parts.size()));
    put_u16(archive, static_cast<std::uint32_t>(parts.size()));
    put_u32(archive, static_cast<std::uint32_t>(directory.size()));
    put_u32(archive, directory_offset);
    put_u16(archive, 0);
    return archive;
}

constexpr const char* main_namespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* relationship_types = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

// The fewest parts of a workbook: one worksheet "Data", and shared strings and styles if given.
std::string workbook(const std::string& sheet_data, const std::string& shared_strings = "", const std::string& styles = "",
                     const std::string& after_sheet_data = "") {
    std::string relationships = std::string("<Relationships><Relationship Id=\"rId1\" Type=\"") + relationship_types +
                                "worksheet\" Target=\"worksheets/sheet1.xml\"/>";
    Parts parts;
    if (!shared_strings.empty()) {
        relationships += std::string("<Relationship Id=\"rId2\" Type=\"") + relationship_types + "sharedStrings\" Target=\"sharedStrings.xml\"/>";
        parts.emplace_back("xl/sharedStrings.xml", std::string("<sst xmlns=\"") + main_namespace + "\">" + shared_strings + "</sst>");
    }
    if (!styles.empty()) {
        relationships += std::string("<Relationship Id=\"rId3\" Type=\"") + relationship_types + "styles\" Target=\"styles.xml\"/>";
        parts.emplace_back("xl/styles.xml", std::string("<styleSheet xmlns=\"") + main_namespace + "\">" + styles + "</styleSheet>");
    }
    parts.emplace_back("xl/_rels/workbook.xml.rels", relationships + "</Relationships>");
    parts.emplace_back("xl/workbook.xml", std::string("<workbook xmlns=\"") + main_namespace +
                                              "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                                              "<sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
    parts.emplace_back("xl/worksheets/sheet1.xml", std::string("<worksheet xmlns=\"") + main_namespace + "\"><sheetData>" +
                                                       sheet_data + "</sheetData>" + after_sheet_data + "</worksheet>");
    return stored_zip(parts);
}

// One number cell per row, styled with cellXfs entry 1 of the given number format.
std::string csv_of_numbers_in_format(const std::string& format_code, const std::vector<std::string>& values) {
    std::string rows;
    for (std::size_t i = 0; i < values.size(); ++i)
        rows += "<row r=\"" + std::to_string(i + 1) + "\"><c r=\"A" + std::to_string(i + 1) + "\" s=\"1\"><v>" + values[i] + "</v></c></row>";
    const std::string styles = "<numFmts count=\"1\"><numFmt numFmtId=\"170\" formatCode=\"" + format_code +
                               "\"/></numFmts><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"170\"/></cellXfs>";
    return xlsx_sheet_as_csv(workbook(rows, "", styles)).csv;
}

// Offset of the central-directory header of `part` (its name's last occurrence follows it).
std::size_t directory_header_of(const std::string& archive, const std::string& part) {
    const std::size_t name = archive.rfind(part);
    REQUIRE(name != std::string::npos);
    return name - 46;
}

void set_u32(std::string& archive, std::size_t at, std::uint32_t value) {
    std::string bytes;
    put_u32(bytes, value);
    archive.replace(at, 4, bytes);
}

}  // namespace

// ---- The fixtures ---------------------------------------------------------------------------

TEST_CASE("an Excel line-item export reads as CSV whose line N is sheet row N") {
    const std::string orders = fixture("orders.xlsx");
    REQUIRE(looks_like_zip(orders));
    CHECK(xlsx_sheet_names(orders) == std::vector<std::string>{"Orders", "Customers"});  // the chart sheet is left out

    const XlsxSheetText sheet = xlsx_sheet_as_csv(orders);
    CHECK(sheet.sheet_name == "Orders");
    // Shared strings (one rich text, one with a phonetic reading, character references, an
    // Office escape), a built-in date format, a date-and-time format (midnight is a date alone),
    // a currency format that is no date, formulas by their saved values (the text "bulk", and
    // an empty text), an error value, a boolean, the merged order and customer over three lines,
    // and a total row padded to the header's nine fields.
    CHECK(sheet.csv ==
          "order_id,customer_id,order_date,ordered_at,product,quantity,unit_price,line_total,note\n"
          "O-1001,C-17,2024-03-05,2024-03-05 14:30:00,\"Mug, large\",2,6.95,13.9,bulk\n"
          "O-1001,C-17,2024-03-05,2024-03-05 14:30:00,Tea & biscuits,1,13085,13085,\n"
          "O-1001,C-17,2024-03-05,2024-03-05 14:30:00,\"12\"\" ruler\",3,1.5,4.5,\n"
          "O-1002,C-4,2024-03-06,2024-03-06,Gift wrap,1,2.5,2.5,#N/A\n"
          "\n"
          "O-1003,C-17,2024-03-09,2024-03-09 18:45:30,Caf\xC3\xA9 \xE2\x98\x95,1,4.2,4.2,TRUE\n"
          "O-1004,C-9,2024-03-10,2024-03-10 08:00:00,\xE6\xBC\xA2\xE5\xAD\x97,2,0.1,0.2,\n"
          "\n"
          ",,,,total,,,13110.3,\n");
    REQUIRE(sheet.notes.size() == 2);
    CHECK(sheet.notes[0] == "merged cells: each cell of A2:A4, B2:B4 holds the range's top-left value");
    CHECK(sheet.notes[1] == "line breaks inside cells became spaces (first in cell E5), so each CSV line is one sheet row");

    // The importer's own reader counts the empty rows: the total is on line 10, as in Excel.
    CsvReader reader(sheet.csv, CsvDialect{});
    CsvRecord record;
    std::vector<std::int64_t> lines;
    while (reader.next(record)) {
        lines.push_back(record.line);
        CHECK(record.fields.size() == 9);
        CHECK_FALSE(reader.error().has_value());
    }
    CHECK(lines == std::vector<std::int64_t>{1, 2, 3, 4, 5, 7, 8, 10});
}

TEST_CASE("a second sheet is chosen by name, with inline strings and times of day") {
    const std::string orders = fixture("orders.xlsx");
    const std::string expected =
        "customer_id,name,signup,call_at\n"
        "C-17,Ada Lovelace,2023-12-01,13:30:00\n"
        "C-4,\"Smith, Jane\",2024-01-15,09:05:00\n"
        "C-9,  Grace  ,2024-02-29,00:00:45\n";
    const XlsxSheetText customers = xlsx_sheet_as_csv(orders, "Customers");
    CHECK(customers.sheet_name == "Customers");
    CHECK(customers.csv == expected);
    CHECK(customers.notes.empty());
    // Excel's sheet names ignore case.
    CHECK(xlsx_sheet_as_csv(orders, "CUSTOMERS").csv == expected);

    CHECK(xlsx_error_of([&] { xlsx_sheet_as_csv(orders, "Returns"); }) ==
          "the workbook has no sheet named 'Returns'; its sheets are 'Orders', 'Customers'");
    CHECK(xlsx_error_of([&] { xlsx_sheet_as_csv(orders, "Chart"); }) ==
          "sheet 'Chart' is a chart or other special sheet, not a worksheet of cells; its worksheets are 'Orders', 'Customers'");
}

TEST_CASE("a workbook in the 1904 date system gives the same calendar dates") {
    const std::string book = fixture("date_1904.xlsx");
    CHECK(xlsx_sheet_names(book) == std::vector<std::string>{"Lookup", "Visits"});
    // Lookup is hidden: by default the first visible worksheet is read. Serial 0 is 1904-01-01
    // there, and 2024-03-05 is serial 43894, not the 1900 system's 45356.
    const XlsxSheetText visits = xlsx_sheet_as_csv(book);
    CHECK(visits.sheet_name == "Visits");
    CHECK(visits.csv ==
          "customer_id,visited,visited_at\n"
          "C-1,1904-01-01,1904-01-01 06:00:00\n"
          "C-2,2024-03-05,2024-03-05 14:30:00\n");
    CHECK(xlsx_sheet_as_csv(book, "Lookup").csv == "code,meaning\n");
}

TEST_CASE("a formula without a saved value is refused, naming sheet and cell") {
    const std::string book = fixture("formula_without_value.xlsx");
    try {
        xlsx_sheet_as_csv(book);
        FAIL("no error");
    } catch (const XlsxError& error) {
        CHECK(std::string(error.what()) ==
              "sheet 'Totals', cell D7 holds a formula with no saved value: open the workbook in Excel or LibreOffice and save "
              "it, then import again");
        CHECK(error.row() == 7);
        CHECK(error.column() == 4);
    }
}

TEST_CASE("files that are not whole .xlsx workbooks are refused with what they are") {
    const std::string csv = fixture("not_a_zip.xlsx");
    CHECK_FALSE(looks_like_zip(csv));
    CHECK(xlsx_error_of([&] { xlsx_sheet_as_csv(csv); }) ==
          "this is not an .xlsx workbook: an .xlsx file is a zip archive, and this file does not start like one");

    const std::string truncated = fixture("truncated.xlsx");
    CHECK(looks_like_zip(truncated));  // it starts like one
    CHECK(xlsx_error_of([&] { xlsx_sheet_names(truncated); }) ==
          "the .xlsx file is damaged or incomplete: the zip directory at its end is missing (the file may have been cut short) "
          "(open it in Excel or LibreOffice and save it again, or export it again)");

    // Legacy .xls files and password-protected workbooks are compound files, not zips.
    const std::string compound = std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0');
    CHECK(xlsx_error_of([&] { xlsx_sheet_names(compound); }).starts_with("this is not an .xlsx workbook but an older Excel file (.xls)"));

    const std::string ods = stored_zip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", "<x/>"}});
    CHECK(xlsx_error_of([&] { xlsx_sheet_names(ods); }).starts_with("this is an OpenDocument spreadsheet (.ods)"));
    CHECK(xlsx_error_of([&] { xlsx_sheet_names(stored_zip({{"word/document.xml", "<x/>"}})); }) ==
          "this zip archive is not an Excel workbook (it holds no xl/workbook.xml)");
}

TEST_CASE("a zip bomb is refused before it exhausts memory") {
    const std::string bomb = fixture("bomb.xlsx");
    const std::string part = "xl/worksheets/sheet1.xml";
    // 16 MiB of blanks: harmless at the real limits.
    CHECK(xlsx_sheet_as_csv(bomb).csv.empty());

    SUBCASE("a declared size past the part limit is refused before inflating") {
        CHECK(xlsx_error_of([&] { xlsx_sheet_as_csv(bomb, {}, XlsxLimits{1 << 20, 64 << 20}); }) ==
              "part xl/worksheets/sheet1.xml of the .xlsx file unpacks to 16.0 MiB, more than the 1.0 MiB one part may hold "
              "(a sheet too large to import, or a file built to exhaust memory)");
        std::string huge = bomb;
        set_u32(huge, directory_header_of(huge, part) + 24, 0xFFFFFFF0u);
        CHECK(xlsx_error_of([&] { xlsx_sheet_as_csv(huge); }).starts_with("part xl/worksheets/sheet1.xml of the .xlsx file unpacks to 4096.0 MiB, more than the 512.0 MiB"));
    }
    SUBCASE("the parts of one read are held to a total") {
        CHECK(xlsx_error_of([&] { xlsx_sheet_as_csv(bomb, {}, XlsxLimits{64 << 20, 8 << 20}); }) ==
              "the parts of the .xlsx file unpack to more than the 8.0 MiB a workbook may hold in all (reached at part "
              "xl/worksheets/sheet1.xml)");
    }
    SUBCASE("an entry that lies about its size stops inflating one byte past it") {
        std::string lying = bomb;
        set_u32(lying, directory_header_of(lying, part) + 24, 1000);
        CHECK(xlsx_error_of([&] { xlsx_sheet_as_csv(lying); }) ==
              "part xl/worksheets/sheet1.xml of the .xlsx file unpacks to more than the 1000 bytes its zip entry declares: the "
              "file is damaged or built to exhaust memory");
    }
}

// ---- Sheets built here ----------------------------------------------------------------------

TEST_CASE("cell references are Excel's A1 names") {
    CHECK(cell_reference(14, 3) == "C14");
    CHECK(cell_reference(1, 1) == "A1");
    CHECK(cell_reference(1, 26) == "Z1");
    CHECK(cell_reference(1, 27) == "AA1");
    CHECK(cell_reference(2, 702) == "ZZ2");
    CHECK(cell_reference(3, 703) == "AAA3");
    CHECK(cell_reference(1'048'576, 16'384) == "XFD1048576");
    CHECK_THROWS_AS(cell_reference(0, 1), std::invalid_argument);
    CHECK_THROWS_AS(cell_reference(1, 16'385), std::invalid_argument);
}

TEST_CASE("numbers keep the shortest text that reads back the same") {
    const std::string rows =
        "<row r=\"1\"><c r=\"A1\"><v>13085</v></c><c r=\"B1\"><v>6.95</v></c><c r=\"C1\"><v>6.9500000000000002</v></c>"
        "<c r=\"D1\"><v>0.30000000000000004</v></c><c r=\"E1\"><v>-0</v></c><c r=\"F1\"><v>1.5E-3</v></c></row>"
        "<row r=\"2\"><c r=\"A2\"><v>123456789012345</v></c><c r=\"B2\"><v>1E+21</v></c><c r=\"C2\"><v>2.5e-7</v></c>"
        "<c r=\"D2\"><v>-42.125</v></c><c r=\"E2\"><v>1e20</v></c><c r=\"F2\"><v> 7 </v></c></row>";
    CHECK(xlsx_sheet_as_csv(workbook(rows)).csv ==
          "13085,6.95,6.95,0.30000000000000004,0,0.0015\n"
          "123456789012345,1e+21,2.5e-7,-42.125,100000000000000000000,7\n");
}

TEST_CASE("number formats: dates and times by their tokens, not by brackets, quotes or escapes") {
    const std::vector<std::string> serials = {"45356", "45356.75"};
    CHECK(csv_of_numbers_in_format("dd/mm/yyyy", serials) == "2024-03-05\n2024-03-05 18:00:00\n");
    CHECK(csv_of_numbers_in_format("[$-409]mmmm d, yyyy;@", serials) == "2024-03-05\n2024-03-05 18:00:00\n");
    CHECK(csv_of_numbers_in_format("mmm", serials) == "2024-03-05\n2024-03-05 18:00:00\n");
    CHECK(csv_of_numbers_in_format("[Red]0.00", serials) == "45356\n45356.75\n");
    CHECK(csv_of_numbers_in_format("0.00", serials) == "45356\n45356.75\n");
    CHECK(csv_of_numbers_in_format("&quot;day &quot;0", serials) == "45356\n45356.75\n");
    CHECK(csv_of_numbers_in_format("0\\d", serials) == "45356\n45356.75\n");
    CHECK(csv_of_numbers_in_format("0.00E+00", serials) == "45356\n45356.75\n");
    CHECK(csv_of_numbers_in_format("General", serials) == "45356\n45356.75\n");
    // A time of day without a date; an elapsed time ([h]) stays a number of days.
    CHECK(csv_of_numbers_in_format("h:mm AM/PM", {"0.75", "45356.75"}) == "18:00:00\n2024-03-05 18:00:00\n");
    CHECK(csv_of_numbers_in_format("[h]:mm:ss", {"1.5"}) == "1.5\n");
    // A serial with no calendar date (Excel's phantom 1900-02-29; before 1900) stays a number, with a note.
    const std::string rows = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>60</v></c><c r=\"B1\" s=\"1\"><v>-3</v></c></row>";
    const std::string styles = "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>";
    const XlsxSheetText undated = xlsx_sheet_as_csv(workbook(rows, "", styles));
    CHECK(undated.csv == "60,-3\n");
    CHECK(undated.notes == std::vector<std::string>{
                               "2 cells with a date format hold numbers that are no calendar date (first: A1); they are kept as numbers"});
}

TEST_CASE("XML the way other writers write it: prefixes, comments, CDATA, quotes, references") {
    const std::string strings =
        "<si><t>a &lt;b&gt; &quot;c&quot; &apos;d&apos; &#65;&#x42; &bogus; x_x005F_y</t></si>"
        "<si><t><![CDATA[<kept> & raw]]></t></si>";
    // Pretty-printed, prefixed elements, single-quoted attributes, a '>' inside an attribute,
    // a comment, a processing instruction, cells without r, and a strict-OOXML date cell.
    const std::string rows =
        "\n  <!-- exported -->\n  <x:row r='1' spans='1:3' x14ac:dyDescent=\"0.25\">\n"
        "    <x:c r='A1' t='s'><x:v>0</x:v></x:c>\n    <x:c t=\"s\" note=\"a>b\"><x:v>1</x:v></x:c>\n"
        "    <x:c t=\"inlineStr\"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t xml:space=\"preserve\">line </x:t></x:r></x:is></x:c>\n"
        "  </x:row>\n  <?hint?>\n  <row r=\"2\"><c r=\"A2\" t=\"d\"><v>2024-03-05T14:30:00</v></c>"
        "<c r=\"B2\" t=\"d\"><v>2024-03-06T00:00:00</v></c><c r=\"C2\" t=\"str\"><f>A1</f><v>x &amp; y</v></c></row>\n";
    CHECK(xlsx_sheet_as_csv(workbook(rows, strings)).csv ==
          "\"a <b> \"\"c\"\" 'd' AB &bogus; x_y\",<kept> & raw,inline \n"
          "2024-03-05 14:30:00,2024-03-06,x & y\n");
}

TEST_CASE("merged ranges fill every cell with the top-left value, past the last row too") {
    // A header over three columns, and an order number over rows the sheet does not write.
    const std::string rows =
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>order</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>amount</t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>O-7</t></is></c><c r=\"B2\"><v>1</v></c><c r=\"C2\"><v>9</v></c></row>"
        "<row r=\"3\"><c r=\"B3\"><v>2</v></c></row>";
    const std::string merges = "<mergeCells count=\"3\"><mergeCell ref=\"B1:D1\"/><mergeCell ref=\"A2:A4\"/><mergeCell ref=\"C2:D3\"/></mergeCells>";
    const XlsxSheetText sheet = xlsx_sheet_as_csv(workbook(rows, "", "", merges));
    CHECK(sheet.csv ==
          "order,amount,amount,amount\n"
          "O-7,1,9,9\n"
          "O-7,2,9,9\n"
          "O-7,,,\n");
    CHECK(sheet.notes == std::vector<std::string>{"merged cells: each cell of B1:D1, A2:A4, C2:D3 holds the range's top-left value"});

    const std::string overlapping = "<mergeCells><mergeCell ref=\"A2:B3\"/><mergeCell ref=\"B3:C4\"/></mergeCells>";
    CHECK(xlsx_error_of([&] { xlsx_sheet_as_csv(workbook(rows, "", "", overlapping)); }) ==
          "sheet 'Data' (xl/worksheets/sheet1.xml) has merged ranges that overlap: A2:B3 and B3:C4");
}

TEST_CASE("every record has the widest row's field count; trailing empty rows are dropped") {
    const std::string rows =
        "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>id</t></is></c></row>"
        "<row r=\"3\"><c r=\"A3\"><v>1</v></c><c r=\"E3\" t=\"inlineStr\"><is><t>stray</t></is></c><c r=\"F3\" s=\"0\"/></row>"
        "<row r=\"4\"/><row r=\"5\"><c r=\"B5\"/></row>";
    CHECK(xlsx_sheet_as_csv(workbook(rows)).csv == "\nid,,,,\n1,,,,stray\n");
    CHECK(xlsx_sheet_as_csv(workbook("")).csv.empty());
}

TEST_CASE("sheet XML that cannot be read is refused, naming the sheet and the cell") {
    const auto error_of = [](const std::string& rows, const std::string& strings = "") {
        return xlsx_error_of([&] { xlsx_sheet_as_csv(workbook(rows, strings)); });
    };
    CHECK(error_of("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>3</v></c></row>", "<si><t>only</t></si>") ==
          "sheet 'Data', cell A1 refers to shared string '3', but the workbook has 1");
    CHECK(error_of("<row r=\"4\"><c r=\"C4\"><v>12,5</v></c></row>") == "sheet 'Data', cell C4 holds '12,5' where the workbook promises a number");
    CHECK(error_of("<row r=\"1\"><c r=\"B1\" t=\"str\"><f>A1</f></c></row>") ==
          "sheet 'Data', cell B1 holds a formula with no saved value: open the workbook in Excel or LibreOffice and save it, then import again");
    CHECK(error_of("<row r=\"5\"/><row r=\"3\"/>") ==
          "sheet 'Data' (xl/worksheets/sheet1.xml) has row 3 after row 5: rows out of order cannot be read");
    CHECK(error_of("<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>") ==
          "sheet 'Data' (xl/worksheets/sheet1.xml) has cell A1 after B1: cells out of order cannot be read");
    CHECK(error_of("<row r=\"1048577\"/>") ==
          "sheet 'Data' (xl/worksheets/sheet1.xml) has a row numbered '1048577', outside Excel's 1 to 1048576");
    CHECK(error_of("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>") ==
          "sheet 'Data' (xl/worksheets/sheet1.xml) in row 1 has a cell named 'XFE1', which is no cell of Excel's grid");
    CHECK(error_of("<row r=\"1\"><c r=\"A2\"><v>1</v></c></row>") == "sheet 'Data' (xl/worksheets/sheet1.xml) has cell A2 inside row 1");
    CHECK(error_of("<row r=\"1\"><c r=\"A1\"><v>1</v></c>") == "sheet 'Data' (xl/worksheets/sheet1.xml) has row 1 without its end");
    CHECK(error_of("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", "<si><t a=\"1>open</t></si>") ==
          "xl/sharedStrings.xml ends inside a tag");

    // No document type declarations: they are how entity-expansion attacks start.
    const std::string declaration = "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>";
    const std::string plain_start = std::string("<worksheet xmlns=\"") + main_namespace;
    const std::string sheet_part = "xl/worksheets/sheet1.xml";
    Parts parts = {{"xl/_rels/workbook.xml.rels", std::string("<Relationships><Relationship Id=\"rId1\" Type=\"") + relationship_types +
                                                      "worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/></Relationships>"},
                   {"xl/workbook.xml", "<workbook><sheets><sheet name=\"Data\" r:id=\"rId1\"/></sheets></workbook>"},
                   {sheet_part, declaration + plain_start + "\"><sheetData/></worksheet>"}};
    CHECK(xlsx_error_of([&] { xlsx_sheet_as_csv(stored_zip(parts)); }) ==
          "sheet 'Data' (xl/worksheets/sheet1.xml) holds a document type declaration (<!DOCTYPE ...>), which a workbook never needs: refused");
}

TEST_CASE("zip archives the reader does not open are refused with the part they concern") {
    const std::string sheet = "<worksheet><sheetData/></worksheet>";
    const Parts parts = {{"xl/workbook.xml", "<workbook/>"}, {"xl/worksheets/sheet1.xml", sheet}};
    CHECK(xlsx_error_of([&] { xlsx_sheet_names(stored_zip(parts, 1)); }) ==
          "the .xlsx file is encrypted (part xl/workbook.xml): open it in Excel or LibreOffice, remove the password and save it, "
          "then import again");
    CHECK(xlsx_error_of([&] { xlsx_sheet_names(stored_zip(parts, 0, 12)); }) ==
          "part xl/workbook.xml of the .xlsx file is compressed with zip method 12, which cannot be read (only stored and "
          "deflated parts can)");
    std::string corrupted = stored_zip(parts);
    corrupted[corrupted.find("<workbook/>") + 1] = 'W';
    CHECK(xlsx_error_of([&] { xlsx_sheet_names(corrupted); }).starts_with(
        "the .xlsx file is damaged or incomplete: part xl/workbook.xml fails its checksum"));
    CHECK(xlsx_error_of([&] { xlsx_sheet_as_csv(stored_zip(parts)); }) == "the workbook has no worksheet to import");
}

TEST_CASE("a sheet of 100,000 line items converts whole") {
    std::string rows;
    rows.reserve(12'000'000);
    std::string strings = "<si><t>C-1</t></si><si><t>Mug, large</t></si>";
    for (int row = 1; row <= 100'000; ++row) {
        const std::string r = std::to_string(row);
        rows += "<row r=\"" + r + "\"><c r=\"A" + r + "\" t=\"s\"><v>0</v></c><c r=\"B" + r + "\" s=\"1\"><v>" +
                std::to_string(45000 + row % 400) + "</v></c><c r=\"C" + r + "\"><v>" + r + ".25</v></c><c r=\"D" + r +
                "\" t=\"s\"><v>1</v></c><c r=\"E" + r + "\"><v>3</v></c></row>";
    }
    const std::string styles = "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>";
    const XlsxSheetText sheet = xlsx_sheet_as_csv(workbook(rows, strings, styles));
    CHECK(std::count(sheet.csv.begin(), sheet.csv.end(), '\n') == 100'000);
    CHECK(sheet.csv.starts_with("C-1,2023-03-16,1.25,\"Mug, large\",3\n"));
    CHECK(sheet.csv.ends_with("C-1,2023-03-15,100000.25,\"Mug, large\",3\n"));
}
