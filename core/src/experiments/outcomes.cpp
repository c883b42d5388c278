#include "touchpoint/experiments/outcomes.hpp"

#include "touchpoint/data/calendar.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <stdexcept>

namespace touchpoint::experiments {

namespace {

constexpr int max_outcome_days = 3650;

}  // namespace

std::optional<OutcomeMetric> parse_outcome_metric(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const auto kind_name = text.substr(0, colon), days_text = text.substr(colon + 1);
    OutcomeMetric metric;
    if (kind_name == "repeat") metric.kind = OutcomeKind::Repeat;
    else if (kind_name == "revenue") metric.kind = OutcomeKind::Revenue;
    else return std::nullopt;
    const auto parsed = std::from_chars(days_text.data(), days_text.data() + days_text.size(), metric.days);
    if (days_text.empty() || parsed.ec != std::errc() || parsed.ptr != days_text.data() + days_text.size()) return std::nullopt;
    if (metric.days < 1 || metric.days > max_outcome_days) return std::nullopt;
    return metric;
}

std::string outcome_metric_name(const OutcomeMetric& metric) {
    return std::string(metric.kind == OutcomeKind::Repeat ? "repeat:" : "revenue:") + std::to_string(metric.days);
}

std::vector<Assignment> load_assignments(data::Store& store, std::string_view experiment) {
    auto rows = store.prepare("SELECT customer_id, arm, assigned_date FROM experiment_assignments WHERE experiment = ?1 ORDER BY rowid");
    rows.bind(1, experiment);
    std::vector<Assignment> assignments;
    while (rows.step()) {
        Assignment assignment;
        assignment.customer_id = std::string(rows.column_text(0));
        assignment.arm = std::string(rows.column_text(1));
        if (!rows.column_is_null(2)) {
            const auto date_text = rows.column_text(2);
            if (!date_text.empty()) {
                const auto day = data::parse_iso_date(date_text);
                if (!day)
                    throw data::StoreError("store '" + store.path() + "': assignment of customer '" + assignment.customer_id +
                                           "' has a date that is not YYYY-MM-DD: '" + std::string(date_text) + "'");
                assignment.assigned_day = data::day_number(*day);
            }
        }
        assignments.push_back(std::move(assignment));
    }
    return assignments;
}

std::vector<ExperimentListing> list_experiments(data::Store& store) {
    auto rows = store.prepare("SELECT experiment, arm, COUNT(*) FROM experiment_assignments GROUP BY experiment, arm ORDER BY experiment, arm");
    std::vector<ExperimentListing> listings;
    while (rows.step()) {
        const auto experiment = rows.column_text(0);
        if (listings.empty() || listings.back().experiment != experiment) listings.push_back({std::string(experiment), 0, {}});
        listings.back().arms.emplace_back(rows.column_text(1));
        listings.back().assignments += rows.column_int(2);
    }
    return listings;
}

ExperimentOutcomes compute_outcomes(std::span<const Assignment> assignments, const data::Dataset& dataset, const OutcomeMetric& metric,
                                    const OutcomeOptions& options) {
    if (metric.days < 1) throw std::invalid_argument("an outcome window needs at least 1 day");
    ExperimentOutcomes outcomes;
    outcomes.metric = metric;
    if (options.data_end_day) {
        outcomes.data_end_day = *options.data_end_day;
    } else {
        if (dataset.order_days.empty())
            throw std::invalid_argument("the store has no purchases, so no customer's outcome window can be judged");
        outcomes.data_end_day = *std::max_element(dataset.order_days.begin(), dataset.order_days.end());
    }

    // One entry per customer: their arm, the earliest dated assignment, and whether arms disagree.
    struct CustomerAssignment {
        std::string arm;
        std::optional<int> day;
        bool several_arms = false;
    };
    std::map<std::string, CustomerAssignment> by_customer;
    for (const auto& assignment : assignments) {
        auto [entry, inserted] = by_customer.try_emplace(assignment.customer_id, CustomerAssignment{assignment.arm, assignment.assigned_day});
        if (inserted) continue;
        auto& customer = entry->second;
        if (customer.arm != assignment.arm) customer.several_arms = true;
        if (assignment.assigned_day && (!customer.day || *assignment.assigned_day < *customer.day)) customer.day = assignment.assigned_day;
    }

    // Every arm named in the assignments is listed, even one whose customers were all left out.
    std::map<std::string, ArmOutcomes> by_arm;
    for (const auto& assignment : assignments) by_arm[assignment.arm].arm = assignment.arm;
    for (const auto& [customer_id, customer] : by_customer) {
        if (customer.several_arms) {
            ++outcomes.in_several_arms;
            continue;
        }
        if (!customer.day) {
            ++outcomes.without_date;
            continue;
        }
        const int first_day = *customer.day + 1, last_day = *customer.day + metric.days;
        if (last_day > outcomes.data_end_day) {
            ++outcomes.too_recent;
            continue;
        }
        double revenue = 0;
        bool purchased = false;
        const auto found = std::lower_bound(dataset.customer_ids.begin(), dataset.customer_ids.end(), customer_id);
        if (found != dataset.customer_ids.end() && *found == customer_id) {
            const auto c = static_cast<std::size_t>(found - dataset.customer_ids.begin());
            // Days are ascending within a customer: jump to the window, stop after it.
            const auto days = dataset.days_of(c);
            for (auto day = std::lower_bound(days.begin(), days.end(), first_day); day != days.end() && *day <= last_day; ++day) {
                purchased = true;
                revenue += dataset.order_amounts[dataset.order_offsets[c] + static_cast<std::size_t>(day - days.begin())];
            }
        }
        auto& arm = by_arm[customer.arm];
        arm.customer_ids.push_back(customer_id);
        arm.values.push_back(metric.kind == OutcomeKind::Repeat ? (purchased ? 1.0 : 0.0) : revenue);
        arm.known_on_day.push_back(last_day);
    }
    for (auto& [name, arm] : by_arm) outcomes.arms.push_back(std::move(arm));
    return outcomes;
}

}  // namespace touchpoint::experiments
