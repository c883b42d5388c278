#include "touchpoint/clv/models.hpp"

#include <nlohmann/json.hpp>
#include <Eigen/Dense>
#include <LBFGSB.h>
#include <boost/math/special_functions/digamma.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <tuple>

namespace touchpoint::clv {

// ---- Index ----
// 1. Names
// 2. The data each likelihood reads, and its checks
// 3. Log-likelihoods and their gradients on the log scale
// 4. The optimiser and the standard errors
// 5. JSON, FitJob

// ---- 1. Names ----

const char* model_name(ModelKind kind) {
    switch (kind) {
        case ModelKind::BgNbd: return "bgnbd";
        case ModelKind::ParetoNbd: return "pnbd";
        case ModelKind::GammaGamma: return "gg";
    }
    return "?";
}

std::optional<ModelKind> model_from_name(std::string_view name) {
    if (name == "bgnbd" || name == "bg_nbd") return ModelKind::BgNbd;
    if (name == "pnbd" || name == "pareto_nbd") return ModelKind::ParetoNbd;
    if (name == "gg" || name == "gamma_gamma") return ModelKind::GammaGamma;
    return std::nullopt;
}

std::vector<std::string> parameter_names(ModelKind kind) {
    switch (kind) {
        case ModelKind::BgNbd: return {"r", "alpha", "a", "b"};
        case ModelKind::ParetoNbd: return {"r", "alpha", "s", "beta"};
        case ModelKind::GammaGamma: return {"p", "q", "gamma"};
    }
    return {};
}

double FitResult::param(std::string_view name) const {
    for (std::size_t i = 0; i < names.size() && i < params.size(); ++i)
        if (names[i] == name) return params[i];
    throw std::out_of_range("the " + std::string(model_name(kind)) + " model has no parameter '" + std::string(name) + "'");
}

BgNbdParams FitResult::bgnbd() const { return {param("r"), param("alpha"), param("a"), param("b")}; }
ParetoNbdParams FitResult::pareto_nbd() const { return {param("r"), param("alpha"), param("s"), param("beta")}; }
GammaGammaParams FitResult::gamma_gamma() const { return {param("p"), param("q"), param("gamma")}; }

namespace {

// ---- 2. The data each likelihood reads, and its checks ----

// Numbers the keys it is given 0, 1, 2, ... in the order it first sees them (open addressing,
// linear probing): the grouping below sees every customer once, so it must be cheaper than a sort.
template <class Key, class Hash>
class KeyIndex {
public:
    static constexpr std::uint32_t none = 0xffffffffu;
    // The key's number, new or not; added tells which.
    std::uint32_t insert(const Key& key, bool& added) {
        if (2 * (count_ + 1) > slots_.size()) grow();
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t slot = Hash{}(key) & mask;; slot = (slot + 1) & mask) {
            auto& entry = slots_[slot];
            if (entry.number == none) {
                entry = {key, count_};
                added = true;
                return count_++;
            }
            if (entry.key == key) {
                added = false;
                return entry.number;
            }
        }
    }
private:
    struct Slot {
        Key key{};
        std::uint32_t number = none;
    };
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(std::max<std::size_t>(256, 2 * old.size()), Slot{});
        const std::size_t mask = slots_.size() - 1;
        for (const auto& entry : old) {
            if (entry.number == none) continue;
            std::size_t slot = Hash{}(entry.key) & mask;
            while (slots_[slot].number != none) slot = (slot + 1) & mask;
            slots_[slot] = entry;
        }
    }
    std::vector<Slot> slots_;
    std::uint32_t count_ = 0;
};

