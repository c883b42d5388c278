#include "touchpoint/data/content_hash.hpp"

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace touchpoint::data {

namespace {
// The finaliser of SplitMix64: a bijective mix in which every input bit affects every output bit.
std::uint64_t mix(std::uint64_t value) {
    value ^= value >> 30;
    value *= 0xbf58476d1ce4e5b9ULL;
    value ^= value >> 27;
    value *= 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
}
[[maybe_unused]] std::uint64_t byte_swap(std::uint64_t value) {
    std::uint64_t swapped = 0;
    for (int i = 0; i < 8; ++i) swapped = (swapped << 8) | ((value >> (8 * i)) & 0xff);
    return swapped;
}
}  // namespace

std::string content_hash(std::string_view bytes) {
    // Eight bytes at a time as a little-endian word (wasm and x86 are little-endian; a
    // big-endian machine swaps, so every build computes the same fingerprint).
    std::uint64_t state = 0x243f6a8885a308d3ULL ^ bytes.size();
    std::size_t offset = 0;
    for (; offset + 8 <= bytes.size(); offset += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, bytes.data() + offset, sizeof word);
        if constexpr (std::endian::native == std::endian::big) word = byte_swap(word);
        state = mix(state ^ word) + 0x9e3779b97f4a7c15ULL;
    }
    std::uint64_t tail = 0;
    for (std::size_t i = bytes.size(); i > offset; --i) tail = (tail << 8) | static_cast<unsigned char>(bytes[i - 1]);
    state = mix(state ^ tail ^ (static_cast<std::uint64_t>(bytes.size() - offset) << 56));
    char text[48];
    std::snprintf(text, sizeof text, "%016llx:%llu", static_cast<unsigned long long>(state),
                  static_cast<unsigned long long>(bytes.size()));
    return text;
}

}  // namespace touchpoint::data
