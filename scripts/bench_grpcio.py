#!/usr/bin/env python3
"""Sequential CheckPolicy latency from the stock Python grpcio client against `warden serve`.

    python3 scripts/bench_grpcio.py [--warden .build/release/warden] [--calls 5000]

Starts a gateway on a free loopback port with the starter policies and a fresh data directory,
registers an agent, makes --calls CheckPolicy calls one after another and prints p50/p99.
"""
import argparse
import json
import os
import signal
import sys
import tempfile
import time

import grpc

import gateway_process

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "interop"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--warden", default=os.path.join(ROOT, ".build", "release", "warden"))
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from grpc_tools import protoc
    out = tempfile.mkdtemp(prefix="warden-stubs-")
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    assert protoc.main(["protoc", f"-I{os.path.join(ROOT, 'proto')}", f"-I{include}", f"--python_out={out}",
                        f"--grpc_python_out={out}", "warden/v1/gateway.proto"]) == 0
    sys.path.insert(0, out)
    from warden.v1 import gateway_pb2 as pb, gateway_pb2_grpc as pb_grpc

    proc, _, secret, address = gateway_process.start(args.warden)
    try:
        channel = grpc.insecure_channel(address)
        grpc.channel_ready_future(channel).result(timeout=10)
        api = pb_grpc.GatewayStub(channel)
        token = api.RegisterAgent(pb.RegisterAgentRequest(enrollment_secret=secret, name="bench")).token
        auth = [("authorization", f"Bearer {token}")]
        request = pb.CheckPolicyRequest(action=pb.Action(type="bash.execute", params_json='{"command":"git status"}'))
        for _ in range(300):
            api.CheckPolicy(request, metadata=auth)
        samples = []
        for _ in range(args.calls):
            t0 = time.perf_counter_ns()
            api.CheckPolicy(request, metadata=auth)
            samples.append(time.perf_counter_ns() - t0)
        samples.sort()
        p50, p99 = samples[len(samples) // 2] // 1000, samples[len(samples) * 99 // 100] // 1000
        if args.json:
            print(json.dumps({"client": "python-grpcio", "calls": args.calls, "p50_us": p50, "p99_us": p99}))
        else:
            print(f"python grpcio, CheckPolicy, 1 sequential client, {args.calls} calls: p50 {p50} µs, p99 {p99} µs")
        channel.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
