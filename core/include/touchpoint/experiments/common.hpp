#pragma once
// What every experiment analysis shares: the direction of a test, an interval, the counts of
// one arm of a conversion experiment, and the checks that turn bad input into a clear
// std::invalid_argument before any formula sees it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace touchpoint::experiments {

// Which differences the test looks for, always read as treatment minus control.
enum class Alternative {
    TwoSided,  // treatment differs from control, either way
    Greater,   // treatment is higher than control
    Less,      // treatment is lower than control
};

// "two-sided", "greater" or "less"; nullopt for anything else.
std::optional<Alternative> alternative_from_name(std::string_view name);
const char* alternative_name(Alternative alternative);

struct Interval {
    double low = 0;
    double high = 0;
    bool contains(double value) const { return value >= low && value <= high; }
};

// One arm of a conversion experiment: `successes` of `n` customers converted.
struct ArmCounts {
    std::int64_t successes = 0;
    std::int64_t n = 0;
    double rate() const { return static_cast<double>(successes) / static_cast<double>(n); }
};

// A number for a message, as short as it can be without losing digits ("0.05", "2", "1e-07").
std::string number_text(double value);

// Throws std::invalid_argument naming `what` unless 0 < alpha < 1.
void check_alpha(double alpha, std::string_view what = "alpha");
// Throws unless n > 0 and 0 <= successes <= n.
void check_arm(const ArmCounts& arm, std::string_view arm_name);

}  // namespace touchpoint::experiments
