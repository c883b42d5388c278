#include "touchpoint/metrics/customer_lists.hpp"

#include <doctest/doctest.h>
