#pragma once
// The workspace document (DESIGN.md §10; docs/workspace.md): what a team shares, as versioned
// JSON: cadences, the behaviour model's parameters, effect assumptions, experiment designs and
// results, role-play scenarios, segment rules, view settings and, optionally, aggregate
// summaries. Customer rows are in it only when the user asked for them ("customer_data").
//
// Reading a workspace: parse (a syntax error names the line and column), migrate it forward to
// this build's version (every older version has a step), then validate (every problem names its
// field, "cadences[2].steps[0].channel"). The browser keeps the editors' state in this document,
// so the same functions read a file the user opens, a share link and the page's own storage.
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::workspace {

inline constexpr std::string_view workspace_format = "touchpoint.workspace";
// 0 is the unversioned editor state the browser kept before the document had a format.
inline constexpr int workspace_format_version = 1;

// A document that cannot be read: field() is the offending value's path ("" for the document),
// and for a syntax error line() and column() (1-based; 0 when not known).
class WorkspaceError : public std::invalid_argument {
public:
    WorkspaceError(std::string field, const std::string& message, int line = 0, int column = 0);
    const std::string& field() const { return field_; }
    int line() const { return line_; }
    int column() const { return column_; }

private:
    std::string field_;
    int line_ = 0;
    int column_ = 0;
};

enum class IssueSeverity { Error, Warning };

struct WorkspaceIssue {
    IssueSeverity severity = IssueSeverity::Error;
    std::string field;    // "scenarios[0].nodes[3].choices[1].next"
    std::string message;
};

// An empty workspace of this version.
nlohmann::json empty_workspace();

// The version a document declares: 0 for the unversioned editor state of earlier releases.
// Throws WorkspaceError for something that is not a workspace (another format, not an object).
int workspace_version(const nlohmann::json& document);

// One step forward: a document of version `from` to version `from + 1`.
struct Migration {
    int from = 0;
    std::string description;
    nlohmann::json (*apply)(const nlohmann::json& document);
};
const std::vector<Migration>& migrations();

// Applies every step from the document's version to this build's. Throws WorkspaceError for a
// document of a newer version than this build reads, or one that is not a workspace.
nlohmann::json migrate_workspace(const nlohmann::json& document);

// Checks a document of this build's version: errors first, then warnings (unknown keys).
std::vector<WorkspaceIssue> validate_workspace(const nlohmann::json& document);
bool has_errors(const std::vector<WorkspaceIssue>& issues);

// Parses text (a syntax error throws WorkspaceError with its line and column), migrates it and
// validates it; throws WorkspaceError with the first error's field. Warnings are returned.
struct ReadWorkspace {
    nlohmann::json document;  // of this build's version
    int original_version = 0;
    std::vector<WorkspaceIssue> warnings;
};
ReadWorkspace read_workspace_text(std::string_view text);

// Whether the text declares itself a workspace ("format": "touchpoint.workspace"); false for
// text that is not JSON.
bool is_workspace_json(std::string_view text);

// Customer rows: only in "customer_data", and only when the user asked for them.
bool has_customer_data(const nlohmann::json& document);
nlohmann::json without_customer_data(nlohmann::json document);

// Compact JSON with sorted keys (nlohmann sorts object keys): the same workspace always gives the
// same text, so links and files of one workspace are identical.
std::string workspace_text(const nlohmann::json& document);

}  // namespace touchpoint::workspace
