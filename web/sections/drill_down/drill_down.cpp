// Section index: the list window's rows (from the Dataset) and its virtual table; the timeline
// window (store read, cache, chart, events); click targets; the test state and commands.
#include "ui/test_hooks.hpp"
#include "sections/drill_down/drill_down.hpp"

#include "sections/segments/segments_panel.hpp"
#include "charts/chart.hpp"
#include "ui/format.hpp"
#include "ui/ui_scale.hpp"
#include "app/workbench.hpp"
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/data/customer_timeline.hpp"
#include "touchpoint/metrics/segments.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <optional>

namespace touchpoint::web {

namespace {

// ---- The list ---------------------------------------------------------------------------------

using ListRow = DrillDown::Row;
using ListWindow = DrillDown::List;
using TimelineWindow = DrillDown::Timeline;

enum ListColumn { IdColumn, FirstColumn, LastColumn, PurchasesColumn, RevenueColumn, ListColumnCount };

constexpr std::size_t cache_limit = 256;  // timelines kept; a person opens a handful at a time

std::string iso(int day) { return data::format_iso_date(data::day_from_number(day)); }

// Figures of each listed customer over their whole history, as the Dataset holds it.
void fill_rows(ListWindow& list) {
    const auto& dataset = *list.dataset;
    list.rows.clear();
    list.rows.reserve(list.request.customers.size());
    for (const auto customer : list.request.customers) {
        if (customer >= dataset.customer_count()) continue;
        ListRow row;
        row.customer = customer;
        const auto days = dataset.days_of(customer);
        if (!days.empty()) {
            row.first_purchase_day = days.front();
            row.last_purchase_day = days.back();
        }
        std::int64_t cents = 0;  // whole cents, as every revenue figure adds money
        for (std::size_t i = dataset.order_offsets[customer]; i < dataset.order_offsets[customer + 1]; ++i) {
            cents += std::llround(dataset.order_amounts[i] * 100.0);
            if (i == dataset.order_offsets[customer] || dataset.order_days[i] != dataset.order_days[i - 1]) ++row.purchase_days;
        }
        row.revenue = static_cast<double>(cents) / 100.0;
        list.rows.push_back(row);
    }
    list.shown_order.resize(list.rows.size());
    for (std::size_t i = 0; i < list.shown_order.size(); ++i) list.shown_order[i] = i;
}

void sort_rows(ListWindow& list, const ImGuiTableColumnSortSpecs& spec) {
    const auto& rows = list.rows;
    const auto& ids = list.dataset->customer_ids;
    const bool ascending = spec.SortDirection != ImGuiSortDirection_Descending;
    // Ties keep id order, so the order on screen never depends on the previous sort.
    std::stable_sort(list.shown_order.begin(), list.shown_order.end(), [&](std::size_t a, std::size_t b) {
        const ListRow& x = ascending ? rows[a] : rows[b];
        const ListRow& y = ascending ? rows[b] : rows[a];
        switch (spec.ColumnUserID) {
            case FirstColumn: return x.first_purchase_day < y.first_purchase_day;
            case LastColumn: return x.last_purchase_day < y.last_purchase_day;
            case PurchasesColumn: return x.purchase_days < y.purchase_days;
            case RevenueColumn: return x.revenue < y.revenue;
            default: return ids[x.customer] < ids[y.customer];
        }
    });
}

const char* const list_window_id = "###drill_down_list";
const char* const timeline_window_id = "###drill_down_timeline";

// The list and the timeline sit side by side over the section, right of the sidebar.
void place_window(float left_share, float width_share) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const ImVec2 size = viewport->WorkSize;
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + size.x * left_share, viewport->WorkPos.y + px(48.0f)), ImGuiCond_Appearing);
    ImGui::SetNextWindowSize(ImVec2(size.x * width_share, size.y - px(110.0f)), ImGuiCond_Appearing);
}

