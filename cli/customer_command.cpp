#include "customer_command.hpp"

namespace touchpoint::cli {

void add_customer_command(CLI::App&) {}

}  // namespace touchpoint::cli
