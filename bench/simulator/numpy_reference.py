#!/usr/bin/env python3
"""The cadence simulation the way an analyst would write it with NumPy: every array holds one
value per customer, and the model is stepped day by day. The reference for the simulator
benchmark (bench/simulator/run.mjs, scripts/bench-simulator).

The model is Touchpoint's (core/include/touchpoint/sim/simulator.hpp, effect_model.hpp), read
from the same files: the population and the effect model from the JSON that
`touchpoint_bench_simulator --write-model` writes, the cadences from assets/cadences/. It is
discretised by day, so it does not give Touchpoint's numbers, only numbers close to them:

- a customer buys on a day with probability 1 - exp(-lambda x m), m = full price x (1 + the
  lifts), floored at 0 and capped at max_rate_multiplier, at most once a day; then drops out
  with chance p (less the dropout reduction while the relationship is active);
- silence adds a dropout hazard of slope x (days past the grace period) a day;
- touches go out at the start of their day, in step order, before that day's purchase;
  a touch reaches the customer with the step's reach rate; one that reaches an alive
  customer adds its lift (less the fatigue penalty), decaying by its half-life, the discount's
  lift, price cut and dependence, the dropout reduction, and resets the silence clock; a
  reached customer opts out with the kind's chance plus the fatigue penalty;
- triggers: fixed days and renewals; each purchase and delivery (from a days x customers table
  of purchase days); silence and the usual repurchase time counted from the last purchase day
  (the usual gap is the mean gap, not the median); segment changes (the segments of
  metrics/segments.hpp with the mean gap for the median) schedule one pending touch per step;
- caps: at most N non-transactional touches in the last 30 days, none in the quiet days after
  a purchase. Repeats of steps that are not on fixed days are left out (no template uses them).

Prints JSON: the time the simulation took, customer-days per second (customers x days x cadences
x replications / seconds; the no-touch baseline it runs too is not counted, as in Touchpoint's
figure) and per cadence the repeat rate, purchases, revenue, cost, touches and opt-outs.

  numpy_reference.py MODEL_JSON CADENCE_JSON... [--customers N] [--days D] [--replications R] [--seed S]
"""
import argparse
import json
import math
import platform
import sys
import time

import numpy as np

SEGMENTS = {"new": 0, "returning": 1, "loyal": 2, "lapsed": 3}
CAP_WINDOW_DAYS = 30


def value(parameter):
    return parameter["value"]


