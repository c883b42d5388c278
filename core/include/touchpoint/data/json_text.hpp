#pragma once
// Reading JSON a user hands over (workspace files, share links, scenario files) within the
// limits in touchpoint/limits.hpp: text larger than the limit is refused before parsing, nesting
// deeper than max_json_depth is refused at the bracket that goes too deep, and a syntax error is
// reported with its line and column. The readers turn the error into their own kind.
#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace touchpoint::data {

// Lines and columns are 1-based; 0 when the problem is the text as a whole (its size).
class JsonTextError : public std::invalid_argument {
public:
    JsonTextError(const std::string& message, int line, int column)
        : std::invalid_argument(message), line_(line), column_(column) {}
    int line() const { return line_; }
    int column() const { return column_; }
    // "line 3, column 14: not valid JSON: ..." (or the message alone when there is no position).
    std::string located() const {
        return line_ > 0 ? "line " + std::to_string(line_) + ", column " + std::to_string(column_) + ": " + what() : what();
    }

private:
    int line_ = 0;
    int column_ = 0;
};

struct TextPosition {
    int line = 1;
    int column = 1;
};
// The line and column of the byte at `offset` (0-based); past the end, of the end.
TextPosition position_of(std::string_view text, std::size_t offset);

// Parses `text` as JSON. `what` names the document in the size message ("a workspace").
// Throws JsonTextError for text over `max_bytes`, nesting over the depth limit, or bad syntax.
nlohmann::json parse_json_text(std::string_view text, std::size_t max_bytes, std::string_view what);

}  // namespace touchpoint::data
