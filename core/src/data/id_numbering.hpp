#pragma once
// Numbers ids in the order they are first seen. Ids of up to 15 bytes (nearly all customer
// ids) are held in two machine words inside the table, so finding one compares two integers
// instead of following a pointer into the file text: on a million orders, that pointer is a
// cache miss per row.
#include "string_lookup.hpp"

#include <boost/unordered/unordered_flat_map.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace touchpoint::data {

class IdNumbering {
public:
    void reserve(std::size_t count) { short_ids_.reserve(count); }

    // The number of `id`, and whether it was new (and so got the next number).
    std::pair<std::uint32_t, bool> number_of(std::string_view id) {
        const auto next = static_cast<std::uint32_t>(size());
        if (id.size() <= max_short_size) {
            const auto [entry, inserted] = short_ids_.try_emplace(ShortId::from(id), next);
            return {entry->second, inserted};
        }
        auto found = long_ids_.find(id);
        if (found != long_ids_.end()) return {found->second, false};
        long_ids_.emplace(std::string(id), next);
        return {next, true};
    }

    std::size_t size() const { return short_ids_.size() + long_ids_.size(); }

private:
    static constexpr std::size_t max_short_size = 15;

    // Bytes 0-7 in `low`, bytes 8-14 and the length (in the top byte) in `high`.
    struct ShortId {
        std::uint64_t low = 0, high = 0;
        static ShortId from(std::string_view id) {
            unsigned char bytes[16] = {};
            std::memcpy(bytes, id.data(), id.size());
            bytes[15] = static_cast<unsigned char>(id.size());
            ShortId key;
            std::memcpy(&key.low, bytes, 8);
            std::memcpy(&key.high, bytes + 8, 8);
            return key;
        }
        friend bool operator==(const ShortId&, const ShortId&) = default;
    };
    struct ShortIdHash {
        // Every byte of both words reaches the low bits too: size_t has 32 bits in wasm, and
        // ids such as "C000123456" differ only in their last bytes.
        using is_avalanching = void;
        std::size_t operator()(const ShortId& key) const noexcept {
            std::uint64_t h = key.low * 0x9E3779B97F4A7C15ull + key.high;
            h ^= h >> 33;  // the finalizer of MurmurHash3
            h *= 0xFF51AFD7ED558CCDull;
            h ^= h >> 33;
            h *= 0xC4CEB9FE1A85EC53ull;
            h ^= h >> 33;
            return static_cast<std::size_t>(h);
        }
    };

    boost::unordered_flat_map<ShortId, std::uint32_t, ShortIdHash> short_ids_;
    boost::unordered_flat_map<std::string, std::uint32_t, StringViewHash, StringViewEqual> long_ids_;
};

}  // namespace touchpoint::data
