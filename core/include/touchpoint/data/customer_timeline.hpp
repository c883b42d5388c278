#pragma once
// One customer's history as the store holds it: orders (returns and refunds flagged), touches,
// survey answers and support tickets, in date order.
#include "touchpoint/data/store.hpp"

namespace touchpoint::data {}  // namespace touchpoint::data