std::uint64_t mix(std::uint64_t key) {  // splitmix64's finaliser
    key ^= key >> 30;
    key *= 0xbf58476d1ce4e5b9ULL;
    key ^= key >> 27;
    key *= 0x94d049bb133111ebULL;
    return key ^ (key >> 31);
}
struct MixHash {
    std::size_t operator()(std::uint64_t key) const { return static_cast<std::size_t>(mix(key)); }
};
// A time's bits as a key (+0.0 folds -0 into 0).
std::uint64_t bits_of(double value) {
    value += 0.0;
    std::uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

// Numbers the distinct x (a few dozen values) in the order it first sees them.
class XIndex {
public:
    std::uint32_t insert(int x, bool& added) {
        if (x >= 0 && x < small_limit) {
            if (static_cast<std::size_t>(x) >= small_.size()) small_.resize(static_cast<std::size_t>(x) + 1, none);
            auto& number = small_[static_cast<std::size_t>(x)];
            added = number == none;
            if (added) number = count_++;
            return number;
        }
        const auto number = large_.insert(static_cast<std::uint64_t>(static_cast<std::int64_t>(x)), added);
        if (added) lookup_.push_back(count_++);
        return lookup_[number];
    }

private:
    static constexpr int small_limit = 4096;
    static constexpr std::uint32_t none = 0xffffffffu;
    std::vector<std::uint32_t> small_;
    KeyIndex<std::uint64_t, MixHash> large_;
    std::vector<std::uint32_t> lookup_;  // large_'s numbers -> ours
    std::uint32_t count_ = 0;
};

// What each likelihood reads. The gamma-function terms depend on a customer only through x,
// so they are worked out once per distinct x (a few dozen values) instead of once per customer.
struct FitData {
    std::size_t customers = 0;  // that the likelihood covers
    double sum_x = 0, sum_T = 0, sum_spend = 0;
    bool any_repeat = false;
    std::vector<double> distinct_x;   // in order of first appearance
    std::vector<double> x_customers;  // per distinct x
    // Gamma-Gamma: one row per customer.
    std::vector<double> x, spend, log_spend, log_x;
    std::vector<std::uint32_t> x_index;  // customer -> position in distinct_x
    // Pareto/NBD: customers with the same (x, t_x, T) share one likelihood evaluation, its
    // hypergeometric series included. Customers without repeat purchases differ only in T,
    // which takes one value per acquisition day, so most of a shop collapses to a few hundred rows.
    struct SameHistory {
        double x, t_x, T;
        double customers;
    };
    std::vector<SameHistory> same_histories;
    // BG/NBD, grouped the same way and further: its log-likelihood is
    //   sum_i [r log alpha - (r + x_i) log(alpha + T_i)]  +  sum_{i: x_i > 0} [C(x_i) + log(1 + odds_i)]
    // with odds_i = a/(b + x_i - 1) ((alpha + T_i)/(alpha + t_x_i))^(r + x_i). The first sum needs
    // only, per distinct T, the customers and their purchases; the second only, per distinct x,
    // the customers, and per distinct (x, t_x, T) the log(1 + odds). The logarithms of alpha + T
    // and alpha + t_x are taken once per distinct time (whole days in a week or day unit: hundreds).
    struct BgNbdGroup {
        std::uint32_t x, t_x, T;  // positions in distinct_x, bgnbd_t_x, bgnbd_T
        double customers;
    };
    std::vector<double> bgnbd_T, bgnbd_T_customers, bgnbd_T_purchases;  // per distinct T
    std::vector<double> bgnbd_t_x;                                      // distinct t_x of customers with x > 0
    std::vector<BgNbdGroup> bgnbd_groups;                               // customers with x > 0
    std::size_t size() const { return customers; }
};

// Gamma-Gamma is fitted on the customers with repeat purchases and a positive mean spend.
bool has_spend(const CustomerSummary& customer) { return customer.x > 0 && customer.monetary > 0 && std::isfinite(customer.monetary); }

// Stable counting sort of the rows by one field, whose values are below `range`.
template <class Row, class Field>
void counting_sort(std::vector<Row>& rows, std::vector<Row>& scratch, std::size_t range, Field field) {
    std::vector<std::uint32_t> starts(range + 1, 0);
    for (const auto& row : rows) ++starts[field(row) + 1];
    for (std::size_t i = 1; i <= range; ++i) starts[i] += starts[i - 1];
    scratch.resize(rows.size());
    for (const auto& row : rows) scratch[starts[field(row)]++] = row;
    rows.swap(scratch);
}

// Customers with x > 0 by (x, t_x, T): each time is numbered through a small hash table (a
// summary has hundreds of distinct times), then the customers' numbers are sorted by three
// counting sorts and equal ones counted. Linear in the customers, and the groups come out in
// the same order whatever the order of the customers.
void group_bgnbd(FitData& data, const std::vector<CustomerSummary>& customers) {
    KeyIndex<std::uint64_t, MixHash> T_index, t_x_index;
    XIndex x_index;
    bool added = false;
    std::vector<FitData::BgNbdGroup> rows;
    for (const auto& customer : customers) {
        const auto T = T_index.insert(bits_of(customer.T), added);
        if (added) {
            data.bgnbd_T.push_back(customer.T);
            data.bgnbd_T_customers.push_back(0);
            data.bgnbd_T_purchases.push_back(0);
        }
        data.bgnbd_T_customers[T] += 1;
        if (customer.x == 0) continue;  // t_x plays no part
        data.bgnbd_T_purchases[T] += customer.x;
        const auto x = x_index.insert(customer.x, added);
        if (added) {
            data.distinct_x.push_back(customer.x);
            data.x_customers.push_back(0);
        }
        data.x_customers[x] += 1;
        const auto t_x = t_x_index.insert(bits_of(customer.t_x), added);
        if (added) data.bgnbd_t_x.push_back(customer.t_x);
        rows.push_back({x, t_x, T, 1.0});
    }
    std::vector<FitData::BgNbdGroup> scratch;
    counting_sort(rows, scratch, data.distinct_x.size(), [](const auto& row) { return row.x; });
    counting_sort(rows, scratch, data.bgnbd_t_x.size(), [](const auto& row) { return row.t_x; });
    counting_sort(rows, scratch, data.bgnbd_T.size(), [](const auto& row) { return row.T; });
    for (const auto& row : rows) {
        auto& groups = data.bgnbd_groups;
        const bool same = !groups.empty() && groups.back().x == row.x && groups.back().t_x == row.t_x && groups.back().T == row.T;
        if (same) groups.back().customers += 1;
        else groups.push_back(row);
    }
}

FitData fit_data(ModelKind kind, const std::vector<CustomerSummary>& customers) {
    FitData data;
    for (const auto& customer : customers) {
        if (kind == ModelKind::GammaGamma && !has_spend(customer)) continue;
        ++data.customers;
        data.sum_x += customer.x;
        data.sum_T += customer.T;
        data.any_repeat = data.any_repeat || customer.x > 0;
        if (kind == ModelKind::GammaGamma) data.sum_spend += customer.monetary;
    }
    if (kind == ModelKind::BgNbd) {
        group_bgnbd(data, customers);
    } else if (kind == ModelKind::ParetoNbd) {
        std::vector<FitData::SameHistory> histories;
        histories.reserve(customers.size());
        for (const auto& customer : customers) histories.push_back({static_cast<double>(customer.x), customer.t_x, customer.T, 1.0});
        const auto key = [](const FitData::SameHistory& h) { return std::tie(h.x, h.t_x, h.T); };
        std::sort(histories.begin(), histories.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
        for (const auto& history : histories) {
            if (!data.same_histories.empty() && key(data.same_histories.back()) == key(history)) data.same_histories.back().customers += 1;
            else data.same_histories.push_back(history);
        }
    } else {
        XIndex x_index;
        bool added = false;
        data.x.reserve(data.customers);
        data.x_index.reserve(data.customers);
        for (const auto& customer : customers) {
            if (!has_spend(customer)) continue;
            data.x.push_back(customer.x);
            const auto x = x_index.insert(customer.x, added);
            if (added) {
                data.distinct_x.push_back(customer.x);
                data.x_customers.push_back(0);
            }
            data.x_index.push_back(x);
            data.x_customers[x] += 1;
            data.spend.push_back(customer.monetary);
            data.log_spend.push_back(std::log(customer.monetary));
            data.log_x.push_back(std::log(static_cast<double>(customer.x)));
        }
    }
    return data;
}

// Why the data cannot be fitted, or empty.
std::string check_data(ModelKind kind, const std::vector<CustomerSummary>& customers, const FitData& data) {
    for (const auto& customer : customers) {
        const bool times_ok = std::isfinite(customer.t_x) && std::isfinite(customer.T) && customer.t_x >= 0 && customer.T >= 0;
        if (customer.x >= 0 && times_ok && customer.t_x <= customer.T + 1e-9) continue;
        const std::string who = "customer '" + customer.customer_id + "': ";
        if (customer.x < 0) return who + "x is negative";
        if (!times_ok) return who + "t_x and T must be finite and not negative";
        return who + "the last purchase (t_x = " + std::to_string(customer.t_x) + ") is after the end of observation (T = " +
               std::to_string(customer.T) + ")";
    }
    const auto parameters = parameter_names(kind).size();
    if (kind == ModelKind::GammaGamma) {
        if (data.size() < parameters)
            return "the spend model needs at least " + std::to_string(parameters) +
                   " customers with repeat purchases and a positive mean spend; there are " + std::to_string(data.size());
        return {};
    }
    if (data.size() < parameters)
        return "a model with " + std::to_string(parameters) + " parameters needs at least " + std::to_string(parameters) +
               " customers; there are " + std::to_string(data.size());
    if (!data.any_repeat)
        return "every customer has x = 0 (no repeat purchase in the calibration period): the purchase rate cannot be estimated";
    return {};
}

// ---- 3. Log-likelihoods and their gradients on the log scale ----

// BG/NBD (Fader, Hardie & Lee 2005), split into the part that depends on x alone and the
// part that needs the customer's t_x and T; bgnbd_log_likelihood_with_gradient is the
// one-customer reference the tests hold this against.
struct BgNbdTermsOfX {
    double log_constant = 0;           // Gamma-function terms
    double log_a_over_b = 0;           // log(a / (b + x - 1))
    double r_plus_x = 0;
    double d_r = 0, d_a = 0, d_b = 0;  // their derivatives (digamma differences)
};

std::vector<BgNbdTermsOfX> bgnbd_terms(const FitData& data, const BgNbdParams& p, bool with_gradient) {
    using boost::math::digamma;
    std::vector<BgNbdTermsOfX> terms(data.distinct_x.size());
    const double lgamma_r = std::lgamma(p.r), lgamma_b = std::lgamma(p.b), lgamma_ab = std::lgamma(p.a + p.b);
    const double digamma_r = with_gradient ? digamma(p.r) : 0.0, digamma_b = with_gradient ? digamma(p.b) : 0.0,
                 digamma_ab = with_gradient ? digamma(p.a + p.b) : 0.0;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        const double x = data.distinct_x[i];
        auto& t = terms[i];
        t.r_plus_x = p.r + x;
        if (x == 0) continue;
        t.log_constant = std::lgamma(p.r + x) - lgamma_r + lgamma_ab + std::lgamma(p.b + x) - lgamma_b - std::lgamma(p.a + p.b + x);
        t.log_a_over_b = std::log(p.a / (p.b + x - 1));
        if (with_gradient) {
            const double digamma_abx = digamma(p.a + p.b + x);
            t.d_r = digamma(p.r + x) - digamma_r;
            t.d_a = digamma_ab - digamma_abx;
            t.d_b = digamma_ab + digamma(p.b + x) - digamma_b - digamma_abx;
        }
    }
    return terms;
}

// The log-likelihood over the groups of FitData (see there), and when WithGradient its
// derivatives in (r, alpha, a, b) added to gradient.
template <bool WithGradient>
double sum_bgnbd_grouped(const FitData& data, const BgNbdParams& p, double* gradient) {
    const auto terms = bgnbd_terms(data, p, WithGradient);
    const double log_alpha = std::log(p.alpha);
    double total = 0, g_r = 0, g_alpha = 0, g_a = 0, g_b = 0;

    // Per distinct T: -(r N_T + X_T) log(alpha + T); the customers' r log alpha together.
    const std::size_t times = data.bgnbd_T.size();
    std::vector<double> log_alpha_T(times), inverse_alpha_T(WithGradient ? times : 0);
    double customers = 0;
    for (std::size_t i = 0; i < times; ++i) {
        const double n = data.bgnbd_T_customers[i], purchases = data.bgnbd_T_purchases[i];
        customers += n;
        log_alpha_T[i] = std::log(p.alpha + data.bgnbd_T[i]);
        total -= (p.r * n + purchases) * log_alpha_T[i];
        if (WithGradient) {
            inverse_alpha_T[i] = 1 / (p.alpha + data.bgnbd_T[i]);
            g_r -= n * log_alpha_T[i];
            g_alpha -= (p.r * n + purchases) * inverse_alpha_T[i];
        }
    }
    total += customers * p.r * log_alpha;
    if (WithGradient) {
        g_r += customers * log_alpha;
        g_alpha += customers * p.r / p.alpha;
    }
    // Per distinct x: the gamma-function terms.
    for (std::size_t i = 0; i < terms.size(); ++i) {
        if (data.distinct_x[i] == 0) continue;
        const double n = data.x_customers[i];
        total += n * terms[i].log_constant;
        if (WithGradient) {
            g_r += n * terms[i].d_r;
            g_a += n * terms[i].d_a;
            g_b += n * terms[i].d_b;
        }
    }
    // Per distinct (x, t_x, T) with x > 0: log(1 + odds of having dropped out after the last purchase).
    std::vector<double> log_alpha_t_x(data.bgnbd_t_x.size()), inverse_alpha_t_x(WithGradient ? data.bgnbd_t_x.size() : 0);
    for (std::size_t i = 0; i < data.bgnbd_t_x.size(); ++i) {
        log_alpha_t_x[i] = std::log(p.alpha + data.bgnbd_t_x[i]);
        if (WithGradient) inverse_alpha_t_x[i] = 1 / (p.alpha + data.bgnbd_t_x[i]);
    }
    std::vector<double> dropped_share(WithGradient ? terms.size() : 0);  // per x: the customers' sum of odds / (1 + odds)
    // The sum of log(1 + small) over the groups is taken as the logarithm of their product,
    // one multiplication per group instead of a logarithm; the product is brought back to
    // [0.5, 1) every 512 factors (each is at most 2), its exponent kept apart. Rounding: at most
    // 1.2e-16 relative per factor, so under 6e-14 absolute in the sum per 512 groups.
    double groups_total = 0, s_r = 0, s_alpha = 0;
    double product = 1;
    int exponent = 0, factors = 0;
    for (const auto& group : data.bgnbd_groups) {
        const auto& t = terms[group.x];
        const double log_ratio = log_alpha_T[group.T] - log_alpha_t_x[group.t_x];
        const double log_odds = t.log_a_over_b + t.r_plus_x * log_ratio;
        const double small = std::exp(-std::abs(log_odds));  // the odds or their inverse, whichever is at most 1
        // log(1 + odds) = max(log_odds, 0) + log(1 + small)
        groups_total += group.customers * (log_odds > 0 ? log_odds : 0.0);
        if (group.customers == 1) {
            product *= 1 + small;
            if (++factors == 512) {
                int e = 0;
                product = std::frexp(product, &e);
                exponent += e;
                factors = 0;
            }
        } else {
            groups_total += group.customers * std::log1p(small);
        }
        if (WithGradient) {
            const double share = group.customers * (log_odds > 0 ? 1.0 : small) / (1 + small);
            s_r += share * log_ratio;
            s_alpha += share * t.r_plus_x * (inverse_alpha_T[group.T] - inverse_alpha_t_x[group.t_x]);
            dropped_share[group.x] += share;
        }
    }
    groups_total += std::log(product) + exponent * 0.69314718055994530942;
    total += groups_total;
    if (WithGradient) {
        g_r += s_r;
        g_alpha += s_alpha;
        for (std::size_t i = 0; i < terms.size(); ++i) {
            if (data.distinct_x[i] == 0) continue;
            g_a += dropped_share[i] / p.a;
            g_b -= dropped_share[i] / (p.b + data.distinct_x[i] - 1);
        }
        gradient[0] += g_r;
        gradient[1] += g_alpha;
        gradient[2] += g_a;
        gradient[3] += g_b;
    }
    return total;
}

// The log-likelihood, and when gradient is given its derivatives in (r, alpha, a, b) added to it.
double sum_bgnbd(const FitData& data, const BgNbdParams& p, double* gradient = nullptr) {
    return gradient ? sum_bgnbd_grouped<true>(data, p, gradient) : sum_bgnbd_grouped<false>(data, p, nullptr);
}

double sum_pareto_nbd(const FitData& data, const ParetoNbdParams& params) {
    double total = 0;
    for (const auto& history : data.same_histories)
        total += history.customers * pareto_nbd_log_likelihood(params, history.x, history.t_x, history.T);
    return total;
}

// Gamma-Gamma, split the same way: lgamma and digamma per distinct x.
double sum_gamma_gamma(const FitData& data, const GammaGammaParams& p, double* gradient = nullptr) {
    using boost::math::digamma;
    struct TermsOfX {
        double log_constant, d_p, d_q;
    };
    std::vector<TermsOfX> terms(data.distinct_x.size());
    const double log_gamma = std::log(p.gamma), lgamma_q = std::lgamma(p.q);
    const double digamma_q = gradient ? digamma(p.q) : 0.0;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        const double px = p.p * data.distinct_x[i];
        terms[i].log_constant = std::lgamma(px + p.q) - std::lgamma(px) - lgamma_q + p.q * log_gamma;
        terms[i].d_p = gradient ? data.distinct_x[i] * (digamma(px + p.q) - digamma(px)) : 0.0;
        terms[i].d_q = gradient ? digamma(px + p.q) - digamma_q : 0.0;
    }
    double total = 0, g_p = 0, g_q = 0, g_gamma = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const double x = data.x[i], m = data.spend[i], px = p.p * x;
        const auto& t = terms[data.x_index[i]];
        const double log_gamma_mx = std::log(p.gamma + m * x);
        total += t.log_constant + (px - 1) * data.log_spend[i] + px * data.log_x[i] - (px + p.q) * log_gamma_mx;
        if (!gradient) continue;
        g_p += t.d_p + x * (data.log_spend[i] + data.log_x[i] - log_gamma_mx);
        g_q += t.d_q + log_gamma - log_gamma_mx;
        g_gamma += p.q / p.gamma - (px + p.q) / (p.gamma + m * x);
    }
    if (gradient) {
        gradient[0] += g_p;
        gradient[1] += g_q;
        gradient[2] += g_gamma;
    }
    return total;
}

