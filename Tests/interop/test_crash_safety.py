"""Crash safety: every acknowledged event survives `kill -9`, and the audit chain still verifies.

Several client threads record events as fast as they can; the daemon is killed with SIGKILL in
the middle. After a restart, every (sequence, chain hash) the clients were acknowledged must be
in the log, and `warden audit verify` must pass (nothing half-written).
"""
import json
import os
import re
import signal
import subprocess
import tempfile
import threading
import time

import grpc
import pytest

from conftest import WARDEN


def start(data):
    proc = subprocess.Popen([WARDEN, "serve", "--listen", "127.0.0.1:0", "--data", data],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    match = re.search(r"listening on 127\.0\.0\.1:(\d+)", proc.stdout.readline())
    assert match, "gateway did not start"
    channel = grpc.insecure_channel(f"127.0.0.1:{match.group(1)}")
    grpc.channel_ready_future(channel).result(timeout=10)
    return proc, channel


def test_acknowledged_events_survive_kill_9(stubs):
    pb = stubs["warden.v1.gateway_pb2"]
    grpc_stubs = stubs["warden.v1.gateway_pb2_grpc"]
    data = tempfile.mkdtemp(prefix="warden-crash-")
    subprocess.run([WARDEN, "init", os.path.join(data, "policies")], check=True, capture_output=True)
    secret = subprocess.run([WARDEN, "keys", "create-enrollment", "--name", "crash", "--data", data],
                            check=True, capture_output=True, text=True).stdout.strip()
    proc, channel = start(data)
    api = grpc_stubs.GatewayStub(channel)
    token = api.RegisterAgent(pb.RegisterAgentRequest(enrollment_secret=secret, name="crash")).token
    auth = [("authorization", f"Bearer {token}")]

    acked = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(n):
        i = 0
        while not stop.is_set():
            event = pb.Event(custom=pb.CustomEvent(name=f"w{n}-{i}"))
            try:
                ack = api.RecordEvent(pb.RecordEventRequest(event=event), metadata=auth, timeout=5)
            except grpc.RpcError:
                return  # the daemon died mid-call: this event was never acknowledged
            with lock:
                acked.append((ack.sequence, ack.chain_hash))
            i += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    deadline = time.time() + 10
    while time.time() < deadline:
        with lock:
            if len(acked) >= 300:
                break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    stop.set()
    for t in threads:
        t.join(timeout=10)
    channel.close()
    assert len(acked) >= 300, f"only {len(acked)} events acknowledged before the kill"

    verify = subprocess.run([WARDEN, "audit", "verify", "--data", data], capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    export = subprocess.run([WARDEN, "audit", "export", "--data", data], capture_output=True, text=True, check=True)
    stored = {e["seq"]: e["hash"] for e in map(json.loads, export.stdout.splitlines())}
    missing = [(seq, h) for seq, h in acked if stored.get(seq) != h]
    assert not missing, f"{len(missing)} acknowledged events lost or changed, e.g. {missing[:3]}"

    # And the gateway comes back on the same data and keeps appending to the same chain.
    proc, channel = start(data)
    try:
        api = grpc_stubs.GatewayStub(channel)
        ack = api.RecordEvent(pb.RecordEventRequest(event=pb.Event(custom=pb.CustomEvent(name="after"))), metadata=auth)
        assert ack.sequence == max(stored) + 1
    finally:
        channel.close()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
    verify = subprocess.run([WARDEN, "audit", "verify", "--data", data], capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout
