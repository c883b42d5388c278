#include "touchpoint/data/content_hash.hpp"

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
}  // namespace

std::string content_hash(std::string_view bytes) {
    // Eight bytes at a time (read byte-wise little-endian so the result does not depend on the
    // machine), each word mixed into the running state with its position folded in.
    std::uint64_t state = 0x243f6a8885a308d3ULL ^ bytes.size();
    std::size_t offset = 0;
    for (; offset + 8 <= bytes.size(); offset += 8) {
        std::uint64_t word = 0;
        for (int i = 7; i >= 0; --i) word = (word << 8) | static_cast<unsigned char>(bytes[offset + static_cast<std::size_t>(i)]);
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