double sum_log_likelihood(ModelKind kind, const FitData& data, const double* params) {
    switch (kind) {
        case ModelKind::BgNbd: return sum_bgnbd(data, {params[0], params[1], params[2], params[3]});
        case ModelKind::ParetoNbd: return sum_pareto_nbd(data, {params[0], params[1], params[2], params[3]});
        case ModelKind::GammaGamma: return sum_gamma_gamma(data, {params[0], params[1], params[2]});
    }
    return NAN;
}

// The log-likelihood and its gradient with respect to the logs of the parameters
// (d/d log theta = theta d/d theta). BG/NBD and Gamma-Gamma have analytic gradients;
// Pareto/NBD's goes through 2F1's parameters, so it takes central differences (step 1e-5
// on the log scale, error about 1e-10 of the value).
double log_likelihood_and_log_gradient(ModelKind kind, const FitData& data, const std::vector<double>& params,
                                       std::vector<double>& log_gradient) {
    const std::size_t k = params.size();
    std::fill(log_gradient.begin(), log_gradient.end(), 0.0);
    double total = 0;
    if (kind == ModelKind::BgNbd) {
        total = sum_bgnbd(data, {params[0], params[1], params[2], params[3]}, log_gradient.data());
    } else if (kind == ModelKind::GammaGamma) {
        total = sum_gamma_gamma(data, {params[0], params[1], params[2]}, log_gradient.data());
    } else {
        total = sum_log_likelihood(kind, data, params.data());
        constexpr double step = 1e-5;
        std::vector<double> shifted = params;
        for (std::size_t j = 0; j < k; ++j) {
            shifted[j] = params[j] * std::exp(step);
            const double up = sum_log_likelihood(kind, data, shifted.data());
            shifted[j] = params[j] * std::exp(-step);
            const double down = sum_log_likelihood(kind, data, shifted.data());
            shifted[j] = params[j];
            log_gradient[j] = (up - down) / (2 * step);
        }
        return total;
    }
    for (std::size_t j = 0; j < k; ++j) log_gradient[j] *= params[j];
    return total;
}

