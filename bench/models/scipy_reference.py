#!/usr/bin/python3
"""The scipy reference for the BG/NBD benchmark (scripts/bench-models).

The BG/NBD log-likelihood of Fader, Hardie & Lee (2005), "Counting Your Customers the Easy
Way", eq. 6, written the plain way: vectorised with NumPy over every customer (one array
element per customer, no grouping), scipy.special for the gamma functions, and its analytic
gradient (the same derivatives the C++ code uses), maximised with
scipy.optimize.minimize(method="L-BFGS-B") over the logs of (r, alpha, a, b) inside the same
bounds [1e-8, 1e8], from the same starting point the C++ code used to start from
(r = 1, alpha = mean T / mean x, a = 1, b = 2), on the mean negative log-likelihood with
tolerances as tight as the C++ optimiser's (the gradient to 1e-8, the value to 1e-12).
Then P(alive) and E[X(T, T + t) | x, t_x, T] (eq. 10, with scipy.special.hyp2f1) for every
customer. Prints JSON.

Usage: scipy_reference.py SUMMARY.csv [--repeats N] [--prediction-repeats N] [--horizon WEEKS] [--json]

Debian's python3-scipy cannot be installed beside libboost1.81-dev (its python3-pythran
dependency wants Boost 1.74); unpack it instead, with the L-BFGS-B library it links to
(scripts/bench-models does this into build/bench-models/scipy-root):
  apt-get download python3-scipy liblbfgsb0
  dpkg -x python3-scipy_*.deb ROOT && dpkg -x liblbfgsb0_*.deb ROOT
  PYTHONPATH=ROOT/usr/lib/python3/dist-packages LD_LIBRARY_PATH=ROOT/usr/lib/x86_64-linux-gnu \
      /usr/bin/python3 scipy_reference.py SUMMARY.csv
"""
import argparse
import json
import platform
import statistics
import sys
import time

import numpy as np
import scipy
from scipy.optimize import minimize
from scipy.special import digamma, gammaln, hyp2f1

LOG_BOUND = 18.420680743952367  # ln 1e8, as in core/src/clv/models.cpp


def read_summary(path):
    # customer_id,x,t_x,T,monetary; the ids are not needed here.
    data = np.loadtxt(path, delimiter=",", skiprows=1, usecols=(1, 2, 3), ndmin=2)
    return data[:, 0].copy(), data[:, 1].copy(), data[:, 2].copy()


def log_likelihood_and_gradient(params, x, t_x, T):
    """Total log-likelihood and its gradient in (r, alpha, a, b), over all customers."""
    r, alpha, a, b = params
    repeat = x > 0
    xr = np.where(repeat, x, 1.0)  # keeps b + x - 1 > 0 for the x = 0 rows, which are masked out
    log_alpha = np.log(alpha)
    log_alpha_T = np.log(alpha + T)
    log_alpha_t_x = np.log(alpha + t_x)
    a1 = gammaln(r + x) - gammaln(r) + r * log_alpha
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * log_alpha_T
    a4 = np.log(a) - np.log(b + xr - 1) - (r + x) * log_alpha_t_x
    a4 = np.where(repeat, a4, -np.inf)
    mix = np.logaddexp(a3, a4)
    ll = np.sum(a1 + a2 + mix)

    w3 = np.exp(a3 - mix)
    w4 = np.exp(a4 - mix)  # 0 for x = 0
    psi_ab = digamma(a + b)
    psi_abx = digamma(a + b + x)
    g_r = np.sum(digamma(r + x) - digamma(r) + log_alpha - w3 * log_alpha_T - w4 * log_alpha_t_x)
    g_alpha = np.sum(r / alpha - w3 * (r + x) / (alpha + T) - w4 * (r + x) / (alpha + t_x))
    g_a = np.sum(psi_ab - psi_abx + w4 / a)
    g_b = np.sum(psi_ab + digamma(b + x) - digamma(b) - psi_abx - w4 / (b + xr - 1))
    return ll, np.array([g_r, g_alpha, g_a, g_b])


