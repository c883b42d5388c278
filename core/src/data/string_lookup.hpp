#pragma once
// Hash and equality that accept both std::string and std::string_view, so a table keyed by
// owned strings can be searched with a view without building a string per lookup.
#include <boost/container_hash/hash.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace touchpoint::data {

struct StringViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return boost::hash<std::string_view>{}(text); }
};

using StringViewEqual = std::equal_to<>;

}  // namespace touchpoint::data
