#include "touchpoint/workspace/share_link.hpp"

#include <array>

namespace touchpoint::workspace {

ShareLinkError::ShareLinkError(std::size_t position, const std::string& message)
    : std::invalid_argument("share link, character " + std::to_string(position + 1) + ": " + message), position_(position) {}

namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<int, 256> decoding_table() {
    std::array<int, 256> table{};
    for (auto& entry : table) entry = -1;
    for (std::size_t i = 0; i < alphabet.size(); ++i) table[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
    return table;
}

constexpr auto sextet_of = decoding_table();

}  // namespace

std::string base64url_encode(const std::vector<std::uint8_t>& bytes) {
    std::string text;
    text.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t group = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
        for (int shift = 18; shift >= 0; shift -= 6) text += alphabet[(group >> shift) & 63];
    }
    const auto left = bytes.size() - i;  // 0, 1 or 2 bytes: 0, 2 or 3 characters, no padding
    if (left > 0) {
        std::uint32_t group = std::uint32_t{bytes[i]} << 16;
        if (left == 2) group |= std::uint32_t{bytes[i + 1]} << 8;
        text += alphabet[(group >> 18) & 63];
        text += alphabet[(group >> 12) & 63];
        if (left == 2) text += alphabet[(group >> 6) & 63];
    }
    return text;
}

std::vector<std::uint8_t> base64url_decode(std::string_view text) {
    if (text.size() % 4 == 1) throw ShareLinkError(text.size() - 1, "the link is cut off (no base64url text has this length)");
    std::vector<std::uint8_t> bytes;
    bytes.reserve(text.size() * 3 / 4);
    std::uint32_t group = 0;
    int bits = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const int sextet = sextet_of[static_cast<unsigned char>(text[i])];
        if (sextet < 0) throw ShareLinkError(i, "'" + std::string(1, text[i]) + "' is not a base64url character");
        group = (group << 6) | static_cast<std::uint32_t>(sextet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes.push_back(static_cast<std::uint8_t>((group >> bits) & 0xFF));
        }
    }
    return bytes;
}

std::string share_fragment(const std::vector<std::uint8_t>& compressed) {
    return std::string(share_fragment_prefix) + base64url_encode(compressed);
}

std::vector<std::uint8_t> compressed_from_fragment(std::string_view fragment) {
    std::size_t start = 0;
    if (fragment.rfind(share_fragment_prefix, 0) == 0) start = share_fragment_prefix.size();
    else if (fragment.rfind("w=", 0) == 0) start = 2;
    else throw ShareLinkError(0, "not a share link (it starts with " + std::string(share_fragment_prefix) + ")");
    if (fragment.size() == start) throw ShareLinkError(start, "the link holds no workspace");
    try {
        return base64url_decode(fragment.substr(start));
    } catch (const ShareLinkError& problem) {
        throw ShareLinkError(problem.position() + start, std::string(problem.what()).substr(std::string(problem.what()).find(": ") + 2));
    }
}

}  // namespace touchpoint::workspace
