#pragma once
// Shop exports Touchpoint knows by their headers, so that they import with no mapping by hand:
// which column feeds which field, and the few rules that belong to one platform.
#include "touchpoint/data/column_mapping.hpp"

#include <span>
#include <string>
#include <utility>
#include <vector>

namespace touchpoint::data {

struct KnownExport {
    const char* name;                                          // "Shopify orders"
    std::vector<const char*> signature;                        // headers that must all be present
    std::vector<std::pair<const char*, const char*>> mapping;  // field -> header
    bool line_items = false;             // one line per product, order fields repeated or on the first line
    bool total_includes_extras = false;  // the total adds shipping and taxes: it cannot be checked against the lines
    bool zero_customer_is_guest = false; // customer id 0 is a guest checkout
};

// The export whose signature headers the file has (headers compared by header_key), or null.
const KnownExport* recognise_export(std::span<const std::string> columns);

// The export's mapping onto the file's columns; fields whose header is absent stay unmapped.
ColumnMapping export_mapping(const KnownExport& known, const TableSpec& spec, std::span<const std::string> columns);

}  // namespace touchpoint::data
