#pragma once
// The Segments section: new, returning, loyal and lapsed customers under rules the user edits,
// their trend and migration; the cohort retention matrix; the RFM grid.
#include "touchpoint/data/dataset.hpp"

#include <imgui.h>

#include <memory>

namespace touchpoint::web {

// heading may be nullptr. Work that does not depend on the rules is done once per Dataset.
void draw_segments_panel(const std::shared_ptr<const data::Dataset>& dataset, ImFont* heading);

}  // namespace touchpoint::web