def fit(x, t_x, T):
    n = len(x)
    start = np.array([1.0, max(T.mean(), 1e-3) / max(x.mean(), 1e-3), 1.0, 2.0])
    evaluations = 0

    def objective(log_params):
        nonlocal evaluations
        evaluations += 1
        params = np.exp(log_params)
        ll, gradient = log_likelihood_and_gradient(params, x, t_x, T)
        if not np.isfinite(ll) or not np.all(np.isfinite(gradient)):
            return 1e300, np.zeros(4)
        return -ll / n, -gradient * params / n

    result = minimize(objective, np.log(start), jac=True, method="L-BFGS-B",
                      bounds=[(-LOG_BOUND, LOG_BOUND)] * 4,
                      options={"gtol": 1e-8, "ftol": 1e-12, "maxiter": 500, "maxls": 100})
    params = np.exp(result.x)
    ll, _ = log_likelihood_and_gradient(params, x, t_x, T)
    return {"params": dict(zip(["r", "alpha", "a", "b"], params.tolist())), "log_likelihood": float(ll),
            "iterations": int(result.nit), "evaluations": evaluations, "converged": bool(result.success),
            "message": str(result.message)}


def predict(params, x, t_x, T, t):
    """P(alive) and E[X(T, T + t)] (FHL 2005, eqs. 10 and the P(alive) note), per customer."""
    r, alpha, a, b = params
    xr = np.where(x > 0, x, 1.0)
    log_odds = np.log(a) - np.log(b + xr - 1) + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
    alive = np.where(x > 0, 1.0 / (1.0 + np.exp(log_odds)), 1.0)
    z = t / (alpha + T + t)
    bracket = 1.0 - np.exp((r + x) * np.log((alpha + T) / (alpha + T + t))) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    expected = (a + b + x - 1) / (a - 1) * bracket * alive
    return alive, expected


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("summary")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--prediction-repeats", type=int, default=3)
    parser.add_argument("--horizon", type=float, default=52.0)
    parser.add_argument("--json", action="store_true", help="accepted for symmetry with touchpoint_bench_models: the output is always JSON")
    options = parser.parse_args()

    load_start = time.perf_counter()
    x, t_x, T = read_summary(options.summary)
    load_ms = (time.perf_counter() - load_start) * 1000

    fit_ms, fit_cpu_ms = [], []
    result = None
    for _ in range(max(1, options.repeats)):
        start, cpu_start = time.perf_counter(), time.process_time()
        result = fit(x, t_x, T)
        fit_cpu_ms.append((time.process_time() - cpu_start) * 1000)
        fit_ms.append((time.perf_counter() - start) * 1000)

    params = [result["params"][name] for name in ("r", "alpha", "a", "b")]
    prediction_ms = []
    for _ in range(max(1, options.prediction_repeats)):
        start = time.perf_counter()
        alive, expected = predict(params, x, t_x, T, options.horizon)
        prediction_ms.append((time.perf_counter() - start) * 1000)

    json.dump({
        "platform": "scipy",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__},
        "customers": int(len(x)),
        "load_ms": load_ms,
        "fit": result,
        "fit_ms": fit_ms,
        "fit_ms_median": statistics.median(fit_ms),
        "fit_ms_min": min(fit_ms),
        "fit_cpu_ms": fit_cpu_ms,
        "fit_cpu_ms_median": statistics.median(fit_cpu_ms),
        "horizon": options.horizon,
        "prediction_ms": prediction_ms,
        "prediction_ms_median": statistics.median(prediction_ms),
        "prediction_ms_min": min(prediction_ms),
        "sum_probability_alive": float(np.sum(alive)),
        "sum_expected_purchases": float(np.sum(expected)),
        "prediction_nan": int(np.sum(~np.isfinite(expected))),
    }, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
