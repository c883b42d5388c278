#pragma once
// The customers behind a figure: the members of a cohort cell, a segment, an RFM cell or a
// period's new and returning customers, as indices into the Dataset's customer_ids, in id order.
#include "touchpoint/data/dataset.hpp"

namespace touchpoint::metrics {}  // namespace touchpoint::metrics
