#include "touchpoint/data/json_text.hpp"

#include "touchpoint/limits.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>

namespace touchpoint::data {

TextPosition position_of(std::string_view text, std::size_t offset) {
    const auto end = std::min(text.size(), offset);
    TextPosition position;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < end; ++i)
        if (text[i] == '\n') {
            ++position.line;
            line_start = i + 1;
        }
    position.column = static_cast<int>(end - line_start) + 1;
    return position;
}

namespace {

std::string mebibytes(std::size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// The offset of the first bracket that opens a level deeper than the limit, or npos. Brackets
// inside strings do not count. A scan before parsing, so that no parser or destructor ever
// recurses through a document nested a million levels deep.
std::size_t first_too_deep_bracket(std::string_view text) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '[' || c == '{') {
            if (++depth > limits::max_json_depth) return i;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return std::string_view::npos;
}

}  // namespace

nlohmann::json parse_json_text(std::string_view text, std::size_t max_bytes, std::string_view what) {
    if (text.size() > max_bytes)
        throw JsonTextError(std::string(what) + " of " + mebibytes(text.size()) + " is larger than the " + mebibytes(max_bytes) +
                                " Touchpoint reads",
                            0, 0);
    if (const auto deep = first_too_deep_bracket(text); deep != std::string_view::npos) {
        const auto position = position_of(text, deep);
        throw JsonTextError("nested more than " + std::to_string(limits::max_json_depth) + " levels deep", position.line,
                            position.column);
    }
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& problem) {
        // nlohmann reports the byte it stopped at, 1-based.
        const auto position = position_of(text, problem.byte == 0 ? 0 : problem.byte - 1);
        std::string message = problem.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..." -> the part after the position
        if (const auto colon = message.find(": "); colon != std::string::npos) message = message.substr(colon + 2);
        throw JsonTextError("not valid JSON: " + message, position.line, position.column);
    } catch (const nlohmann::json::out_of_range& problem) {
        // A number too large for a double ("1e400"): nlohmann names the number, not its place.
        std::string message = problem.what();
        if (const auto end = message.find("] "); end != std::string::npos) message = message.substr(end + 2);
        TextPosition position{0, 0};
        if (const auto quote = message.find('\''); quote != std::string::npos) {
            const auto number = message.substr(quote + 1, message.find('\'', quote + 1) - quote - 1);
            if (const auto at = text.find(number); !number.empty() && at != std::string_view::npos) position = position_of(text, at);
        }
        throw JsonTextError("not valid JSON: " + message, position.line, position.column);
    }
}

}  // namespace touchpoint::data