def compile_cadence(cadence, effects, channel_defaults, days):
    """Per step what the daily loop needs, worked out once. A step without reach_rate or cost
    takes its channel's defaults, as in Touchpoint."""
    steps = []
    timing = cadence.get("timing", {})
    delivery = timing.get("delivery_days", 3)
    renewal = timing.get("renewal_period_days", 365)
    usual_days = timing.get("usual_repurchase_days", 45)
    for step in cadence.get("steps", []):
        kind = effects["kinds"][step["kind"]]
        channel = effects["channels"][step["channel"]]
        trigger = step["trigger"]
        delay = step.get("delay_days", 0)
        repeat = step.get("repeat_every_days", 0)
        fixed_days = None
        if trigger == "days_after_first_purchase":
            fixed_days = set(range(delay, days, repeat)) if repeat > 0 else {delay}
        elif trigger == "before_renewal":
            fixed_days = {k * renewal - delay for k in range(1, days // renewal + 2) if 0 <= k * renewal - delay < days}
        segments = step.get("segments", [])
        steps.append({
            "trigger": trigger,
            "fixed_days": fixed_days,
            "offset": delay + (delivery if trigger == "after_delivery" else 0),
            "usual_days": usual_days,
            # segment_mask[segment]: whether the step targets it (None: every segment)
            "segment_mask": np.isin(np.arange(4), [SEGMENTS[s] for s in segments]) if segments else None,
            "transactional": step.get("transactional", False),
            "discount": step.get("discount", False),
            "reach": step.get("reach_rate", channel_defaults[step["channel"]]["reach_rate"]),
            "cost": step.get("cost", channel_defaults[step["channel"]]["cost"]),
            "lift": value(kind["lift"]) * value(channel["lift_multiplier"]),
            "decay": math.exp(-math.log(2) / value(kind["half_life_days"])),
            "dropout_reduction": value(kind["dropout_reduction"]),
            "active_days": value(kind["active_days"]),
            "opt_out": min(1.0, value(kind["opt_out"]) * value(channel["opt_out_multiplier"])),
            "meaningful": value(kind["meaningful_contact"]) >= 0.5,
        })
    caps = cadence.get("caps", {})
    return {"name": cadence["name"], "steps": steps, "cap": caps.get("max_touches_per_30_days", 0),
            "quiet": caps.get("quiet_days_after_purchase", 0),
            "uses_segments": any(s["segment_mask"] is not None or s["trigger"] == "on_segment_change" for s in steps)}


def draw_customers(rng, population, n):
    bg = population["purchase"]
    spend = population.get("spend")
    lam = rng.gamma(bg["r"], 1.0 / bg["alpha"], n)
    p = rng.beta(bg["a"], bg["b"], n)
    if spend:
        nu = rng.gamma(spend["q"], 1.0 / spend["gamma"], n)
        order_value = spend["p"] / nu
    else:
        order_value = np.zeros(n)
    return lam, p, order_value


def simulate(cadence, customers, model, days, rng):
    lam, p, order_value = customers
    n = lam.size
    effects = model["effects"]
    rules = model["segment_rules"]
    k_max = value(effects["max_rate_multiplier"])
    fatigue_window = int(value(effects["fatigue"]["window_days"]))
    fatigue_free = value(effects["fatigue"]["free_touches"])
    fatigue_lift = value(effects["fatigue"]["lift_penalty"])
    fatigue_opt_out = value(effects["fatigue"]["opt_out_penalty"])
    grace = value(effects["silence"]["grace_days"])
    slope = value(effects["silence"]["hazard_slope"])
    discount = effects["discount"]
    discount_lift = value(discount["extra_lift"])
    discount_decay = math.exp(-math.log(2) / value(discount["half_life_days"]))
    price_cut = value(discount["price_cut"])
    valid_days = value(discount["valid_days"])
    dependence = value(discount["dependence"])

    steps = cadence["steps"]
    decays = sorted({s["decay"] for s in steps} | ({discount_decay} if any(s["discount"] for s in steps) else set()))
    group_of = {d: i for i, d in enumerate(decays)}
    amplitude = np.zeros((len(decays), n))
    decay = np.array(decays)[:, None] if decays else None

    alive = np.ones(n, bool)
    opted_out = np.zeros(n, bool)
    purchases = np.zeros(n, np.int64)
    revenue = np.zeros(n)
    cost = np.zeros(n)
    sent = np.zeros(n, np.int64)
    reached = np.zeros(n, np.int64)
    last_purchase = np.zeros(n, np.int64)
    purchase_days = np.ones(n, np.int64)
    full_price = np.ones(n)
    discount_until = np.full(n, -np.inf)
    active_until = np.full(n, -np.inf)
    active_reduction = np.zeros(n)
    last_contact = np.zeros(n)
    bought = np.zeros((days, n), bool)  # purchase days, for the after-purchase and after-delivery triggers
    bought[0] = True                    # the first purchase
    sent_log = np.zeros((CAP_WINDOW_DAYS, n), np.int16)
    sent_in_window = np.zeros(n, np.int64)
    reached_log = np.zeros((fatigue_window, n), np.int16)
    reached_in_window = np.zeros(n, np.int64)
    segment = np.zeros(n, np.int8)
    pending = [np.full(n, -1, np.int64) if s["trigger"] == "on_segment_change" else None for s in steps]

    def segment_on(day):
        mean_gap = np.where(purchase_days >= 2, last_purchase / np.maximum(purchase_days - 1, 1), 0.0)
        allowance = np.where(purchase_days >= 2, np.floor(rules["lapse_gap_multiple"] * mean_gap), rules["one_time_lapse_days"])
        if day < rules["new_within_days"]:
            return np.zeros(n, np.int8)
        settled = np.where(purchase_days >= rules["loyal_min_purchase_days"], 2, np.where(purchase_days >= 2, 1, 0)).astype(np.int8)
        return np.where(day - last_purchase > allowance, np.int8(3), settled)

    for day in range(days):
        # Yesterday's touches and purchases leave the windows.
        sent_in_window -= sent_log[day % CAP_WINDOW_DAYS]
        sent_log[day % CAP_WINDOW_DAYS] = 0
        reached_in_window -= reached_log[day % fatigue_window]
        reached_log[day % fatigue_window] = 0

        if cadence["uses_segments"]:
            now = segment_on(day)
            changed = now != segment
            segment = now
        for i, step in enumerate(steps):
            if pending[i] is not None and changed.any():
                targeted = changed if step["segment_mask"] is None else changed & step["segment_mask"][now]
                pending[i][targeted] = day + step["offset"]

        for i, step in enumerate(steps):
            trigger = step["trigger"]
            if step["fixed_days"] is not None:
                if day not in step["fixed_days"]:
                    continue
                due = ~opted_out
            elif trigger in ("after_each_purchase", "after_delivery"):
                if day < step["offset"]:
                    continue
                due = bought[day - step["offset"]] & ~opted_out
            elif trigger == "after_silence":
                due = (day - last_purchase == step["offset"]) & ~opted_out
            elif trigger == "usual_repurchase_time":
                usual = np.where(purchase_days >= 2, last_purchase / np.maximum(purchase_days - 1, 1), step["usual_days"])
                due = (day - last_purchase == np.maximum(0, np.round(usual + step["offset"]))) & ~opted_out
            else:  # on_segment_change
                due = (pending[i] == day) & ~opted_out
            if step["segment_mask"] is not None:
                due &= step["segment_mask"][segment]
            if not step["transactional"]:
                if cadence["quiet"] > 0:
                    due &= day - last_purchase >= cadence["quiet"]
                if cadence["cap"] > 0:
                    due &= sent_in_window < cadence["cap"]
                sent_in_window += due
                sent_log[day % CAP_WINDOW_DAYS] += due
            if not due.any():
                continue
            sent += due
            cost += due * step["cost"]
            hit = due & (rng.random(n) < step["reach"])
            reached += hit
            reached_in_window += hit
            reached_log[day % fatigue_window] += hit
            extra = np.maximum(0.0, reached_in_window - fatigue_free)
            leaves = hit & (rng.random(n) < step["opt_out"] + extra * fatigue_opt_out)
            opted_out |= leaves
            effective = hit & ~leaves & alive
            lift = step["lift"] - extra * fatigue_lift
            if decays:
                amplitude[group_of[step["decay"]]] += np.where(effective, lift, 0.0)
            if step["discount"]:
                amplitude[group_of[discount_decay]] += np.where(effective, discount_lift, 0.0)
                full_price = np.where(effective, full_price * (1.0 - dependence), full_price)
                discount_until = np.where(effective, np.maximum(discount_until, day + valid_days), discount_until)
            if step["dropout_reduction"] > 0:
                fresh = effective & (day > active_until)
                active_reduction = np.where(fresh, step["dropout_reduction"],
                                            np.where(effective, np.maximum(active_reduction, step["dropout_reduction"]), active_reduction))
                active_until = np.where(effective, np.maximum(active_until, day + step["active_days"]), active_until)
            if step["meaningful"]:
                last_contact = np.where(effective, day, last_contact)

        # The day's purchase: Bernoulli with the day's rate.
        multiplier = full_price * (1.0 + amplitude.sum(axis=0)) if decays else full_price
        multiplier = np.clip(multiplier, 0.0, k_max)
        buy = alive & (rng.random(n) < -np.expm1(-lam * multiplier))
        if buy.any():
            purchases += buy
            revenue += np.where(buy, np.where(day <= discount_until, order_value * (1.0 - price_cut), order_value), 0.0)
            last_contact = np.where(buy, day, last_contact)
            if day > 0:  # a second purchase on the first day is not a new purchase day
                purchase_days += buy
                last_purchase = np.where(buy, day, last_purchase)
                bought[day] = buy
            dropout = np.where(day <= active_until, p * (1.0 - active_reduction), p)
            alive &= ~(buy & (rng.random(n) < dropout))
        # Silence: an extra dropout hazard that grows with the days past the grace period.
        if slope > 0:
            hazard = slope * np.maximum(0.0, day - last_contact - grace)
            alive &= ~(rng.random(n) < -np.expm1(-hazard))
        if decays:
            amplitude *= decay

    return {"name": cadence["name"], "repeat_rate": float(np.mean(purchases > 0)), "purchases": float(purchases.mean()),
            "revenue": float(revenue.mean()), "cost": float(cost.mean()), "touches": float(sent.mean()),
            "reached": float(reached.mean()), "opt_outs": float(opted_out.mean()), "alive_at_end": float(alive.mean())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="JSON with the population, effects, segment rules and channel defaults "
                                      "(touchpoint_bench_simulator --write-model)")
    parser.add_argument("cadences", nargs="+", help="cadence JSON files")
    parser.add_argument("--customers", type=int, default=100000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--replications", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with open(args.model) as f:
        model = json.load(f)
    compiled = []
    for path in args.cadences:
        with open(path) as f:
            compiled.append(compile_cadence(json.load(f), model["effects"], model["channel_defaults"], args.days))
    baseline = compile_cadence({"name": "No touches", "steps": []}, model["effects"], model["channel_defaults"], args.days)

    rng = np.random.default_rng(args.seed)
    results = {c["name"]: [] for c in compiled + [baseline]}
    start = time.perf_counter()
    cpu_start = time.process_time()
    for _ in range(args.replications):
        customers = draw_customers(rng, model["population"], args.customers)  # the same customers for every cadence
        for cadence in compiled + [baseline]:
            results[cadence["name"]].append(simulate(cadence, customers, model, args.days, rng))
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start

    def mean_of(runs):
        return {key: (runs[0][key] if key == "name" else sum(r[key] for r in runs) / len(runs)) for key in runs[0]}

    customer_days = args.customers * args.days * len(compiled) * args.replications
    out = {
        "platform": "NumPy",
        "versions": {"python": platform.python_version(), "numpy": np.__version__},
        "workload": {"customers": args.customers, "days": args.days, "cadences": len(compiled), "replications": args.replications,
                     "seed": args.seed},
        "customer_days": customer_days,
        "run_s": seconds,
        "run_cpu_s": cpu_seconds,
        "customer_days_per_second": customer_days / seconds,
        "cadence_results": [mean_of(results[c["name"]]) for c in compiled],
        "baseline": mean_of(results[baseline["name"]]),
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