// The purchase models' common limit without dropout (BG/NBD: a -> 0 or b -> infinity; Pareto/NBD:
// s -> 0 or beta -> infinity): the NBD, whose log-likelihood is
//   sum_i lgamma(r + x_i) - lgamma(r) + r log alpha - (r + x_i) log(alpha + T_i).
double no_dropout_log_likelihood(ModelKind kind, const FitData& data, double r, double alpha) {
    const double lgamma_r = std::lgamma(r), log_alpha = std::log(alpha);
    double total = 0;
    if (kind == ModelKind::BgNbd) {
        for (std::size_t i = 0; i < data.distinct_x.size(); ++i)
            total += data.x_customers[i] * (std::lgamma(r + data.distinct_x[i]) - lgamma_r);
        for (std::size_t i = 0; i < data.bgnbd_T.size(); ++i) {
            const double n = data.bgnbd_T_customers[i];
            total += n * r * log_alpha - (r * n + data.bgnbd_T_purchases[i]) * std::log(alpha + data.bgnbd_T[i]);
        }
        return total;
    }
    for (const auto& h : data.same_histories)
        total += h.customers * ((h.x > 0 ? std::lgamma(r + h.x) - lgamma_r : 0.0) + r * log_alpha - (r + h.x) * std::log(alpha + h.T));
    return total;
}

