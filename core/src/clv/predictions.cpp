#include "touchpoint/clv/predictions.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace touchpoint::clv {

namespace {

void require_purchase_model(const FitResult& model) {
    if (model.kind == ModelKind::GammaGamma)
        throw std::invalid_argument("the Gamma-Gamma model predicts spend, not purchases: use bgnbd or pnbd");
}

}  // namespace

double probability_alive(const FitResult& purchase_model, double x, double t_x, double T) {
    require_purchase_model(purchase_model);
    return purchase_model.kind == ModelKind::BgNbd ? bgnbd_probability_alive(purchase_model.bgnbd(), x, t_x, T)
                                                   : pareto_nbd_probability_alive(purchase_model.pareto_nbd(), x, t_x, T);
}

double expected_purchases(const FitResult& purchase_model, double x, double t_x, double T, double horizon) {
    require_purchase_model(purchase_model);
    return purchase_model.kind == ModelKind::BgNbd
               ? bgnbd_expected_purchases(purchase_model.bgnbd(), x, t_x, T, horizon)
               : pareto_nbd_expected_purchases(purchase_model.pareto_nbd(), x, t_x, T, horizon);
}

double expected_purchases_new_customer(const FitResult& purchase_model, double horizon) {
    require_purchase_model(purchase_model);
    return purchase_model.kind == ModelKind::BgNbd
               ? bgnbd_expected_purchases_new_customer(purchase_model.bgnbd(), horizon)
               : pareto_nbd_expected_purchases_new_customer(purchase_model.pareto_nbd(), horizon);
}

double probability_of_purchases(const FitResult& purchase_model, double t, int k) {
    require_purchase_model(purchase_model);
    if (purchase_model.kind == ModelKind::ParetoNbd) return pareto_nbd_probability_of_purchases(purchase_model.pareto_nbd(), t, k);
    return bgnbd_probability_of_purchases(purchase_model.bgnbd(), t, k);
}

double discounted_value(const FitResult& purchase_model, double x, double t_x, double T, double horizon,
                        double discount_rate, double spend_per_transaction) {
    if (horizon <= 0) return 0;
    const int periods = static_cast<int>(std::ceil(horizon - 1e-9));
    double value = 0, purchases_before = 0, discount = 1;
    for (int k = 1; k <= periods; ++k) {
        const double purchases_by_end = expected_purchases(purchase_model, x, t_x, T, std::min<double>(k, horizon));
        discount /= 1 + discount_rate;
        value += (purchases_by_end - purchases_before) * discount;
        purchases_before = purchases_by_end;
    }
    return value * spend_per_transaction;
}

namespace {

// Numbers (x, T) pairs 0, 1, 2, ... in the order it first sees them (open addressing, linear
// probing): cheaper per customer than the logarithm it saves.
class HistoryIndex {
public:
    static constexpr std::uint32_t none = 0xffffffffu;
    std::uint32_t insert(double x, double T, bool& added) {
        T += 0.0;  // -0 is 0
        std::uint64_t bits;
        std::memcpy(&bits, &T, sizeof bits);
        if (2 * (count_ + 1) > slots_.size()) grow();
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t slot = hash(x, bits) & mask;; slot = (slot + 1) & mask) {
            auto& entry = slots_[slot];
            if (entry.number == none) {
                entry = {x, bits, count_};
                added = true;
                return count_++;
            }
            if (entry.T_bits == bits && entry.x == x) {
                added = false;
                return entry.number;
            }
        }
    }

private:
    struct Slot {
        double x = 0;
        std::uint64_t T_bits = 0;
        std::uint32_t number = none;
    };
    static std::uint64_t hash(double x, std::uint64_t T_bits) {  // splitmix64's finaliser
        std::uint64_t key = T_bits ^ (static_cast<std::uint64_t>(static_cast<std::int64_t>(x)) * 0x9e3779b97f4a7c15ULL);
        key ^= key >> 30;
        key *= 0xbf58476d1ce4e5b9ULL;
        key ^= key >> 27;
        key *= 0x94d049bb133111ebULL;
        return key ^ (key >> 31);
    }
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(std::max<std::size_t>(1024, 2 * old.size()), Slot{});
        const std::size_t mask = slots_.size() - 1;
        for (const auto& entry : old) {
            if (entry.number == none) continue;
            std::size_t slot = hash(entry.x, entry.T_bits) & mask;
            while (slots_[slot].number != none) slot = (slot + 1) & mask;
            slots_[slot] = entry;
        }
    }
    std::vector<Slot> slots_;
    std::uint32_t count_ = 0;
};

