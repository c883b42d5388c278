// The share-link decoder on any fragment: it gives the compressed bytes or throws ShareLinkError
// with a position inside the fragment. Bytes it decodes encode back to a fragment that decodes to
// the same bytes, and any bytes survive encoding and decoding. The page inflates the bytes and hands the text to the workspace reader,
// fuzzed on its own (workspace_fuzz.cpp).
#include "fuzz_check.hpp"
#include "touchpoint/workspace/share_link.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

using namespace touchpoint::workspace;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view fragment(reinterpret_cast<const char*>(data), size);
    std::vector<std::uint8_t> compressed;
    try {
        compressed = compressed_from_fragment(fragment);
    } catch (const ShareLinkError& error) {
        FUZZ_CHECK(error.position() <= fragment.size());
        return 0;
    }
    const auto again = compressed_from_fragment(share_fragment(compressed));
    FUZZ_CHECK(again == compressed);
    const std::vector<std::uint8_t> bytes(data, data + size);
    FUZZ_CHECK(base64url_decode(base64url_encode(bytes)) == bytes);
    return 0;
}
