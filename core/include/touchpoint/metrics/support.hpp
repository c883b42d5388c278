#pragma once
// Support metrics over the tickets opened in a date window: first-response time, resolution time
// and resolution rate, overall and by channel, and the later retention of customers whose ticket
// got a fast first response against those whose ticket got a slow one (or none).
// Dates are whole days, so times are in days. Definitions live in the glossary, keys as in to_json().
#include "touchpoint/data/dataset.hpp"
#include "touchpoint/data/store.hpp"
#include "touchpoint/metrics/date_window.hpp"
#include "touchpoint/metrics/surveys.hpp"  // LaterRetention

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace touchpoint::metrics {

// One row of the tickets table; a reply or resolution not (yet) recorded is empty.
struct SupportTicket {
    std::string ticket_id;
    std::string customer_id;
    int opened_day = 0;  // day numbers, as the Dataset keeps them
    std::optional<int> first_response_day;
    std::optional<int> resolved_day;
    std::string channel;  // empty when the file had none
};

// The tickets opened in `window` (every ticket when empty), in date order.
// Throws data::StoreError if a stored date is not ISO 8601.
std::vector<SupportTicket> load_support_tickets(data::Store& store, std::optional<DateWindow> window = {});

struct DaysSummary {
    std::int64_t count = 0;              // tickets measured
    std::optional<double> median_days;   // the middle value; the mean of the two middle ones for an even count
    std::optional<double> mean_days;
};

struct SupportFigures {
    std::string channel;                 // "" for the overall figures and for tickets without a channel
    std::int64_t opened = 0;             // tickets opened in the window
    std::int64_t answered = 0;           // of those, with a first response
    std::int64_t resolved = 0;           // of those, with a resolution
    std::int64_t dates_out_of_order = 0; // reply or resolution dated before the opening: left out of the times
    DaysSummary first_response;          // opened -> first response, over answered tickets
    DaysSummary resolution;              // opened -> resolved, over resolved tickets
    std::optional<double> resolution_rate;  // resolved / opened, in [0, 1]
};

struct SupportOptions {
    std::optional<DateWindow> window;    // tickets opened in this window; every ticket when empty
    int fast_response_days = 1;          // a first response at most this many days after opening is fast
    int retention_horizon_days = 90;     // N in "bought within N days after the ticket was opened"
};

struct SupportMetrics {
    std::optional<DateWindow> window;
    int fast_response_days = 1;
    int retention_horizon_days = 90;
    std::optional<int> last_purchase_day;
    SupportFigures overall;
    std::vector<SupportFigures> by_channel;  // most tickets first, tickets without a channel last
    // Per ticket, as LaterRetention counts answers: fast, and slow or never answered.
    LaterRetention fast_response_retention, slow_response_retention;
};

// `purchases` is the Dataset of the same store: later retention looks at purchases after each
// ticket's opening day, inside or beyond the window, up to the last purchase in the data.
SupportMetrics compute_support_metrics(std::span<const SupportTicket> tickets, const data::Dataset& purchases,
                                       const SupportOptions& options = {});

// Loads the window's tickets and computes the metrics.
SupportMetrics support_metrics(data::Store& store, const data::Dataset& purchases, const SupportOptions& options = {});

nlohmann::json to_json(const SupportFigures& figures);
nlohmann::json to_json(const SupportMetrics& metrics);

}  // namespace touchpoint::metrics
