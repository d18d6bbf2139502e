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
import threading
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import warden  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CLI = os.environ.get("WARDEN_BIN", os.path.join(ROOT, ".build", "debug", "warden"))

# Beside the starter policies: deploys need a human's approval.
DEPLOY_POLICY = """\
apiVersion: warden/v1
kind: Policy
metadata: {name: deploy, version: "1"}
spec:
  statements:
    - {sid: ReviewDeploy, effect: review, actions: [deploy.run], reason: deploys need a human}
"""


@pytest.fixture(scope="module")
def served():
    if not os.path.exists(CLI):
        pytest.fail(f"the warden CLI is not built at {CLI} (make test builds it first)")
    data = tempfile.mkdtemp(prefix="warden-sdk-gw-")
    subprocess.run([CLI, "init", os.path.join(data, "policies")], check=True, capture_output=True)
    with open(os.path.join(data, "policies", "40-deploy.yaml"), "w") as f:
        f.write(DEPLOY_POLICY)
    secret = subprocess.run([CLI, "keys", "create-enrollment", "--name", "sdk", "--data", data],
                            check=True, capture_output=True, text=True).stdout.strip()
    admin = subprocess.run([CLI, "keys", "create-admin", "--name", "sdk-admin", "--data", data],
                           check=True, capture_output=True, text=True).stdout.strip()
    proc = subprocess.Popen([CLI, "serve", "--listen", "127.0.0.1:0", "--data", data], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    match = re.search(r"listening on (127\.0\.0\.1:\d+)", proc.stdout.readline())
    assert match, proc.stderr.read() if proc.poll() is not None else "no listening line"
    yield {"address": match.group(1), "secret": secret, "admin": admin, "data": data}
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)
    shutil.rmtree(data, ignore_errors=True)


def approvals(served, *args):
    """Runs `warden approvals ARGS --server ADDRESS` as the admin."""
    env = dict(os.environ, WARDEN_ADMIN_SECRET=served["admin"])
    return subprocess.run([CLI, "approvals", *args, "--server", served["address"]], capture_output=True, text=True, env=env)


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
        assert allow.approval_id is None and allow.approval_expires_at is None
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


def test_wait_for_approval_then_the_retry_is_allowed_once(served):
    with warden.Gateway.connect(served["address"], timeout=10) as gw:
        gw.register(served["secret"], "py-approvals")
        deploy = {"type": "deploy.run", "target": "prod", "params": {"version": "v7"}}
        pending = gw.check(**deploy)
        assert pending.requires_approval and pending.rules == ["ReviewDeploy"] and pending.decision_id.startswith("dec_")
        assert pending.approval_id.startswith("apr_") and pending.approval_expires_at > time.time()
        # The decision is cut out of the detailed reply verbatim: the engine's bytes.
        local = warden.Engine.from_directory(os.path.join(served["data"], "policies"))
        assert local.check(**deploy).json == pending.json

        done = []
        waiter = threading.Thread(target=lambda: done.append(gw.wait_for_approval(pending.approval_id, timeout=30)))
        waiter.start()
        waiter.join(timeout=0.5)
        assert waiter.is_alive(), "the wait returned while the approval was pending"
        approved = approvals(served, "approve", pending.approval_id, "--note", "release 7 signed off")
        assert approved.returncode == 0, approved.stderr
        waiter.join(timeout=20)
        assert not waiter.is_alive(), "wait_for_approval did not return after the approval"
        a = done[0]
        assert a.approved and a.state == "approved" and a.approval_id == pending.approval_id
        assert a.decided_by == "sdk-admin" and a.note == "release 7 signed off" and a.reason == "deploys need a human"
        assert a.raw["action"] == deploy and a.raw["decision_id"] == pending.decision_id and a.raw["grant_expires_at"] > time.time()
        # The same JSON as `warden approvals show --json`.
        shown = approvals(served, "show", pending.approval_id, "--json")
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout) == a.raw

        retry = gw.check(**deploy)
        assert retry.allowed and f"approval:{pending.approval_id}" in retry.rules and retry.approval_id is None
        again = gw.check(**deploy)
        assert again.requires_approval and again.approval_id not in (None, pending.approval_id)

        # Nobody decides the second one in time: not approved, failing closed.
        started = time.monotonic()
        late = gw.wait_for_approval(again.approval_id, timeout=0.2)
        assert time.monotonic() - started < 5
        assert late.state == "timed_out" and not late.approved and late.approval_id == again.approval_id
        assert late.reason == "no decision within 200 ms; not approved (failing closed)" and late.decided_by is None

        # Rejected: decided, but not approved.
        assert approvals(served, "reject", again.approval_id, "--note", "not today").returncode == 0
        rejected = gw.wait_for_approval(again.approval_id, timeout=10)
        assert rejected.state == "rejected" and not rejected.approved and rejected.note == "not today"

        # Unknown ids, and other agents' approvals, are refused as not found.
        with pytest.raises(warden.WardenError) as info:
            gw.wait_for_approval("apr_does_not_exist", timeout=5)
        assert info.value.status == "gateway_refused" and info.value.details["grpc_code"] == "not_found"
        third = gw.check(**dict(deploy, params={"version": "v8"}))
        with warden.Gateway.connect(served["address"], timeout=10) as other:
            other.register(served["secret"], "py-other")
            with pytest.raises(warden.WardenError) as info:
                other.wait_for_approval(third.approval_id, timeout=5)
            assert info.value.status == "gateway_refused" and info.value.details["grpc_code"] == "not_found"


def test_wait_for_approval_rejects_bad_arguments(served):
    with warden.Gateway.connect(served["address"], timeout=10) as gw:
        with pytest.raises(warden.WardenError) as info:
            gw.wait_for_approval("apr_x")
        assert info.value.status == "invalid_argument" and "token" in info.value.message
        gw.register(served["secret"], "py-args")
        with pytest.raises(warden.WardenError) as info:
            gw.wait_for_approval("", timeout=1)
        assert info.value.status == "invalid_argument" and "approval_id is empty" in info.value.message
        for timeout in (0, -1, 86401, float("nan")):
            with pytest.raises(warden.InvalidInputError) as info:
                gw.wait_for_approval("apr_x", timeout=timeout)
            assert "timeout must be more than 0 and at most 86400 seconds" in info.value.message
        with pytest.raises(TypeError):
            gw.wait_for_approval(None)  # type: ignore[arg-type]


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
        assert d.decision_id is None and d.approval_id is None and d.approval_expires_at is None
        with pytest.raises(warden.WardenError) as info:
            gw.record([{"custom": {"name": "x"}}])
        assert info.value.status == "unavailable"
    with warden.Gateway.connect(address, timeout=2, fail_open=True, token="a.b.c") as gw:
        d = gw.check("bash.execute")
        assert d.allowed and d.rules == ["gateway_unavailable"] and "failing open" in d.reason
        # Waiting for an approval fails closed even on a fail-open connection.
        a = gw.wait_for_approval("apr_x", timeout=30)
        assert a.state == "unavailable" and not a.approved and a.approval_id == "apr_x"
        assert f"the gateway at {address} is unreachable" in a.reason and a.reason.endswith("; not approved (failing closed)")


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
