#include "touchpoint/data/table_spec.hpp"

#include <array>
#include <cctype>
#include <string>

namespace touchpoint::data {

namespace {

const std::array<TableSpec, 6>& specs() {
    static const std::array<TableSpec, 6> tables{{
        {TableKind::Orders, "orders", "orders",
         {
             {"order_id", FieldType::Id, false, {"order_id", "order", "order_number", "order_no", "invoice", "invoice_no", "invoice_id", "invoice_number", "transaction_id", "id"}},
             {.name = "customer_id", .type = FieldType::Id, .required = true,
              .synonyms = {"customer_id", "customer", "client_id", "client", "user_id", "buyer_id", "account_id", "customer_number", "customer_no"},
              .unless_mapped = "customer_email"},
             {.name = "customer_email", .type = FieldType::Id, .required = false,
              .synonyms = {"customer_email", "email", "e_mail", "email_address", "billing_email", "buyer_email"},
              .description = "The customer's e-mail: the customer for lines without a customer id", .stored = false},
             {"order_date", FieldType::Date, true, {"order_date", "date", "created_at", "ordered_at", "purchase_date", "transaction_date", "invoice_date", "created_date_utc", "created_date", "date_created", "created", "day"}},
             {.name = "amount", .type = FieldType::Amount, .required = true,
              .synonyms = {"amount", "total", "order_total", "total_amount", "grand_total", "value", "revenue", "total_price", "sales", "net_sales", "gross_sales", "order_value"},
              .unless_mapped = "unit_price"},
             {.name = "unit_price", .type = FieldType::Amount, .required = false,
              .synonyms = {"unit_price", "price", "lineitem_price", "item_price", "price_each", "item_cost"},
              .description = "A line's price for one unit: the order's amount is the sum of quantity x unit price", .stored = false},
             {"quantity", FieldType::Integer, false, {"quantity", "qty", "lineitem_quantity", "item_quantity", "items", "units", "number_of_items"}},
             {.name = "product_code", .type = FieldType::Text, .required = false,
              .synonyms = {"product_code", "stock_code", "sku", "lineitem_sku", "item_sku", "product_id", "variant_id", "item_code", "article_number"},
              .description = "A product on the line: its presence says the file has one line per product", .stored = false},
             {"category", FieldType::Text, false, {"category", "product_category", "product", "product_type", "sku_category"}},
             {"channel", FieldType::Text, false, {"channel", "sales_channel", "source", "store", "platform"}},
             {"status", FieldType::Text, false, {"status", "order_status", "financial_status", "payment_status", "state"}},
             {.name = "cancelled_date", .type = FieldType::Date, .required = false,
              .synonyms = {"cancelled_date", "cancelled_at", "canceled_at", "cancellation_date", "voided_at"},
              .description = "When the order was cancelled: a cancelled order is not a purchase", .stored = false},
             {.name = "refunded_amount", .type = FieldType::Amount, .required = false,
              .synonyms = {"refunded_amount", "amount_refunded", "refund_amount", "total_refunded", "refunded_total"},
              .description = "How much of the order was paid back", .stored = false},
             {.name = "captured", .type = FieldType::Text, .required = false, .synonyms = {"captured"},
              .description = "Whether a card payment was captured: an uncaptured payment is not a purchase", .stored = false},
         },
         "order_id"},
        {TableKind::Customers, "customers", "customers",
         {
             {"customer_id", FieldType::Id, true, {"customer_id", "customer", "id", "client_id", "user_id", "account_id", "email"}},
             {"signup_date", FieldType::Date, false, {"signup_date", "created_at", "signup", "registered", "registration_date", "first_seen", "customer_since"}},
             {"region", FieldType::Text, false, {"region", "country", "state", "city", "market"}},
             {"acquisition_channel", FieldType::Text, false, {"acquisition_channel", "channel", "source", "utm_source"}},
             {"renewal_date", FieldType::Date, false, {"renewal_date", "contract_end", "renewal", "contract_renewal", "next_renewal"}},
         },
         "customer_id"},
        {TableKind::Touches, "touches", "touches",
         {
             {"customer_id", FieldType::Id, true, {"customer_id", "customer", "client_id", "user_id", "account_id", "email"}},
             {"touch_date", FieldType::Date, true, {"touch_date", "date", "sent_at", "contacted_at", "created_at", "sent"}},
             {"touch_type", FieldType::Text, false, {"touch_type", "type", "kind", "campaign", "step", "activity"}},
             {"channel", FieldType::Text, false, {"channel", "medium", "via"}},
             {"outcome", FieldType::Text, false, {"outcome", "result", "status", "response"}},
         }},
        {TableKind::Surveys, "surveys", "surveys",
         {
             {"customer_id", FieldType::Id, true, {"customer_id", "customer", "client_id", "user_id", "account_id", "email"}},
             {"response_date", FieldType::Date, true, {"response_date", "date", "submitted_at", "answered_at", "created_at"}},
             {"nps", FieldType::Score, false, {"nps", "nps_score", "likelihood_to_recommend", "recommend"}, 0, 10, "Net Promoter answer, 0 to 10"},
             {"csat", FieldType::Score, false, {"csat", "csat_score", "satisfaction"}, 1, 5, "Customer satisfaction, 1 to 5"},
             {"ces", FieldType::Score, false, {"ces", "ces_score", "effort", "customer_effort"}, 1, 7, "Customer effort, 1 to 7"},
         }},
        {TableKind::Tickets, "tickets", "tickets",
         {
             {"ticket_id", FieldType::Id, false, {"ticket_id", "ticket", "id", "case_id", "case_number"}},
             {"customer_id", FieldType::Id, true, {"customer_id", "customer", "client_id", "user_id", "account_id", "requester", "email"}},
             {"opened_date", FieldType::Date, true, {"opened_date", "opened", "created_at", "date", "opened_at", "created"}},
             {"first_response_date", FieldType::Date, false, {"first_response_date", "first_response", "first_response_at", "responded_at"}},
             {"resolved_date", FieldType::Date, false, {"resolved_date", "resolved", "resolved_at", "closed_at", "closed"}},
             {"channel", FieldType::Text, false, {"channel", "via", "source"}},
         }},
        {TableKind::Assignments, "assignments", "experiment_assignments",
         {
             {"customer_id", FieldType::Id, true, {"customer_id", "customer", "client_id", "user_id", "account_id", "email"}},
             {"experiment", FieldType::Text, true, {"experiment", "experiment_id", "experiment_name", "test", "test_name"}},
             {"arm", FieldType::Text, true, {"arm", "variant", "group", "treatment", "bucket"}},
             {"assigned_date", FieldType::Date, false, {"assigned_date", "assigned_at", "date", "enrolled_at"}},
         }},
    }};
    return tables;
}

}  // namespace

const FieldSpec* TableSpec::field(std::string_view field_name) const {
    const int index = field_index(field_name);
    return index < 0 ? nullptr : &fields[static_cast<std::size_t>(index)];
}

int TableSpec::field_index(std::string_view field_name) const {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == field_name) return static_cast<int>(i);
    return -1;
}