// Why a purchase model's fit has no interior maximum because the data show no dropout, or empty.
// At an interior maximum the likelihood is at least that of the same r and alpha without dropout
// (the limit is one of the points it beats), and clearly above it when the dropout is real. A
// likelihood that keeps rising towards no dropout has its supremum there; the optimiser follows
// the ridge until the gains are too small to see and stops short of the bounds, with a and b (s
// and beta) somewhere along it, where the no-dropout likelihood at the fitted r and alpha is as
// high as the fit's or higher.
std::string no_dropout_error(ModelKind kind, const FitData& data, const std::vector<double>& params, double log_likelihood) {
    const double gain = log_likelihood - no_dropout_log_likelihood(kind, data, params[0], params[1]);
    if (gain > 1e-9 * std::abs(log_likelihood) + 1e-6) return {};
    char text[400];
    if (kind == ModelKind::BgNbd)
        std::snprintf(text, sizeof text,
                      "the likelihood has no maximum inside the parameter range: it rises towards no dropout at all, a running to 0 "
                      "or b to infinity (the fit stopped at a = %.3g, b = %.3g, a mean dropout chance a/(a+b) of %.2g per purchase); "
                      "the data show no dropout for a and b to measure",
                      params[2], params[3], params[2] / (params[2] + params[3]));
    else
        std::snprintf(text, sizeof text,
                      "the likelihood has no maximum inside the parameter range: it rises towards no dropout at all, s running to 0 "
                      "or beta to infinity (the fit stopped at s = %.3g, beta = %.3g, a mean dropout rate s/beta of %.2g per time "
                      "unit); the data show no dropout for s and beta to measure",
                      params[2], params[3], params[2] / params[3]);
    return text;
}

// ---- 4. The optimiser and the standard errors ----

// Parameters live in [1e-8, 1e8]: wide enough for days or weeks, cents or dollars, and a
// fit that ends on this edge has no interior maximum.
constexpr double log_bound = 18.420680743952367;  // ln 1e8

// The mean negative log-likelihood over log-parameters, as LBFGSpp wants it. Mean, not
// total, so one gradient tolerance suits 50 customers and 500,000.
class Objective {
public:
    Objective(ModelKind kind, const FitData& data) : kind_(kind), data_(data) {}

