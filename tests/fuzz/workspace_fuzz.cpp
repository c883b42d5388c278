// The workspace reader on any text (a file, the page's storage, a link after inflating): it either
// reads a document or throws WorkspaceError; nothing else escapes. A document it reads is valid,
// writes out as text that reads back to the same document, and loses its customer data on request.
#include "fuzz_check.hpp"
#include "touchpoint/workspace/workspace.hpp"

#include <cstdint>
#include <string_view>

using namespace touchpoint::workspace;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)is_workspace_json(text);
    ReadWorkspace read;
    try {
        read = read_workspace_text(text);
    } catch (const WorkspaceError& error) {
        FUZZ_CHECK(error.what()[0] != '\0');
        FUZZ_CHECK(error.line() >= 0 && error.column() >= 0);
        return 0;
    }
    FUZZ_CHECK(!has_errors(validate_workspace(read.document)));
    FUZZ_CHECK(workspace_version(read.document) == workspace_format_version);
    const auto again = read_workspace_text(workspace_text(read.document));
    FUZZ_CHECK(again.document == read.document);
    FUZZ_CHECK(!has_customer_data(without_customer_data(read.document)));
    return 0;
}
