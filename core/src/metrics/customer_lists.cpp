#include "touchpoint/metrics/customer_lists.hpp"
