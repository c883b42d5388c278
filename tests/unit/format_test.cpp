#include "ui/format.hpp"

#include <doctest/doctest.h>

using namespace touchpoint::web;

TEST_CASE("counts, shares and days read the same in every panel") {
    CHECK(format_count(0) == "0");
    CHECK(format_count(999) == "999");
    CHECK(format_count(1000) == "1,000");
    CHECK(format_count(1031460) == "1,031,460");
    CHECK(format_count(-20000) == "-20,000");
    CHECK(format_percent(0.4185) == "41.9%");
    CHECK(format_percent(std::nullopt) == "n/a");
    CHECK(format_days(48.0) == "48.0 days");
}

TEST_CASE("amounts have two decimals and grouped thousands") {
    CHECK(format_amount(1234567.891) == "1,234,567.89");
    CHECK(format_amount(0.005) == "0.01");
    CHECK(format_amount(-1500.5) == "-1,500.50");
    CHECK(format_amount(-0.25) == "-0.25");
    CHECK(format_amount(std::nullopt) == "n/a");
    CHECK(format_decimal(2.3456, 2) == "2.35");
    CHECK(format_decimal(0.1234, 3) == "0.123");
    CHECK(format_decimal(std::nullopt, 1) == "n/a");
}

TEST_CASE("progress lines: rates and time left") {
    CHECK(format_rate(1234567.0) == "1.23M");
    CHECK(format_rate(45300.0) == "45.3k");
    CHECK(format_rate(812.4) == "812");
    CHECK(format_duration(0.0) == "0 s");
    CHECK(format_duration(4.2) == "5 s");
    CHECK(format_duration(59.5) == "1 min 0 s");
    CHECK(format_duration(75.0) == "1 min 15 s");
    CHECK(format_duration(3700.0) == "1 h 1 min");
    CHECK(format_duration(-3.0) == "0 s");
}

TEST_CASE("a job's progress line names the phase, the count, the rate and the time left") {
    touchpoint::jobs::JobStatus status;
    status.title = "Importing orders.csv";
    status.progress.phase = "Reading rows";
    status.progress.items = 120000;
    status.progress.items_unit = "rows";
    CHECK(format_job_progress(status) == "Reading rows: 120,000 rows");
    status.items_per_second = 45300.0;
    status.seconds_left = 4.2;
    CHECK(format_job_progress(status) == "Reading rows: 120,000 rows \u00b7 45.3k rows/s \u00b7 5 s left");
    status.state = touchpoint::jobs::JobState::Waiting;
    CHECK(format_job_progress(status) == "Reading rows: waiting for your answer");
}
