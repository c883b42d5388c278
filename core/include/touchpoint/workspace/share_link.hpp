#pragma once
// Share links carry a workspace in the URL fragment, which browsers never send to a server:
// "#w=" followed by the workspace JSON, compressed by the browser's CompressionStream
// ("deflate-raw"), in base64url (RFC 4648 §5, no padding). The page compresses and decompresses;
// this is the text part, shared by the page, the CLI and the tests.
#include "touchpoint/limits.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::workspace {

inline constexpr std::string_view share_fragment_prefix = "#w=";
// Longer links are refused with the advice to share a file: chat and mail clients cut links of a
// few thousand characters, and browsers' address bars slow down long before their own limits.
inline constexpr std::size_t max_share_link_chars = limits::max_share_link_chars;

// A fragment that is not a share link or not base64url; position() is the 0-based offset of the
// offending character within the fragment.
class ShareLinkError : public std::invalid_argument {
public:
    ShareLinkError(std::size_t position, const std::string& message);
    std::size_t position() const { return position_; }

private:
    std::size_t position_ = 0;
};

std::string base64url_encode(const std::vector<std::uint8_t>& bytes);
// Throws ShareLinkError naming the first character that is not base64url, or a length no
// encoding gives (a remainder of one character).
std::vector<std::uint8_t> base64url_decode(std::string_view text);

// "#w=" + base64url(compressed).
std::string share_fragment(const std::vector<std::uint8_t>& compressed);
// The compressed bytes of a fragment ("#w=..." or "w=..."); throws ShareLinkError.
std::vector<std::uint8_t> compressed_from_fragment(std::string_view fragment);

}  // namespace touchpoint::workspace
