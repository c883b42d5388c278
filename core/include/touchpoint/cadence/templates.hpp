#pragma once
// The cadence templates the workbench offers (assets/cadences/*.json in the source tree). The
// web build copies every JSON asset flat into /assets in the page (web/CMakeLists.txt), next to
// other assets, so the loader reads every *.json file of one folder and keeps those whose
// "format" is "touchpoint.cadence"; other JSON files are skipped, not reported.
#include "touchpoint/cadence/cadence.hpp"

#include <string>
#include <vector>

namespace touchpoint::cadence {

struct CadenceTemplate {
    std::string file;      // the file's name ("second_sale_welcome.json")
    Cadence cadence;       // valid when error is empty
    std::string error;     // why the file could not be loaded ("steps[1].kind: ..."); empty when it loaded
};

// Every cadence file of the folder, sorted by file name. Throws std::runtime_error when the
// folder cannot be read; a bad file is returned with its error, so one typo does not hide the rest.
std::vector<CadenceTemplate> load_cadence_templates(const std::string& directory);

// Whether the JSON text declares itself a cadence ("format": "touchpoint.cadence"); false for
// text that is not JSON.
bool is_cadence_json(std::string_view text);

}  // namespace touchpoint::cadence
