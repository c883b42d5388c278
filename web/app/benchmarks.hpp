#pragma once
// In-page benchmarks the browser harness (bench/browser) runs through the page's test API.
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace touchpoint::web {

class Workbench;

// "recompute...": loads `bytes` (an orders CSV) and times one full recomputation of the
// retention figures, cohorts, segments and RFM, and a segment rule change.
nlohmann::json benchmark_recompute(Workbench& workbench, const std::string& name, std::string_view bytes);

}  // namespace touchpoint::web