    double operator()(const Eigen::VectorXd& log_params, Eigen::VectorXd& gradient) {
        const auto k = static_cast<std::size_t>(log_params.size());
        std::vector<double> params(k), log_gradient(k);
        for (std::size_t j = 0; j < k; ++j) params[j] = std::exp(log_params[static_cast<Eigen::Index>(j)]);
        const double scale = 1.0 / static_cast<double>(data_.size());
        const double log_likelihood = log_likelihood_and_log_gradient(kind_, data_, params, log_gradient);
        bool finite = std::isfinite(log_likelihood);
        for (std::size_t j = 0; j < k; ++j) {
            gradient[static_cast<Eigen::Index>(j)] = -log_gradient[j] * scale;
            finite = finite && std::isfinite(log_gradient[j]);
        }
        // A point where the likelihood cannot be evaluated is treated as a very bad one, so the
        // line search steps back from it.
        if (!finite) {
            gradient.setZero();
            return 1e300;
        }
        const double value = -log_likelihood * scale;
        if (!best_ || value < best_value_) {
            best_ = log_params;
            best_value_ = value;
            best_gradient_ = gradient;
            ++improvements_;
        }
        return value;
    }

    const std::optional<Eigen::VectorXd>& best() const { return best_; }
    const Eigen::VectorXd& best_gradient() const { return best_gradient_; }
    // How often the best point moved: the iteration count when the optimiser cannot say.
    int improvements() const { return improvements_; }

private:
    ModelKind kind_;
    const FitData& data_;
    std::optional<Eigen::VectorXd> best_;
    double best_value_ = 0;
    Eigen::VectorXd best_gradient_;
    int improvements_ = 0;
};

std::vector<double> starting_values(ModelKind kind, const FitData& data) {
    const double sum_x = data.sum_x, sum_T = data.sum_T, sum_spend = data.sum_spend;
    const double n = static_cast<double>(data.size());
    const double mean_T = std::max(sum_T / n, 1e-3), mean_x = std::max(sum_x / n, 1e-3);
    // With r = 1 the gamma's mean rate r / alpha matches the observed purchases per unit time.
    switch (kind) {
        case ModelKind::BgNbd: return {1.0, mean_T / mean_x, 1.0, 2.0};
        case ModelKind::ParetoNbd: return {1.0, mean_T / mean_x, 1.0, mean_T};
        case ModelKind::GammaGamma: return {1.0, 2.0, std::max(sum_spend / n, 1e-6)};
    }
    return {};
}

// The log-likelihood's gradient in the natural parameters, for the models that have it analytically.
bool natural_gradient(ModelKind kind, const FitData& data, const std::vector<double>& params, std::vector<double>& gradient) {
    std::fill(gradient.begin(), gradient.end(), 0.0);
    if (kind == ModelKind::BgNbd) sum_bgnbd(data, {params[0], params[1], params[2], params[3]}, gradient.data());
    else if (kind == ModelKind::GammaGamma) sum_gamma_gamma(data, {params[0], params[1], params[2]}, gradient.data());
    else return false;
    return true;
}