// Opens (or replaces) the customer list window.
void open_customer_list(DrillDown& state, CustomerListRequest request) {
    auto& list = state.list;
    list = ListWindow{};
    list.open = true;
    list.focus = true;
    list.request = std::move(request);
}

// Opens the timeline window of a customer of the shown store (read once, then cached until the
// shown Dataset changes). False when the store knows no such customer: the window says so.
bool open_customer_timeline(DrillDown& state, Workbench& workbench, const std::string& customer_id) {
    const auto* dataset = workbench.dataset().get();
    if (state.cache_key != dataset || state.cache.size() >= cache_limit) {
        state.cache.clear();
        state.cache_key = dataset;
    }
    auto& window = state.timeline;
    window = TimelineWindow{};
    window.open = true;
    window.focus = true;
    window.customer_id = customer_id;
    if (state.list.open && state.list.dataset) {
        const auto& ids = state.list.dataset->customer_ids;
        const auto found = std::lower_bound(ids.begin(), ids.end(), customer_id);
        if (found != ids.end() && *found == customer_id) state.list.selected = static_cast<std::uint32_t>(found - ids.begin());
    }
    if (const auto cached = state.cache.find(customer_id); cached != state.cache.end()) {
        window.timeline = cached->second;
        return true;
    }
    try {
        auto timeline = data::load_customer_timeline(workbench.shown_store(), customer_id);
        if (!timeline) {
            window.error = "No customer '" + customer_id + "' in the data shown: no order, customer row, touch, survey answer or ticket has that id.";
            return false;
        }
        window.timeline = std::make_shared<const data::CustomerTimeline>(std::move(*timeline));
    } catch (const data::StoreError& error) {
        window.error = std::string("Cannot read this customer's history: ") + error.what();
        return false;
    }
    state.cache[customer_id] = window.timeline;
    return true;
}

void draw_list(DrillDown& state, Workbench& workbench) {
    auto& list = state.list;
    if (!list.open) return;
    if (!list.dataset) {
        list.dataset = workbench.dataset();
        fill_rows(list);
    }
    place_window(0.165f, 0.40f);
    if (list.focus) ImGui::SetNextWindowFocus();
    list.focus = false;
    const std::string title = list.request.title + " (" + format_count(static_cast<std::int64_t>(list.rows.size())) + ")" + list_window_id;
    if (!ImGui::Begin(title.c_str(), &list.open)) {
        ImGui::End();
        return;
    }
    ImGui::TextUnformatted(list.request.title.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s customers. Purchases are days with orders over the whole history; returns are left out. "
                       "Click a customer for their timeline.",
                       format_count(static_cast<std::int64_t>(list.rows.size())).c_str());
    ImGui::PopStyleColor();

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Sortable | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("customers", ListColumnCount, flags)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Customer", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_WidthStretch, 0.0f, IdColumn);
        ImGui::TableSetupColumn("First purchase", ImGuiTableColumnFlags_None, 0.0f, FirstColumn);
        ImGui::TableSetupColumn("Last purchase", ImGuiTableColumnFlags_None, 0.0f, LastColumn);
        ImGui::TableSetupColumn("Purchases", ImGuiTableColumnFlags_PreferSortDescending, 0.0f, PurchasesColumn);
        ImGui::TableSetupColumn("Revenue", ImGuiTableColumnFlags_PreferSortDescending, 0.0f, RevenueColumn);
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
            if (specs->SpecsCount > 0) sort_rows(list, specs->Specs[0]);
            specs->SpecsDirty = false;
        }

        std::optional<std::string> clicked;
        ImGuiListClipper clipper;  // only the rows on screen are drawn: a list can hold every customer
        clipper.Begin(static_cast<int>(list.shown_order.size()));
        while (clipper.Step()) {
            for (int position = clipper.DisplayStart; position < clipper.DisplayEnd; ++position) {
                const ListRow& row = list.rows[list.shown_order[static_cast<std::size_t>(position)]];
                const std::string& id = list.dataset->customer_ids[row.customer];
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(IdColumn);
                ImGui::PushID(position);
                if (ImGui::Selectable(id.c_str(), list.selected == row.customer, ImGuiSelectableFlags_SpanAllColumns)) clicked = id;
                if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
                if (position < 20 && test_hooks::recording()) test_hooks::record_click_target("row:" + std::to_string(position));
                ImGui::PopID();
                ImGui::TableSetColumnIndex(FirstColumn);
                ImGui::TextUnformatted(row.purchase_days > 0 ? iso(row.first_purchase_day).c_str() : "-");
                ImGui::TableSetColumnIndex(LastColumn);
                ImGui::TextUnformatted(row.purchase_days > 0 ? iso(row.last_purchase_day).c_str() : "-");
                ImGui::TableSetColumnIndex(PurchasesColumn);
                ImGui::Text("%d", row.purchase_days);
                ImGui::TableSetColumnIndex(RevenueColumn);
                ImGui::TextUnformatted(format_amount(row.revenue).c_str());
            }
        }
        ImGui::EndTable();
        if (clicked) open_customer_timeline(state, workbench, *clicked);
    }
    ImGui::End();
}

