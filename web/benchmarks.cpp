#include "benchmarks.hpp"

#include "workbench.hpp"

namespace touchpoint::web {

nlohmann::json benchmark_recompute(Workbench&, const std::string& name, std::string_view) {
    return {{"name", name}, {"error", "not built yet"}};
}

}  // namespace touchpoint::web
