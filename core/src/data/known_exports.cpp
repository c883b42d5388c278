#include "known_exports.hpp"

#include <algorithm>
#include <array>

namespace touchpoint::data {

namespace {

// Column layouts as each platform documents its export. Only the headers that decide the
// mapping are named; the exports have many more.
const std::array<KnownExport, 5>& known_exports() {
    static const std::array<KnownExport, 5> exports{{
        {.name = "Shopify orders",
         .signature = {"Name", "Email", "Financial Status", "Created at", "Lineitem quantity", "Lineitem price", "Total"},
         .mapping = {{"order_id", "Name"}, {"customer_email", "Email"}, {"order_date", "Created at"}, {"amount", "Total"},
                     {"quantity", "Lineitem quantity"}, {"unit_price", "Lineitem price"}, {"product_code", "Lineitem sku"},
                     {"status", "Financial Status"}, {"cancelled_date", "Cancelled at"}, {"refunded_amount", "Refunded Amount"},
                     {"channel", "Source"}},
         .line_items = true,
         .total_includes_extras = true},
        // WooCommerce's Customer / Order / Coupon Export, one row per order with its items packed
        // in one column; customer_id 0 is a guest checkout.
        {.name = "WooCommerce orders",
         .signature = {"order_id", "order_number", "date", "status", "order_total", "customer_id", "billing_email", "line_items"},
         .mapping = {{"order_id", "order_number"}, {"customer_id", "customer_id"}, {"customer_email", "billing_email"},
                     {"order_date", "date"}, {"amount", "order_total"}, {"refunded_amount", "refunded_total"}, {"status", "status"}},
         .zero_customer_is_guest = true},
        {.name = "Stripe payments",
         .signature = {"id", "Created date (UTC)", "Amount", "Status", "Customer Email"},
         .mapping = {{"order_id", "id"}, {"customer_id", "Customer ID"}, {"customer_email", "Customer Email"},
                     {"order_date", "Created date (UTC)"}, {"amount", "Amount"}, {"refunded_amount", "Amount Refunded"},
                     {"status", "Status"}, {"captured", "Captured"}}},
        // UCI Machine Learning Repository, "Online Retail II" (2009-2011) and "Online Retail" (2010-2011).
        {.name = "UCI Online Retail II",
         .signature = {"Invoice", "StockCode", "Quantity", "InvoiceDate", "Price", "Customer ID"},
         .mapping = {{"order_id", "Invoice"}, {"customer_id", "Customer ID"}, {"order_date", "InvoiceDate"},
                     {"unit_price", "Price"}, {"quantity", "Quantity"}, {"product_code", "StockCode"}},
         .line_items = true},
        {.name = "UCI Online Retail",
         .signature = {"InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"},
         .mapping = {{"order_id", "InvoiceNo"}, {"customer_id", "CustomerID"}, {"order_date", "InvoiceDate"},
                     {"unit_price", "UnitPrice"}, {"quantity", "Quantity"}, {"product_code", "StockCode"}},
         .line_items = true},
    }};
    return exports;
}

int column_of(std::span<const std::string> keys, const char* header) {
    const auto found = std::find(keys.begin(), keys.end(), header_key(header));
    return found == keys.end() ? -1 : static_cast<int>(found - keys.begin());
}

}  // namespace

const KnownExport* recognise_export(std::span<const std::string> columns) {
    const auto keys = header_keys(columns);
    for (const auto& known : known_exports())
        if (std::all_of(known.signature.begin(), known.signature.end(), [&](const char* header) { return column_of(keys, header) >= 0; }))
            return &known;
    return nullptr;
}

ColumnMapping export_mapping(const KnownExport& known, const TableSpec& spec, std::span<const std::string> columns) {
    const auto keys = header_keys(columns);
    ColumnMapping mapping;
    mapping.table = spec.kind;
    mapping.column_of_field.assign(spec.fields.size(), -1);
    for (const auto& [field, header] : known.mapping) {
        const int index = spec.field_index(field);
        if (index >= 0) mapping.column_of_field[static_cast<std::size_t>(index)] = column_of(keys, header);
    }
    return mapping;
}

}  // namespace touchpoint::data