// ---- The timeline -----------------------------------------------------------------------------

struct KindLook {
    const char* icon;  // Font Awesome 4.7, merged into the text font
    const char* name;
    ImVec4 colour;
};

// Hues that read on both themes.
KindLook look_of(const data::TimelineEvent& event) {
    switch (event.kind) {
        case data::TimelineEventKind::Order:
            if (event.flag == "cancelled") return {"\uf05e", "Cancelled", ImVec4(0.60f, 0.60f, 0.62f, 1.0f)};  // ban
            if (event.flag == "failed") return {"\uf00d", "Failed payment", ImVec4(0.60f, 0.60f, 0.62f, 1.0f)};  // cross
            if (event.is_return) return {"\uf0e2", "Refund", ImVec4(0.90f, 0.36f, 0.33f, 1.0f)};   // undo arrow
            return {"\uf07a", "Order", ImVec4(0.25f, 0.70f, 0.45f, 1.0f)};                          // cart
        case data::TimelineEventKind::Touch: return {"\uf0e0", "Touch", ImVec4(0.30f, 0.58f, 0.95f, 1.0f)};   // envelope
        case data::TimelineEventKind::Survey: return {"\uf075", "Survey", ImVec4(0.93f, 0.66f, 0.20f, 1.0f)}; // speech bubble
        case data::TimelineEventKind::Ticket: return {"\uf1cd", "Ticket", ImVec4(0.68f, 0.48f, 0.90f, 1.0f)}; // life ring
    }
    return {"", "", ImVec4(1, 1, 1, 1)};
}

std::string score_text(const char* name, const std::optional<double>& value) {
    if (!value) return {};
    return std::string(name) + " " + format_decimal(*value, std::floor(*value) == *value ? 0 : 1) + "   ";
}

std::string details_of(const data::TimelineEvent& event) {
    switch (event.kind) {
        case data::TimelineEventKind::Order: {
            std::string text = format_amount(event.amount);
            if (!event.category.empty()) text += "  " + event.category;
            if (!event.channel.empty()) text += " via " + event.channel;
            if (!event.status.empty()) text += " (" + event.status + ")";
            if (!event.order_id.empty()) text += "  #" + event.order_id;
            return text;
        }
        case data::TimelineEventKind::Touch:
            return (event.touch_type.empty() ? std::string("Outreach") : event.touch_type) +
                   (event.channel.empty() ? "" : " via " + event.channel) + (event.outcome.empty() ? "" : ": " + event.outcome);
        case data::TimelineEventKind::Survey: {
            const std::string scores = score_text("NPS", event.nps) + score_text("CSAT", event.csat) + score_text("CES", event.ces);
            return scores.empty() ? "No score given" : scores;
        }
        case data::TimelineEventKind::Ticket: {
            std::string text = event.ticket_id.empty() ? std::string("Ticket") : event.ticket_id;
            if (!event.channel.empty()) text += " via " + event.channel;
            // Days from opening, short enough for the column; the dates are in the row's tooltip.
            text += event.first_response_day ? ": answered " + std::to_string(*event.first_response_day - event.day) + " d"
                                             : ": not answered";
            text += event.resolved_day ? ", resolved " + std::to_string(*event.resolved_day - event.day) + " d" : ", not resolved";
            return text;
        }
    }
    return {};
}

