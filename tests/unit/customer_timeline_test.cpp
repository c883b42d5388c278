#include "touchpoint/data/customer_timeline.hpp"

#include <doctest/doctest.h>
