// The workspace document: migration of every older version, validation naming the field, reading
// with line and column for syntax errors, customer data only on request; and the share link's
// base64url, against RFC 4648's test vectors.
#include "touchpoint/limits.hpp"
#include "touchpoint/workspace/share_link.hpp"
#include "touchpoint/workspace/workspace.hpp"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace touchpoint::workspace;

namespace {

const std::string fixtures = std::string(TOUCHPOINT_SOURCE_DIR) + "/tests/fixtures/workspace/";

nlohmann::json read_json(const std::string& path) {
    std::ifstream file(path);
    REQUIRE(file);
    return nlohmann::json::parse(file);
}

nlohmann::json cadence_template(const std::string& name) { return read_json(std::string(TOUCHPOINT_SOURCE_DIR) + "/assets/cadences/" + name + ".json"); }
nlohmann::json scenario_file(const std::string& name) { return read_json(std::string(TOUCHPOINT_SOURCE_DIR) + "/assets/scenarios/" + name + ".json"); }

bool has_issue(const std::vector<WorkspaceIssue>& issues, const std::string& field, IssueSeverity severity = IssueSeverity::Error) {
    for (const auto& issue : issues)
        if (issue.field == field && issue.severity == severity) return true;
    return false;
}

nlohmann::json full_workspace() {
    auto document = empty_workspace();
    document["title"] = "After-sales plan";
    document["cadences"] = {cadence_template("ecommerce_after_sales"), cadence_template("win_back")};
    document["selected_cadence"] = 0;
    document["segment_rules"] = {{"new_within_days", 45}};
    // json::array: a braced list of one json value is that value itself with clang, a list with gcc.
    document["scenarios"] = nlohmann::json::array({scenario_file("late_delivery")});
    document["view"] = {{"section", "simulate"}, {"theme", "dark"}};
    document["experiments"] = {{"designs", nlohmann::json::array({{{"step", "Check-in"}, {"days", {3, 7, 14}}}})}};
    document["summaries"] = {{"customers", 2000}, {"repeat_rate", 0.31}};
    return document;
}

}  // namespace

TEST_CASE("an empty and a full workspace validate") {
    CHECK(validate_workspace(empty_workspace()).empty());
    const auto issues = validate_workspace(full_workspace());
    for (const auto& issue : issues) CHECK_MESSAGE(false, (issue.field + ": " + issue.message));
    CHECK(workspace_version(full_workspace()) == workspace_format_version);
}

TEST_CASE("every migration step: the editor state of earlier releases becomes a version 1 workspace") {
    // One step per older version, in order, ending at this build's version.
    REQUIRE(migrations().size() == static_cast<std::size_t>(workspace_format_version));
    for (std::size_t i = 0; i < migrations().size(); ++i) CHECK(migrations()[i].from == static_cast<int>(i));

    SUBCASE("version 0 to 1") {
        const auto state = read_json(fixtures + "editor_state_v0.json");
        CHECK(workspace_version(state) == 0);
        const auto migrated = migrate_workspace(state);
        CHECK(migrated["format"] == "touchpoint.workspace");
        CHECK(migrated["version"] == 1);
        CHECK(migrated["cadences"] == state["cadences"]);
        CHECK(migrated["selected_cadence"] == 1);
        CHECK(migrated["segment_rules"] == state["segment_rules"]);
        CHECK_FALSE(migrated.contains("mapping"));
        CHECK(validate_workspace(migrated).empty());
        // A current document is left as it is.
        CHECK(migrate_workspace(migrated) == migrated);
    }
    SUBCASE("a newer version or another format is refused, naming the field") {
        auto newer = empty_workspace();
        newer["version"] = workspace_format_version + 1;
        try {
            migrate_workspace(newer);
            FAIL("a newer version was read");
        } catch (const WorkspaceError& error) {
            CHECK(error.field() == "version");
        }
        CHECK_THROWS_AS(migrate_workspace(nlohmann::json{{"format", "touchpoint.cadence"}, {"version", 1}}), WorkspaceError);
        CHECK_THROWS_AS(migrate_workspace(nlohmann::json::array()), WorkspaceError);
    }
}