// Purchases and returns as bars by day, and the other contacts as markers on the zero line, so
// the gaps between orders and what happened in them show at a glance.
void draw_timeline_chart(const data::CustomerTimeline& timeline) {
    std::vector<double> order_days, order_amounts, return_days, return_amounts;
    std::array<std::vector<double>, data::timeline_event_kind_count> contact_days;
    for (const auto& event : timeline.events) {
        const auto day = static_cast<double>(event.day);
        if (event.kind != data::TimelineEventKind::Order) {
            contact_days[static_cast<std::size_t>(event.kind)].push_back(day);
        } else if (event.is_return) {
            return_days.push_back(day);
            return_amounts.push_back(-std::abs(event.amount));
        } else {
            order_days.push_back(day);
            order_amounts.push_back(event.amount);
        }
    }
    if (order_days.empty() && return_days.empty()) return;
    const double first = timeline.events.front().day, last = timeline.events.back().day;
    const double bar_width = std::max(1.0, (last - first) / 90.0);  // thin enough to tell orders apart, wide enough to see
    charts::ChartOptions options;
    options.x_format = charts::AxisFormat::Date;
    options.y_format = charts::AxisFormat::Money;
    options.export_name = "customer-timeline";
    if (!charts::begin_chart("timeline_chart", ImVec2(0.0f, px(170.0f)), options)) return;
    const auto colour = [](const data::TimelineEvent& event) { return ImGui::ColorConvertFloat4ToU32(look_of(event).colour); };
    data::TimelineEvent sample_event;
    charts::bars("Orders", order_days, order_amounts, bar_width, colour(sample_event));
    if (!return_days.empty()) {
        sample_event.is_return = true;
        charts::bars("Refunds and cancellations", return_days, return_amounts, bar_width, colour(sample_event));
    }
    for (const auto kind : {data::TimelineEventKind::Touch, data::TimelineEventKind::Survey, data::TimelineEventKind::Ticket}) {
        const auto& days = contact_days[static_cast<std::size_t>(kind)];
        if (days.empty()) continue;
        sample_event.kind = kind;
        const std::vector<double> zeros(days.size(), 0.0);
        const std::string label = std::string(look_of(sample_event).name) + "s";
        charts::scatter(label.c_str(), days, zeros, colour(sample_event));
    }
    charts::end_chart();
}

void draw_profile(const data::CustomerTimeline& timeline) {
    const auto counts = timeline.count_by_kind();
    ImGui::TextWrapped("%lld orders on %lld purchase days, revenue %s; %lld returns, %lld touches, %lld survey answers, %lld tickets.",
                static_cast<long long>(counts[0] - timeline.returns()), static_cast<long long>(timeline.purchase_days()),
                format_amount(timeline.revenue()).c_str(), static_cast<long long>(timeline.returns()),
                static_cast<long long>(counts[1]), static_cast<long long>(counts[2]), static_cast<long long>(counts[3]));
    if (!timeline.profile) {
        ImGui::TextDisabled("No row in the customers table.");
        return;
    }
    const auto& profile = *timeline.profile;
    std::string text = "Signed up " + (profile.signup_day ? iso(*profile.signup_day) : std::string("(unknown)"));
    if (!profile.region.empty()) text += ", region " + profile.region;
    if (!profile.acquisition_channel.empty()) text += ", acquired via " + profile.acquisition_channel;
    if (profile.renewal_day) text += ", renewal " + iso(*profile.renewal_day);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s.", text.c_str());
    ImGui::PopStyleColor();
}