// The Hessian of the negative log-likelihood in the natural parameters, with steps of
// relative_step times each parameter.
//  - BG/NBD and Gamma-Gamma: central differences of the analytic gradient, column by column,
//    then symmetrised. The error is of order step^2 (about 1e-10 at the default 1e-5), and
//    rounding in the gradient's sum over customers, divided by the step, stays far below it.
//  - Pareto/NBD: second central differences of the log-likelihood at steps h and h/2,
//    Richardson-extrapolated ((4 D(h/2) - D(h)) / 3), which cancels the h^2 term; the error is
//    of order h^4, so the step can be large enough (1e-2) for the log-likelihood's rounding
//    not to show.
Eigen::MatrixXd negative_hessian(ModelKind kind, const FitData& data, const std::vector<double>& params, double relative_step) {
    const auto k = params.size();
    const auto n = static_cast<Eigen::Index>(k);
    Eigen::MatrixXd hessian(n, n);
    std::vector<double> point = params;
    std::vector<double> up(k), down(k);
    if (kind != ModelKind::ParetoNbd) {
        for (std::size_t j = 0; j < k; ++j) {
            const double step = relative_step * params[j];
            point[j] = params[j] + step;
            natural_gradient(kind, data, point, up);
            point[j] = params[j] - step;
            natural_gradient(kind, data, point, down);
            point[j] = params[j];
            for (std::size_t i = 0; i < k; ++i)
                hessian(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = -(up[i] - down[i]) / (2 * step);
        }
        return 0.5 * (hessian + hessian.transpose());
    }
    const double centre = -sum_log_likelihood(kind, data, params.data());
    const auto negative_ll = [&](std::size_t i, double di, std::size_t j, double dj) {
        point = params;
        point[i] += di;
        point[j] += dj;
        return -sum_log_likelihood(kind, data, point.data());
    };
    // Second differences with steps fraction * relative_step of each parameter.
    const auto differences = [&](double fraction) {
        Eigen::MatrixXd d(n, n);
        for (std::size_t i = 0; i < k; ++i) {
            const double hi = fraction * relative_step * params[i];
            const auto ei = static_cast<Eigen::Index>(i);
            d(ei, ei) = (negative_ll(i, hi, i, 0) - 2 * centre + negative_ll(i, -hi, i, 0)) / (hi * hi);
            for (std::size_t j = 0; j < i; ++j) {
                const double hj = fraction * relative_step * params[j];
                const auto ej = static_cast<Eigen::Index>(j);
                d(ei, ej) = d(ej, ei) = (negative_ll(i, hi, j, hj) - negative_ll(i, hi, j, -hj) - negative_ll(i, -hi, j, hj) +
                                         negative_ll(i, -hi, j, -hj)) / (4 * hi * hj);
            }
        }
        return d;
    };
    return (4 * differences(0.5) - differences(1.0)) / 3;
}

// Pareto/NBD's log-likelihood carries rounding of about 1e-15 of its value (its hypergeometric
// terms are differences), which second differences divide by h^2: on CDNOW, h = 1e-2 agrees with
// an exact-sum computation to better than 1e-6, h = 1e-3 only to 2e-5.
double default_standard_error_step(ModelKind kind) { return kind == ModelKind::ParetoNbd ? 1e-2 : 1e-5; }

// Standard errors from the inverse of that Hessian. Empty when it is not positive definite.
std::vector<double> standard_errors_from(const Eigen::MatrixXd& hessian) {
    if (!hessian.allFinite()) return {};
    const Eigen::LLT<Eigen::MatrixXd> cholesky(hessian);
    if (cholesky.info() != Eigen::Success) return {};
    const Eigen::MatrixXd covariance = cholesky.solve(Eigen::MatrixXd::Identity(hessian.rows(), hessian.cols()));
    std::vector<double> errors(static_cast<std::size_t>(hessian.rows()));
    for (std::size_t j = 0; j < errors.size(); ++j) {
        const double variance = covariance(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(j));
        if (!(variance > 0) || !std::isfinite(variance)) return {};
        errors[j] = std::sqrt(variance);
    }
    return errors;
}

std::vector<double> standard_errors_of(ModelKind kind, const FitData& data, const std::vector<double>& params, double relative_step) {
    return standard_errors_from(negative_hessian(kind, data, params, relative_step));
}

// The parameters along which a Hessian that is not positive definite is flat or curves the wrong
// way: the large components of its least eigenvector, on the log scale (so that a parameter's
// size does not decide), e.g. "s and beta".
std::string flat_parameters(const Eigen::MatrixXd& hessian, const std::vector<double>& params, const std::vector<std::string>& names) {
    if (!hessian.allFinite()) return {};
    const auto k = static_cast<Eigen::Index>(params.size());
    Eigen::MatrixXd on_log_scale = hessian;
    for (Eigen::Index i = 0; i < k; ++i)
        for (Eigen::Index j = 0; j < k; ++j)
            on_log_scale(i, j) *= params[static_cast<std::size_t>(i)] * params[static_cast<std::size_t>(j)];
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(on_log_scale);
    if (eigen.info() != Eigen::Success) return {};
    const Eigen::VectorXd direction = eigen.eigenvectors().col(0);  // eigenvalues ascending
    std::vector<std::string> along;
    for (Eigen::Index j = 0; j < k; ++j)
        if (std::abs(direction[j]) >= 0.3) along.push_back(names[static_cast<std::size_t>(j)]);
    std::string text;
    for (std::size_t j = 0; j < along.size(); ++j) text += (j == 0 ? "" : j + 1 == along.size() ? " and " : ", ") + along[j];
    return text;
}

struct OptimiserOutcome {
    Eigen::VectorXd log_params;
    int iterations = 0;
    bool converged = false;
    std::string stopped_because;  // the optimiser's complaint, when it gave up
};

// The optimiser throws when a line search fails; that stays in here, away from the loops.
OptimiserOutcome run_optimiser(Objective& objective, Eigen::VectorXd start, int max_iterations) {
    LBFGSpp::LBFGSBParam<double> settings;
    settings.epsilon = 1e-8;  // on the gradient of the mean log-likelihood, per log-parameter
    settings.epsilon_rel = 0;
    // Also stop when the mean log-likelihood has changed by less than 1e-10 (relative) over
    // three iterations: along a ridge towards a boundary (no dropout at all, say) it improves
    // forever by ever smaller amounts.
    settings.past = 3;
    settings.delta = 1e-10;
    settings.max_iterations = max_iterations;
    settings.max_linesearch = 100;
    LBFGSpp::LBFGSBSolver<double> solver(settings);
    const auto n = start.size();
    const Eigen::VectorXd lower = Eigen::VectorXd::Constant(n, -log_bound), upper = Eigen::VectorXd::Constant(n, log_bound);

    OptimiserOutcome outcome;
    outcome.log_params = start;
    double value = 0;
    try {
        outcome.iterations = solver.minimize(objective, outcome.log_params, value, lower, upper);
        outcome.converged = outcome.iterations < max_iterations;
    } catch (const std::exception& error) {
        // A line search that cannot improve any more, next to the optimum, is how flat
        // likelihoods end; elsewhere it is a failure.
        outcome.stopped_because = error.what();
        if (objective.best()) outcome.log_params = *objective.best();
        outcome.iterations = std::min(objective.improvements(), max_iterations);
        // The tolerance allows for rounding in sums over customers whose terms are large (x in
        // the thousands) and for the different maths library of the WebAssembly build.
        outcome.converged = objective.best() && objective.best_gradient().lpNorm<Eigen::Infinity>() < 1e-5;
    }
    return outcome;
}

}  // namespace

double total_log_likelihood(ModelKind kind, const std::vector<CustomerSummary>& customers, const std::vector<double>& params) {
    if (params.size() != parameter_names(kind).size())
        throw std::invalid_argument(std::string("the ") + model_name(kind) + " model takes " +
                                    std::to_string(parameter_names(kind).size()) + " parameters");
    return sum_log_likelihood(kind, fit_data(kind, customers), params.data());
}

std::vector<double> standard_errors(ModelKind kind, const std::vector<CustomerSummary>& customers, const std::vector<double>& params,
                                    double relative_step) {
    if (params.size() != parameter_names(kind).size())
        throw std::invalid_argument(std::string("the ") + model_name(kind) + " model takes " +
                                    std::to_string(parameter_names(kind).size()) + " parameters");
    const double step = relative_step > 0 ? relative_step : default_standard_error_step(kind);
    return standard_errors_of(kind, fit_data(kind, customers), params, step);
}