TEST_CASE("validation names the field of each problem") {
    auto document = full_workspace();
    document["cadences"][1]["steps"][0]["channel"] = "pigeon";
    document["selected_cadence"] = 5;
    document["segment_rules"]["new_within_days"] = -3;
    document["model"] = {{"purchase", "no"}};
    document["scenarios"][0]["nodes"][0]["choices"][1]["next"] = "nowhere";
    document["view"] = "dark";
    document["experiments"]["results"] = {1, 2};
    document["customer_data"] = {
        {"orders", {{"columns", {"customer_id", "order_date"}}, {"rows", {{"C1", "2026-01-02"}, nlohmann::json::array({"C2"})}}}}};
    document["colour"] = "blue";
    const auto issues = validate_workspace(document);
    CHECK(has_issue(issues, "cadences[1].steps[0].channel"));
    CHECK(has_issue(issues, "selected_cadence"));
    CHECK(has_issue(issues, "segment_rules.new_within_days"));
    CHECK(has_issue(issues, "model"));
    CHECK(has_issue(issues, "scenarios[0].nodes[0].choices[1].next"));
    CHECK(has_issue(issues, "view"));
    CHECK(has_issue(issues, "experiments.results[0]"));
    CHECK(has_issue(issues, "customer_data.orders.rows[1]"));
    CHECK(has_issue(issues, "colour", IssueSeverity::Warning));
    // Errors come first.
    CHECK(issues.back().severity == IssueSeverity::Warning);
    CHECK(issues.front().severity == IssueSeverity::Error);
}

TEST_CASE("reading text: a syntax error names its line and column; a migrated file keeps its original version") {
    const std::string broken = "{\n  \"format\": \"touchpoint.workspace\",\n  \"version\": 1,\n  oops\n}";
    try {
        read_workspace_text(broken);
        FAIL("broken JSON was read");
    } catch (const WorkspaceError& error) {
        CHECK(error.line() == 4);
        CHECK(error.column() == 3);
        CHECK(std::string(error.what()).rfind("line 4, column 3: not valid JSON", 0) == 0);
    }
    std::ifstream file(fixtures + "editor_state_v0.json");
    std::stringstream text;
    text << file.rdbuf();
    const auto read = read_workspace_text(text.str());
    CHECK(read.original_version == 0);
    CHECK(read.document["version"] == 1);

    auto with_problem = full_workspace();
    with_problem["cadences"][0]["steps"][0]["channel"] = "pigeon";
    try {
        read_workspace_text(workspace_text(with_problem));
        FAIL("an invalid workspace was read");
    } catch (const WorkspaceError& error) {
        CHECK(error.field() == "cadences[0].steps[0].channel");
    }
    auto with_warning = full_workspace();
    with_warning["colour"] = "blue";
    const auto warned = read_workspace_text(workspace_text(with_warning));
    REQUIRE(warned.warnings.size() == 1);
    CHECK(warned.warnings[0].field == "colour");
}

TEST_CASE("limits: a workspace too deep, too large or with a number out of range is refused with its place") {
    // 65 levels: the 65th bracket is refused, on line 2 at its column.
    const std::string deep = "{\"format\": \"touchpoint.workspace\", \"version\": 1, \"view\":\n" + std::string(64, '[') +
                             std::string(64, ']') + "}";
    try {
        read_workspace_text(deep);
        FAIL("a workspace nested 65 levels deep was read");
    } catch (const WorkspaceError& error) {
        CHECK(error.line() == 2);
        CHECK(error.column() == 64);
        CHECK(std::string(error.what()).find("nested more than 64 levels deep") != std::string::npos);
    }
    // Brackets inside strings are text, not nesting.
    CHECK_NOTHROW(read_workspace_text("{\"format\": \"touchpoint.workspace\", \"version\": 1, \"title\": \"" +
                                      std::string(200, '[') + "\"}"));

    std::string large = "{\"format\": \"touchpoint.workspace\", \"version\": 1, \"title\": \"";
    large += std::string(touchpoint::limits::max_workspace_json_bytes, 'x');
    large += "\"}";
    try {
        read_workspace_text(large);
        FAIL("a workspace over the size limit was read");
    } catch (const WorkspaceError& error) {
        CHECK(std::string(error.what()).find("larger than the 64 MiB Touchpoint reads") != std::string::npos);
    }

    // Found by fuzzing: a number beyond a double's range escaped as another kind of exception.
    try {
        read_workspace_text("{\"format\": \"touchpoint.workspace\",\n \"version\": 1e11245}");
        FAIL("a number out of range was read");
    } catch (const WorkspaceError& error) {
        CHECK(error.line() == 2);
        CHECK(error.column() == 13);
        CHECK(std::string(error.what()).find("number overflow") != std::string::npos);
    }
}