void draw_events(const data::CustomerTimeline& timeline) {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("events", 3, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("2025-12-31 ").x);
    ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("\uf0e2  Survey ").x);
    ImGui::TableSetupColumn("Details", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(timeline.events.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& event = timeline.events[static_cast<std::size_t>(i)];
            const KindLook look = look_of(event);
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            // A new day starts a new date; later events of the same day leave it blank.
            const bool same_day = i > 0 && timeline.events[static_cast<std::size_t>(i - 1)].day == event.day;
            if (!same_day) ImGui::TextUnformatted(iso(event.day).c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextColored(look.colour, "%s  %s", look.icon, look.name);
            ImGui::TableSetColumnIndex(2);
            const std::string details = details_of(event);
            ImGui::TextUnformatted(details.c_str());
            if (ImGui::IsItemHovered()) {
                std::string full = details;
                if (event.kind == data::TimelineEventKind::Ticket)
                    full += "\nOpened " + iso(event.day) + ", first response " +
                            (event.first_response_day ? iso(*event.first_response_day) : std::string("none")) + ", resolved " +
                            (event.resolved_day ? iso(*event.resolved_day) : std::string("not yet"));
                ImGui::SetTooltip("%s", full.c_str());
            }
        }
    }
    ImGui::EndTable();
}

void draw_timeline(DrillDown& state) {
    auto& window = state.timeline;
    if (!window.open) return;
    place_window(0.57f, 0.42f);
    if (window.focus) ImGui::SetNextWindowFocus();
    window.focus = false;
    const std::string title = "Customer " + window.customer_id + timeline_window_id;
    if (!ImGui::Begin(title.c_str(), &window.open)) {
        ImGui::End();
        return;
    }
    if (!window.timeline) {
        ImGui::TextWrapped("%s", window.error.c_str());
        ImGui::End();
        return;
    }
    draw_profile(*window.timeline);
    draw_timeline_chart(*window.timeline);
    draw_events(*window.timeline);
    ImGui::End();
}

// ---- Commands ---------------------------------------------------------------------------------

std::optional<std::size_t> parse_index(std::string_view text) {
    std::size_t value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

// "new", ..., "lapsed", and "not_yet_customer" (a migration row).
std::optional<std::size_t> parse_segment(std::string_view key) {
    for (std::size_t s = 0; s <= metrics::segment_count; ++s)
        if (metrics::segment_key(static_cast<metrics::Segment>(s)) == key) return s;
    return std::nullopt;
}

// "a:b" split at the first colon.
std::pair<std::string_view, std::string_view> split_pair(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) return {text, {}};
    return {text.substr(0, colon), text.substr(colon + 1)};
}

std::optional<SegmentsClick> parse_segments_click(std::string_view kind, std::string_view rest) {
    const auto [first, second] = split_pair(rest);
    if (kind == "segment") {
        const auto segment = parse_segment(rest);
        if (!segment || *segment >= metrics::segment_count) return std::nullopt;
        return SegmentsClick{SegmentsFigure::Segment, *segment, 0};
    }
    if (kind == "migration") {
        const auto from = parse_segment(first), to = parse_segment(second);
        if (!from || !to) return std::nullopt;
        return SegmentsClick{SegmentsFigure::MigrationCell, *from, *to};
    }
    if (kind == "trend") {
        const auto point = parse_index(first);
        const auto segment = parse_segment(second);
        if (!point || !segment) return std::nullopt;
        return SegmentsClick{SegmentsFigure::TrendBar, *point, *segment};
    }
    const auto row = parse_index(first), column = parse_index(second);
    if (!row || !column) return std::nullopt;
    if (kind == "cohort") return SegmentsClick{SegmentsFigure::CohortCell, *row, *column};
    if (kind == "rfm") return SegmentsClick{SegmentsFigure::RfmCell, *row, *column};
    return std::nullopt;
}

}  // namespace

