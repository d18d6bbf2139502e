#!/usr/bin/env python3
"""The gateway's CheckPolicy and RecordEvent speed, loaded by h2load (nghttp2, C) from its own process.

    python3 scripts/bench_h2load.py [--warden .build/release/warden] [--streams 64] [--connections 1]
                                    [--calls 100000] [--sequential 20000] [--json]

`warden bench rpc` drives the gateway from a Swift HTTP/2 client inside the same process, which
takes a large share of the two vCPUs it is measured on. This script starts `warden serve` (a
fresh data directory, the starter policies), registers an agent, and has h2load make:

  - --sequential CheckPolicy calls one after another (p50/p99 from h2load's per-request log);
  - --calls CheckPolicy calls over --streams concurrent streams on --connections connections;
  - --calls RecordEvent calls (custom events, each fsync'd before its answer) the same way.

h2load sees only HTTP status codes, not grpc-status, so each phase is checked in the audit log
instead: it must hold exactly one decision (or event) per call made, or the run fails, and the
chain must verify at the end. A call refused with a gRPC error writes nothing to the log.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys

import gateway_process

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number, payload):
    """A protobuf length-delimited field (wire type 2)."""
    return varint((number << 3) | 2) + varint(len(payload)) + payload


def grpc_frame(message):
    return b"\x00" + len(message).to_bytes(4, "big") + message


# warden.v1.CheckPolicyRequest{action: Action{type: 1, params_json: 3}}
CHECK = grpc_frame(field(1, field(1, b"bash.execute") + field(3, b'{"command":"git status"}')))
# warden.v1.RecordEventRequest{event: Event{custom (field 16): CustomEvent{name: 1}}}, see proto/warden/v1/gateway.proto
EVENT = grpc_frame(field(1, field(16, field(1, b"bench"))))


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p))]


def latencies(log):
    """The per-call times (µs, sorted) from h2load's --log-file (start, status, duration)."""
    with open(log) as f:
        return sorted(int(line.split("\t")[2]) for line in f if line.strip())


def count(warden, data, kind):
    out = subprocess.run([warden, "audit", "query", "--data", data, "--kind", kind, "--limit", "100000000", "--json"],
                         check=True, capture_output=True, text=True).stdout
    return out.count("\n")


def h2load(address, path, body_file, token, calls, connections, streams, log=None):
    cmd = ["h2load", "-n", str(calls), "-c", str(connections), "-m", str(streams), "-d", body_file,
           "-H", "content-type: application/grpc", "-H", "te: trailers", "-H", f"authorization: Bearer {token}"]
    if log:
        cmd += ["--log-file", log]
    out = subprocess.run(cmd + [f"http://{address}{path}"], check=True, capture_output=True, text=True).stdout
    done = re.search(r"requests: .* (\d+) succeeded, (\d+) failed, (\d+) errored", out)
    if not done or int(done.group(1)) != calls:
        sys.exit(f"h2load did not complete every call:\n{out}")
    return float(re.search(r"finished in [\d.]+m?s, ([\d.]+) req/s", out).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warden", default=os.path.join(ROOT, ".build", "release", "warden"))
    parser.add_argument("--streams", type=int, default=64)
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--sequential", type=int, default=20_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if shutil.which("h2load") is None:
        sys.exit("h2load not found: install Debian's nghttp2-client (make bench does when run as root)")
    if args.streams < 1 or args.connections < 1 or args.calls < args.connections * args.streams or args.sequential < 100:
        sys.exit("--streams >= 1, --connections >= 1, --calls >= connections x streams, --sequential >= 100")

    proc, data, secret, address = gateway_process.start(args.warden)
    work = os.path.dirname(data)
    try:
        token_file = os.path.join(work, "token.json")
        subprocess.run([args.warden, "register", "--server", address, "--name", "bench", "--token-file", token_file],
                       check=True, capture_output=True, env={**os.environ, "WARDEN_ENROLLMENT_SECRET": secret})
        with open(token_file) as f:
            token = json.load(f)["token"]
        check_file, event_file, log = (os.path.join(work, n) for n in ("check.bin", "event.bin", "requests.log"))
        with open(check_file, "wb") as f:
            f.write(CHECK)
        with open(event_file, "wb") as f:
            f.write(EVENT)

        check_path, event_path = "/warden.v1.Gateway/CheckPolicy", "/warden.v1.Gateway/RecordEvent"
        h2load(address, check_path, check_file, token, 2000, 1, 1)  # warm-up
        expected = 2000
        h2load(address, check_path, check_file, token, args.sequential, 1, 1, log=log)
        expected += args.sequential
        micros = latencies(log)
        check_rate = h2load(address, check_path, check_file, token, args.calls, args.connections, args.streams, log=log)
        concurrent = latencies(log)
        expected += args.calls
        decided = count(args.warden, data, "decision")
        if decided != expected:
            sys.exit(f"the audit log holds {decided} decisions for {expected} CheckPolicy calls: some calls failed")
        event_rate = h2load(address, event_path, event_file, token, args.calls, args.connections, args.streams)
        recorded = count(args.warden, data, "event.custom")
        if recorded != args.calls:
            sys.exit(f"the audit log holds {recorded} events for {args.calls} RecordEvent calls: some calls failed")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    verify = subprocess.run([args.warden, "audit", "verify", "--data", data], capture_output=True, text=True)
    if verify.returncode != 0:
        sys.exit(f"audit verify failed: {verify.stdout}{verify.stderr}")
    shutil.rmtree(work, ignore_errors=True)

    result = {
        "sequential_check_p50_us": percentile(micros, 0.50), "sequential_check_p99_us": percentile(micros, 0.99),
        "connections": args.connections, "streams_per_connection": args.streams,
        "checks_per_second": round(check_rate), "concurrent_check_p50_us": percentile(concurrent, 0.50),
        "concurrent_check_p99_us": percentile(concurrent, 0.99), "durable_events_per_second": round(event_rate),
    }
    if args.json:
        print(json.dumps(result))
        return
    print("h2load against warden serve (separate processes, loopback, plaintext); every call found in the audit log, chain verified")
    print(f"  CheckPolicy, 1 sequential client, {args.sequential} calls: p50 {result['sequential_check_p50_us']} µs, "
          f"p99 {result['sequential_check_p99_us']} µs")
    print(f"  CheckPolicy, {args.streams} streams x {args.connections} connection(s), {args.calls} calls: {result['checks_per_second']} checks/s, "
          f"p50 {result['concurrent_check_p50_us']} µs, p99 {result['concurrent_check_p99_us']} µs")
    print(f"  RecordEvent, {args.streams} streams x {args.connections} connection(s), {args.calls} calls: "
          f"{result['durable_events_per_second']} durable events/s")


if __name__ == "__main__":
    main()
