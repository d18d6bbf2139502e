#!/usr/bin/env python3
"""Per-check latency through the Python SDK on the 20-rule workload.

Usage: python3 bindings/python/bench.py POLICY ACTIONS.jsonl   (from `warden bench policy --export DIR`)
Prints one JSON line per mode: `check_json` (the action already JSON text) and `check` (a dict,
written as JSON by the C accelerator, then the call). Each call is timed with perf_counter_ns;
harness_p50_ns is what timing a call that does nothing costs the same way (included in every
sample).
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import warden  # noqa: E402


def harness_p50(n=100_000):
    """p50 of timing a call that does nothing, the same way: the clock reads and the call itself,
    which every sample below includes."""
    noop = lambda: None  # noqa: E731
    samples = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        noop()
        t1 = time.perf_counter_ns()
        samples.append(t1 - t0)
    samples.sort()
    return samples[n // 2]


def measure(name, calls):
    samples = []
    counts = {"allow": 0, "deny": 0, "require_approval": 0}
    for rnd in range(2):  # the first round warms up
        for fn in calls:
            t0 = time.perf_counter_ns()
            d = fn()
            t1 = time.perf_counter_ns()
            if rnd:
                samples.append(t1 - t0)
                counts[d.decision] += 1
    samples.sort()
    # Which path was timed: the C accelerator, or ctypes when it is not built (make pyspeedups).
    path = "speedups" if warden._native.fast_check is not None else "ctypes"
    print(json.dumps({"binding": "python", "mode": name, "path": path, "checks": len(samples), "p50_ns": samples[len(samples) // 2],
                      "p99_ns": samples[len(samples) * 99 // 100], "harness_p50_ns": harness_p50(), **counts}))


def main():
    policy, actions_file = sys.argv[1], sys.argv[2]
    engine = warden.Engine.from_directory(policy)
    lines = [l.rstrip("\n") for l in open(actions_file, encoding="utf-8") if l.strip()]
    dicts = [json.loads(l) for l in lines]
    measure("check_json", [lambda l=l: engine.check_json(l) for l in lines])
    measure("check", [lambda a=a: engine.check(a["type"], a.get("target"), a.get("params"), a.get("context")) for a in dicts])


if __name__ == "__main__":
    main()