// Both models' conditional expectation is P(alive | x, t_x, T) times the expectation of a
// customer alive at T, which depends on x and T only (BG/NBD: its hypergeometric series;
// Pareto/NBD: the dropout's survival over the horizon). That factor is the expectation divided
// by P(alive) of a customer with the same x and T whose last purchase was at T (for Pareto/NBD
// P(alive) is 1 there, for BG/NBD 1 / (1 + a / (b + x - 1))), and customers with the same x and
// T share it: a shop has thousands of such pairs, not hundreds of thousands.
double alive_expectation(const FitResult& model, double x, double T, double horizon) {
    return expected_purchases(model, x, T, T, horizon) / probability_alive(model, x, T, T);
}

// For one (x, T): the factor above over the horizon, and its discounted increments per period
// (the discounted_value sum divided by P(alive) and the spend).
struct AliveExpectation {
    double horizon = 0;
    double discounted = NAN;  // worked out when a spend model asks for it
};

double discounted_alive_expectation(const FitResult& model, double x, double T, double horizon, double discount_rate) {
    const int periods = static_cast<int>(std::ceil(horizon - 1e-9));
    double value = 0, before = 0, discount = 1;
    for (int k = 1; k <= periods; ++k) {
        const double by_end = alive_expectation(model, x, T, std::min<double>(k, horizon));
        discount /= 1 + discount_rate;
        value += (by_end - before) * discount;
        before = by_end;
    }
    return value;
}

}  // namespace

std::vector<CustomerPrediction> predict_customers(const FitResult& purchase_model, const FitResult* spend_model,
                                                  const std::vector<CustomerSummary>& customers, const PredictionOptions& options) {
    require_purchase_model(purchase_model);
    if (spend_model && spend_model->kind != ModelKind::GammaGamma)
        throw std::invalid_argument("the spend model must be a Gamma-Gamma fit");
    // The parameters looked up once, not by name for every customer.
    const bool bgnbd = purchase_model.kind == ModelKind::BgNbd;
    const auto bgnbd_params = bgnbd ? purchase_model.bgnbd() : BgNbdParams{};
    const auto pareto_params = bgnbd ? ParetoNbdParams{} : purchase_model.pareto_nbd();
    std::optional<GammaGammaParams> spend_params;
    if (spend_model) spend_params = spend_model->gamma_gamma();
    const double horizon = options.horizon;

    HistoryIndex histories;
    std::vector<AliveExpectation> expectations;
    std::vector<CustomerPrediction> predictions;
    predictions.reserve(customers.size());
    bool added = false;
    for (const auto& customer : customers) {
        CustomerPrediction row;
        row.customer_id = customer.customer_id;
        const double x = customer.x;
        row.probability_alive = bgnbd ? bgnbd_probability_alive(bgnbd_params, x, customer.t_x, customer.T)
                                      : pareto_nbd_probability_alive(pareto_params, x, customer.t_x, customer.T);
        AliveExpectation* shared = nullptr;
        if (horizon > 0) {
            const auto index = histories.insert(x, customer.T, added);
            if (added) expectations.push_back({alive_expectation(purchase_model, x, customer.T, horizon)});
            shared = &expectations[index];
            row.expected_purchases = shared->horizon * row.probability_alive;
        }
        if (spend_params) {
            // Customers without a repeat purchase (or without a usable spend) get the population mean.
            const bool own_spend = customer.x > 0 && customer.monetary > 0;
            row.expected_spend = gamma_gamma_expected_spend(*spend_params, own_spend ? x : 0, own_spend ? customer.monetary : 0);
            if (row.expected_spend) {
                double discounted = 0;
                if (shared) {
                    if (std::isnan(shared->discounted))
                        shared->discounted = discounted_alive_expectation(purchase_model, x, customer.T, horizon, options.discount_rate);
                    discounted = shared->discounted;
                }
                row.clv = discounted * row.probability_alive * *row.expected_spend;
            }
        }
        predictions.push_back(std::move(row));
    }
    return predictions;
}

}  // namespace touchpoint::clv
