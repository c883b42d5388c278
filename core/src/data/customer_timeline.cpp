#include "touchpoint/data/customer_timeline.hpp"
