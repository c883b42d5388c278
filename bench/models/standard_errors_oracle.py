#!/usr/bin/python3
"""Independent standard errors for the CDNOW fits, for tests/unit/models_test.cpp.

On the published CDNOW calibration summary (../shared/data/cdnow/cdnow_customers_summary_with_transactions.csv)
at the parameters of tests/fixtures/models/oracle_values.json (the published estimates), the
standard errors sqrt(diag(H^-1)), H the Hessian of the negative log-likelihood in the natural
parameters. Computed another way than the C++ (core/src/clv/models.cpp: central differences of
the analytic gradient for BG/NBD and Gamma-Gamma): second central differences of the
log-likelihood itself, per-customer terms from scipy.special (the formulas of
tests/fixtures/models/make_fixtures.py, vectorised) added up exactly with math.fsum, at steps
h = 1e-3 and h/2 of each parameter combined by Richardson extrapolation. The same with h = 2e-3
shows how many digits hold (printed as "agreement").

Run (scipy unpacked as in bench/models/scipy_reference.py):
  PYTHONPATH=ROOT/usr/lib/python3/dist-packages /usr/bin/python3 bench/models/standard_errors_oracle.py
"""
import json
import math
import os

import numpy as np
from scipy.special import gammaln, hyp2f1

HERE = os.path.dirname(os.path.abspath(__file__))
CDNOW = os.path.join(HERE, "..", "..", "..", "shared", "data", "cdnow", "cdnow_customers_summary_with_transactions.csv")


def read_cdnow():
    data = np.loadtxt(CDNOW, delimiter=",", skiprows=1)
    return data[:, 1], data[:, 2], data[:, 3], data[:, 4]  # x, t_x, T, zbar


def bgnbd_terms(params, x, t_x, T, m):
    r, alpha, a, b = params
    xr = np.where(x > 0, x, 1.0)
    a1 = gammaln(r + x) - gammaln(r) + r * math.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.where(x > 0, math.log(a) - np.log(b + xr - 1) - (r + x) * np.log(alpha + t_x), -np.inf)
    return a1 + a2 + np.logaddexp(a3, a4)


def pnbd_terms(params, x, t_x, T, m):
    r, alpha, s, beta = params
    c = r + s + x
    big, second = (alpha, s + 1 + 0 * x) if alpha >= beta else (beta, r + x)

    def log_term(t):
        z = abs(alpha - beta) / (big + t)
        return np.log(hyp2f1(c, second, c + 1, z)) - c * np.log(big + t)

    lt_x, l_T = log_term(t_x), log_term(T)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_a0 = np.where(lt_x > l_T, lt_x + np.log1p(-np.exp(l_T - lt_x)), -np.inf)
    first = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    died = np.log(s / c) + log_a0
    return gammaln(r + x) - gammaln(r) + r * math.log(alpha) + s * math.log(beta) + np.logaddexp(first, died)


def gg_terms(params, x, t_x, T, m):
    p, q, gamma = params
    keep = (x > 0) & (m > 0)
    x, m = x[keep], m[keep]
    px = p * x
    return (gammaln(px + q) - gammaln(px) - gammaln(q) + q * math.log(gamma) + (px - 1) * np.log(m)
            + px * np.log(x) - (px + q) * np.log(gamma + m * x))


def hessian(terms, params, data, relative_step):
    """-d2 LL by second central differences at steps h and h/2, Richardson-extrapolated."""
    k = len(params)
    ll = lambda point: math.fsum(terms(point, *data).tolist())
    centre = ll(params)

    def at(i, di, j, dj):
        point = list(params)
        point[i] += di
        point[j] += dj
        return ll(point)

    def differences(fraction):
        d = np.zeros((k, k))
        for i in range(k):
            hi = fraction * relative_step * params[i]
            d[i, i] = (at(i, hi, i, 0) - 2 * centre + at(i, -hi, i, 0)) / hi ** 2
            for j in range(i):
                hj = fraction * relative_step * params[j]
                d[i, j] = d[j, i] = (at(i, hi, j, hj) - at(i, hi, j, -hj) - at(i, -hi, j, hj) + at(i, -hi, j, -hj)) / (4 * hi * hj)
        return d

    return -(4 * differences(0.5) - differences(1.0)) / 3


def standard_errors(terms, params, data, relative_step):
    return np.sqrt(np.diag(np.linalg.inv(hessian(terms, params, data, relative_step)))).tolist()


def main():
    data = read_cdnow()
    models = {
        "bgnbd": (bgnbd_terms, [0.243, 4.414, 0.793, 2.426], ["r", "alpha", "a", "b"]),
        "pnbd": (pnbd_terms, [0.553, 10.578, 0.606, 11.669], ["r", "alpha", "s", "beta"]),
        "gg": (gg_terms, [6.25, 3.74, 15.44], ["p", "q", "gamma"]),
    }
    out = {"source": "bench/models/standard_errors_oracle.py", "data": "cdnow_customers_summary_with_transactions.csv"}
    for name, (terms, params, names) in models.items():
        errors = standard_errors(terms, params, data, 1e-3)
        check = standard_errors(terms, params, data, 2e-3)
        out[name] = {"params": dict(zip(names, params)), "std_errors": dict(zip(names, errors)),
                     "agreement": max(abs(e - c) / e for e, c in zip(errors, check))}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
