#include "widgets/cell_text.hpp"

#include "touchpoint/data/calendar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace touchpoint::widgets {

namespace {

// Beyond this, rounding to cents would overflow 64 bits or lose the cents anyway.
constexpr double largest_exact_magnitude = 1e15;
// About the years 0000 to 9999, which is what "YYYY-MM-DD" can hold.
constexpr double earliest_day = -719528, latest_day = 2932896;

// Writes `magnitude` with a comma every three digits from the right ("1,031,460").
char* write_grouped(std::uint64_t magnitude, char* out) {
    char digits[24];
    int count = 0;
    do {
        digits[count++] = static_cast<char>('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude > 0);
    for (int i = count - 1; i >= 0; --i) {
        *out++ = digits[i];
        if (i > 0 && i % 3 == 0) *out++ = ',';
    }
    return out;
}

// Rounds |value| * scale to an integer; the sign is written only when something nonzero remains,
// so -0.001 reads "0.00" rather than "-0.00".
char* write_sign_and_round(double value, double scale, std::uint64_t& scaled, char* out) {
    scaled = static_cast<std::uint64_t>(std::llround(std::abs(value) * scale));
    if (value < 0 && scaled > 0) *out++ = '-';
    return out;
}

CellText general_number(double value) {
    CellText text;
    char buffer[CellText::capacity];
    const int length = std::snprintf(buffer, sizeof buffer, "%.6g", value);
    text.assign(buffer, buffer + std::clamp(length, 0, static_cast<int>(sizeof buffer) - 1));
    return text;
}

CellText format_fixed(double value, double scale, int decimals, bool trim_zeros, const char* suffix) {
    if (std::abs(value) * scale >= largest_exact_magnitude) return general_number(value);
    char buffer[CellText::capacity];
    std::uint64_t scaled = 0;
    char* out = write_sign_and_round(value, scale, scaled, buffer);
    std::uint64_t unit = 1;
    for (int i = 0; i < decimals; ++i) unit *= 10;
    out = write_grouped(scaled / unit, out);
    std::uint64_t fraction = scaled % unit;
    int shown_decimals = decimals;
    if (trim_zeros)
        while (shown_decimals > 0 && fraction % 10 == 0) {
            fraction /= 10;
            --shown_decimals;
        }
    if (shown_decimals > 0) {
        *out++ = '.';
        char* digits_end = out + shown_decimals;
        for (char* digit = digits_end - 1; digit >= out; --digit) {
            *digit = static_cast<char>('0' + fraction % 10);
            fraction /= 10;
        }
        out = digits_end;
    }
    for (; *suffix != '\0'; ++suffix) *out++ = *suffix;
    CellText text;
    text.assign(buffer, out);
    return text;
}

CellText format_date(double day) {
    if (day < earliest_day || day > latest_day) return general_number(day);
    char buffer[data::iso_date_length];
    data::write_iso_date(data::day_from_number(static_cast<int>(std::floor(day))), buffer);
    CellText text;
    text.assign(buffer, buffer + data::iso_date_length);
    return text;
}

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

void CellText::assign(const char* begin, const char* end) {
    length_ = std::min(static_cast<std::size_t>(end - begin), capacity);
    std::copy_n(begin, length_, chars_);
}

CellText format_cell(CellKind kind, double value) {
    if (std::isnan(value)) return {};
    if (std::isinf(value)) return general_number(value);
    switch (kind) {
    case CellKind::Date: return format_date(value);
    case CellKind::Money: return format_fixed(value, 100, 2, false, "");
    case CellKind::Count: return format_fixed(value, 1, 0, false, "");
    case CellKind::Percent: return format_fixed(value, 1000, 1, false, "%");
    case CellKind::Number:
        // Two decimals would show 0.004 as "0": tiny values keep their digits.
        if (value != 0 && std::abs(value) < 0.01) return general_number(value);
        return format_fixed(value, 100, 2, true, "");
    case CellKind::Text: break;
    }
    return general_number(value);
}

std::string_view cell_view(const TableSource& source, std::size_t row, std::size_t column, CellText& scratch) {
    const CellKind kind = source.column(column).kind;
    if (kind == CellKind::Text) return source.text(row, column);
    scratch = format_cell(kind, source.number(row, column));
    return scratch.view();
}

std::string cell_text(const TableSource& source, std::size_t row, std::size_t column) {
    CellText scratch;
    return std::string(cell_view(source, row, column, scratch));
}

bool contains_ignoring_case(std::string_view haystack, std::string_view lowered_needle) {
    if (lowered_needle.empty()) return true;
    if (lowered_needle.size() > haystack.size()) return false;
    const std::size_t last_start = haystack.size() - lowered_needle.size();
    for (std::size_t start = 0; start <= last_start; ++start) {
        std::size_t matched = 0;
        while (matched < lowered_needle.size() && lower_ascii(haystack[start + matched]) == lowered_needle[matched])
            ++matched;
        if (matched == lowered_needle.size()) return true;
    }
    return false;
}

std::string to_lower_ascii(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered) c = lower_ascii(c);
    return lowered;
}

}  // namespace touchpoint::widgets
