#include "touchpoint/data/column_mapping.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

namespace touchpoint::data {

int ColumnMapping::column(std::string_view field, const TableSpec& spec) const {
    const int index = spec.field_index(field);
    return index < 0 ? -1 : column_of_field[static_cast<std::size_t>(index)];
}

std::vector<std::string> column_names(std::span<const std::string_view> first_record, bool has_header) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < first_record.size(); ++i)
        names.push_back(has_header ? std::string(trim_blanks(first_record[i])) : "column " + std::to_string(i + 1));
    return names;
}

namespace {

enum class ValueKind { Empty, Date, Decimal, WholeNumber, Text };

ValueKind kind_of(std::string_view value) {
    value = trim_blanks(value);
    if (value.empty()) return ValueKind::Empty;
    for (auto layout : {DateLayout::Iso, DateLayout::Compact, DateLayout::DayMonthYear, DateLayout::MonthDayYear,
                        DateLayout::DayMonthYearDots, DateLayout::YearMonthDay})
        if (parse_date(value, layout)) return ValueKind::Date;
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) return ValueKind::WholeNumber;
    if (parse_amount(value, AmountFormat{'.'}) || parse_amount(value, AmountFormat{','})) return ValueKind::Decimal;
    return ValueKind::Text;
}

// The kind most of a column's sample values share, Empty ignored.
ValueKind column_kind(std::span<const std::vector<std::string_view>> rows, std::size_t column) {
    int counts[5] = {};
    for (const auto& row : rows)
        if (column < row.size()) ++counts[static_cast<int>(kind_of(row[column]))];
    int best = 0;  // Empty unless some value says otherwise
    for (int kind = 1; kind < 5; ++kind)
        if (counts[kind] > 0 && (best == 0 || counts[kind] > counts[best])) best = kind;
    return static_cast<ValueKind>(best);
}

bool is_mapped(const ColumnMapping& mapping, int column) {
    return std::find(mapping.column_of_field.begin(), mapping.column_of_field.end(), column) != mapping.column_of_field.end();
}

void suggest_from_content(ColumnMapping& mapping, const TableSpec& spec, std::size_t column_count,
                          std::span<const std::vector<std::string_view>> rows) {
    std::vector<ValueKind> kinds;
    for (std::size_t c = 0; c < column_count; ++c) kinds.push_back(column_kind(rows, c));
    for (std::size_t f = 0; f < spec.fields.size(); ++f) {
        const auto& field = spec.fields[f];
        // Dates and amounts are recognisable; ids are the first text or number column left.
        // Other fields of a headerless file are left for the user to map.
        ValueKind wanted;
        switch (field.type) {
            case FieldType::Date: wanted = ValueKind::Date; break;
            case FieldType::Amount: wanted = ValueKind::Decimal; break;
            case FieldType::Id: wanted = ValueKind::Text; break;
            default: continue;
        }
        if (!field.required) continue;
        for (std::size_t c = 0; c < column_count; ++c) {
            const bool fits = kinds[c] == wanted || (field.type == FieldType::Id && kinds[c] == ValueKind::WholeNumber);
            if (fits && !is_mapped(mapping, static_cast<int>(c))) {
                mapping.column_of_field[f] = static_cast<int>(c);
                break;
            }
        }
    }
}

}  // namespace

ColumnMapping suggest_mapping(const TableSpec& spec, std::span<const std::string> columns, bool has_header,
                              std::span<const std::vector<std::string_view>> sample_rows) {
    ColumnMapping mapping;
    mapping.table = spec.kind;
    mapping.column_of_field.assign(spec.fields.size(), -1);
    if (!has_header) {
        suggest_from_content(mapping, spec, columns.size(), sample_rows);
        return mapping;
    }
    const auto keys = header_keys(columns);
    // Exact field names first, then synonyms in their order of preference, so "order_date"
    // wins over a "date" column that another field might want.
    for (std::size_t f = 0; f < spec.fields.size(); ++f) {
        for (const char* synonym : spec.fields[f].synonyms) {
            const auto found = std::find(keys.begin(), keys.end(), header_key(synonym));
            const int column = static_cast<int>(found - keys.begin());
            if (found != keys.end() && !is_mapped(mapping, column)) {
                mapping.column_of_field[f] = column;
                break;
            }
        }
    }
    // A "price" beside no total, no quantity and no product is the order's price, not a unit's.
    const int amount = spec.field_index("amount"), unit_price = spec.field_index("unit_price");
    if (amount >= 0 && unit_price >= 0 && mapping.column_of_field[static_cast<std::size_t>(amount)] < 0 &&
        mapping.column("quantity", spec) < 0 && mapping.column("product_code", spec) < 0) {
        std::swap(mapping.column_of_field[static_cast<std::size_t>(amount)], mapping.column_of_field[static_cast<std::size_t>(unit_price)]);
    }
    return mapping;
}