bool take_drill_down_handoffs(DrillDown& state, Workbench& workbench) {
    auto& handoffs = workbench.handoffs;
    if (handoffs.customer_list) {
        open_customer_list(state, std::move(*handoffs.customer_list));
        handoffs.customer_list.reset();
    }
    if (!handoffs.customer_timeline) return true;
    const std::string customer_id = std::move(*handoffs.customer_timeline);
    handoffs.customer_timeline.reset();
    return open_customer_timeline(state, workbench, customer_id);
}

void forget_old_data(DrillDown& state, const Workbench& workbench) {
    if (state.list.open && state.list.dataset && state.list.dataset != workbench.dataset()) state.list = ListWindow{};
    if (state.cache_key && state.cache_key != workbench.dataset().get()) {
        state.cache.clear();
        state.cache_key = nullptr;
        state.timeline = TimelineWindow{};
    }
}

void draw_drill_down(DrillDown& state, Workbench& workbench) {
    take_drill_down_handoffs(state, workbench);
    draw_list(state, workbench);
    draw_timeline(state);
}

nlohmann::json drill_down_state_json(const DrillDown& state) {
    nlohmann::json list = nullptr, timeline = nullptr;
    if (state.list.open) {
        nlohmann::json first_ids = nlohmann::json::array();
        if (state.list.dataset)
            for (std::size_t i = 0; i < std::min<std::size_t>(20, state.list.shown_order.size()); ++i)
                first_ids.push_back(state.list.dataset->customer_ids[state.list.rows[state.list.shown_order[i]].customer]);
        list = {{"title", state.list.request.title},
                {"customers", state.list.request.customers.size()},
                {"first_ids", std::move(first_ids)}};
    }
    if (state.timeline.open) {
        timeline = {{"customer_id", state.timeline.customer_id}, {"events", 0}, {"error", state.timeline.error}};
        if (const auto& shown = state.timeline.timeline) {
            const auto counts = shown->count_by_kind();
            nlohmann::json kinds = nlohmann::json::object();
            for (std::size_t k = 0; k < data::timeline_event_kind_count; ++k)
                kinds[std::string(data::timeline_event_kind_key(static_cast<data::TimelineEventKind>(k)))] = counts[k];
            timeline["events"] = shown->events.size();
            timeline["kinds"] = std::move(kinds);
            timeline["returns"] = shown->returns();
            timeline["purchase_days"] = shown->purchase_days();
            timeline["revenue"] = shown->revenue();
        }
    }
    return {{"list", std::move(list)}, {"timeline", std::move(timeline)}};
}

bool run_drill_down_command(DrillDown& state, Workbench& workbench, std::string_view command) {
    // What other sections asked for first, so this command acts after it, as it would have.
    take_drill_down_handoffs(state, workbench);
    if (command == "close") {
        state.list = ListWindow{};
        state.timeline = TimelineWindow{};
        return true;
    }
    const auto [kind, rest] = split_pair(command);
    if (kind == "customer") return !rest.empty() && open_customer_timeline(state, workbench, std::string(rest));
    if (kind == "row") {
        // The n-th row as shown, as a click on it: the list must be on screen (drawn once).
        const auto position = parse_index(rest);
        if (!position || !state.list.open || !state.list.dataset || *position >= state.list.shown_order.size()) return false;
        const auto customer = state.list.rows[state.list.shown_order[*position]].customer;
        return open_customer_timeline(state, workbench, state.list.dataset->customer_ids[customer]);
    }
    const auto click = parse_segments_click(kind, rest);
    if (!click || !open_segments_click(workbench, *click)) return false;
    take_drill_down_handoffs(state, workbench);  // the list at once, as a click on the figure shows it
    return true;
}

}  // namespace touchpoint::web