FitResult fit_model(ModelKind kind, const std::vector<CustomerSummary>& customers, const FitOptions& options) {
    FitResult result;
    result.kind = kind;
    result.names = parameter_names(kind);
    const FitData data = fit_data(kind, customers);
    result.customers = data.size();
    result.error = check_data(kind, customers, data);
    if (!result.error.empty()) return result;

    const auto k = result.names.size();
    std::vector<double> start = options.initial.size() == k ? options.initial : starting_values(kind, data);
    Eigen::VectorXd log_start(static_cast<Eigen::Index>(k));
    for (std::size_t j = 0; j < k; ++j)
        log_start[static_cast<Eigen::Index>(j)] = std::clamp(std::log(std::max(start[j], 1e-300)), -log_bound + 1, log_bound - 1);

    Objective objective(kind, data);
    const auto outcome = run_optimiser(objective, log_start, std::max(options.max_iterations, 1));
    result.iterations = outcome.iterations;
    result.params.resize(k);
    for (std::size_t j = 0; j < k; ++j) result.params[j] = std::exp(outcome.log_params[static_cast<Eigen::Index>(j)]);
    result.log_likelihood = sum_log_likelihood(kind, data, result.params.data());
    result.converged = outcome.converged;

    const double n = static_cast<double>(data.size());
    result.aic = 2.0 * static_cast<double>(k) - 2 * result.log_likelihood;
    result.bic = static_cast<double>(k) * std::log(n) - 2 * result.log_likelihood;

    if (!std::isfinite(result.log_likelihood)) {
        result.converged = false;
        result.error = "the log-likelihood is not finite at the fitted parameters";
        result.log_likelihood = result.aic = result.bic = 0;
        return result;
    }
    for (std::size_t j = 0; j < k; ++j) {
        if (std::abs(outcome.log_params[static_cast<Eigen::Index>(j)]) > log_bound - 1e-3) {
            result.converged = false;
            result.error = "the likelihood has no maximum inside the parameter range: " + result.names[j] + " ran to " +
                           std::to_string(result.params[j]) + " (the data cannot pin it down)";
            return result;
        }
    }
    if (kind != ModelKind::GammaGamma) {
        auto error = no_dropout_error(kind, data, result.params, result.log_likelihood);
        if (!error.empty()) {
            result.converged = false;
            result.error = std::move(error);
            return result;
        }
    }
    if (!result.converged) {
        result.error = outcome.stopped_because.empty()
                           ? "the optimiser did not converge in " + std::to_string(result.iterations) + " iterations"
                           : "the optimiser stopped: " + outcome.stopped_because;
        return result;
    }
    if (!options.standard_errors) return result;
    // A maximum curves down in every direction. Where the optimiser stopped on a flat stretch or
    // a ridge instead (it stops when the gains become too small to see), the Hessian says so.
    const Eigen::MatrixXd hessian = negative_hessian(kind, data, result.params, default_standard_error_step(kind));
    result.std_errors = standard_errors_from(hessian);
    if (result.std_errors.empty()) {
        result.converged = false;
        const std::string along = flat_parameters(hessian, result.params, result.names);
        result.error = "the fit stopped where the likelihood is not at a maximum the data pin down: its Hessian is not positive definite" +
                       (along.empty() ? std::string() : " (it is flat or still rising along " + along + ")");
    }
    return result;
}

// ---- 5. JSON, FitJob ----

nlohmann::json to_json(const FitResult& fit) {
    nlohmann::json params = nlohmann::json::object(), errors = nlohmann::json::object();
    for (std::size_t j = 0; j < fit.names.size(); ++j) {
        params[fit.names[j]] = j < fit.params.size() ? nlohmann::json(fit.params[j]) : nlohmann::json();
        errors[fit.names[j]] = j < fit.std_errors.size() ? nlohmann::json(fit.std_errors[j]) : nlohmann::json();
    }
    nlohmann::json out = {{"model", model_name(fit.kind)},
                          {"params", params},
                          {"std_errors", errors},
                          {"std_error_method", fit.kind == ModelKind::ParetoNbd
                                                   ? "inverse Hessian of the negative log-likelihood in the natural parameters, "
                                                     "central differences of the log-likelihood, Richardson-extrapolated"
                                                   : "inverse Hessian of the negative log-likelihood in the natural parameters, "
                                                     "central differences of the analytic gradient"},
                          {"log_likelihood", fit.log_likelihood},
                          {"converged", fit.converged},
                          {"iterations", fit.iterations},
                          {"customers", fit.customers},
                          {"aic", fit.aic},
                          {"bic", fit.bic}};
    if (!fit.error.empty()) out["error"] = fit.error;
    return out;
}

FitJob::FitJob(ModelKind kind, std::vector<CustomerSummary> customers, FitOptions options)
    : kind_(kind), customers_(std::move(customers)), options_(std::move(options)) {}

jobs::Progress FitJob::step(std::chrono::milliseconds) {
    jobs::Progress progress;
    progress.phase = std::string("Fitting ") + model_name(kind_);
    progress.items_unit = "customers";
    if (!result_) {
        try {
            result_ = fit_model(kind_, customers_, options_);
        } catch (const std::exception& error) {  // out of memory and the like: report, never throw
            result_ = FitResult{};
            result_->kind = kind_;
            result_->error = error.what();
        }
    }
    progress.items = static_cast<double>(customers_.size());
    progress.fraction = 1;
    progress.finished = true;
    progress.error = result_->error;
    return progress;
}

void FitJob::cancel() {
    if (result_) return;
    result_ = FitResult{};
    result_->kind = kind_;
    result_->names = parameter_names(kind_);
    result_->error = "cancelled";
}

}  // namespace touchpoint::clv
