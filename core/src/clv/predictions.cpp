#include "touchpoint/clv/predictions.hpp"

#include <algorithm>
#include <cmath>
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

std::optional<double> probability_of_purchases(const FitResult& purchase_model, double t, int k) {
    require_purchase_model(purchase_model);
    if (purchase_model.kind != ModelKind::BgNbd) return std::nullopt;
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

std::vector<CustomerPrediction> predict_customers(const FitResult& purchase_model, const FitResult* spend_model,
                                                  const std::vector<CustomerSummary>& customers, const PredictionOptions& options) {
    require_purchase_model(purchase_model);
    if (spend_model && spend_model->kind != ModelKind::GammaGamma)
        throw std::invalid_argument("the spend model must be a Gamma-Gamma fit");
    std::vector<CustomerPrediction> predictions;
    predictions.reserve(customers.size());
    for (const auto& customer : customers) {
        CustomerPrediction row;
        row.customer_id = customer.customer_id;
        const double x = customer.x;
        row.probability_alive = probability_alive(purchase_model, x, customer.t_x, customer.T);
        row.expected_purchases = expected_purchases(purchase_model, x, customer.t_x, customer.T, options.horizon);
        if (spend_model) {
            // Customers without a repeat purchase (or without a usable spend) get the population mean.
            const bool own_spend = customer.x > 0 && customer.monetary > 0;
            row.expected_spend = gamma_gamma_expected_spend(spend_model->gamma_gamma(), own_spend ? x : 0,
                                                            own_spend ? customer.monetary : 0);
            if (row.expected_spend)
                row.clv = discounted_value(purchase_model, x, customer.t_x, customer.T, options.horizon,
                                           options.discount_rate, *row.expected_spend);
        }
        predictions.push_back(std::move(row));
    }
    return predictions;
}

}  // namespace touchpoint::clv
