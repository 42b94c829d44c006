#!/usr/bin/env python3
"""Writes a realistic leptoid history as Carbon plaintext lines (stdout) and
Graphite events (JSON list in --events), so the panel's fixtures can be
recorded from a real graphite-web. Traffic is a real trace (NAB
realAWSCloudwatch ELB request counts, 5-minute steps) scaled to Erlangs;
forecasts, capacity and decisions follow the leptoid policy in a simplified
form (smoothed level + daily seasonal adjustment, 80% interval, upper-quantile
sizing over the lead window, scale-in stabilization). Names, units and event
formats follow docs/naming.md: forecasts and forecast error are offered load
(Erlangs); events are "leptoid scale-out <service>: a -> b" tagged with the kind.
Deterministic.

Usage: simulate-run.py TRACE.csv END_EPOCH --events events.json [--prefix leptoid]
"""
import argparse, csv, json, math, random, sys

STEP = 300            # run interval, seconds
DAY = 86400 // STEP   # steps per day
H = 12                # horizons h1..h12
Z80 = 1.2816          # 80% central interval
TARGET = 0.65         # target utilization per instance
LEAD = (2, 4)         # sized on the upper quantile over [now+2, now+4] steps
MIN_CAP, MAX_CAP = 2, 40
STABLE = 6            # scale in only after 6 runs (30 min) below the current capacity


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trace")
    ap.add_argument("end", type=int, help="epoch of the last run (multiple of 300)")
    ap.add_argument("--events", required=True)
    ap.add_argument("--prefix", default="leptoid")
    ap.add_argument("--env", default="prod")
    ap.add_argument("--service", default="web-api")
    ap.add_argument("--new-service", default="checkout", help="a service with traffic but no forecast yet")
    ap.add_argument("--erlangs-per-request", type=float, default=1 / 25.0)
    a = ap.parse_args()
    rnd = random.Random(7)

    with open(a.trace) as f:
        counts = [float(r["value"]) for r in csv.DictReader(f)]
    runs = DAY                       # one day of runs ...
    hist = DAY                       # ... after one day of history
    counts = counts[-(runs + hist):]
    load = [c * a.erlangs_per_request for c in counts]   # offered load, Erlangs
    t0 = a.end - (len(load) - 1) * STEP
    ts = [t0 + i * STEP for i in range(len(load))]

    # a stretch of missing data (the collector lost 25 minutes) 4 h before the end
    gap = set(range(len(load) - 48, len(load) - 43))

    base = f"{a.prefix}.{a.env}.{a.service}"
    out = []
    def put(path, value, t):
        out.append(f"{base}.{path} {value:.6g} {t}")

    # smoothed level of offered load (what the forecaster sees)
    alpha = 0.15
    sm = [load[0]]
    for x in load[1:]:
        sm.append(alpha * x + (1 - alpha) * sm[-1])

    desired = max(MIN_CAP, math.ceil(max(load[hist - 12:hist]) / TARGET))
    in_service = desired
    recs, events = [], []
    actual_load = {}
    fc_mean = {}          # (run index, k) -> forecast utilization mean
    resid = []
    for i in range(hist, len(load)):
        t = ts[i]
        stale = i in gap
        if not stale:
            util = load[i] / in_service
            actual_load[i] = load[i]   # forecasts and their error are in offered load (Erlangs)
            put("utilization", util, t)
            put("offered_load", load[i], t)
            resid.append(load[i] - sm[i - 1])
        put("capacity.in_service", in_service, t)
        duration = 900 + rnd.randint(0, 700)
        if stale:
            put("decision.code", 0, t)
            put("capacity.desired", desired, t)
            events.append({"what": f"{a.prefix} hold {a.service}: stale-data", "when": t,
                           "tags": [a.prefix, a.env, a.service, "hold"],
                           "data": f"no utilization for {a.service} since "
                                   f"{(t - min(ts[j] for j in gap)) // 60 + 5} min; capacity kept at {desired}"})
            emit_health(out, a, t, duration, holds=1, actions=0)
            continue
        sigma = (sum(r * r for r in resid[-48:]) / len(resid[-48:])) ** 0.5
        uppers = {}
        for k in range(1, H + 1):
            seasonal = 0.5 * (sm[i + k - DAY] - sm[i - DAY])
            mean = max(0.0, sm[i] + seasonal)
            half = Z80 * sigma * math.sqrt(1 + 0.1 * (k - 1))
            lo, up = max(0.0, mean - half), mean + half
            uppers[k] = up
            fc_mean[(i, k)] = mean
            put(f"forecast.h{k}.mean", mean, t)
            put(f"forecast.h{k}.lower", lo, t)
            put(f"forecast.h{k}.upper", up, t)
        peak = max(uppers[k] for k in range(LEAD[0], LEAD[1] + 1))
        rec = min(MAX_CAP, max(MIN_CAP, math.ceil(peak / TARGET)))
        recs.append(rec)
        put("capacity.recommended", rec, t)
        why = (f"upper 80% offered load {peak:.2f} E over [+{LEAD[0] * STEP // 60}m, +{LEAD[1] * STEP // 60}m] "
               f"needs {rec} at target {TARGET}")
        code = 3
        if rec > desired:
            code = 1
            events.append({"what": f"{a.prefix} scale-out {a.service}: {desired} -> {rec}", "when": t,
                           "tags": [a.prefix, a.env, a.service, "scale-out"], "data": why})
            desired = rec
        elif len(recs) >= STABLE and all(r < desired for r in recs[-STABLE:]):
            new = max(recs[-STABLE:])
            code = 2
            events.append({"what": f"{a.prefix} scale-in {a.service}: {desired} -> {new}", "when": t,
                           "tags": [a.prefix, a.env, a.service, "scale-in"],
                           "data": why + f"; below {desired} for {STABLE} runs (stabilization {STABLE * STEP // 60}m)"})
            desired = new
        put("decision.code", code, t)
        put("capacity.desired", desired, t)
        # rolling forecast error of forecasts that have come due now
        for k in range(1, H + 1):
            errs, naive = [], []
            for j in range(max(hist, i - 24), i + 1):
                if j in actual_load and (j - k, k) in fc_mean:
                    errs.append(abs(actual_load[j] - fc_mean[(j - k, k)]))
                if j in actual_load and (j - 1) in actual_load:
                    naive.append(abs(actual_load[j] - actual_load[j - 1]))
            if errs and naive:
                mae = sum(errs) / len(errs)
                put(f"forecast_error.h{k}.abs", mae, t)
                put(f"forecast_error.h{k}.mase", mae / max(1e-9, sum(naive) / len(naive)), t)
        emit_health(out, a, t, duration, holds=0, actions=1 if code in (1, 2) else 0)
        in_service = desired  # instances launched at this run are in service by the next one

    # a second service whose traffic is published but that has no forecast yet
    nb = f"{a.prefix}.{a.env}.{a.new_service}"
    for i in range(len(load) - 18, len(load)):
        x = load[i] * 0.4
        out.append(f"{nb}.offered_load {x:.6g} {ts[i]}")
        out.append(f"{nb}.utilization {x / 3:.6g} {ts[i]}")

    sys.stdout.write("\n".join(out) + "\n")
    with open(a.events, "w") as f:
        json.dump(events, f, indent=1)


def emit_health(out, a, t, duration, holds, actions):
    run = f"{a.prefix}.{a.env}.run"
    out.append(f"{run}.duration_ms {duration} {t}")
    out.append(f"{run}.holds {holds} {t}")
    out.append(f"{run}.actions {actions} {t}")
    out.append(f"{run}.errors 0 {t}")


if __name__ == "__main__":
    main()
