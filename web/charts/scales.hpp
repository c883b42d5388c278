#pragma once
// Axis arithmetic shared by the charts: "nice" tick positions a reader can take in at a glance,
// and the text of a tick or a read-out in the axis's format. UI-free, so unit tests reach it.
#include <string>
#include <vector>

namespace touchpoint::charts {

struct Ticks {
    double low = 0, high = 1;   // the axis range, widened to whole steps
    double step = 1;
    std::vector<double> values;
};

// Ticks at 1, 2 or 5 times a power of ten, about max_ticks intervals of them, covering [low, high].
Ticks nice_ticks(double low, double high, int max_ticks);

// The smallest 1, 2 or 5 times a power of ten at or above raw (raw > 0).
double nice_step_at_least(double raw);

// How an axis writes its numbers. Date values are day numbers (days since 1970-01-01).
enum class AxisFormat { Number, Percent, Money, Date };

struct FormatOptions {
    std::string money_symbol;  // written before Money values ("$", "€"); none by default
};

// A tick's text on an axis whose ticks are step apart, with just enough decimals to tell
// neighbours apart: Number 1500 -> "1.5k", Percent 0.25 -> "25%", Money 1250 -> "1,250",
// Date (by step: under 4 weeks "12 Mar", under a year "Mar 2024", else "2024").
std::string tick_label(double value, double step, AxisFormat format, const FormatOptions& options = {});
std::vector<std::string> tick_labels(const Ticks& ticks, AxisFormat format, const FormatOptions& options = {});

// A value as a read-out (tooltip) writes it, more precise than a tick:
// Number "1,234.5", Percent "41.8%", Money "1,250.50", Date "12 Mar 2024". NaN is "n/a".
std::string value_label(double value, AxisFormat format, const FormatOptions& options = {});

}  // namespace touchpoint::charts
