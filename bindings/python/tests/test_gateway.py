"""The Python SDK's Gateway client (libwarden's gRPC client) against a real `warden serve`."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import warden  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CLI = os.environ.get("WARDEN_BIN", os.path.join(ROOT, ".build", "debug", "warden"))


@pytest.fixture(scope="module")
def served():
    if not os.path.exists(CLI):
        pytest.fail(f"the warden CLI is not built at {CLI} (make test builds it first)")
    data = tempfile.mkdtemp(prefix="warden-sdk-gw-")
    subprocess.run([CLI, "init", os.path.join(data, "policies")], check=True, capture_output=True)
    secret = subprocess.run([CLI, "keys", "create-enrollment", "--name", "sdk", "--data", data],
                            check=True, capture_output=True, text=True).stdout.strip()
    proc = subprocess.Popen([CLI, "serve", "--listen", "127.0.0.1:0", "--data", data], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    match = re.search(r"listening on (127\.0\.0\.1:\d+)", proc.stdout.readline())
    assert match, proc.stderr.read() if proc.poll() is not None else "no listening line"
    yield {"address": match.group(1), "secret": secret, "data": data}
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)
    shutil.rmtree(data, ignore_errors=True)


def unused_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_register_check_record(served):
    with warden.Gateway.connect(served["address"], timeout=10) as gw:
        reg = gw.register(served["secret"], "py-sdk", team="qa", labels={"env": "test"})
        assert reg.agent_id.startswith("agt_") and reg.token.count(".") == 2
        allow = gw.check("bash.execute", params={"command": "git status"})
        assert allow.allowed and allow.rules == ["AllowShell"] and allow.decision_id.startswith("dec_")
        deny = gw.check("bash.execute", params={"command": "rm -rf /"})
        assert deny.decision == "deny" and deny.rules == ["DenyRecursiveDelete"]
        # The gateway's decision JSON is the engine's, byte for byte.
        local = warden.Engine.from_directory(os.path.join(served["data"], "policies"))
        assert local.check("bash.execute", params={"command": "rm -rf /"}).json == deny.json
        reply = gw.record([{"decision_id": allow.decision_id, "tool_call": {"tool": "bash", "arguments_json": "{}"}},
                           {"llm_call": {"model": "gpt-4o", "input_tokens": 812, "output_tokens": 90, "cost_usd": 0.01}}])
        assert reply["count"] == 2 and reply["last_sequence"] == reply["first_sequence"] + 1 and reply["chain_hash"]
        # A second client can reuse the token.
        with warden.Gateway.connect(served["address"], token=reg.token) as again:
            assert again.check("bash.execute", params={"command": "ls"}).allowed


def test_refusals_are_errors_with_the_grpc_code(served):
    with warden.Gateway.connect(served["address"], timeout=10) as gw:
        with pytest.raises(warden.WardenError) as info:
            gw.check("bash.execute")
        assert info.value.status == "invalid_argument" and "token" in info.value.message
        with pytest.raises(warden.WardenError) as info:
            gw.register("wd_enroll_wrong", "x")
        assert info.value.status == "gateway_refused" and info.value.details["grpc_code"] == "unauthenticated"
        gw.set_token("a.b.c")
        with pytest.raises(warden.WardenError) as info:
            gw.check("bash.execute")
        assert info.value.details.get("grpc_code") == "unauthenticated"
        with pytest.raises(warden.WardenError) as info:
            gw.record([{"no_such_field": 1}])
        assert info.value.status == "invalid_json"


def test_unreachable_gateway_fails_closed_or_open():
    address = f"127.0.0.1:{unused_port()}"
    with warden.Gateway.connect(address, timeout=2, token="a.b.c") as gw:
        d = gw.check("bash.execute", params={"command": "ls"})
        assert d.decision == "deny" and d.rules == ["gateway_unavailable"] and "unreachable" in d.reason
        assert d.decision_id is None
        with pytest.raises(warden.WardenError) as info:
            gw.record([{"custom": {"name": "x"}}])
        assert info.value.status == "unavailable"
    with warden.Gateway.connect(address, timeout=2, fail_open=True, token="a.b.c") as gw:
        d = gw.check("bash.execute")
        assert d.allowed and d.rules == ["gateway_unavailable"] and "failing open" in d.reason


def test_bad_connection_arguments():
    for address in ("no-port", ":80", "host:0", "host:99999"):
        with pytest.raises(warden.WardenError) as info:
            warden.Gateway.connect(address)
        assert info.value.status == "invalid_argument"
    with pytest.raises(warden.WardenError):
        warden.Gateway.connect("127.0.0.1:1", timeout=0)
    gw = warden.Gateway.connect("127.0.0.1:1")
    gw.close()
    with pytest.raises(warden.WardenError) as info:
        gw.check("x")
    assert info.value.status == "invalid_handle"