TEST_CASE("a save and open round trip gives the same workspace, and the same text") {
    const auto document = full_workspace();
    const auto text = workspace_text(document);
    const auto read = read_workspace_text(text);
    CHECK(read.document == document);
    CHECK(workspace_text(read.document) == text);
}

TEST_CASE("the sample workspace validates") {
    const auto document = read_json(std::string(TOUCHPOINT_SOURCE_DIR) + "/assets/workspaces/sample_workspace.json");
    const auto issues = validate_workspace(document);
    for (const auto& issue : issues) CHECK_MESSAGE(false, (issue.field + ": " + issue.message));
    CHECK(document["cadences"].size() == 2);
    CHECK_FALSE(has_customer_data(document));
}

TEST_CASE("a workspace file is told apart from other files") {
    CHECK(is_workspace_json(workspace_text(full_workspace())));
    CHECK_FALSE(is_workspace_json("customer_id,order_date,amount\nC1,2026-01-01,5\n"));
    CHECK_FALSE(is_workspace_json("{\"format\": \"touchpoint.scenario\", \"note\": \"not a touchpoint.workspace\"}"));
    CHECK_FALSE(is_workspace_json("{\"format\": \"touchpoint.workspace\""));  // cut off
}

TEST_CASE("customer data is only in the workspace on request") {
    auto document = full_workspace();
    CHECK_FALSE(has_customer_data(document));
    document["customer_data"] = {{"orders",
                                  {{"columns", nlohmann::json::array({"customer_id"})},
                                   {"rows", nlohmann::json::array({nlohmann::json::array({"C-0001"})})}}}};
    CHECK(has_customer_data(document));
    CHECK(validate_workspace(document).empty());
    const auto shared = without_customer_data(document);
    CHECK_FALSE(has_customer_data(shared));
    CHECK(workspace_text(shared).find("C-0001") == std::string::npos);
}

TEST_CASE("base64url: RFC 4648's test vectors, the URL-safe alphabet, no padding, and errors with their position") {
    const auto bytes = [](std::string_view text) { return std::vector<std::uint8_t>(text.begin(), text.end()); };
    // RFC 4648 §10, without the padding.
    CHECK(base64url_encode(bytes("")) == "");
    CHECK(base64url_encode(bytes("f")) == "Zg");
    CHECK(base64url_encode(bytes("fo")) == "Zm8");
    CHECK(base64url_encode(bytes("foo")) == "Zm9v");
    CHECK(base64url_encode(bytes("foob")) == "Zm9vYg");
    CHECK(base64url_encode(bytes("fooba")) == "Zm9vYmE");
    CHECK(base64url_encode(bytes("foobar")) == "Zm9vYmFy");
    // Where base64 has + and /, base64url has - and _.
    CHECK(base64url_encode({0xFB, 0xFF, 0xBF}) == "-_-_");
    CHECK(base64url_decode("-_-_") == std::vector<std::uint8_t>{0xFB, 0xFF, 0xBF});

    std::vector<std::uint8_t> all;
    for (int length = 0; length < 300; ++length) {
        CHECK(base64url_decode(base64url_encode(all)) == all);
        all.push_back(static_cast<std::uint8_t>((length * 151 + 7) & 0xFF));
    }

    CHECK(share_fragment(bytes("foo")) == "#w=Zm9v");
    CHECK(compressed_from_fragment("#w=Zm9vYmFy") == bytes("foobar"));
    CHECK(compressed_from_fragment("w=Zg") == bytes("f"));
    try {
        compressed_from_fragment("#w=Zm9$Ymfy");
        FAIL("a bad character was read");
    } catch (const ShareLinkError& error) {
        CHECK(error.position() == 6);
    }
    CHECK_THROWS_AS(compressed_from_fragment("#w=Zm9vY"), ShareLinkError);  // a length no encoding gives
    CHECK_THROWS_AS(compressed_from_fragment("#x=Zm9v"), ShareLinkError);
    CHECK_THROWS_AS(compressed_from_fragment("#w="), ShareLinkError);
}
