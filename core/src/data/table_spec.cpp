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
             {"order_id", FieldType::Id, false, {"order_id", "order", "order_number", "order_no", "id", "transaction_id", "invoice", "invoice_id", "invoice_number"}},
             {"customer_id", FieldType::Id, true, {"customer_id", "customer", "client_id", "client", "user_id", "buyer_id", "account_id", "customer_number", "email", "customer_email"}},
             {"order_date", FieldType::Date, true, {"order_date", "date", "created_at", "ordered_at", "purchase_date", "transaction_date", "invoice_date", "created", "day"}},
             {"amount", FieldType::Amount, true, {"amount", "total", "order_total", "value", "revenue", "price", "total_price", "sales", "net_sales", "gross_sales", "order_value"}},
             {"quantity", FieldType::Integer, false, {"quantity", "qty", "items", "units", "number_of_items"}},
             {"category", FieldType::Text, false, {"category", "product_category", "product", "product_type", "sku_category"}},
             {"channel", FieldType::Text, false, {"channel", "sales_channel", "source", "store", "platform"}},
             {"status", FieldType::Text, false, {"status", "order_status", "financial_status", "state"}},
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
    std::string result;
    for (char c : header) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte)) {
            result += static_cast<char>(std::tolower(byte));
        } else if (!result.empty() && result.back() != '_' && (c == ' ' || c == '_' || c == '-' || c == '.' || c == '/')) {
            result += '_';
        }
    }
    while (!result.empty() && result.back() == '_') result.pop_back();
    return result;
}

}  // namespace touchpoint::data
