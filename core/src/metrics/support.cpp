#include "touchpoint/metrics/support.hpp"

#include "touchpoint/data/calendar.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <map>

namespace touchpoint::metrics {

namespace {

std::optional<int> stored_day(data::Statement& row, int column, const char* what) {
    if (row.column_is_null(column)) return std::nullopt;
    const auto text = row.column_text(column);
    const auto day = data::parse_iso_date(text);
    if (!day) throw data::StoreError(std::string("the store holds a ") + what + " that is not an ISO date: " + std::string(text));
    return data::day_number(*day);
}

// Collects day counts, then summarises them.
struct DaysCollector {
    std::vector<int> days;

    DaysSummary summary() {
        DaysSummary result;
        result.count = static_cast<std::int64_t>(days.size());
        if (days.empty()) return result;
        std::sort(days.begin(), days.end());
        const std::size_t middle = days.size() / 2;
        result.median_days = days.size() % 2 == 1 ? static_cast<double>(days[middle])
                                                  : (days[middle - 1] + days[middle]) / 2.0;
        double total = 0;
        for (const int day : days) total += day;
        result.mean_days = total / static_cast<double>(days.size());
        return result;
    }
};

struct FiguresCollector {
    SupportFigures figures;
    DaysCollector first_response, resolution;

    void add(const SupportTicket& ticket) {
        ++figures.opened;
        bool out_of_order = false;
        if (ticket.first_response_day) {
            ++figures.answered;
            const int days = *ticket.first_response_day - ticket.opened_day;
            if (days >= 0) first_response.days.push_back(days);
            else out_of_order = true;
        }
        if (ticket.resolved_day) {
            ++figures.resolved;
            const int days = *ticket.resolved_day - ticket.opened_day;
            if (days >= 0) resolution.days.push_back(days);
            else out_of_order = true;
        }
        figures.dates_out_of_order += out_of_order;
    }

    SupportFigures finish() {
        figures.first_response = first_response.summary();
        figures.resolution = resolution.summary();
        if (figures.opened > 0)
            figures.resolution_rate = static_cast<double>(figures.resolved) / static_cast<double>(figures.opened);
        return figures;
    }
};

nlohmann::json optional_json(const std::optional<double>& value) { return value ? nlohmann::json(*value) : nlohmann::json(); }

nlohmann::json to_json(const DaysSummary& summary) {
    return {{"count", summary.count}, {"median_days", optional_json(summary.median_days)},
            {"mean_days", optional_json(summary.mean_days)}};
}

}  // namespace

std::vector<SupportTicket> load_support_tickets(data::Store& store, std::optional<DateWindow> window) {
    // ISO dates sort as text, so the window is a plain range on the stored column.
    auto query = store.prepare(
        "SELECT ticket_id, customer_id, opened_date, first_response_date, resolved_date, channel FROM tickets"
        " WHERE ?1 IS NULL OR opened_date BETWEEN ?1 AND ?2 ORDER BY opened_date, rowid");
    if (window) {
        query.bind(1, data::format_iso_date(data::day_from_number(window->first_day)));
        query.bind(2, data::format_iso_date(data::day_from_number(window->last_day)));
    } else {
        query.bind_null(1).bind_null(2);
    }
    std::vector<SupportTicket> tickets;
    while (query.step()) {
        SupportTicket ticket;
        if (!query.column_is_null(0)) ticket.ticket_id = query.column_text(0);
        ticket.customer_id = query.column_text(1);
        ticket.opened_day = *stored_day(query, 2, "ticket opening date");  // NOT NULL in the schema
        ticket.first_response_day = stored_day(query, 3, "ticket first-response date");
        ticket.resolved_day = stored_day(query, 4, "ticket resolution date");
        if (!query.column_is_null(5)) ticket.channel = query.column_text(5);
        tickets.push_back(std::move(ticket));
    }
    return tickets;
}

SupportMetrics compute_support_metrics(std::span<const SupportTicket> tickets, const data::Dataset& purchases,
                                       const SupportOptions& options) {
    SupportMetrics metrics;
    metrics.window = options.window;
    metrics.fast_response_days = options.fast_response_days;
    metrics.retention_horizon_days = options.retention_horizon_days;
    const LaterPurchaseFinder finder(purchases, options.retention_horizon_days);
    metrics.last_purchase_day = finder.last_purchase_day();

    FiguresCollector overall;
    std::map<std::string, FiguresCollector> channels;
    for (const auto& ticket : tickets) {
        if (options.window && !options.window->contains(ticket.opened_day)) continue;
        overall.add(ticket);
        channels[ticket.channel].add(ticket);
        // A ticket never answered counts as slow: the customer waited at least as long.
        const bool fast = ticket.first_response_day &&
                          *ticket.first_response_day - ticket.opened_day <= options.fast_response_days;
        finder.count(fast ? metrics.fast_response_retention : metrics.slow_response_retention, ticket.customer_id,
                     ticket.opened_day);
    }
    metrics.overall = overall.finish();
    for (auto& [channel, collector] : channels) {
        collector.figures.channel = channel;
        metrics.by_channel.push_back(collector.finish());
    }
    // Busiest channels first; tickets without a channel last; ties by name.
    std::stable_sort(metrics.by_channel.begin(), metrics.by_channel.end(), [](const auto& a, const auto& b) {
        if (a.channel.empty() != b.channel.empty()) return b.channel.empty();
        return a.opened > b.opened;
    });
    LaterPurchaseFinder::finish(metrics.fast_response_retention);
    LaterPurchaseFinder::finish(metrics.slow_response_retention);
    return metrics;
}

SupportMetrics support_metrics(data::Store& store, const data::Dataset& purchases, const SupportOptions& options) {
    const auto tickets = load_support_tickets(store, options.window);
    return compute_support_metrics(tickets, purchases, options);
}

nlohmann::json to_json(const SupportFigures& figures) {
    return {{"channel", figures.channel},
            {"tickets_opened", figures.opened},
            {"tickets_answered", figures.answered},
            {"tickets_resolved", figures.resolved},
            {"dates_out_of_order", figures.dates_out_of_order},
            {"first_response_time", to_json(figures.first_response)},
            {"resolution_time", to_json(figures.resolution)},
            {"resolution_rate", optional_json(figures.resolution_rate)}};
}

nlohmann::json to_json(const SupportMetrics& metrics) {
    nlohmann::json window;
    if (metrics.window)
        window = {{"first", data::format_iso_date(data::day_from_number(metrics.window->first_day))},
                  {"last", data::format_iso_date(data::day_from_number(metrics.window->last_day))}};
    auto channels = nlohmann::json::array();
    for (const auto& figures : metrics.by_channel) channels.push_back(to_json(figures));
    auto overall = to_json(metrics.overall);
    overall.erase("channel");
    return {
        {"window", window},
        {"fast_response_days", metrics.fast_response_days},
        {"retention_horizon_days", metrics.retention_horizon_days},
        {"last_purchase_date", metrics.last_purchase_day
                                   ? nlohmann::json(data::format_iso_date(data::day_from_number(*metrics.last_purchase_day)))
                                   : nlohmann::json()},
        {"overall", overall},
        {"by_channel", channels},
        {"fast_first_response_later_retention", to_json(metrics.fast_response_retention)},
        {"slow_first_response_later_retention", to_json(metrics.slow_response_retention)},
    };
}

}  // namespace touchpoint::metrics
