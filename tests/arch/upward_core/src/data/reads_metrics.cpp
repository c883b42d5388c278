// A data file that reaches up into metrics: check_core_layers.cmake must reject it.
#include "touchpoint/metrics/headline.hpp"
