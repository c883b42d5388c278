#pragma once
// Every metric and model parameter the product shows, defined once: the UI's hover help and
// the CLI's --help print these same words.
//
// All texts are string literals in plain ASCII: data() is null-terminated, so a text can be
// handed to C-style APIs (ImGui) as is, and it renders with any font's basic glyph range.
#include <string_view>
#include <vector>

namespace touchpoint::help {

struct GlossaryEntry {
    std::string_view key;         // snake_case, unique: "repeat_purchase_rate", "bgnbd_alpha"
    std::string_view label;       // as shown on screen: "Repeat purchase rate", "alpha"
    std::string_view definition;  // one or two plain sentences: what is counted, over which window, units
    std::string_view group;       // "Retention", "Segments", "Surveys", "Support", "Predictions", "BG/NBD", ...
};

// Every entry, grouped: the entries of one group are contiguous, groups in display order.
const std::vector<GlossaryEntry>& glossary();

// The groups in display order, each once.
const std::vector<std::string_view>& glossary_groups();

// The entries of one group in display order; empty when the group is unknown.
std::vector<const GlossaryEntry*> entries_in_group(std::string_view group);

// nullptr when no entry has this key.
const GlossaryEntry* find_entry(std::string_view key);

// The definition of `key`, or an empty view when the key is unknown.
std::string_view definition_of(std::string_view key);

}  // namespace touchpoint::help