const TableSpec& table_spec(TableKind kind) { return specs()[static_cast<std::size_t>(kind)]; }

std::span<const TableSpec> all_table_specs() { return specs(); }

const TableSpec* table_spec_by_name(std::string_view name) {
    for (const auto& spec : specs())
        if (spec.name == name) return &spec;
    return nullptr;
}

std::string normalise_header(std::string_view header) {
    const auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    const auto is_lower = [](char c) { return c >= 'a' && c <= 'z'; };
    std::string result;
    bool pending_separator = false;
    for (std::size_t i = 0; i < header.size(); ++i) {
        const char c = header[i];
        if (!std::isalnum(static_cast<unsigned char>(c))) {
            pending_separator = !result.empty();
            continue;
        }
        // A capital starts a word after a small letter or digit ("orderDate"), and ends a run of
        // capitals when a small letter follows it ("HTTPStatus" -> "http_status").
        if (is_upper(c) && i > 0) {
            const char before = header[i - 1];
            const bool after_word = is_lower(before) || (before >= '0' && before <= '9');
            const bool ends_capitals = is_upper(before) && i + 1 < header.size() && is_lower(header[i + 1]);
            if (after_word || ends_capitals) pending_separator = !result.empty();
        }
        if (pending_separator && result.back() != '_') result += '_';
        pending_separator = false;
        result += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return result;
}

std::string header_key(std::string_view header) {
    std::string key;
    for (char c : header)
        if (std::isalnum(static_cast<unsigned char>(c))) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
}

std::vector<std::string> header_keys(std::span<const std::string> headers) {
    std::vector<std::string> keys;
    for (const auto& header : headers) keys.push_back(header_key(header));
    return keys;
}

}  // namespace touchpoint::data
