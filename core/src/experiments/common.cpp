#include "touchpoint/experiments/common.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace touchpoint::experiments {

std::optional<Alternative> alternative_from_name(std::string_view name) {
    if (name == "two-sided") return Alternative::TwoSided;
    if (name == "greater") return Alternative::Greater;
    if (name == "less") return Alternative::Less;
    return std::nullopt;
}

const char* alternative_name(Alternative alternative) {
    switch (alternative) {
        case Alternative::TwoSided: return "two-sided";
        case Alternative::Greater: return "greater";
        case Alternative::Less: return "less";
    }
    return "two-sided";
}

std::string number_text(double value) {
    char text[32];
    for (int digits = 6; digits <= 17; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, value);
        if (std::strtod(text, nullptr) == value) break;
    }
    return text;
}

void check_alpha(double alpha, std::string_view what) {
    if (!(alpha > 0 && alpha < 1))
        throw std::invalid_argument(std::string(what) + " must be between 0 and 1 (exclusive), got " + number_text(alpha));
}

void check_arm(const ArmCounts& arm, std::string_view arm_name) {
    const std::string name(arm_name);
    if (arm.n <= 0) throw std::invalid_argument(name + ": the number of customers must be positive, got " + std::to_string(arm.n));
    if (arm.successes < 0) throw std::invalid_argument(name + ": successes cannot be negative, got " + std::to_string(arm.successes));
    if (arm.successes > arm.n)
        throw std::invalid_argument(name + ": " + std::to_string(arm.successes) + " successes out of " + std::to_string(arm.n) +
                                    " customers (successes cannot exceed customers)");
}

}  // namespace touchpoint::experiments