void apply_overrides(ColumnMapping& mapping, const TableSpec& spec, std::span<const std::string> columns,
                     std::span<const std::pair<std::string, std::string>> overrides) {
    for (const auto& [field, column_text] : overrides) {
        const int field_index = spec.field_index(field);
        if (field_index < 0) {
            std::string known;
            for (const auto& f : spec.fields) known += (known.empty() ? "" : ", ") + std::string(f.name);
            throw MappingError("the " + std::string(spec.name) + " table has no field '" + field + "' (fields: " + known + ")");
        }
        int column = -1;
        if (column_text.empty() || column_text == "-") {
            column = -1;  // unmap
        } else if (int number = 0; std::from_chars(column_text.data(), column_text.data() + column_text.size(), number).ec ==
                                           std::errc{} &&
                                   std::all_of(column_text.begin(), column_text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            if (number < 1 || static_cast<std::size_t>(number) > columns.size())
                throw MappingError("column " + column_text + " does not exist: the file has " + std::to_string(columns.size()) + " columns");
            column = number - 1;
        } else {
            const auto found = std::find(columns.begin(), columns.end(), column_text);
            if (found == columns.end()) throw MappingError("the file has no column named '" + column_text + "'");
            column = static_cast<int>(found - columns.begin());
        }
        // A column feeds one field: taking it away from another field keeps the mapping unambiguous.
        for (auto& other : mapping.column_of_field)
            if (column >= 0 && other == column) other = -1;
        mapping.column_of_field[static_cast<std::size_t>(field_index)] = column;
    }
}

std::vector<std::string> missing_required_fields(const ColumnMapping& mapping, const TableSpec& spec) {
    std::vector<std::string> missing;
    for (std::size_t f = 0; f < spec.fields.size(); ++f) {
        const auto& field = spec.fields[f];
        if (!field.required || mapping.column_of_field[f] >= 0) continue;
        if (field.unless_mapped && mapping.column(field.unless_mapped, spec) >= 0) continue;
        missing.emplace_back(field.unless_mapped ? std::string(field.name) + " (or " + field.unless_mapped + ")" : field.name);
    }
    return missing;
}

std::string mapping_signature(const TableSpec& spec, std::span<const std::string> columns, bool has_header) {
    std::string signature = std::string(spec.name) + "|";
    if (!has_header) return signature + std::to_string(columns.size()) + " columns, no header";
    for (const auto& column : columns) signature += normalise_header(column) + "|";
    return signature;
}

void save_mapping(Store& store, const std::string& signature, const ColumnMapping& mapping, const TableSpec& spec) {
    nlohmann::json fields = nlohmann::json::object();
    for (std::size_t f = 0; f < spec.fields.size(); ++f)
        if (mapping.column_of_field[f] >= 0) fields[spec.fields[f].name] = mapping.column_of_field[f];
    nlohmann::json json{{"fields", fields}};
    if (mapping.date_layout) json["date_layout"] = date_layout_name(*mapping.date_layout);
    store.prepare("INSERT INTO column_mappings (signature, table_name, mapping_json) VALUES (?, ?, ?)"
                  " ON CONFLICT (signature) DO UPDATE SET mapping_json = excluded.mapping_json,"
                  " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')")
        .bind(1, signature)
        .bind(2, std::string_view(spec.name))
        .bind(3, json.dump())
        .run();
}

std::optional<ColumnMapping> load_mapping(Store& store, const std::string& signature, const TableSpec& spec) {
    auto query = store.prepare("SELECT mapping_json FROM column_mappings WHERE signature = ?");
    query.bind(1, signature);
    if (!query.step()) return std::nullopt;
    const auto json = nlohmann::json::parse(query.column_text(0), nullptr, false);
    if (json.is_discarded() || !json.contains("fields")) return std::nullopt;  // unreadable: suggest afresh
    ColumnMapping mapping;
    mapping.table = spec.kind;
    mapping.from_saved = true;
    mapping.column_of_field.assign(spec.fields.size(), -1);
    for (const auto& [name, column] : json["fields"].items()) {
        const int index = spec.field_index(name);
        if (index >= 0 && column.is_number_integer()) mapping.column_of_field[static_cast<std::size_t>(index)] = column.get<int>();
    }
    if (json.contains("date_layout") && json["date_layout"].is_string())
        mapping.date_layout = date_layout_from_name(json["date_layout"].get<std::string>());
    return mapping;
}

}  // namespace touchpoint::data
