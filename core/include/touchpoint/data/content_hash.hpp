#pragma once
// A 64-bit fingerprint of a file's bytes, the same in the native and the wasm build
// (std::hash and boost::hash are size_t-wide, 32 bits in wasm), so a store exported from the
// browser still recognises files imported by the CLI.
#include <string>
#include <string_view>

namespace touchpoint::data {

// 16 hex digits followed by ":" and the byte count, e.g. "9f3c...:44810231".
std::string content_hash(std::string_view bytes);

}  // namespace touchpoint::data
