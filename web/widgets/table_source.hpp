#pragma once
// What a data table shows: columns of one kind each, rows addressed by index. Tables read
// their cells through TableSource, so they can sit on data that already lives elsewhere
// (the core's Dataset) without copying it.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::widgets {

// How a column's values read on screen (see cell_text.hpp). Every kind but Text keeps its
// values as numbers; Date values are day numbers (days since 1970-01-01).
enum class CellKind { Text, Count, Number, Money, Percent, Date };

inline bool is_numeric(CellKind kind) { return kind != CellKind::Text; }

struct ColumnInfo {
    std::string name;
    CellKind kind = CellKind::Text;
};

class TableSource {
public:
    virtual ~TableSource() = default;
    virtual std::size_t row_count() const = 0;
    virtual std::size_t column_count() const = 0;
    virtual const ColumnInfo& column(std::size_t column) const = 0;
    // The value of a numeric cell; NaN for a missing value (and for Text columns).
    virtual double number(std::size_t row, std::size_t column) const = 0;
    // The text of a Text cell; empty for numeric columns. Valid as long as the source.
    virtual std::string_view text(std::size_t row, std::size_t column) const = 0;
};

// A table that owns its columns: small tables built in memory, and tests.
class ColumnarTable final : public TableSource {
public:
    // Columns must have the same length; the first column added sets the row count.
    void add_text_column(std::string name, std::vector<std::string> values);
    void add_number_column(std::string name, CellKind kind, std::vector<double> values);

    std::size_t row_count() const override { return row_count_; }
    std::size_t column_count() const override { return columns_.size(); }
    const ColumnInfo& column(std::size_t column) const override { return columns_[column].info; }
    double number(std::size_t row, std::size_t column) const override;
    std::string_view text(std::size_t row, std::size_t column) const override;

private:
    struct Column {
        ColumnInfo info;
        std::vector<std::string> texts;  // Text columns
        std::vector<double> numbers;     // every other kind
    };
    void check_length(std::size_t length);

    std::vector<Column> columns_;
    std::size_t row_count_ = 0;
};

}  // namespace touchpoint::widgets
